import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';

/**
 * Charging as a person: a courier scans a port's code, charges, stops, and pays the itemised
 * bill from a prepaid balance (log provider), to the fen; the receipt is his, nobody else's.
 *
 * The station's tariff (as in charging.test.ts): 峰 08:00–22:00 0.5680, 谷 22:00–08:00 0.2880
 * yuan/kWh, service 0.1500 yuan/kWh. Local time Asia/Shanghai; the test clock starts at
 * 2026-11-20 10:00 local and is moved by the test, never read from the machine.
 */
describe('charging as a person: scan, charge, pay, refund', () => {
  let t: TestApp;
  let staff: Client;
  let courier: Client;
  let resident: Client;
  let datieguan: number;
  let ports: any[];

  const local = (s: string) => new Date(`${s}+08:00`);

  before(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '500' });
    const admin = await t.login('admin');
    staff = await t.login('community_datieguan');
    courier = await t.login('courier_demo');
    resident = await t.login('resident_demo');
    const ix = await demoIndex(admin);
    datieguan = ix.division('打铁关社区').id;
    const gridId = ix.grid('打铁关社区第一网格').id;
    const device = await staff.post('/api/devices', { code: 'ev-pay-001', type: 'ev_charger', name: '扫码桩', gridId });
    assert.equal(device.statusCode, 201, device.body);
    const station = (
      await staff.post('/api/charging/stations', { name: '打铁关骑手充电点', communityId: datieguan, gridId })
    ).json();
    for (const n of [1, 2])
      assert.equal(
        (
          await staff.post(`/api/charging/stations/${station.id}/ports`, {
            label: `Q${n}`,
            deviceCode: 'ev-pay-001',
            devicePort: n,
          })
        ).statusCode,
        200,
      );
    const tariff = await staff.post(`/api/charging/stations/${station.id}/tariffs`, {
      effectiveFrom: local('2026-11-01T00:00:00').toISOString(),
      bands: [
        { kind: 'peak', start: '08:00', end: '22:00', price: '0.5680' },
        { kind: 'valley', start: '22:00', end: '08:00', price: '0.2880' },
      ],
      servicePrice: '0.1500',
    });
    assert.equal(tariff.statusCode, 200, tariff.body);
    ports = tariff.json().ports;
    assert.match(ports[0].code, /^[0-9a-f]{32}$/);
    assert.notEqual(ports[0].code, ports[1].code);
  });
  after(() => t.close());

  /** The charger reports an event (through the devices module's device.event, as its ingest does). */
  async function charger(event: string, port: number, meterKwh: number) {
    await t.services.database.db.transaction().execute((trx) =>
      t.services.jobs.publish(trx, 'device.event', {
        deviceId: 990002,
        deviceCode: 'ev-pay-001',
        deviceType: 'ev_charger',
        event,
        at: t.clock.now().toISOString(),
        data: { port, meterKwh },
        communityId: datieguan,
      }),
    );
    await t.services.jobs.drain();
  }

  /** Moves the test clock; sign-ins last 12 hours of it, so the two sign in again. */
  async function at(time: string) {
    t.clock.set(local(time));
    courier = await t.login('courier_demo');
    resident = await t.login('resident_demo');
  }

  const balance = async (c: Client) => (await c.get('/api/charging/me/wallet')).json().balanceFen as number;

  test('a courier scans, charges two hours of peak, stops, pays 90 fen, and gets the rest back', async () => {
    await at('2026-11-20T10:00:00');
    const code = ports[0].code;
    const seen = await courier.get(`/api/charging/ports/by-code/${code}`);
    assert.equal(seen.statusCode, 200, seen.body);
    assert.equal(seen.json().portLabel, 'Q1');
    assert.equal(seen.json().busy, false);
    assert.deepEqual(
      seen.json().tariff.bands.map((b: any) => [b.kind, b.price]),
      [
        ['peak', '0.5680'],
        ['valley', '0.2880'],
      ],
    );
    assert.equal((await courier.get('/api/charging/ports/by-code/00000000000000000000000000000000')).statusCode, 404);
    assert.equal((await courier.get('/api/charging/ports/by-code/not-a-code')).statusCode, 400);

    // No balance: refused, nothing started.
    const poor = await courier.post('/api/charging/me/sessions', { portCode: code });
    assert.equal(poor.statusCode, 409, poor.body);
    assert.match(poor.json().error.details[0].message, /余额不足/);
    assert.equal((await courier.post('/api/charging/me/wallet/top-ups', { amountFen: 0 })).statusCode, 400);
    const topped = await courier.post('/api/charging/me/wallet/top-ups', { amountFen: 500 });
    assert.equal(topped.statusCode, 200, topped.body);
    assert.equal(topped.json().balanceFen, 500);
    assert.equal(topped.json().entries[0].provider, 'log');
    assert.equal((await courier.post('/api/charging/me/wallet/top-ups', { amountFen: 50_000 })).statusCode, 409);

    // The charger has never reported its meter: nothing to start from.
    const unknown = await courier.post('/api/charging/me/sessions', { portCode: code });
    assert.equal(unknown.statusCode, 409);
    assert.match(unknown.json().error.details[0].message, /尚未上报电表读数/);
    await charger('charge_meter', 1, 100);

    const started = await courier.post('/api/charging/me/sessions', { portCode: code });
    assert.equal(started.statusCode, 201, started.body);
    const s = started.json();
    assert.equal(s.status, 'charging');
    assert.equal(s.meterStartKwh, '100.000');
    assert.deepEqual(s.live, {
      meterKwh: '100.000',
      meterAt: s.live.meterAt,
      energyKwh: '0.000',
      minutes: 0,
      runningFen: 0,
    });
    // The charger confirms the start: the session stays the courier's.
    await charger('charge_start', 1, 100);
    // The port is taken, and the courier has one session at a time.
    assert.equal((await resident.post('/api/charging/me/wallet/top-ups', { amountFen: 300 })).statusCode, 200);
    const busy = await resident.post('/api/charging/me/sessions', { portCode: code });
    assert.equal(busy.statusCode, 409);
    assert.match(busy.json().error.details[0].message, /该端口正在充电/);
    const second = await courier.post('/api/charging/me/sessions', { portCode: ports[1].code });
    assert.match(second.json().error.details[0].message, /未结束或未支付/);
    assert.equal((await courier.get(`/api/charging/ports/by-code/${code}`)).json().mine.id, s.id);

    // Live: two hours on, the meter at 101.250 — what the bill would be now.
    t.clock.advance(2 * 3_600_000);
    await charger('charge_meter', 1, 101.25);
    const live = (await courier.get(`/api/charging/me/sessions/${s.id}`)).json();
    assert.deepEqual([live.live.energyKwh, live.live.minutes, live.live.runningFen], ['1.250', 120, 90]);

    // Someone else's session does not exist for a resident.
    for (const res of [
      await resident.get(`/api/charging/me/sessions/${s.id}`),
      await resident.post(`/api/charging/me/sessions/${s.id}/stop`),
      await resident.post(`/api/charging/me/sessions/${s.id}/pay`),
      await resident.get(`/api/charging/sessions/${s.id}`),
    ])
      assert.equal(res.statusCode, 404, res.body);
    assert.equal((await courier.get(`/api/charging/me/sessions/${s.id}`)).json().status, 'charging');
    assert.match(
      (await courier.post(`/api/charging/me/sessions/${s.id}/pay`)).json().error.details[0].message,
      /还没有结算/,
    );

    // Stop: 1250 Wh of peak. electricity 5680 × 1250 = 7 100 000 ⇒ 71 fen; service 1500 × 1250 =
    // 1 875 000 ⇒ 18.75 ⇒ 19 fen (half up); total 90 fen.
    const stopped = await courier.post(`/api/charging/me/sessions/${s.id}/stop`);
    assert.equal(stopped.statusCode, 200, stopped.body);
    const bill = stopped.json();
    assert.deepEqual(
      [bill.status, bill.energyKwh, bill.electricityFen, bill.serviceFen, bill.totalFen],
      ['completed', '1.250', 71, 19, 90],
    );
    assert.equal(bill.paidAt, null);
    assert.equal((await courier.post(`/api/charging/me/sessions/${s.id}/stop`)).statusCode, 409);
    // The charger's own stop afterwards changes nothing.
    await charger('charge_stop', 1, 101.25);
    assert.equal((await courier.get(`/api/charging/me/sessions/${s.id}`)).json().totalFen, 90);

    // The receipt is the courier's, and nobody else's.
    const receipt = await courier.get(`/api/charging/sessions/${s.id}/receipt`);
    assert.equal(receipt.statusCode, 200, receipt.body);
    assert.deepEqual(
      [receipt.json().electricityFee, receipt.json().serviceFee, receipt.json().total],
      ['0.71', '0.19', '0.90'],
    );
    assert.equal((await courier.get(`/api/charging/sessions/${s.id}/receipt.html`)).statusCode, 200);
    assert.equal((await resident.get(`/api/charging/sessions/${s.id}/receipt`)).statusCode, 404);

    // Unpaid: no new start, no refund.
    assert.match(
      (await courier.post('/api/charging/me/sessions', { portCode: code })).json().error.details[0].message,
      /未结束或未支付/,
    );
    assert.match(
      (await courier.post('/api/charging/me/wallet/refund')).json().error.details[0].message,
      /未结束或未支付/,
    );

    // Pay: 500 − 90 = 410 left; paying again is refused and takes nothing.
    const paid = await courier.post(`/api/charging/me/sessions/${s.id}/pay`);
    assert.equal(paid.statusCode, 200, paid.body);
    assert.ok(paid.json().paidAt);
    assert.equal(await balance(courier), 410);
    const twice = await courier.post(`/api/charging/me/sessions/${s.id}/pay`);
    assert.equal(twice.statusCode, 409);
    assert.match(twice.json().error.details[0].message, /已支付/);
    assert.equal(await balance(courier), 410);

    // The remainder back through the provider; then nothing left.
    const refunded = await courier.post('/api/charging/me/wallet/refund');
    assert.equal(refunded.statusCode, 200, refunded.body);
    assert.equal(refunded.json().balanceFen, 0);
    assert.deepEqual(
      refunded.json().entries.map((e: any) => [e.kind, e.amountFen, e.balanceAfterFen]),
      [
        ['refund', -410, 0],
        ['payment', -90, 410],
        ['top_up', 500, 500],
      ],
    );
    assert.match((await courier.post('/api/charging/me/wallet/refund')).json().error.details[0].message, /无可退款/);

    const audits = await t.services.database.db
      .selectFrom('platform.audit_log')
      .select(['action', 'actor_id'])
      .where('action', 'in', ['charging.top_up', 'charging.payment', 'charging.refund'])
      .where('actor_id', '=', courier.me!.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audits.map((a) => a.action),
      ['charging.top_up', 'charging.payment', 'charging.refund'],
    );
  });

  test('a charge from peak into valley at 22:00, and a bill above the balance', async () => {
    // 2026-11-21 21:30–23:00 on Q2, 1.000 kWh: 30 min peak, 60 min valley ⇒ 333 + 667 Wh.
    // electricity 5680 × 333 + 2880 × 667 = 3 812 400 ⇒ 38 fen; service 1500 × 1000 ⇒ 15 fen; total 53.
    await at('2026-11-21T21:30:00');
    await charger('charge_meter', 2, 50);
    assert.equal((await courier.post('/api/charging/me/wallet/top-ups', { amountFen: 200 })).statusCode, 200);
    const s = (await courier.post('/api/charging/me/sessions', { portCode: ports[1].code })).json();
    t.clock.advance(90 * 60_000);
    await charger('charge_meter', 2, 51);
    const bill = (await courier.post(`/api/charging/me/sessions/${s.id}/stop`)).json();
    assert.deepEqual(
      bill.lines.map((l: any) => [l.band, l.minutes, l.energyKwh, l.electricity]),
      [
        ['peak', 30, '0.333', '0.189144'],
        ['valley', 60, '0.667', '0.192096'],
      ],
    );
    assert.deepEqual([bill.electricityFen, bill.serviceFen, bill.totalFen], [38, 15, 53]);
    assert.equal((await courier.post(`/api/charging/me/sessions/${s.id}/pay`)).statusCode, 200);
    assert.equal(await balance(courier), 147);

    // 2026-11-22 09:00–14:00, 5.000 kWh of peak: 5680 × 5000 ⇒ 284 fen + 1500 × 5000 ⇒ 75 fen = 359,
    // more than the 147 + 100 on the balance: refused, nothing taken; after a top-up, paid.
    await at('2026-11-22T09:00:00');
    assert.equal((await courier.post('/api/charging/me/wallet/top-ups', { amountFen: 100 })).statusCode, 200);
    const big = (await courier.post('/api/charging/me/sessions', { portCode: ports[1].code })).json();
    t.clock.advance(5 * 3_600_000);
    await charger('charge_meter', 2, 56);
    assert.equal((await courier.post(`/api/charging/me/sessions/${big.id}/stop`)).json().totalFen, 359);
    const low = await courier.post(`/api/charging/me/sessions/${big.id}/pay`);
    assert.equal(low.statusCode, 409);
    assert.match(low.json().error.details[0].message, /余额不足/);
    assert.equal(await balance(courier), 247);
    assert.equal((await courier.post('/api/charging/me/wallet/top-ups', { amountFen: 200 })).statusCode, 200);
    assert.equal((await courier.post(`/api/charging/me/sessions/${big.id}/pay`)).statusCode, 200);
    assert.equal(await balance(courier), 88);
  });

  test('the monthly statement and my sessions are mine, by local month', async () => {
    const nov = (await courier.get('/api/charging/me/statement?month=2026-11')).json();
    assert.deepEqual(
      [nov.month, nov.sessions, nov.energyKwh, nov.electricityFen, nov.serviceFen, nov.totalFen, nov.paidFen],
      ['2026-11', 3, '7.250', 71 + 38 + 284, 19 + 15 + 75, 90 + 53 + 359, 90 + 53 + 359],
    );
    assert.deepEqual([nov.topUpFen, nov.refundFen], [500 + 200 + 100 + 200, 410]);
    // This month by the clock (2026-11-22 local) is the same month.
    assert.equal((await courier.get('/api/charging/me/statement')).json().totalFen, 502);
    assert.equal((await courier.get('/api/charging/me/statement?month=2026-12')).json().sessions, 0);
    assert.equal((await courier.get('/api/charging/me/statement?month=2026-13')).statusCode, 400);
    const mine = (await courier.get('/api/charging/me/sessions')).json().items;
    assert.equal(mine.length, 3);
    assert.ok(mine.every((x: any) => x.paidAt));
    assert.equal((await resident.get('/api/charging/me/sessions')).json().items.length, 0);
    assert.equal((await resident.get('/api/charging/me/statement?month=2026-11')).json().totalFen, 0);
  });
});
