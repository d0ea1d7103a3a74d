import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, before, describe, test } from 'node:test';
import { ledgerProblems } from '../../src/modules/points/ledger.ts';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { addResident } from '../support/users.ts';

/** A moment given in China time. */
const cst = (local: string) => new Date(`${local}+08:00`);

describe('earning points: rules, caps, dates, expiry', () => {
  let t: TestApp;
  let admin: Client;
  let datieguan: number;
  let users = 0;

  before(async () => {
    // Balances are set up by corrections; their approval rule is tested in corrections.test.ts.
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '500', POINTS_CORRECTION_APPROVAL_ABOVE: '1000000' });
    admin = await t.login('admin');
    datieguan = (await demoIndex(admin)).division('打铁关社区').id;
  });
  afterEach(async () => assert.deepEqual(await ledgerProblems(t.services.database.db), []));
  after(() => t.close());

  const newResident = async () => addResident(t, `earner_${++users}`, datieguan);
  const award = (
    userId: number,
    units: number,
    at: Date,
    eventType: 'volunteer.hours_approved' | 'good_deed.verified' | 'course.completed' = 'volunteer.hours_approved',
  ) =>
    t.services.points.award({
      userId,
      communityId: datieguan,
      eventType,
      units,
      eventId: randomUUID(),
      at,
      memo: '测试',
    });
  const balance = async (userId: number) => {
    const account = await t.services.points.personAccountId(userId);
    return Number(
      (
        await t.services.database.db
          .selectFrom('points.accounts')
          .select('balance')
          .where('id', '=', account)
          .executeTakeFirstOrThrow()
      ).balance,
    );
  };

  test("an hour of service earns by the community's rule, within its daily and monthly caps (China days)", async () => {
    const r = await newResident();
    const id = r.me!.id;
    // The demo rule: 10 per hour, at most 80 a day and 600 a month.
    assert.equal(await award(id, 5, cst('2026-11-10T10:00:00')), 50);
    assert.equal(await award(id, 5, cst('2026-11-10T20:00:00')), 30, 'capped at 80 that day');
    assert.equal(await award(id, 1, cst('2026-11-10T23:59:00')), 0);
    assert.equal(
      await award(id, 1, cst('2026-11-11T00:01:00')),
      10,
      'a new day in China, though still the 10th in UTC',
    );
    assert.equal(await award(id, 1.5, cst('2026-11-11T09:00:00')), 15, 'half hours count');
    for (let day = 12; day <= 17; day++) assert.equal(await award(id, 8, cst(`2026-11-${day}T10:00:00`)), 80);
    assert.equal(await award(id, 8, cst('2026-11-18T10:00:00')), 600 - (80 + 25 + 6 * 80), 'what is left of the month');
    assert.equal(await award(id, 8, cst('2026-11-19T10:00:00')), 0);
    assert.equal(await award(id, 2, cst('2026-12-01T10:00:00')), 20, 'a new month');
    assert.equal(await balance(id), 600 + 20);
  });

  test('a replayed event posts nothing', async () => {
    const r = await newResident();
    const event = {
      id: randomUUID(),
      type: 'good_deed.verified',
      occurredAt: t.clock.now().toISOString(),
      actorId: null,
      payload: { userId: r.me!.id, communityId: datieguan },
    };
    await t.services.points.onEarningEvent(event);
    await t.services.points.onEarningEvent(event);
    await Promise.all([t.services.points.onEarningEvent(event), t.services.points.onEarningEvent(event)]);
    assert.equal(await balance(r.me!.id), 20);
  });

  test('two awards at once cannot both slip under a cap', async () => {
    const r = await newResident();
    const results = await Promise.all(Array.from({ length: 10 }, () => award(r.me!.id, 3, cst('2026-11-05T10:00:00'))));
    assert.equal(
      results.reduce((a, b) => a + b, 0),
      80,
    );
    assert.equal(await balance(r.me!.id), 80);
  });

  test('a rule change applies from its start date on; staff cannot date it back', async (ctx) => {
    const start = t.clock.now();
    ctx.after(() => t.clock.set(start));
    const community = await t.login('community_datieguan');
    const today = new Date(start.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const tomorrow = new Date(start.getTime() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
    const yesterday = new Date(start.getTime() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
    // The demo rule: a completed course earns 10; from tomorrow, 15.
    const back = await community.post('/api/points/rules', {
      communityId: datieguan,
      eventType: 'course.completed',
      pointsPerUnit: 15,
      effectiveFrom: yesterday,
    });
    assert.equal(back.statusCode, 400);
    const set = await community.post('/api/points/rules', {
      communityId: datieguan,
      eventType: 'course.completed',
      pointsPerUnit: 15,
      dailyCap: 100,
      effectiveFrom: tomorrow,
    });
    assert.equal(set.statusCode, 201, set.body);
    const elsewhere = await community.post('/api/points/rules', {
      communityId: (await demoIndex(admin)).division('王马社区').id,
      eventType: 'vote.cast',
      pointsPerUnit: 1,
      effectiveFrom: today,
    });
    assert.equal(elsewhere.statusCode, 403, "another community's rules are not theirs");
    const r = await newResident();
    assert.equal(await award(r.me!.id, 1, start, 'course.completed'), 10, 'today the old rule holds');
    assert.equal(
      await award(r.me!.id, 1, new Date(start.getTime() + 86_400_000), 'course.completed'),
      15,
      'tomorrow the new one',
    );
    const rules = (await community.get('/api/points/rules'))
      .json()
      .items.filter(
        (x: { communityId: number; eventType: string }) =>
          x.communityId === datieguan && x.eventType === 'course.completed',
      );
    assert.deepEqual(rules.map((x: { effectiveFrom: string }) => x.effectiveFrom).slice(0, 1), [tomorrow]);
  });

  test('points expire at the end of the year after they were earned, oldest spent first', async (ctx) => {
    const start = t.clock.now();
    ctx.after(() => t.clock.set(start));
    const r = await newResident();
    const id = r.me!.id;
    // 2026: earns 50 and is granted 30; spends 60 of it (on the oldest first).
    assert.equal(await award(id, 5, cst('2026-03-01T10:00:00')), 50);
    await admin.post('/api/points/corrections', {
      communityId: datieguan,
      userId: id,
      amount: 30,
      reason: '补录',
      idempotencyKey: randomUUID(),
    });
    await admin.post('/api/points/corrections', {
      communityId: datieguan,
      userId: id,
      amount: -60,
      reason: '测试扣减',
      idempotencyKey: randomUUID(),
    });
    // 2027: earns 40 more.
    assert.equal(await award(id, 4, cst('2027-05-01T10:00:00')), 40);
    assert.equal(await balance(id), 60);

    // New year 2027: nothing is old enough yet (2026's points last until the end of 2027).
    t.clock.set(cst('2027-06-01T00:30:00'));
    assert.equal((await t.services.points.expire(t.clock.now()))?.expired ?? 0, 0);
    assert.equal(await balance(id), 60);
    // New year 2028: what is left of 2026's 80 (80 − 60 spent = 20) expires; 2027's 40 stays.
    t.clock.set(cst('2028-01-01T00:30:00'));
    const run = await t.services.points.expire(t.clock.now());
    assert.equal(run?.cutoff, '2026-12-31');
    assert.equal(await balance(id), 40);
    assert.equal(await t.services.points.expire(t.clock.now()), null, 'once per year');
    assert.equal(await balance(id), 40);
  });

  test('leaderboards by period and honours from them; a resident sees their own community only', async () => {
    const [a, b] = [await newResident(), await newResident()];
    await award(a.me!.id, 3, cst('2026-10-05T10:00:00'));
    await award(b.me!.id, 5, cst('2026-10-06T10:00:00'));
    const october = (await a.get(`/api/points/leaderboard?communityId=${datieguan}&period=2026-10`)).json().items;
    const ranks = october
      .filter((x: { userId: number }) => x.userId === a.me!.id || x.userId === b.me!.id)
      .map((x: { userId: number; points: number }) => [x.userId, x.points]);
    assert.deepEqual(ranks, [
      [b.me!.id, 50],
      [a.me!.id, 30],
    ]);
    assert.equal(
      (await a.get(`/api/points/leaderboard?communityId=${(await demoIndex(admin)).division('恒通社区').id}`))
        .statusCode,
      404,
    );
    const community = await t.login('community_datieguan');
    const honours = await community.post('/api/points/honours', {
      communityId: datieguan,
      title: '最美志愿者',
      period: '2026-10',
      top: 2,
    });
    assert.equal(honours.statusCode, 201, honours.body);
    assert.ok(
      honours
        .json()
        .items.some((h: { userId: number; title: string }) => h.userId === b.me!.id && h.title === '最美志愿者'),
    );
    assert.equal(
      (await a.post('/api/points/honours', { communityId: datieguan, title: '自封', period: '2026-10' })).statusCode,
      403,
    );
  });

  test('staff who earn points do not rank beside residents or take their honours, unless the community says so', async () => {
    const resident = await newResident();
    const gridWorker = await t.login('grid_datieguan_01');
    const secretary = await t.login('community_datieguan');
    // The staff out-earn the resident in September.
    await award(gridWorker.me!.id, 8, cst('2026-09-05T10:00:00'));
    await award(secretary.me!.id, 6, cst('2026-09-06T10:00:00'));
    await award(resident.me!.id, 2, cst('2026-09-07T10:00:00'));
    const staffIds = [gridWorker.me!.id, secretary.me!.id];

    const board = (
      await resident.get(`/api/points/leaderboard?communityId=${datieguan}&period=2026-09&limit=1`)
    ).json();
    assert.deepEqual(
      board.items.map((x: { userId: number; rank: number }) => [x.userId, x.rank]),
      [[resident.me!.id, 1]],
      'the top resident is first, and the limit counts residents',
    );

    const honours = await secretary.post('/api/points/honours', {
      communityId: datieguan,
      title: '九月之星',
      period: '2026-09',
      top: 1,
    });
    assert.equal(honours.statusCode, 201, honours.body);
    const september = honours.json().items.filter((h: { title: string }) => h.title === '九月之星');
    assert.deepEqual(
      september.map((h: { userId: number }) => h.userId),
      [resident.me!.id],
    );

    const withStaff = await secretary.post('/api/points/honours', {
      communityId: datieguan,
      title: '九月最美工作者',
      period: '2026-09',
      top: 2,
      includeStaff: true,
    });
    const honouredStaff = withStaff
      .json()
      .items.filter((h: { title: string }) => h.title === '九月最美工作者')
      .map((h: { userId: number }) => h.userId)
      .sort();
    assert.deepEqual(honouredStaff, [...staffIds].sort());
  });
});
