import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { multipart } from '../support/csv.ts';
import { factories, type Factories } from '../support/factories.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { categoryId, countMatters } from '../support/matters.ts';

/**
 * Visits (走访), who is due one, and the work log (工作日志) that writes itself, on a
 * controllable clock: the days are 20 and 21 November 2026 in Asia/Shanghai.
 */
describe('field: visits, visits due, the work log', () => {
  let t: TestApp;
  let f: Factories;
  let w1: Client;
  let w3: Client;
  let communityAdmin: Client;
  let otherAdmin: Client;
  let community: { id: number };
  let g1: Awaited<ReturnType<Factories['grid']>>;
  let b1: { id: number };
  let alone: { id: number; name: string };
  let plain: { id: number };
  let aloneElsewhere: { id: number };
  let disabled: { id: number };
  let hawkers: number;

  const at = (hhmm: string, day = '2026-11-20') => new Date(`${day}T${hhmm}:00+08:00`);
  const spot = (north = 0) => ({ lat: g1.corner.lat + 0.003 + (north / 100) * 0.0009, lng: g1.corner.lng + 0.003 });
  /** Moves the clock; sessions lapse over days on it, so everyone signs in again. */
  async function setClock(when: Date) {
    t.clock.set(when);
    for (const c of [w1, w3, communityAdmin, otherAdmin]) Object.assign(c, await t.login(c.me!.username));
  }

  before(async () => {
    // Every move of the clock signs everyone in again.
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '500' });
    t.clock.set(at('08:00'));
    f = await factories(t);
    community = await f.community();
    g1 = await f.grid(community.id);
    const g2 = await f.grid(community.id);
    b1 = await f.building(community.id, { gridId: g1.id, lat: g1.corner.lat + 0.005, lng: g1.corner.lng + 0.005 });
    alone = await f.person(community.id, { gridId: g1.id, tags: ['elderly_alone'] });
    plain = await f.person(community.id, { gridId: g1.id });
    aloneElsewhere = await f.person(community.id, { gridId: g2.id, tags: ['elderly_alone'] });
    disabled = await f.person(community.id, { gridId: g1.id, tags: ['disabled'] });
    w1 = await f.user([{ role: 'grid_worker', divisionId: null, gridId: g1.id }], '网格员 一');
    w3 = await f.user([{ role: 'grid_worker', divisionId: null, gridId: g1.id }], '网格员 三');
    communityAdmin = await f.user([{ role: 'community_admin', divisionId: community.id, gridId: null }]);
    const elsewhere = await f.community();
    otherAdmin = await f.user([{ role: 'community_admin', divisionId: elsewhere.id, gridId: null }]);
    hawkers = await categoryId(w1, 'event.street_order.hawkers');
  });
  after(() => t.close());

  const due = async (as: Client, query = '') => {
    const res = await as.get(`/api/field/visits/due?limit=50${query}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };

  test('visits due: elders living alone of my grid, never visited, due today', async () => {
    const list = await due(w1);
    assert.deepEqual(
      list.items.map((i: any) => [i.personId, i.everyDays, i.lastVisitAt, i.dueOn, i.daysOverdue]),
      [[alone.id, 7, null, '2026-11-20', 0]],
    );
    assert.equal(list.truncated, false);
    assert.equal((await due(w1, `&q=${encodeURIComponent(alone.name)}`)).items.length, 1);
    assert.equal((await due(w1, '&q=nobody')).items.length, 0);
    // The administrator sees both grids' elders, one page at a time.
    const first = (await communityAdmin.get('/api/field/visits/due?limit=1')).json();
    assert.equal(first.items.length, 1);
    assert.ok(first.nextCursor);
    const second = (await communityAdmin.get(`/api/field/visits/due?limit=1&cursor=${first.nextCursor}`)).json();
    assert.deepEqual([first.items[0].personId, second.items[0].personId].sort(), [alone.id, aloneElsewhere.id].sort());
    assert.equal(second.nextCursor, null);
  });

  test('a visit takes a person off the list until their interval has passed', async () => {
    t.clock.set(at('08:30'));
    const res = await w1.post('/api/field/visits', { personId: alone.id, method: 'home', notes: '身体不错，冰箱有菜' });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().subjectName, alone.name);
    assert.deepEqual(res.json().matterIds, []);
    assert.deepEqual((await due(w1)).items, []);

    await setClock(at('09:00', '2026-11-27'));
    assert.deepEqual(
      (await due(w1)).items.map((i: any) => [i.personId, i.dueOn, i.daysOverdue, i.lastVisitAt]),
      [[alone.id, '2026-11-27', 0, at('08:30').toISOString()]],
    );
    await setClock(at('09:00', '2026-11-29'));
    assert.equal((await due(w1)).items[0].daysOverdue, 2);
    await setClock(at('08:00'));
  });

  test('a visit to a household, by its address', async () => {
    const household = await f.admin.post(`/api/org/buildings/${b1.id}/households`, { unitName: '2单元', room: '302' });
    assert.equal(household.statusCode, 201, household.body);
    const res = await w1.post('/api/field/visits', { householdId: household.json().id, method: 'home' });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().personId, null);
    assert.equal(res.json().gridId, g1.id);
    assert.match(res.json().subjectName, /2单元302$/);
  });

  test("a visit's photos are the visitor's own uploads", async () => {
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3a6' } })
      .jpeg()
      .toBuffer();
    const { payload, headers } = multipart('photo', 'visit.jpg', jpeg);
    const upload = await w1.raw({ method: 'POST', url: '/api/media', payload, headers });
    assert.equal(upload.statusCode, 201, upload.body);
    const { token } = upload.json();
    const neighbour = await f.person(community.id, { gridId: g1.id });
    const someoneElses = await w3.post('/api/field/visits', { personId: neighbour.id, photos: [token] });
    assert.equal(someoneElses.statusCode, 400);
    const res = await w1.post('/api/field/visits', { personId: neighbour.id, method: 'street', photos: [token] });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().photos.length, 1);
    assert.equal((await w1.get(res.json().photos[0].url)).statusCode, 200);
  });

  test('the list of visits: by community, method, and a name of the visited or the visitor', async () => {
    const list = async (query: string, as: Client = communityAdmin) => {
      const res = await as.get(`/api/field/visits?limit=50${query}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json().items.map((v: any) => v.id);
    };
    const all = await list('');
    assert.ok(all.length >= 3, 'the visits made so far');
    assert.deepEqual(await list(`&communityId=${community.id}`), all);
    assert.deepEqual(await list(`&gridId=${g1.id}`), all);
    const street = await list('&method=street');
    assert.equal(street.length, 1);
    assert.deepEqual(await list(`&q=${encodeURIComponent(alone.name)}`), [all.at(-1)]);
    assert.deepEqual(await list(`&q=${encodeURIComponent('网格员 一')}`), all);
    assert.deepEqual(await list(`&q=${encodeURIComponent('网格员 三')}`), []);
    assert.deepEqual(await list('&q=%25'), [], 'a % is a character, not a wildcard');
    // Another community's administrator sees none of them, whatever the filter asks.
    assert.deepEqual(await list(`&communityId=${community.id}`, otherAdmin), []);
  });

  test('visits stay in the worker’s area and name exactly one person or household', async () => {
    const other = await w1.post('/api/field/visits', { personId: aloneElsewhere.id });
    assert.equal(other.statusCode, 400, other.body);
    assert.equal(other.json().error.details[0].path, 'body.personId');
    assert.equal((await w1.post('/api/field/visits', {})).statusCode, 400);
    assert.equal((await w1.post('/api/field/visits', { personId: plain.id, householdId: 1 })).statusCode, 400);
    const future = await w1.post('/api/field/visits', { personId: plain.id, visitedAt: at('12:00').toISOString() });
    assert.equal(future.statusCode, 400);
  });

  test('a community sets its own intervals per tag; only its administrators may', async () => {
    const refused = await w1.put(`/api/field/visit-rules/${community.id}`, {
      rules: [{ tag: 'disabled', everyDays: 30 }],
    });
    assert.equal(refused.statusCode, 403);
    assert.equal(
      (await communityAdmin.put(`/api/field/visit-rules/${community.id}`, { rules: [{ tag: '某某', everyDays: 3 }] }))
        .statusCode,
      400,
    );
    const set = await communityAdmin.put(`/api/field/visit-rules/${community.id}`, {
      rules: [{ tag: 'disabled', everyDays: 30 }],
    });
    assert.equal(set.statusCode, 200, set.body);
    assert.deepEqual(
      set.json().rules.map((r: any) => [r.tag, r.everyDays, r.isDefault]),
      [
        ['disabled', 30, false],
        ['elderly_alone', 7, true],
      ],
    );
    assert.ok((await due(w1)).items.some((i: any) => i.personId === disabled.id && i.everyDays === 30));
    assert.equal((await otherAdmin.get(`/api/field/visit-rules/${community.id}`)).statusCode, 404);
  });

  test('a visit with a concern opens a matter in the person’s grid', async () => {
    t.clock.set(at('09:10'));
    const res = await w3.post('/api/field/visits', {
      personId: plain.id,
      method: 'phone',
      concerns: [{ categoryId: hawkers, description: '走访反映：楼下有流动摊贩占道' }],
    });
    assert.equal(res.statusCode, 201, res.body);
    const [matterId] = res.json().matterIds;
    const matter = (await communityAdmin.get(`/api/matters/${matterId}`)).json();
    assert.equal(matter.grid.id, g1.id);
    assert.equal(matter.status, 'reported');
    // A bad category among the concerns: a 400, and neither a matter nor a visit is made.
    const mattersBefore = await countMatters(t);
    const bad = await w3.post('/api/field/visits', {
      personId: plain.id,
      concerns: [
        { categoryId: hawkers, description: '第一条没问题' },
        { categoryId: 999999, description: '第二条分类不存在' },
      ],
    });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.equal(bad.json().error.details[0].path, 'body.concerns.1.categoryId');
    assert.equal(await countMatters(t), mattersBefore);
    const listed = (await communityAdmin.get(`/api/field/visits?personId=${plain.id}`)).json();
    assert.deepEqual(
      listed.items.map((v: any) => [v.visitorName, v.method, v.matterIds]),
      [['网格员 三', 'phone', [matterId]]],
    );
  });

  /** A patrol of w3 from `from` to `to` (local times of a day), walking north `meters`, checking in at b1. */
  async function patrol(day: string, from: string, to: string, meters: number) {
    t.clock.set(at(from, day));
    const p = (await w3.post('/api/field/patrols', {})).json();
    t.clock.set(new Date(at(from, day).getTime() + 5 * 60_000));
    const samples = [0, meters].map((north, i) => ({
      ...spot(north),
      accuracy: 8,
      at: new Date(at(from, day).getTime() + (i + 1) * 60_000).toISOString(),
    }));
    assert.equal((await w3.post(`/api/field/patrols/${p.id}/samples`, { samples })).statusCode, 200);
    assert.equal((await w3.post(`/api/field/patrols/${p.id}/check-ins`, { buildingId: b1.id })).statusCode, 200);
    t.clock.set(at(to, day));
    assert.equal((await w3.post(`/api/field/patrols/${p.id}/stop`)).statusCode, 200);
  }

  const zero = {
    patrols: 0,
    patrolSeconds: 0,
    patrolMeters: 0,
    buildingsCheckedIn: 0,
    visits: 0,
    mattersReported: 0,
    mattersTaken: 0,
    mattersClosed: 0,
  };

  test('the work log of a day and a month, made from what was recorded', async () => {
    // 20 Nov: the visit above with its concern (reported), a patrol, the concern taken up and
    // resolved, and something fixed on the spot (随手做: reported and resolved).
    await patrol('2026-11-20', '10:00', '11:00', 100);
    const concern = (await communityAdmin.get(`/api/field/visits?personId=${plain.id}`)).json().items[0].matterIds[0];
    // w3 accepts it; the grid has two workers, so the administrator hands it to w3 to handle.
    const steps: Array<[Client, string, object]> = [
      [w3, 'accept', {}],
      [communityAdmin, 'dispatch', { assigneeUserId: w3.me!.id }],
      [w3, 'start', {}],
      [w3, 'resolve', { note: '已劝离摊贩' }],
    ];
    for (const [as, action, body] of steps) {
      const res = await as.post(`/api/matters/${concern}/${action}`, body);
      assert.equal(res.statusCode, 200, `${action}: ${res.body}`);
    }
    const onSpot = await w3.post('/api/matters', {
      categoryId: hawkers,
      description: '随手做：扶起倒地的共享单车',
      ...spot(10),
      resolvedOnSpot: true,
      note: '已扶正',
    });
    assert.equal(onSpot.statusCode, 201, onSpot.body);
    // 21 Nov, 07:30 local (still 20 Nov in UTC): a half-hour patrol.
    await setClock(at('07:30', '2026-11-21'));
    await patrol('2026-11-21', '07:30', '08:00', 200);

    const day = await w3.get('/api/field/work-log?date=2026-11-20');
    assert.equal(day.statusCode, 200, day.body);
    const d = day.json();
    assert.equal(d.from, '2026-11-20');
    assert.equal(d.to, '2026-11-20');
    assert.equal(d.userName, '网格员 三');
    const { patrolMeters, ...rest } = d.totals;
    assert.ok(Math.abs(patrolMeters - 100) <= 1, `about 100 m, got ${patrolMeters}`);
    assert.deepEqual(rest, {
      patrols: 1,
      patrolSeconds: 3600,
      buildingsCheckedIn: 1,
      visits: 1,
      mattersReported: 2,
      mattersTaken: 1,
      mattersClosed: 2,
    });
    assert.deepEqual(d.days.length, 1);

    const month = (await w3.get('/api/field/work-log?month=2026-11')).json();
    assert.equal(month.from, '2026-11-01');
    assert.equal(month.to, '2026-11-30');
    assert.equal(month.days.length, 30);
    assert.equal(month.totals.patrols, 2);
    assert.equal(month.totals.patrolSeconds, 5400);
    assert.equal(month.totals.buildingsCheckedIn, 1, 'the same building on both days counts once in the month');
    assert.equal(month.totals.visits, 1);
    assert.equal(month.totals.mattersClosed, 2);
    const day21 = month.days.find((x: any) => x.date === '2026-11-21');
    assert.equal(day21.patrols, 1);
    assert.equal(day21.patrolSeconds, 1800);
    assert.equal(day21.buildingsCheckedIn, 1);
    assert.deepEqual(
      month.days.find((x: any) => x.date === '2026-11-19'),
      { date: '2026-11-19', ...zero },
    );
  });

  test("administrators read their staff's logs; others do not", async () => {
    const url = `/api/field/work-log?date=2026-11-20&userId=${w3.me!.id}`;
    const byAdmin = await communityAdmin.get(url);
    assert.equal(byAdmin.statusCode, 200, byAdmin.body);
    assert.equal(byAdmin.json().totals.patrols, 1);
    assert.equal((await w1.get(url)).statusCode, 403);
    assert.equal((await otherAdmin.get(url)).statusCode, 404);
    assert.equal((await w3.get('/api/field/work-log?date=2026-11-20&month=2026-11')).statusCode, 400);
    assert.equal((await w3.get('/api/field/work-log')).statusCode, 400);
  });
});
