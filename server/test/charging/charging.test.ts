import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bandProblem, priceSession, roundHalfUpToFen } from '../../src/modules/charging/billing.ts';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';

/**
 * Charging bills against worked examples. Units: prices in 0.0001 yuan/kWh, energy in
 * Wh, so price × Wh is an exact amount in 10⁻⁷ yuan; 1 fen = 100 000 of those. Rounded
 * once per fee, half up.
 *
 * The tariff of the main station (浙江 residential-like 峰谷):
 *   峰 peak   08:00–22:00  0.5680 yuan/kWh (5680)
 *   谷 valley 22:00–08:00  0.2880 yuan/kWh (2880)
 *   service fee            0.1500 yuan/kWh (1500)
 * Local time is Asia/Shanghai (UTC+8); the test clock stands at 2026-11-20 10:00 local.
 */
describe('charging: tariffs, sessions, bills, receipts', () => {
  let t: TestApp;
  let admin: Client;
  let staff: Client;
  let grid: Client;
  let outsider: Client;
  let datieguan: number;
  let station: any;
  let ports: any[];
  let ix: Awaited<ReturnType<typeof demoIndex>>;

  const local = (s: string) => `${s}+08:00`;

  before(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '500' });
    admin = await t.login('admin');
    staff = await t.login('community_datieguan');
    grid = await t.login('grid_datieguan_01');
    outsider = await t.login('resident_demo');
    ix = await demoIndex(admin);
    datieguan = ix.division('打铁关社区').id;
    // The chargers the ports below are bound to, registered in the devices module.
    for (const code of ['ev-test-001', 'ev-half']) {
      const device = await staff.post('/api/devices', {
        code,
        type: 'ev_charger',
        name: `充电桩 ${code}`,
        gridId: ix.grid('打铁关社区第一网格').id,
      });
      assert.equal(device.statusCode, 201, device.body);
    }
    const created = await staff.post('/api/charging/stations', {
      name: '打铁关小区充电棚',
      communityId: datieguan,
      gridId: ix.grid('打铁关社区第一网格').id,
      address: '打铁关小区3幢旁',
      operator: '城运集团',
    });
    assert.equal(created.statusCode, 201, created.body);
    station = created.json();
    for (const n of [1, 2, 3, 4]) {
      const res = await staff.post(`/api/charging/stations/${station.id}/ports`, {
        label: `P${n}`,
        deviceCode: 'ev-test-001',
        devicePort: n,
      });
      assert.equal(res.statusCode, 200, res.body);
    }
    const tariff = await staff.post(`/api/charging/stations/${station.id}/tariffs`, {
      effectiveFrom: local('2026-11-01T00:00:00'),
      bands: [
        { kind: 'peak', start: '08:00', end: '22:00', price: '0.5680' },
        { kind: 'valley', start: '22:00', end: '08:00', price: '0.2880' },
      ],
      servicePrice: '0.1500',
    });
    assert.equal(tariff.statusCode, 200, tariff.body);
    // Version two from 2026-11-15 00:00: a flat 0.6000 all day and a 0.2000 service fee.
    const second = await staff.post(`/api/charging/stations/${station.id}/tariffs`, {
      effectiveFrom: local('2026-11-15T00:00:00'),
      bands: [{ kind: 'flat', start: '00:00', end: '24:00', price: '0.6000' }],
      servicePrice: '0.2000',
    });
    assert.equal(second.statusCode, 200, second.body);
    station = second.json();
    ports = station.ports;
    assert.equal(ports.length, 4);
    assert.equal(station.tariffs.length, 2);
    assert.equal(station.tariffs.find((x: any) => x.inForce).effectiveFrom, '2026-11-14T16:00:00.000Z');
  });
  after(() => t.close());

  async function charge(port: number, from: string, to: string, start: number, end: number) {
    const s = await staff.post(`/api/charging/ports/${ports[port].id}/sessions`, { meterKwh: start, at: local(from) });
    assert.equal(s.statusCode, 201, s.body);
    const stopped = await staff.post(`/api/charging/sessions/${s.json().id}/stop`, { meterKwh: end, at: local(to) });
    assert.equal(stopped.statusCode, 200, stopped.body);
    return stopped.json();
  }

  test('a session wholly in the peak band', async () => {
    // 2026-11-10 10:00–12:00 (peak, tariff one), meter 100.000 → 101.250: 1250 Wh.
    // electricity 5680 × 1250 = 7 100 000 ⇒ 0.71 yuan = 71 fen
    // service     1500 × 1250 = 1 875 000 ⇒ 18.75 fen ⇒ 19 fen (half up)
    // total 71 + 19 = 90 fen
    const s = await charge(0, '2026-11-10T10:00:00', '2026-11-10T12:00:00', 100, 101.25);
    assert.equal(s.status, 'completed');
    assert.equal(s.energyKwh, '1.250');
    assert.deepEqual([s.electricityFen, s.serviceFen, s.totalFen], [71, 19, 90]);
    assert.equal(s.lines.length, 1);
    assert.equal(s.lines[0].band, 'peak');
    assert.equal(s.lines[0].electricity, '0.71');
    assert.equal(s.lines[0].service, '0.1875');
  });

  test('a session from peak into valley at 22:00 splits the energy by time', async () => {
    // 2026-11-10 21:30–23:00: 30 min peak, 60 min valley; 1.000 kWh.
    // peak 1000 × 30/90 = 333⅓ Wh, valley 666⅔ Wh; whole Wh by largest remainder: 333 + 667.
    // electricity 5680 × 333 + 2880 × 667 = 1 891 440 + 1 920 960 = 3 812 400 ⇒ 38.124 fen ⇒ 38
    // service 1500 × 1000 = 1 500 000 ⇒ 15 fen; total 53 fen
    const s = await charge(1, '2026-11-10T21:30:00', '2026-11-10T23:00:00', 50, 51);
    assert.deepEqual(
      s.lines.map((l: any) => [l.band, l.minutes, l.energyKwh, l.electricity]),
      [
        ['peak', 30, '0.333', '0.189144'],
        ['valley', 60, '0.667', '0.192096'],
      ],
    );
    assert.deepEqual([s.electricityFen, s.serviceFen, s.totalFen], [38, 15, 53]);
  });

  test('a tariff change takes effect at its time, even in the middle of a session', async () => {
    // 2026-11-14 23:00 → 11-15 01:00, 1.000 kWh: one hour on tariff one (valley 0.2880, service 0.1500),
    // one hour on tariff two (flat 0.6000, service 0.2000): 500 Wh each.
    // electricity 2880 × 500 + 6000 × 500 = 1 440 000 + 3 000 000 = 4 440 000 ⇒ 44.4 fen ⇒ 44
    // service     1500 × 500 + 2000 × 500 =   750 000 + 1 000 000 = 1 750 000 ⇒ 17.5 fen ⇒ 18 (half up)
    // total 62 fen
    const s = await charge(2, '2026-11-14T23:00:00', '2026-11-15T01:00:00', 10, 11);
    assert.deepEqual(
      s.lines.map((l: any) => [l.band, l.energyKwh, l.price, l.servicePrice]),
      [
        ['valley', '0.500', '0.2880', '0.1500'],
        ['flat', '0.500', '0.6000', '0.2000'],
      ],
    );
    assert.deepEqual([s.electricityFen, s.serviceFen, s.totalFen], [44, 18, 62]);
    // After 11-15 only tariff two: 2026-11-16 10:00–11:00, 1.000 kWh ⇒ 60 fen + 20 fen.
    const later = await charge(2, '2026-11-16T10:00:00', '2026-11-16T11:00:00', 11, 12);
    assert.deepEqual([later.electricityFen, later.serviceFen, later.totalFen], [60, 20, 80]);
    // A new version may not reach behind bills already made.
    const behind = await staff.post(`/api/charging/stations/${station.id}/tariffs`, {
      effectiveFrom: local('2026-11-12T00:00:00'),
      bands: [{ kind: 'flat', start: '00:00', end: '24:00', price: '1.0000' }],
      servicePrice: '0',
    });
    assert.equal(behind.statusCode, 400);
    assert.equal(behind.json().error.details[0].path, 'body.effectiveFrom');
  });

  test('a stop with the meter where it started bills nothing', async () => {
    const s = await charge(3, '2026-11-17T09:00:00', '2026-11-17T09:05:00', 77.7, 77.7);
    assert.equal(s.status, 'completed');
    assert.equal(s.energyKwh, '0.000');
    assert.deepEqual([s.electricityFen, s.serviceFen, s.totalFen], [0, 0, 0]);
  });

  test('a meter going backwards is refused by the API, and flags the session from a charger', async () => {
    const s = (
      await staff.post(`/api/charging/ports/${ports[0].id}/sessions`, {
        meterKwh: 300,
        at: local('2026-11-18T10:00:00'),
      })
    ).json();
    const back = await staff.post(`/api/charging/sessions/${s.id}/stop`, {
      meterKwh: 299.999,
      at: local('2026-11-18T11:00:00'),
    });
    assert.equal(back.statusCode, 400);
    assert.equal(back.json().error.details[0].path, 'body.meterKwh');
    const still = (await staff.get(`/api/charging/sessions/${s.id}`)).json();
    assert.equal(still.status, 'charging');
    assert.equal(still.totalFen, null);
    // Bad input otherwise: more than 3 decimals, a time in the future, a busy port.
    assert.equal((await staff.post(`/api/charging/sessions/${s.id}/stop`, { meterKwh: 301.0001 })).statusCode, 400);
    assert.equal(
      (await staff.post(`/api/charging/sessions/${s.id}/stop`, { meterKwh: 301, at: local('2026-11-21T10:00:00') }))
        .statusCode,
      400,
    );
    assert.equal((await staff.post(`/api/charging/ports/${ports[0].id}/sessions`, { meterKwh: 300 })).statusCode, 409);
    assert.equal(
      (await staff.post(`/api/charging/sessions/${s.id}/stop`, { meterKwh: 301, at: local('2026-11-18T11:00:00') }))
        .statusCode,
      200,
    );
    assert.equal((await staff.post(`/api/charging/sessions/${s.id}/stop`, { meterKwh: 302 })).statusCode, 409);

    // The same from the charger: the session is flagged, nothing billed.
    await publish({
      event: 'charge_start',
      port: 4,
      meterKwh: 500,
      at: local('2026-11-19T20:00:00'),
      sessionRef: 'r-back',
    });
    await publish({
      event: 'charge_stop',
      port: 4,
      meterKwh: 499.5,
      at: local('2026-11-19T21:00:00'),
      sessionRef: 'r-back',
    });
    const flagged = (await staff.get(`/api/charging/sessions?stationId=${station.id}&status=flagged`)).json().items;
    assert.equal(flagged.length, 1);
    assert.equal(flagged[0].flagReason, 'meter_backwards');
    assert.equal(flagged[0].totalFen, null);
    assert.equal((await staff.get(`/api/charging/sessions/${flagged[0].id}/receipt`)).statusCode, 409);
  });

  async function publish(e: { event: string; port: number; meterKwh: number; at: string; sessionRef?: string }) {
    await t.services.database.db.transaction().execute((trx) =>
      t.services.jobs.publish(trx, 'device.event', {
        deviceId: 990001,
        deviceCode: 'ev-test-001',
        deviceType: 'ev_charger',
        event: e.event,
        at: new Date(e.at).toISOString(),
        data: { port: e.port, meterKwh: e.meterKwh, ...(e.sessionRef ? { sessionRef: e.sessionRef } : {}) },
        buildingId: null,
        householdId: null,
        gridId: null,
        communityId: datieguan,
        careTargetId: null,
      }),
    );
    await t.services.jobs.drain();
  }

  test('sessions from charger events; a repeated charge_stop (or start) changes nothing', async () => {
    // 2026-11-19 06:00–07:30 valley (tariff two is flat 0.6000 anyway): meter 1000.000 → 1001.235 = 1235 Wh.
    // electricity 6000 × 1235 = 7 410 000 ⇒ 74.1 fen ⇒ 74; service 2000 × 1235 = 2 470 000 ⇒ 24.7 ⇒ 25; total 99 fen
    await publish({
      event: 'charge_start',
      port: 2,
      meterKwh: 1000,
      at: local('2026-11-19T06:00:00'),
      sessionRef: 'r-1',
    });
    await publish({
      event: 'charge_start',
      port: 2,
      meterKwh: 1000,
      at: local('2026-11-19T06:00:00'),
      sessionRef: 'r-1',
    });
    await publish({
      event: 'charge_stop',
      port: 2,
      meterKwh: 1001.235,
      at: local('2026-11-19T07:30:00'),
      sessionRef: 'r-1',
    });
    await publish({
      event: 'charge_stop',
      port: 2,
      meterKwh: 1001.235,
      at: local('2026-11-19T07:30:00'),
      sessionRef: 'r-1',
    });
    // A stop for a plug nobody set up is ignored too.
    await publish({ event: 'charge_stop', port: 9, meterKwh: 1, at: local('2026-11-19T07:30:00') });
    const mine = (await staff.get(`/api/charging/sessions?stationId=${station.id}&limit=50`))
      .json()
      .items.filter((s: any) => s.sessionRef === 'r-1');
    assert.equal(mine.length, 1);
    assert.equal(mine[0].source, 'device');
    assert.deepEqual(
      [mine[0].energyKwh, mine[0].electricityFen, mine[0].serviceFen, mine[0].totalFen],
      ['1.235', 74, 25, 99],
    );
    const audits = await t.services.database.db
      .selectFrom('platform.audit_log')
      .selectAll()
      .where('action', '=', 'charging.session.stop')
      .where('entity_id', '=', String(mine[0].id))
      .execute();
    assert.equal(audits.length, 1);
  });

  test('rounding at half a fen goes up', async () => {
    // A flat 0.6250 yuan/kWh, no service fee, at a station of its own.
    // 1.000 kWh: 6250 × 1000 = 6 250 000 ⇒ 62.5 fen ⇒ 63 (half up; banker's rounding would give 62)
    // 0.008 kWh: 6250 × 8 = 50 000 ⇒ exactly half a fen ⇒ 1 fen
    // 0.007 kWh: 6250 × 7 = 43 750 ⇒ 0.4375 fen ⇒ 0
    const other = (await staff.post('/api/charging/stations', { name: '半分测试点', communityId: datieguan })).json();
    const withPort = (
      await staff.post(`/api/charging/stations/${other.id}/ports`, {
        label: 'X1',
        deviceCode: 'ev-half',
        devicePort: 1,
      })
    ).json();
    const tariff = await staff.post(`/api/charging/stations/${other.id}/tariffs`, {
      effectiveFrom: local('2026-11-01T00:00:00'),
      bands: [{ kind: 'flat', start: '00:00', end: '24:00', price: '0.625' }],
      servicePrice: '0',
    });
    assert.equal(tariff.statusCode, 200, tariff.body);
    const port = withPort.ports[0].id;
    const run = async (from: string, start: number, end: number) => {
      const s = (
        await staff.post(`/api/charging/ports/${port}/sessions`, {
          meterKwh: start,
          at: local(`2026-11-19T${from}:00`),
        })
      ).json();
      return (
        await staff.post(`/api/charging/sessions/${s.id}/stop`, {
          meterKwh: end,
          at: local(`2026-11-19T${from.slice(0, 3)}30:00`),
        })
      ).json();
    };
    assert.equal((await run('10:00', 0, 1)).electricityFen, 63);
    assert.equal((await run('11:00', 1, 1.008)).electricityFen, 1);
    assert.equal((await run('12:00', 1.008, 1.015)).electricityFen, 0);
    assert.equal(roundHalfUpToFen(50_000), 1);
    assert.equal(roundHalfUpToFen(49_999), 0);
    assert.equal(roundHalfUpToFen(150_000), 2);
  });

  test('receipts: JSON and a printable page, electricity and service apart', async () => {
    const s = (await staff.get(`/api/charging/sessions?stationId=${station.id}&status=completed&limit=50`))
      .json()
      .items.find((x: any) => x.totalFen === 53);
    const r = await grid.get(`/api/charging/sessions/${s.id}/receipt`);
    assert.equal(r.statusCode, 200, r.body);
    const receipt = r.json();
    assert.equal(receipt.electricityFee, '0.38');
    assert.equal(receipt.serviceFee, '0.15');
    assert.equal(receipt.total, '0.53');
    assert.equal(receipt.startedAt, '2026-11-10 21:30');
    assert.match(receipt.rounding, /四舍五入/);
    const html = await grid.get(`/api/charging/sessions/${s.id}/receipt.html`);
    assert.equal(html.statusCode, 200);
    assert.match(html.headers['content-type'] as string, /text\/html/);
    assert.match(html.body, /充电收费凭据/);
    assert.match(html.body, /0\.53/);
    const en = await grid.get(`/api/charging/sessions/${s.id}/receipt.html`, { 'accept-language': 'en' });
    assert.match(en.body, /Charging receipt/);
    // Out of area: a resident sees nothing.
    assert.equal((await outsider.get(`/api/charging/sessions/${s.id}/receipt`)).statusCode, 404);
  });

  test('monthly statistics: average per kWh and per full charge', async () => {
    const res = await staff.get(`/api/charging/stats?stationId=${station.id}&from=2026-11`);
    assert.equal(res.statusCode, 200, res.body);
    const [row] = res.json().rows;
    // Summed again here from the sessions themselves (all of them stopped in November, local time).
    const sessions = (
      await staff.get(`/api/charging/sessions?stationId=${station.id}&status=completed&limit=100`)
    ).json().items;
    const total = sessions.reduce((s: number, x: any) => s + x.totalFen, 0);
    const energyWh = sessions.reduce((s: number, x: any) => s + Math.round(Number(x.energyKwh) * 1000), 0);
    const full = sessions.filter((x: any) => Number(x.energyKwh) >= 1);
    assert.equal(row.sessions, sessions.length);
    assert.equal(row.totalFen, total);
    assert.equal(row.energyKwh, (energyWh / 1000).toFixed(3));
    assert.equal(row.fullCharges, full.length);
    const fullTotal = full.reduce((s: number, x: any) => s + x.totalFen, 0);
    assert.equal(row.averagePerFullChargeFen, Math.floor((2 * fullTotal + full.length) / (2 * full.length)));
    assert.equal(row.flagged, 1);
    assert.equal(res.json().fullChargeKwh, '1.000');
    assert.equal((await staff.get('/api/charging/stats?from=2026-12&to=2026-11')).statusCode, 400);
  });

  test('scope and bad input', async () => {
    assert.equal((await outsider.get(`/api/charging/stations/${station.id}`)).statusCode, 404);
    assert.equal(
      (await outsider.post('/api/charging/stations', { name: '越权站点', communityId: datieguan })).statusCode,
      403,
    );
    // The grid's worker reads but does not manage; another grid's worker does not see it.
    assert.equal((await grid.get(`/api/charging/stations/${station.id}`)).statusCode, 200);
    assert.equal(
      (await grid.post(`/api/charging/stations/${station.id}/ports`, { label: 'G1', deviceCode: 'ev-x' })).statusCode,
      403,
    );
    const otherGrid = await t.login('grid_datieguan_02');
    assert.equal((await otherGrid.get(`/api/charging/stations/${station.id}`)).statusCode, 404);
    const before = (await staff.get(`/api/charging/stations/${station.id}`)).json();
    const bad = [
      { bands: [{ kind: 'peak', start: '08:00', end: '22:00', price: '0.5680' }], servicePrice: '0.1' }, // 22:00–08:00 not covered
      {
        bands: [
          { kind: 'peak', start: '00:00', end: '24:00', price: '0.5680' },
          { kind: 'valley', start: '22:00', end: '08:00', price: '0.2880' },
        ],
        servicePrice: '0.1',
      }, // overlap
      { bands: [{ kind: 'peak', start: '00:00', end: '24:00', price: '0.56801' }], servicePrice: '0.1' }, // 5 decimals
      { bands: [{ kind: 'peak', start: '00:00', end: '24:00', price: '-1' }], servicePrice: '0.1' },
    ];
    for (const b of bad)
      assert.equal(
        (
          await staff.post(`/api/charging/stations/${station.id}/tariffs`, {
            effectiveFrom: local('2026-12-01T00:00:00'),
            ...b,
          })
        ).statusCode,
        400,
        JSON.stringify(b),
      );
    assert.equal(
      (
        await staff.post(`/api/charging/stations/${station.id}/ports`, {
          label: 'P1',
          deviceCode: 'ev-test-001',
          devicePort: 10,
        })
      ).statusCode,
      409,
    );
    assert.equal((await staff.patch(`/api/charging/stations/${station.id}`, {})).statusCode, 400);
    assert.equal(
      (await staff.patch(`/api/charging/stations/${station.id}/ports/${ports[1].id}`, { label: 'P1' })).statusCode,
      409,
    );
    assert.equal((await grid.patch(`/api/charging/stations/${station.id}`, { name: '改名' })).statusCode, 403);
    assert.deepEqual((await staff.get(`/api/charging/stations/${station.id}`)).json(), before);
    // A port taken out of use ignores its charger.
    const off = await staff.patch(`/api/charging/stations/${station.id}/ports/${ports[3].id}`, { active: false });
    assert.equal(off.statusCode, 200, off.body);
    const count = async () =>
      (await staff.get(`/api/charging/sessions?stationId=${station.id}&limit=200`)).json().items.length;
    const n = await count();
    await publish({
      event: 'charge_start',
      port: 4,
      meterKwh: 600,
      at: local('2026-11-20T09:00:00'),
      sessionRef: 'r-off',
    });
    assert.equal(await count(), n);
    const renamed = await staff.patch(`/api/charging/stations/${station.id}`, { operator: '拱墅区城运集团' });
    assert.equal(renamed.json().operator, '拱墅区城运集团');
  });

  test("through the devices module: an ev_charger's events make a billed session", async () => {
    const created = await staff.post('/api/devices', {
      code: 'ev-dev-01',
      type: 'ev_charger',
      name: '充电桩',
      gridId: station.gridId,
    });
    assert.equal(created.statusCode, 201, created.body);
    const { token } = created.json();
    assert.equal(
      (
        await staff.post(`/api/charging/stations/${station.id}/ports`, {
          label: 'D1',
          deviceCode: 'ev-dev-01',
          devicePort: 1,
        })
      ).statusCode,
      200,
    );
    // 2026-11-20 07:00–08:00 local on tariff two (flat 0.6000, service 0.2000): 2.000 → 2.500 kWh = 500 Wh.
    // electricity 6000 × 500 = 3 000 000 ⇒ 30 fen; service 2000 × 500 = 1 000 000 ⇒ 10 fen; total 40 fen
    const send = async (event: string, when: string, meterKwh: number) => {
      const res = await t.anonymous().post(
        '/api/ingest/readings',
        {
          readings: [{ ts: new Date(local(when)).getTime(), event, data: { port: 1, meterKwh, sessionRef: 'dev-1' } }],
        },
        { authorization: `Bearer ${token}` },
      );
      assert.equal(res.statusCode, 200, res.body);
      await t.services.jobs.drain();
    };
    await send('charge_start', '2026-11-20T07:00:00', 2);
    await send('charge_stop', '2026-11-20T08:00:00', 2.5);
    await send('charge_stop', '2026-11-20T08:00:00', 2.5);
    const sessions = (await staff.get(`/api/charging/sessions?stationId=${station.id}&limit=100`))
      .json()
      .items.filter((s: any) => s.sessionRef === 'dev-1');
    assert.equal(sessions.length, 1);
    assert.deepEqual(
      [
        sessions[0].status,
        sessions[0].energyKwh,
        sessions[0].electricityFen,
        sessions[0].serviceFen,
        sessions[0].totalFen,
      ],
      ['completed', '0.500', 30, 10, 40],
    );
  });

  test('billing engine: bands across midnight, several days, no tariff', () => {
    assert.equal(
      bandProblem([
        { kind: 'valley', start: '22:00', end: '08:00', priceE4: 1 },
        { kind: 'peak', start: '08:00', end: '22:00', priceE4: 2 },
      ]),
      null,
    );
    assert.match(bandProblem([{ kind: 'peak', start: '08:00', end: '22:00', priceE4: 2 }])!, /no band covers 00:00/);
    const tariffs = [
      {
        id: 1,
        effectiveFrom: new Date('2026-01-01T00:00:00+08:00'),
        bands: [
          { kind: 'valley' as const, start: '22:00', end: '08:00', priceE4: 2880 },
          { kind: 'peak' as const, start: '08:00', end: '22:00', priceE4: 5680 },
        ],
        servicePriceE4: 0,
      },
    ];
    // 48 hours from 08:00: 28 h peak, 20 h valley; 4.800 kWh ⇒ 2800 Wh peak, 2000 Wh valley.
    // 5680 × 2800 + 2880 × 2000 = 15 904 000 + 5 760 000 = 21 664 000 ⇒ 216.64 fen ⇒ 217
    const bill = priceSession({
      startedAt: new Date('2026-03-01T08:00:00+08:00'),
      stoppedAt: new Date('2026-03-03T08:00:00+08:00'),
      energyWh: 4800,
      tariffs,
      timeZone: 'Asia/Shanghai',
    });
    assert.deepEqual(
      bill.lines.map((l) => [l.band, l.energyWh]),
      [
        ['peak', 2800],
        ['valley', 2000],
      ],
    );
    assert.equal(bill.electricityFen, 217);
    assert.throws(
      () =>
        priceSession({
          startedAt: new Date('2025-12-31T23:00:00+08:00'),
          stoppedAt: new Date('2026-01-01T01:00:00+08:00'),
          energyWh: 1,
          tariffs,
          timeZone: 'Asia/Shanghai',
        }),
      /no tariff/,
    );
  });
  test('a sessionRef used again on a port is a 409, not a 500, and changes nothing', async () => {
    const port = ports[1].id;
    const first = await staff.post(`/api/charging/ports/${port}/sessions`, {
      meterKwh: 700,
      at: local('2026-11-19T12:00:00'),
      sessionRef: 'ref-dup',
    });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(
      (
        await staff.post(`/api/charging/sessions/${first.json().id}/stop`, {
          meterKwh: 700.5,
          at: local('2026-11-19T12:30:00'),
        })
      ).statusCode,
      200,
    );
    const again = await staff.post(`/api/charging/ports/${port}/sessions`, {
      meterKwh: 701,
      at: local('2026-11-19T13:00:00'),
      sessionRef: 'ref-dup',
    });
    assert.equal(again.statusCode, 409, again.body);
    assert.equal(again.json().error.code, 'conflict');
    assert.match(again.json().error.details[0].message, /ref-dup/);
    const en = await staff.post(
      `/api/charging/ports/${port}/sessions`,
      { meterKwh: 701, sessionRef: 'ref-dup' },
      { 'accept-language': 'en' },
    );
    assert.equal(en.statusCode, 409, en.body);
    assert.match(en.json().error.details[0].message, /session reference ref-dup/i);
    const mine = (await staff.get(`/api/charging/sessions?stationId=${station.id}&limit=200`))
      .json()
      .items.filter((s: any) => s.portId === port);
    assert.equal(mine.filter((s: any) => s.sessionRef === 'ref-dup').length, 1);
    assert.ok(!mine.some((s: any) => s.status === 'charging'));
  });

  test('ten starts at once on one port: exactly one 201, the rest 409, none 500', async () => {
    const port = ports[2].id;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => staff.post(`/api/charging/ports/${port}/sessions`, { meterKwh: 800 + i })),
    );
    const codes = results.map((r) => r.statusCode).sort();
    assert.deepEqual(codes, [201, 409, 409, 409, 409, 409, 409, 409, 409, 409], results.map((r) => r.body).join('\n'));
    for (const r of results.filter((x) => x.statusCode === 409)) assert.equal(r.json().error.code, 'conflict');
    const charging = (await staff.get(`/api/charging/sessions?stationId=${station.id}&status=charging&limit=200`))
      .json()
      .items.filter((s: any) => s.portId === port);
    assert.equal(charging.length, 1);
  });

  test("a port binds only a known ev_charger of the station's community, as the caller sees the devices", async () => {
    const liushui = ix.division('流水东苑社区').id;
    const farGrid = ix.tree.grids.find((g) => g.communityId === liushui)!.id;
    const far = await admin.post('/api/devices', {
      code: 'ev-far-001',
      type: 'ev_charger',
      name: '别的社区的充电桩',
      gridId: farGrid,
    });
    assert.equal(far.statusCode, 201, far.body);
    const farId = far.json().device.id;
    const smoke = await staff.post('/api/devices', {
      code: 'smoke-near-001',
      type: 'smoke',
      name: '充电棚烟感',
      gridId: station.gridId,
    });
    assert.equal(smoke.statusCode, 201, smoke.body);
    const near = (await staff.get('/api/devices?q=ev-test-001')).json().items[0];
    const before = (await staff.get(`/api/charging/stations/${station.id}`)).json();
    const cases: Array<[Client, Record<string, unknown>, string]> = [
      [staff, { label: 'V1', deviceCode: 'ev-nowhere' }, 'body.deviceCode'],
      [staff, { label: 'V2', deviceCode: 'smoke-near-001' }, 'body.deviceCode'],
      // The admin sees the charger of 流水东苑, but it is not this station's community's.
      [admin, { label: 'V3', deviceCode: 'ev-far-001' }, 'body.deviceCode'],
      // The community's staff do not see it at all.
      [staff, { label: 'V4', deviceCode: 'ev-far-001' }, 'body.deviceCode'],
      [admin, { label: 'V5', deviceCode: 'ev-test-001', devicePort: 20, deviceId: farId }, 'body.deviceId'],
      [admin, { label: 'V6', deviceCode: 'ev-test-001', devicePort: 21, deviceId: 99999999 }, 'body.deviceId'],
      [
        admin,
        { label: 'V7', deviceCode: 'ev-test-001', devicePort: 22, deviceId: smoke.json().device.id },
        'body.deviceId',
      ],
    ];
    for (const [who, body, path] of cases) {
      const res = await who.post(`/api/charging/stations/${station.id}/ports`, body);
      assert.equal(res.statusCode, 400, `${JSON.stringify(body)} → ${res.body}`);
      assert.equal(res.json().error.details[0].path, path, res.body);
    }
    assert.deepEqual((await staff.get(`/api/charging/stations/${station.id}`)).json(), before);
    // The right charger, by code or by id and code: bound, with its device id.
    const ok = await staff.post(`/api/charging/stations/${station.id}/ports`, {
      label: 'V8',
      deviceCode: 'ev-test-001',
      devicePort: 23,
      deviceId: near.id,
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().ports.find((p: any) => p.label === 'V8').deviceId, near.id);
  });

  test("a charger's stop with no tariff in force flags the session, and the flag is on the audit log", async () => {
    const bare = await staff.post('/api/charging/stations', {
      name: '还没定价的充电点',
      communityId: datieguan,
      gridId: station.gridId,
    });
    assert.equal(bare.statusCode, 201, bare.body);
    const device = await staff.post('/api/devices', {
      code: 'ev-bare-01',
      type: 'ev_charger',
      name: '充电桩',
      gridId: station.gridId,
    });
    assert.equal(device.statusCode, 201, device.body);
    assert.equal(
      (await staff.post(`/api/charging/stations/${bare.json().id}/ports`, { label: 'B1', deviceCode: 'ev-bare-01' }))
        .statusCode,
      200,
    );
    const send = async (event: string, when: string, meterKwh: number) => {
      const res = await t
        .anonymous()
        .post(
          '/api/ingest/readings',
          { readings: [{ ts: new Date(local(when)).getTime(), event, data: { port: 1, meterKwh } }] },
          { authorization: `Bearer ${device.json().token}` },
        );
      assert.equal(res.statusCode, 200, res.body);
      await t.services.jobs.drain();
    };
    await send('charge_start', '2026-11-20T08:00:00', 5);
    await send('charge_stop', '2026-11-20T09:00:00', 6);
    const [s] = (await staff.get(`/api/charging/sessions?stationId=${bare.json().id}`)).json().items;
    assert.equal(s.status, 'flagged');
    assert.equal(s.flagReason, 'no_tariff');
    const audit = (
      await admin.get(`/api/audit?action=charging.session.flag&entityType=charging_session&entityId=${s.id}`)
    ).json().items;
    assert.equal(audit.length, 1);
    assert.equal(audit[0].actorId, null);
    assert.equal(audit[0].details.reason, 'no_tariff');
  });
});
