import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { factories, type Factories } from '../support/factories.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { categoryId } from '../support/matters.ts';

/**
 * Patrols (巡查) on a controllable clock: the day is 2026-11-20 in Asia/Shanghai. Two grid
 * workers each hold one grid of a community made for the test; its administrator reads both.
 */
describe('field: patrols — trail, check-ins, findings, scope, auto-close', () => {
  let t: TestApp;
  let f: Factories;
  let w1: Client;
  let w2: Client;
  let communityAdmin: Client;
  let g1: Awaited<ReturnType<Factories['grid']>>;
  let g2: Awaited<ReturnType<Factories['grid']>>;
  let b1: { id: number; lat: number | null; lng: number | null };
  let b2: { id: number };

  const at = (hhmm: string, day = '2026-11-20') => new Date(`${day}T${hhmm}:00+08:00`);
  /** A point in grid one, `north` metres north of a fixed spot (0.0009° of latitude ≈ 100 m). */
  const inG1 = (north = 0) => ({ lat: g1.corner.lat + 0.003 + (north / 100) * 0.0009, lng: g1.corner.lng + 0.003 });

  before(async () => {
    t = await startTestApp();
    t.clock.set(at('08:00'));
    f = await factories(t);
    const community = await f.community();
    g1 = await f.grid(community.id);
    g2 = await f.grid(community.id);
    b1 = await f.building(community.id, {
      gridId: g1.id,
      lat: g1.corner.lat + 0.005,
      lng: g1.corner.lng + 0.005,
    });
    b2 = await f.building(community.id, { gridId: g2.id, lat: g2.corner.lat + 0.005, lng: g2.corner.lng + 0.005 });
    w1 = await f.user([{ role: 'grid_worker', divisionId: null, gridId: g1.id }], '网格员 一');
    w2 = await f.user([{ role: 'grid_worker', divisionId: null, gridId: g2.id }], '网格员 二');
    communityAdmin = await f.user([{ role: 'community_admin', divisionId: community.id, gridId: null }]);
  });
  after(() => t.close());

  const start = async (as: Client) => {
    const res = await as.post('/api/field/patrols', {});
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  };
  const view = async (id: number, as: Client = w1) => {
    const res = await as.get(`/api/field/patrols/${id}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };
  const sample = (p: { lat: number; lng: number }, time: Date, accuracy = 10) => ({
    ...p,
    accuracy,
    at: time.toISOString(),
  });

  let walked: any;

  test('a patrol: start, samples in batches (sent twice), a check-in, stop; distance from good samples only', async () => {
    walked = await start(w1);
    assert.equal(walked.endedAt, null);
    assert.equal(walked.gridId, g1.id);
    assert.equal(walked.canAct, true);

    const batch = {
      samples: [
        sample(inG1(0), at('08:01')),
        sample(inG1(100), at('08:03')),
        // Far off but with a 500 m accuracy circle: kept, not counted.
        sample({ lat: inG1(0).lat + 0.01, lng: inG1(0).lng }, at('08:04'), 500),
        sample(inG1(200), at('08:05')),
      ],
    };
    t.clock.set(at('08:06'));
    const first = await w1.post(`/api/field/patrols/${walked.id}/samples`, batch);
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().received, 4);
    assert.equal(first.json().poor, 1);
    const meters = first.json().distanceMeters;
    assert.ok(meters >= 198 && meters <= 202, `about 200 m, got ${meters}`);

    // Weak signal: the phone sends the same batch again; nothing is added or counted twice.
    const again = await w1.post(`/api/field/patrols/${walked.id}/samples`, batch);
    assert.equal(again.json().received, 0);
    assert.equal(again.json().distanceMeters, meters);

    const checkIn = await w1.post(`/api/field/patrols/${walked.id}/check-ins`, { buildingId: b1.id });
    assert.equal(checkIn.statusCode, 200, checkIn.body);
    assert.deepEqual(
      checkIn.json().checkIns.map((c: any) => [c.buildingId, c.gridId, c.lat]),
      [[b1.id, g1.id, b1.lat]],
    );

    t.clock.set(at('08:30'));
    const stopped = await w1.post(`/api/field/patrols/${walked.id}/stop`);
    assert.equal(stopped.statusCode, 200, stopped.body);
    const p = stopped.json();
    assert.equal(p.endedBy, 'user');
    assert.equal(p.endedAt, at('08:30').toISOString());
    assert.equal(p.durationSeconds, 30 * 60);
    assert.equal(p.distanceMeters, meters);
    assert.equal(p.sampleCount, 4);
    assert.equal(p.trail.type, 'LineString');
    assert.equal(p.trail.coordinates.length, 3);
    assert.deepEqual(p.trail.coordinates[0], [inG1(0).lng, inG1(0).lat]);
    assert.equal(p.poorSamples.length, 1);
    assert.equal(p.canAct, false);

    const late = await w1.post(`/api/field/patrols/${walked.id}/samples`, { samples: [sample(inG1(), at('08:29'))] });
    assert.equal(late.statusCode, 409);
    assert.equal((await w1.post(`/api/field/patrols/${walked.id}/stop`)).statusCode, 409);
  });

  test('one open patrol at a time per worker', async () => {
    const p = await start(w1);
    const second = await w1.post('/api/field/patrols', {});
    assert.equal(second.statusCode, 409);
    const current = (await w1.get('/api/field/patrols/current')).json();
    assert.equal(current.patrol.id, p.id);
    await w1.post(`/api/field/patrols/${p.id}/stop`);
    assert.equal((await w1.get('/api/field/patrols/current')).json().patrol, null);
  });

  test('absurd samples get a 400 and the whole batch changes nothing', async () => {
    t.clock.set(at('09:00'));
    const p = await start(w1);
    const good = sample(inG1(), at('09:00'));
    const bad = [
      { ...good, lat: 91 },
      { ...good, lat: good.lng, lng: good.lat }, // swapped: latitude 100
      { ...good, lat: 0.5, lng: 0.5 }, // off Africa, not China
      { ...good, accuracy: -3 },
      { ...good, accuracy: 0 },
      { ...good, at: at('09:30').toISOString() }, // in the future
      { ...good, at: at('07:00').toISOString() }, // before the patrol began
      { ...good, at: 'yesterday' },
    ];
    for (const s of bad) {
      const res = await w1.post(`/api/field/patrols/${p.id}/samples`, { samples: [good, s] });
      assert.equal(res.statusCode, 400, `${JSON.stringify(s)} → ${res.statusCode} ${res.body}`);
      assert.equal(res.json().error.code, 'validation_failed');
    }
    const outside = await w1.post(
      `/api/field/patrols/${p.id}/samples`,
      { samples: [good, { ...good, lat: 0.5, lng: 0.5 }] },
      { 'accept-language': 'en' },
    );
    assert.match(outside.json().error.details[0].message, /outside China/);
    assert.equal((await view(p.id)).sampleCount, 0);
    await w1.post(`/api/field/patrols/${p.id}/stop`);
  });

  test('GCJ-02 positions (Chinese map SDKs) are stored as WGS-84', async () => {
    t.clock.set(at('09:10'));
    const p = await start(w1);
    const given = inG1(0);
    t.clock.set(at('09:12'));
    const res = await w1.post(`/api/field/patrols/${p.id}/samples`, {
      datum: 'gcj02',
      samples: [sample(given, at('09:10')), sample(inG1(100), at('09:11'))],
    });
    assert.equal(res.statusCode, 200, res.body);
    const [lng, lat] = (await view(p.id)).trail.coordinates[0];
    // GCJ-02 is offset by a few hundred metres from WGS-84 in China.
    const off = Math.hypot(lat - given.lat, lng - given.lng);
    assert.ok(off > 0.0005 && off < 0.01, `offset ${off}`);
    await w1.post(`/api/field/patrols/${p.id}/stop`);
  });

  test("scope: a worker checks in only at buildings of their grid and cannot read another grid's patrols", async () => {
    t.clock.set(at('09:20'));
    const p = await start(w1);
    const outside = await w1.post(`/api/field/patrols/${p.id}/check-ins`, { buildingId: b2.id });
    assert.equal(outside.statusCode, 403, outside.body);
    const missing = await w1.post(`/api/field/patrols/${p.id}/check-ins`, { buildingId: 2_000_000_000 });
    assert.equal(missing.statusCode, 400);
    assert.equal((await view(p.id)).checkIns.length, 0);

    // Another grid's worker: as if there were no such patrol.
    assert.equal((await w2.get(`/api/field/patrols/${p.id}`)).statusCode, 404);
    assert.equal(
      (await w2.post(`/api/field/patrols/${p.id}/samples`, { samples: [sample(inG1(), at('09:20'))] })).statusCode,
      404,
    );
    // The community's administrator reads it but cannot walk it.
    assert.equal((await view(p.id, communityAdmin)).id, p.id);
    assert.equal(
      (await communityAdmin.post(`/api/field/patrols/${p.id}/samples`, { samples: [sample(inG1(), at('09:20'))] }))
        .statusCode,
      403,
    );
    await w1.post(`/api/field/patrols/${p.id}/stop`);

    const w2Day = (await w2.get('/api/field/patrols/day?date=2026-11-20')).json();
    assert.deepEqual(
      w2Day.patrols.filter((x: any) => x.userId === w1.me!.id),
      [],
    );
    // Asking for the other grid by name does not widen the area.
    assert.deepEqual((await w2.get(`/api/field/patrols/day?date=2026-11-20&gridId=${g1.id}`)).json().patrols, []);
    assert.equal((await w2.get(`/api/field/patrols/day?date=2026-11-20`)).statusCode, 200);
  });

  test("the day's map: trails, and per grid the buildings its patrols reached", async () => {
    const day = await communityAdmin.get('/api/field/patrols/day?date=2026-11-20');
    assert.equal(day.statusCode, 200, day.body);
    const body = day.json();
    const first = body.patrols.find((p: any) => p.id === walked.id);
    assert.equal(first.trail.coordinates.length, 3);
    assert.equal(first.checkIns[0].buildingId, b1.id);
    const grid1 = body.grids.find((g: any) => g.gridId === g1.id);
    assert.ok(grid1.gridName);
    assert.deepEqual(
      grid1.buildings.map((b: any) => [b.buildingId, b.checkIns]),
      [[b1.id, 1]],
    );
    assert.equal(body.truncated, false);
    // And of the grid's buildings, those no patrol reached: one more building, not checked in at.
    const b3 = await f.building(g1.communityId, {
      gridId: g1.id,
      lat: g1.corner.lat + 0.006,
      lng: g1.corner.lng + 0.006,
    });
    const again = (await communityAdmin.get('/api/field/patrols/day?date=2026-11-20')).json();
    const grid1Again = again.grids.find((g: any) => g.gridId === g1.id);
    assert.equal(grid1Again.buildingCount, 2);
    assert.deepEqual(
      grid1Again.notReached.map((b: any) => b.buildingId),
      [b3.id],
    );
    // Another day has none.
    assert.deepEqual((await communityAdmin.get('/api/field/patrols/day?date=2026-11-19')).json().patrols, []);
  });

  test("the area's staff work logs of a month: who recorded anything, by name, with totals; filtered and paged", async () => {
    const res = await communityAdmin.get('/api/field/work-log/staff?month=2026-11&limit=1');
    assert.equal(res.statusCode, 200, res.body);
    const first = res.json();
    assert.equal(first.month, '2026-11');
    assert.ok(first.total >= 1);
    assert.equal(first.items.length, 1);
    const all = (await communityAdmin.get('/api/field/work-log/staff?month=2026-11')).json();
    const one = all.items.find((i: any) => i.userId === w1.me!.id);
    assert.ok(one, 'the worker who walked is listed');
    assert.equal(one.gridId, g1.id);
    assert.ok(one.totals.patrols >= 1);
    assert.ok(one.totals.patrolMeters > 0);
    // The same totals as the worker's own log of the month.
    const own = (await communityAdmin.get(`/api/field/work-log?userId=${w1.me!.id}&month=2026-11`)).json();
    assert.deepEqual(one.totals, own.totals);
    // Pages follow one another without repeats.
    if (first.nextCursor) {
      const second = (
        await communityAdmin.get(`/api/field/work-log/staff?month=2026-11&limit=1&cursor=${first.nextCursor}`)
      ).json();
      assert.notEqual(second.items[0]?.userId, first.items[0].userId);
    }
    // A name search, another month, a grid worker without field.manage.
    const searched = (
      await communityAdmin.get(`/api/field/work-log/staff?month=2026-11&q=${encodeURIComponent('网格员 一')}`)
    ).json();
    assert.deepEqual(
      searched.items.map((i: any) => i.userId),
      [w1.me!.id],
    );
    assert.deepEqual((await communityAdmin.get('/api/field/work-log/staff?month=2026-10')).json().items, []);
    assert.equal((await w1.get('/api/field/work-log/staff?month=2026-11')).statusCode, 403);
  });

  test('a finding becomes a matter where the worker stands, linked to the patrol', async () => {
    t.clock.set(at('10:00'));
    const p = await start(w1);
    const where = inG1(50);
    const res = await w1.post(`/api/field/patrols/${p.id}/findings`, {
      ...where,
      categoryId: await categoryId(w1, 'event.street_order.hawkers'),
      description: '巡查发现：路口占道经营',
    });
    assert.equal(res.statusCode, 201, res.body);
    const { matterId, matterCode } = res.json();
    assert.ok(matterCode);
    const matter = (await communityAdmin.get(`/api/matters/${matterId}`)).json();
    assert.equal(matter.grid.id, g1.id);
    assert.deepEqual(matter.location, where);
    assert.deepEqual(
      (await view(p.id)).findings.map((x: any) => x.matterId),
      [matterId],
    );
    // A bad category is the matters module's answer, and no finding is kept.
    const bad = await w1.post(`/api/field/patrols/${p.id}/findings`, {
      ...where,
      categoryId: 999999,
      description: '无效分类',
    });
    assert.equal(bad.statusCode, 400);
    assert.equal((await view(p.id)).findings.length, 1);
    await w1.post(`/api/field/patrols/${p.id}/stop`);
  });

  test('a patrol left open closes by itself after FIELD_PATROL_MAX_HOURS, at its last sample', async () => {
    t.clock.set(at('11:00'));
    const p = await start(w2);
    const spot = { lat: g2.corner.lat + 0.004, lng: g2.corner.lng + 0.004 };
    t.clock.set(at('11:21'));
    await w2.post(`/api/field/patrols/${p.id}/samples`, {
      samples: [sample(spot, at('11:05')), sample({ ...spot, lat: spot.lat + 0.0009 }, at('11:20'))],
    });
    const closeStale = () => t.services.jobs.runScheduled('field.close-stale-patrols');

    t.clock.set(at('22:59'));
    await closeStale();
    // Sessions lapse over a night on the clock: sign in again.
    w2 = await t.login(w2.me!.username);
    assert.equal((await view(p.id, w2)).endedAt, null, 'still within 12 hours');

    t.clock.set(at('23:01'));
    await closeStale();
    const closed = await view(p.id, w2);
    assert.equal(closed.endedBy, 'auto');
    assert.equal(closed.endedAt, at('11:20').toISOString());
    assert.equal(closed.durationSeconds, 20 * 60);
    assert.ok(closed.distanceMeters >= 99 && closed.distanceMeters <= 101);
    // The worker may start anew.
    const next = await start(w2);
    await w2.post(`/api/field/patrols/${next.id}/stop`);
  });

  test('every write is audited', async () => {
    const actions = await t.services.database.db
      .selectFrom('platform.audit_log')
      .select('action')
      .where('entity_type', '=', 'patrol')
      .where('entity_id', '=', String(walked.id))
      .orderBy('id')
      .execute();
    assert.deepEqual(
      actions.map((a) => a.action),
      [
        'field.patrol.start',
        'field.patrol.samples',
        'field.patrol.samples',
        'field.patrol.check_in',
        'field.patrol.stop',
      ],
    );
  });
});
