import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as authRepo from '../../src/modules/auth/repository.ts';
import { hashPassword } from '../../src/modules/auth/service.ts';
import * as orgRepo from '../../src/modules/org/repository.ts';
import type { RequestContext } from '../../src/platform/context.ts';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { addResident, addUser } from '../support/users.ts';

describe('deliberation: topics, meetings, 协商铃, votes, comments', () => {
  let t: TestApp;
  let admin: Client;
  let staff: Client;
  let resident: Client;
  let ix: Awaited<ReturnType<typeof demoIndex>>;
  let datieguan: number;
  let users = 0;
  let passwordHash: string;

  before(async () => {
    // 1,000 ballots at once queue for ten connections: on a busy machine some wait past the default
    // 5 s and would be refused with 503, which is not what the ballot test is about.
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '500', DB_CONNECTION_WAIT_MS: '60000' });
    admin = await t.login('admin');
    staff = await t.login('community_datieguan');
    resident = await t.login('resident_demo');
    ix = await demoIndex(admin);
    datieguan = ix.division('打铁关社区').id;
    passwordHash = await hashPassword('gongzhi-demo');
  });
  after(() => t.close());

  const neighbour = () => addResident(t, `neighbour_${++users}`, datieguan, `邻居${users}`);
  const topicBody = (title: string, extra: Record<string, unknown> = {}) => ({
    title,
    body: '这是一个需要大家一起商量的社区议题，请发表意见。',
    ...extra,
  });

  /** A building of its own with owners of known floor areas, each an account; returns their service contexts. */
  async function buildingWithOwners(
    name: string,
    areas: number[],
  ): Promise<{ buildingId: number; owners: RequestContext[]; tenant: RequestContext }> {
    const db = t.services.database.db;
    const building = (await staff.post('/api/org/buildings', { communityId: datieguan, name })).json();
    const contexts: RequestContext[] = [];
    for (const [i, area] of areas.entries()) {
      const household = await orgRepo.ensureHousehold(db, building.id, null, `${101 + i}`, area, t.clock.now());
      const personId = await orgRepo.insertPerson(db, {
        community_id: datieguan,
        created_at: t.clock.now(),
        updated_at: t.clock.now(),
        building_id: building.id,
        household_id: household,
        name: `业主${i}`,
        is_owner: true,
        birth_date: '1970-01-01',
      });
      const userId = await authRepo.insertUser(
        db,
        { username: `${name}_owner_${i}`, phone: null, displayName: `业主${i}`, passwordHash, personId },
        t.clock.now(),
      );
      await authRepo.insertGrants(
        db,
        userId,
        [{ role: 'resident', divisionId: datieguan, gridId: null }],
        t.clock.now(),
      );
      contexts.push({
        actor: await t.services.auth.actorOf(userId),
        locale: 'zh-CN',
        ip: null,
        userAgent: 'test',
        requestId: null,
      });
    }
    // A tenant in the first household: a resident, not an owner.
    const tenantPerson = await orgRepo.insertPerson(db, {
      community_id: datieguan,
      created_at: t.clock.now(),
      updated_at: t.clock.now(),
      building_id: building.id,
      household_id: await orgRepo.ensureHousehold(db, building.id, null, '101', areas[0]!, t.clock.now()),
      name: '租户',
      is_owner: false,
      birth_date: '1990-01-01',
    });
    const tenantUser = await authRepo.insertUser(
      db,
      { username: `${name}_tenant`, phone: null, displayName: '租户', passwordHash, personId: tenantPerson },
      t.clock.now(),
    );
    await authRepo.insertGrants(
      db,
      tenantUser,
      [{ role: 'resident', divisionId: datieguan, gridId: null }],
      t.clock.now(),
    );
    return {
      buildingId: building.id,
      owners: contexts,
      tenant: {
        actor: await t.services.auth.actorOf(tenantUser),
        locale: 'zh-CN',
        ip: null,
        userAgent: 'test',
        requestId: null,
      },
    };
  }

  test('a topic gathers support; at the threshold it goes onto the agenda and the community admin hears of it', async () => {
    assert.equal(
      (await resident.put('/api/deliberation/settings', { communityId: datieguan, supportThreshold: 3 })).statusCode,
      403,
    );
    assert.equal(
      (await staff.put('/api/deliberation/settings', { communityId: datieguan, supportThreshold: 3 })).statusCode,
      200,
    );
    const raised = await resident.post('/api/deliberation/topics', topicBody('小区南门增设快递柜'));
    assert.equal(raised.statusCode, 201, raised.body);
    const topic = raised.json();
    assert.equal(topic.threshold, 3);
    assert.equal(topic.status, 'open');
    const supporters = [resident, await neighbour(), await neighbour()];
    const first = await supporters[0]!.post(`/api/deliberation/topics/${topic.id}/support`);
    assert.equal(first.json().supports, 1);
    assert.equal(
      (await supporters[0]!.post(`/api/deliberation/topics/${topic.id}/support`)).json().supports,
      1,
      'once per person',
    );
    await Promise.all(supporters.slice(1).map((s) => s.post(`/api/deliberation/topics/${topic.id}/support`)));
    const after = (await resident.get(`/api/deliberation/topics/${topic.id}`)).json();
    assert.equal(after.supports, 3);
    assert.equal(after.status, 'on_agenda');
    assert.equal(after.agendaBy, 'threshold');
    assert.equal(
      (await (await neighbour()).post(`/api/deliberation/topics/${topic.id}/support`)).statusCode,
      409,
      'support is for open topics',
    );
    const told = (await staff.get('/api/notifications?limit=20')).json().items;
    assert.ok(
      told.some(
        (n: { kind: string; entityId: string }) =>
          n.kind === 'deliberation.topic_agenda' && n.entityId === String(topic.id),
      ),
    );
    await t.services.jobs.drain();
    const statement = (await supporters[1]!.get('/api/points/me/statement')).json().items;
    assert.ok(
      statement.some((l: { memo: string; amount: number }) => l.memo.includes('快递柜') && l.amount === 1),
      'supporting earns a participation point by the demo rule',
    );
  });

  test('who may raise what, where: the committees speak through staff; a scope must lie in the community; others see nothing', async () => {
    assert.equal(
      (await resident.post('/api/deliberation/topics', topicBody('物业费调整', { party: 'property' }))).statusCode,
      403,
    );
    const otherBuilding = (
      await admin.get(`/api/org/buildings?communityId=${ix.division('王马社区').id}&limit=1`)
    ).json().items[0];
    const badScope = await resident.post(
      '/api/deliberation/topics',
      topicBody('外社区楼栋', { scopeKind: 'buildings', buildingIds: [otherBuilding.id] }),
    );
    assert.equal(badScope.statusCode, 400);
    assert.equal((await resident.post('/api/deliberation/topics', { title: '短', body: '太短' })).statusCode, 400);
    const topic = (
      await staff.post('/api/deliberation/topics', topicBody('三方协调：垃圾房搬迁', { party: 'owners_committee' }))
    ).json();
    const outsider = await addUser(t, `outsider_${++users}`, [
      { role: 'resident', divisionId: ix.division('恒通社区').id, gridId: null },
    ]);
    assert.equal((await outsider.get(`/api/deliberation/topics/${topic.id}`)).statusCode, 404);
    assert.equal((await outsider.post(`/api/deliberation/topics/${topic.id}/support`)).statusCode, 404);
    const otherStaff = await addUser(t, `wangma_admin_${++users}`, [
      { role: 'community_admin', divisionId: ix.division('王马社区').id, gridId: null },
    ]);
    assert.equal((await otherStaff.post(`/api/deliberation/topics/${topic.id}/agenda`, {})).statusCode, 404);
  });

  test('a meeting takes up the topic again (another round), records who came and the minutes; the decision is followed through in public', async (ctx) => {
    const start = t.clock.now();
    ctx.after(() => t.clock.set(start));
    const topic = (
      await staff.post('/api/deliberation/topics', topicBody('车棚充电桩收费标准', { party: 'residents_committee' }))
    ).json();
    await staff.post(`/api/deliberation/topics/${topic.id}/agenda`, {});
    const at = (hours: number) => new Date(start.getTime() + hours * 3_600_000).toISOString();
    const first = (
      await staff.post('/api/deliberation/meetings', {
        communityId: datieguan,
        kind: 'red_tea',
        title: '红茶议事会',
        startsAt: at(1),
        endsAt: at(3),
        topicIds: [topic.id],
      })
    ).json();
    const series = await staff.post('/api/deliberation/meetings', {
      communityId: datieguan,
      kind: 'half_month',
      title: '半月谈',
      startsAt: at(24),
      endsAt: at(26),
      recurrence: 'semimonthly',
      occurrences: 3,
      topicIds: [topic.id],
    });
    assert.equal(series.statusCode, 201, series.body);
    const list = (await resident.get(`/api/deliberation/meetings?communityId=${datieguan}&limit=50`))
      .json()
      .items.filter((m: { seriesId: number | null }) => m.seriesId === series.json().id);
    assert.equal(list.length, 3, 'three meetings of the series');
    const days = list.map((m: { startsAt: string }) => new Date(m.startsAt).getTime()).sort();
    assert.equal((days[1] - days[0]) / 86_400_000, 14);
    assert.deepEqual(
      (await resident.get(`/api/deliberation/topics/${topic.id}`)).json().rounds.map((r: { round: number }) => r.round),
      [1, 2],
      'the second meeting is its second round',
    );
    assert.equal(
      (await staff.post(`/api/deliberation/meetings/${first.id}/minutes`, { minutes: '会议尚未召开，不能有纪要内容' }))
        .statusCode,
      409,
    );

    t.clock.set(new Date(start.getTime() + 2 * 3_600_000));
    const s = await t.login('community_datieguan');
    const r = await t.login('resident_demo');
    assert.equal(
      (await r.post(`/api/deliberation/meetings/${first.id}/attendance`, { userIds: [r.me!.id] })).statusCode,
      403,
      'a resident sees the meeting but does not keep the register',
    );
    const stranger = await addUser(t, 'wangma_resident_m', [
      { role: 'resident', divisionId: ix.division('王马社区').id, gridId: null },
    ]);
    const outsider = await s.post(`/api/deliberation/meetings/${first.id}/attendance`, {
      userIds: [r.me!.id, stranger.me!.id, 987_654],
    });
    assert.equal(outsider.statusCode, 400, 'only people of the community');
    assert.deepEqual(
      outsider.json().error.details.map((d: { path: string }) => d.path),
      ['body.userIds.1', 'body.userIds.2'],
    );
    assert.equal(
      (await s.post(`/api/deliberation/meetings/${first.id}/participants`, { userIds: [stranger.me!.id] })).statusCode,
      400,
    );
    await s.post(`/api/deliberation/meetings/${first.id}/attendance`, { userIds: [r.me!.id] });
    await s.post(`/api/deliberation/meetings/${first.id}/attendance`, { userIds: [r.me!.id] });
    // Marked absent and present again: still one attendance to earn from.
    await s.post(`/api/deliberation/meetings/${first.id}/attendance`, { userIds: [] });
    await s.post(`/api/deliberation/meetings/${first.id}/attendance`, { userIds: [r.me!.id] });
    const minutes = await s.post(`/api/deliberation/meetings/${first.id}/minutes`, {
      minutes: '三方到会，讨论了充电桩收费标准，一致同意按电费加服务费收取。',
      outcomes: [{ topicId: topic.id, outcome: '同意' }],
      decisions: [
        { topicId: topic.id, title: '充电桩按电费加服务费收费', text: '服务费每度 0.3 元，物业每季度公示收支。' },
      ],
    });
    assert.equal(minutes.statusCode, 200, minutes.body);
    assert.equal(minutes.json().status, 'held');
    const again = await s.post(`/api/deliberation/meetings/${first.id}/minutes`, {
      minutes: '重复提交的会议纪要内容，不应再登记决定。',
      decisions: [{ topicId: topic.id, title: '重复的决定', text: '不应出现' }],
    });
    assert.equal(again.statusCode, 409, 'minutes are taken once');
    assert.equal((await s.get(`/api/deliberation/meetings/${first.id}`)).json().decisions.length, 1);
    assert.equal(minutes.json().participants.find((p: { userId: number }) => p.userId === r.me!.id).attended, true);
    assert.equal((await r.get(`/api/deliberation/topics/${topic.id}`)).json().status, 'decided');
    await t.services.jobs.drain();
    const earned = (await r.get('/api/points/me/statement'))
      .json()
      .items.filter((l: { memo: string }) => l.memo.includes('红茶议事会'));
    assert.equal(earned.length, 1, 'attending earns once, however often the register is saved');

    const decisionId = minutes.json().decisions[0].id;
    assert.equal(
      (
        await r.post(`/api/deliberation/decisions/${decisionId}/updates`, {
          status: 'done',
          progress: 100,
          note: '我说做完了',
        })
      ).statusCode,
      403,
    );
    const progress = await s.post(`/api/deliberation/decisions/${decisionId}/updates`, {
      status: 'in_progress',
      progress: 60,
      note: '收费公示已张贴',
    });
    assert.equal(progress.json().progress, 60);
    const seen = (await r.get(`/api/deliberation/decisions/${decisionId}`)).json();
    assert.equal(seen.updates[0].note, '收费公示已张贴', 'residents follow it through');
  });

  test('a monthly series keeps the local day and time, the last day of a shorter month, and its length', async () => {
    // 31 January 2027, 19:00–21:00 in Hangzhou (11:00–13:00 UTC).
    const res = await staff.post('/api/deliberation/meetings', {
      communityId: datieguan,
      kind: 'tripartite',
      title: '月度三方联席会',
      startsAt: '2027-01-31T11:00:00Z',
      endsAt: '2027-01-31T13:00:00Z',
      recurrence: 'monthly',
      occurrences: 3,
    });
    assert.equal(res.statusCode, 201, res.body);
    const series = (await staff.get(`/api/deliberation/meetings?communityId=${datieguan}&limit=100`))
      .json()
      .items.filter((m: { seriesId: number | null }) => m.seriesId === res.json().id);
    const times = series.map((m: { startsAt: string; endsAt: string }) => [m.startsAt, m.endsAt]).sort();
    assert.deepEqual(times, [
      ['2027-01-31T11:00:00.000Z', '2027-01-31T13:00:00.000Z'],
      ['2027-02-28T11:00:00.000Z', '2027-02-28T13:00:00.000Z'],
      ['2027-03-31T11:00:00.000Z', '2027-03-31T13:00:00.000Z'],
    ]);
    // Early on the 1st in Hangzhou is still the day before in UTC: the local day counts.
    const early = await staff.post('/api/deliberation/meetings', {
      communityId: datieguan,
      kind: 'red_tea',
      title: '月初早会',
      startsAt: '2027-02-28T23:00:00Z',
      endsAt: '2027-03-01T01:00:00Z',
      recurrence: 'monthly',
      occurrences: 2,
    });
    assert.equal(early.statusCode, 201, early.body);
    const second = (await staff.get(`/api/deliberation/meetings?communityId=${datieguan}&limit=100`))
      .json()
      .items.find(
        (m: { seriesId: number | null; id: number }) => m.seriesId === early.json().id && m.id !== early.json().id,
      );
    assert.equal(second.startsAt, '2027-03-31T23:00:00.000Z', '1 April, 07:00 in Hangzhou');
  });

  test('协商铃: a slot holds as many as it has room for, also when many book at once; bookings are reminded an hour before', async (ctx) => {
    const start = t.clock.now();
    ctx.after(() => t.clock.set(start));
    const desk = (
      await staff.post('/api/deliberation/desks', {
        communityId: datieguan,
        name: '协商铃测试台',
        kind: 'consultation',
      })
    ).json();
    const slotAt = new Date(start.getTime() + 3 * 3_600_000);
    const slots = await staff.post(`/api/deliberation/desks/${desk.id}/slots`, {
      slots: [
        { startsAt: slotAt.toISOString(), endsAt: new Date(slotAt.getTime() + 3_600_000).toISOString(), capacity: 2 },
      ],
    });
    const slot = slots.json().items.find((s: { startsAt: string }) => s.startsAt === slotAt.toISOString());
    const people = await Promise.all(Array.from({ length: 5 }, () => neighbour()));
    const results = await Promise.all(
      people.map((p) => p.post('/api/deliberation/bookings', { slotId: slot.id, subject: '想聊聊停车位的事' })),
    );
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [201, 201, 409, 409, 409]);
    const winner = people[results.findIndex((r) => r.statusCode === 201)]!;
    assert.equal(
      (await winner.post('/api/deliberation/bookings', { slotId: slot.id, subject: '再约一次' })).statusCode,
      409,
    );
    const mine = (await winner.get('/api/deliberation/bookings')).json().items;
    assert.equal(mine.length, 1);
    await winner.post(`/api/deliberation/bookings/${mine[0].id}/cancel`);
    const loser = people[results.findIndex((r) => r.statusCode === 409)]!;
    assert.equal(
      (await loser.post('/api/deliberation/bookings', { slotId: slot.id, subject: '轮到我了' })).statusCode,
      201,
      'a cancelled place opens',
    );

    t.clock.set(new Date(slotAt.getTime() - 30 * 60_000));
    assert.equal(await t.services.deliberation.remindBookings(t.clock.now()), 2);
    assert.equal(await t.services.deliberation.remindBookings(t.clock.now()), 0, 'once');
    const reminded = (await (await t.login(loser.me!.username)).get('/api/notifications?limit=5')).json().items;
    assert.ok(reminded.some((n: { kind: string }) => n.kind === 'deliberation.booking_reminder'));
    t.clock.set(new Date(slotAt.getTime() + 60_000));
    assert.equal(
      (
        await (
          await t.login(loser.me!.username)
        ).post('/api/deliberation/bookings', { slotId: slot.id, subject: '迟到了' })
      ).statusCode,
      409,
      'a slot under way cannot be booked',
    );
  });

  test('1,000 ballot requests at once from 500 voters give exactly 500 ballots; others are refused', async (ctx) => {
    const start = t.clock.now();
    ctx.after(() => t.clock.set(start));
    // 500 adult residents of a new building, each with an account.
    const db = t.services.database.db;
    const building = (await staff.post('/api/org/buildings', { communityId: datieguan, name: '表决测试楼' })).json();
    const voters: RequestContext[] = [];
    for (let i = 0; i < 500; i++) {
      const personId = await orgRepo.insertPerson(db, {
        community_id: datieguan,
        created_at: t.clock.now(),
        updated_at: t.clock.now(),
        building_id: building.id,
        name: `居民${i}`,
        birth_date: '1980-01-01',
      });
      const userId = await authRepo.insertUser(
        db,
        { username: `voter_${i}`, phone: null, displayName: `居民${i}`, passwordHash, personId },
        t.clock.now(),
      );
      await authRepo.insertGrants(
        db,
        userId,
        [{ role: 'resident', divisionId: datieguan, gridId: null }],
        t.clock.now(),
      );
      voters.push({
        actor: await t.services.auth.actorOf(userId),
        locale: 'zh-CN',
        ip: null,
        userAgent: 'test',
        requestId: null,
      });
    }
    const vote = await staff.post('/api/deliberation/votes', {
      communityId: datieguan,
      title: '广场舞时段',
      question: '广场舞改在哪个时段？',
      electorate: 'residents',
      scopeKind: 'buildings',
      buildingIds: [building.id],
      options: [
        { key: 'early', label: '19:00–20:00' },
        { key: 'late', label: '20:00–21:00' },
      ],
      noticeAt: start.toISOString(),
      opensAt: new Date(start.getTime() + 3_600_000).toISOString(),
      closesAt: new Date(start.getTime() + 48 * 3_600_000).toISOString(),
    });
    assert.equal(vote.statusCode, 201, vote.body);
    const v = vote.json();
    assert.equal(v.voters, 500);
    assert.equal(v.phase, 'notice');
    assert.equal(
      await t.services.deliberation.castBallot(voters[0]!, v.id, { choice: 'early' }).catch((e) => e.status),
      409,
      'not open during the notice period',
    );

    t.clock.set(new Date(start.getTime() + 2 * 3_600_000));
    const outsiders = await Promise.all(Array.from({ length: 5 }, () => neighbour()));
    const requests = voters.flatMap((ctx, i) =>
      [0, 1].map(() => t.services.deliberation.castBallot(ctx, v.id, { choice: i % 3 === 0 ? 'late' : 'early' })),
    );
    const outcomes = await Promise.allSettled([
      ...requests,
      ...outsiders.map((o) => o.post(`/api/deliberation/votes/${v.id}/ballot`, { choice: 'early' })),
    ]);
    const ballots = Number(
      (
        await db
          .selectFrom('deliberation.ballots')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('vote_id', '=', v.id)
          .executeTakeFirstOrThrow()
      ).n,
    );
    assert.equal(ballots, 500);
    assert.equal(outcomes.slice(0, 1000).filter((o) => o.status === 'fulfilled').length, 500);
    assert.ok(
      outcomes.slice(0, 1000).every((o) => o.status === 'fulfilled' || (o.reason as { status: number }).status === 409),
    );
    assert.ok(
      outcomes
        .slice(1000)
        .every((o) => o.status === 'fulfilled' && (o.value as { statusCode: number }).statusCode === 403),
      'residents not on the roll are refused',
    );
    assert.equal((await resident.post(`/api/deliberation/votes/${v.id}/ballot`, { choice: 'nope' })).statusCode, 400);

    const during = (await (await t.login('resident_demo')).get(`/api/deliberation/votes/${v.id}`)).json();
    assert.equal(during.result, null, 'no running count while voting is open');
    assert.equal(during.ballots, 500);
    t.clock.set(new Date(start.getTime() + 49 * 3_600_000));
    const anonymous = await t.anonymous().post(`/api/deliberation/votes/${v.id}/count`);
    assert.equal(anonymous.statusCode, 401, 'no one counts without signing in');
    assert.equal(
      (await (await t.login('resident_demo')).post(`/api/deliberation/votes/${v.id}/count`)).statusCode,
      403,
      'nor a resident',
    );
    assert.equal(
      (await (await t.login('resident_demo')).get(`/api/deliberation/votes/${v.id}`)).json().phase,
      'closed',
      'still uncounted',
    );
    const counted = await (await t.login('community_datieguan')).post(`/api/deliberation/votes/${v.id}/count`);
    assert.equal(counted.statusCode, 200, counted.body);
    const result = counted.json().result;
    assert.deepEqual(
      result.tallies.map((x: { ballots: number }) => x.ballots),
      [333, 167],
    );
    assert.equal(result.reckoning.winner, 'early');
    assert.deepEqual(result.reckoning.turnout, { num: 500, den: 500, value: 1 });
    // Secret ballot: the record says who voted, never what.
    const audit = (
      await (
        await t.login('admin')
      ).get(`/api/audit?entityType=vote&entityId=${v.id}&action=deliberation.vote.cast&limit=5`)
    ).json().items;
    assert.ok(
      audit.length > 0 &&
        audit.every(
          (a: { details: object }) =>
            !JSON.stringify(a.details).includes('early') && !JSON.stringify(a.details).includes('late'),
        ),
    );
  });

  test("an owners' vote on adding a lift: one ballot per exclusive part, cast by an owner, reckoned under art. 278 with area and count", async (ctx) => {
    const start = t.clock.now();
    ctx.after(() => t.clock.set(start));
    // Six exclusive parts: 90, 90, 90, 60, 60, 120 m² (510 in all).
    const { buildingId, owners, tenant } = await buildingWithOwners('加装电梯楼', [90, 90, 90, 60, 60, 120]);
    const topic = (
      await staff.post(
        '/api/deliberation/topics',
        topicBody('加装电梯楼加装电梯', {
          party: 'owners_committee',
          scopeKind: 'buildings',
          buildingIds: [buildingId],
        }),
      )
    ).json();
    await staff.post(`/api/deliberation/topics/${topic.id}/agenda`, {});
    const created = await staff.post('/api/deliberation/votes', {
      communityId: datieguan,
      topicId: topic.id,
      title: '加装电梯业主表决',
      question: '是否同意加装电梯？',
      electorate: 'owners',
      special: true,
      scopeKind: 'buildings',
      buildingIds: [buildingId],
      noticeAt: start.toISOString(),
      opensAt: start.toISOString(),
      closesAt: new Date(start.getTime() + 24 * 3_600_000).toISOString(),
    });
    assert.equal(created.statusCode, 201, created.body);
    const v = created.json();
    assert.equal(v.voters, 6);
    assert.equal(v.totalAreaM2, 510);
    assert.equal(v.rule, 'art278_special');
    assert.deepEqual(
      v.options.map((o: { key: string }) => o.key),
      ['agree', 'oppose', 'abstain'],
    );
    await assert.rejects(
      t.services.deliberation.castBallot(tenant, v.id, { choice: 'agree' }),
      (e: { status: number }) => e.status === 403,
      'a tenant is no owner',
    );
    // Five of six take part (430 m² of 510): agree 90+90+90+60 = 330 m² and 4 heads; oppose 60 m², abstain none... and 120 m² stays away.
    for (const [i, choice] of ['agree', 'agree', 'agree', 'agree', 'oppose'].entries())
      await t.services.deliberation.castBallot(owners[i]!, v.id, { choice });
    await assert.rejects(
      t.services.deliberation.castBallot(owners[0]!, v.id, { choice: 'oppose' }),
      (e: { status: number }) => e.status === 409,
      'no change once cast',
    );
    t.clock.set(new Date(start.getTime() + 25 * 3_600_000));
    const counted = (await (await t.login('community_datieguan')).post(`/api/deliberation/votes/${v.id}/count`)).json();
    const r = counted.result.reckoning;
    assert.deepEqual([r.participationByCount.num, r.participationByCount.den], [5, 6]);
    assert.deepEqual([r.participationByArea.num, r.participationByArea.den], [39_000, 51_000]);
    assert.equal(r.quorumMet, true);
    assert.deepEqual([r.agreementByCount.num, r.agreementByCount.den], [4, 5]);
    assert.deepEqual([r.agreementByArea.num, r.agreementByArea.den], [33_000, 39_000]);
    assert.equal(r.agreementMet, true, '4/5 ≥ 3/4 by count and 330/390 ≥ 3/4 by area');
    assert.equal(r.passed, true);
    assert.equal(counted.phase, 'counted');
    const after = (await (await t.login('resident_demo')).get(`/api/deliberation/topics/${topic.id}`)).json();
    assert.equal(after.status, 'decided');
    assert.equal(after.decisions.length, 1, 'the decision is followed through');
    assert.equal(
      (await (await t.login('community_datieguan')).post(`/api/deliberation/votes/${v.id}/count`)).statusCode,
      409,
      'counted once',
    );
  });

  test('comments are threaded; flagged ones can be hidden by staff, and then read as hidden by residents', async () => {
    const topic = (await resident.post('/api/deliberation/topics', topicBody('楼下早餐摊油烟'))).json();
    const first = (
      await resident.post(`/api/deliberation/topic/${topic.id}/comments`, { body: '油烟确实大，希望加装净化器' })
    ).json();
    const other = await neighbour();
    const reply = await other.post(`/api/deliberation/topic/${topic.id}/comments`, {
      body: '你家才油烟大！！！',
      parentId: first.id,
    });
    assert.equal(reply.statusCode, 201);
    assert.equal(
      (await other.post(`/api/deliberation/topic/${topic.id}/comments`, { body: '错位回复', parentId: 999999 }))
        .statusCode,
      400,
    );
    await resident.post(`/api/deliberation/comments/${reply.json().id}/flag`, { reason: '人身攻击' });
    await resident.post(`/api/deliberation/comments/${reply.json().id}/flag`, { reason: '再举报一次' });
    const flagged = (await staff.get('/api/deliberation/comments/flagged'))
      .json()
      .items.find((c: { id: number }) => c.id === reply.json().id);
    assert.equal(flagged.flags, 1, 'one flag per person');
    assert.equal(
      (await resident.post(`/api/deliberation/comments/${reply.json().id}/moderate`, { hidden: true })).statusCode,
      403,
      'residents see comments but do not moderate',
    );
    await staff.post(`/api/deliberation/comments/${reply.json().id}/moderate`, { hidden: true, reason: '人身攻击' });
    const seen = (await resident.get(`/api/deliberation/topic/${topic.id}/comments`)).json().items;
    const hidden = seen.find((c: { id: number }) => c.id === reply.json().id);
    assert.deepEqual([hidden.hidden, hidden.body, hidden.parentId], [true, '', first.id]);
    assert.equal(
      (await staff.get(`/api/deliberation/topic/${topic.id}/comments`))
        .json()
        .items.find((c: { id: number }) => c.id === reply.json().id).body,
      '你家才油烟大！！！',
    );
  });
});
