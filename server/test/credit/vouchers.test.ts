import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { addUser } from '../support/users.ts';

/** How a merchant honours vouchers (the points module) becomes one credit line per month, by itself. */
describe('merchant credit from vouchers', () => {
  let t: TestApp;
  let admin: Client;
  let owner: Client;
  let resident: Client;
  let shop: number;
  let datieguan: number;

  before(async () => {
    t = await startTestApp({ POINTS_CORRECTION_APPROVAL_ABOVE: '1000000' });
    t.clock.set(new Date('2026-03-05T02:00:00Z'));
    admin = await t.login('admin');
    datieguan = (
      await t.services.database.db
        .selectFrom('org.divisions')
        .select('id')
        .where('name', '=', '打铁关社区')
        .executeTakeFirstOrThrow()
    ).id;
    owner = await addUser(t, 'credit_owner', [{ role: 'merchant', divisionId: datieguan, gridId: null }]);
    resident = await addUser(t, 'credit_resident', [{ role: 'resident', divisionId: datieguan, gridId: null }]);
    const m = await admin.post('/api/points/merchants', {
      communityId: datieguan,
      userId: owner.me!.id,
      name: '信用测试小馆',
    });
    assert.equal(m.statusCode, 201, m.body);
    shop = m.json().id;
  });
  after(() => t.close());

  test('a month with every voucher redeemed gives +1; a month of lapsed vouchers takes points, once each', async () => {
    const item = await admin.post(`/api/points/merchants/${shop}/items`, {
      name: '5 元代金券',
      pricePoints: 10,
      cashValueFen: 500,
    });
    assert.equal(item.statusCode, 201, item.body);
    const given = await admin.post('/api/points/corrections', {
      communityId: datieguan,
      userId: resident.me!.id,
      amount: 30,
      reason: '测试发放',
      idempotencyKey: randomUUID(),
    });
    assert.equal(given.statusCode, 201, given.body);
    const vouchers = [];
    for (let i = 0; i < 3; i++) {
      const v = await resident.post('/api/points/vouchers', { itemId: item.json().id, idempotencyKey: randomUUID() });
      assert.equal(v.statusCode, 201, v.body);
      vouchers.push(v.json());
    }
    const redeemed = await owner.post('/api/points/vouchers/redeem', { code: vouchers[0].code });
    assert.equal(redeemed.statusCode, 200, redeemed.body);

    // April 2nd: March had one voucher redeemed and none lapsed → +1, dated the month's last day.
    t.clock.set(new Date('2026-04-02T02:00:00Z'));
    await t.services.jobs.runScheduled('credit.daily');
    await t.services.jobs.runScheduled('credit.daily');
    // The other two lapse at the start of April (30 days after the 5th of March).
    t.clock.set(new Date('2026-04-10T02:00:00Z'));
    await t.services.jobs.runScheduled('points.voucher-expiry');
    // May 2nd: April had two lapsed, none redeemed → −2.
    t.clock.set(new Date('2026-05-02T02:00:00Z'));
    await t.services.jobs.runScheduled('credit.daily');
    await t.services.jobs.runScheduled('credit.daily');

    admin = await t.login('admin');
    const b = (await admin.get(`/api/credit/merchants/${shop}`)).json();
    const lines = b.lines.map((l: { kind: string; occurredOn: string; points: number; source: object }) => ({
      kind: l.kind,
      occurredOn: l.occurredOn,
      points: l.points,
      source: l.source,
    }));
    assert.deepEqual(lines, [
      {
        kind: 'voucher',
        occurredOn: '2026-03-31',
        points: 1,
        source: { module: 'points', ref: '2026-03', recordedBy: null },
      },
      {
        kind: 'voucher',
        occurredOn: '2026-04-30',
        points: -2,
        source: { module: 'points', ref: '2026-04', recordedBy: null },
      },
    ]);
    // As of 2026-05-02: +1 at 32 days and −2 at 2 days, half-life 180 days.
    const expected = 80 + Math.round(100 * 0.5 ** (32 / 180)) / 100 + Math.round(-200 * 0.5 ** (2 / 180)) / 100;
    assert.equal(b.total, Math.round(expected * 100) / 100);
    assert.equal(b.score, 79);
    assert.deepEqual(
      b.snapshots.map((s: { month: string }) => s.month),
      ['2026-05', '2026-04'],
    );
  });
});
