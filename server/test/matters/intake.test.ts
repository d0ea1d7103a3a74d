import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { buildingPoint, categoryId, countMatters, report } from '../support/matters.ts';

describe('matters intake, duplicates, help and suggestions', () => {
  let t: TestApp;
  let admin: Client;
  let resident: Client;
  let courier: Client;
  let worker1: Client;
  let ix: Awaited<ReturnType<typeof demoIndex>>;
  let home: { lat: number; lng: number; address: string };

  before(async () => {
    t = await startTestApp();
    admin = await t.login('admin');
    resident = await t.login('resident_demo');
    courier = await t.login('courier_demo');
    worker1 = await t.login('grid_datieguan_01');
    ix = await demoIndex(admin);
    home = await buildingPoint(admin, '打铁关小区3幢');
  });
  after(() => t.close());

  test('bad input answers 4xx and stores nothing', async () => {
    const before = await countMatters(t);
    const fire = await categoryId(resident, 'community.fire_safety.blocked_lane');
    const cases: Array<[string, Record<string, unknown>, number]> = [
      ['unknown category', { categoryId: 999_999, description: '有问题需要处理', ...home }, 400],
      [
        'a top-level category',
        { categoryId: await categoryId(resident, 'community.fire_safety'), description: '有问题需要处理', ...home },
        400,
      ],
      [
        'an alarm category',
        {
          categoryId: await categoryId(resident, 'community.fire_safety.alarm'),
          description: '有问题需要处理',
          ...home,
        },
        400,
      ],
      ['outside every grid', { categoryId: fire, description: '有问题需要处理', lat: 30.3, lng: 120.3 }, 400],
      ['outside China', { categoryId: fire, description: '有问题需要处理', lat: 1, lng: 1 }, 400],
      ['latitude without longitude', { categoryId: fire, description: '有问题需要处理', lat: home.lat }, 400],
      ['no location at all', { categoryId: fire, description: '有问题需要处理' }, 400],
      ['too short', { categoryId: fire, description: '堵', ...home }, 400],
      [
        'a photo that is not theirs',
        { categoryId: fire, description: '有问题需要处理', ...home, photos: ['AAAAAAAAAAAAAAAAAAAAAA'] },
        400,
      ],
      [
        'a required field missing',
        { categoryId: await categoryId(resident, 'community.property.elevator'), description: '电梯困人了', ...home },
        400,
      ],
      [
        'a field of the wrong type',
        {
          categoryId: await categoryId(resident, 'community.property.elevator'),
          description: '电梯困人了',
          ...home,
          attributes: { trapped: 'yes' },
        },
        400,
      ],
    ];
    for (const [what, body, status] of cases) {
      const res = await resident.post('/api/matters', body);
      assert.equal(res.statusCode, status, `${what}: ${res.body}`);
      assert.ok(res.json().error.details.length > 0 || res.json().error.code, what);
    }
    assert.equal(await countMatters(t), before);
    const elevator = await resident.post('/api/matters', {
      categoryId: await categoryId(resident, 'community.property.elevator'),
      description: '电梯困人了',
      ...home,
      attributes: { trapped: true },
    });
    assert.equal(elevator.statusCode, 201);
    assert.deepEqual(elevator.json().attributes, { trapped: true });
  });

  test('special grids and mobile grids: a report in a mall goes to its special grid; a courier outside all grids to their mobile grid', async () => {
    const special = (await admin.get(`/api/org/grids/${ix.grid('和茶馆议事专属网格').id}`)).json();
    const inSpecial = (await report(resident, 'event.advertising.flyers', special.center)).json();
    assert.equal(inSpecial.grid.name, '和茶馆议事专属网格');
    assert.equal(inSpecial.assignee?.name, '网格员 李婷', 'no worker of its own: the resident grid around it takes it');
    const far = (await report(courier, 'event.street_order.bike_parking', { lat: 30.3, lng: 120.3 })).json();
    assert.equal(far.grid.name, '文晖骑手流动网格');
    assert.equal(
      (await report(resident, 'event.street_order.bike_parking', { lat: 30.3, lng: 120.3 })).statusCode,
      400,
      'a resident has no mobile grid',
    );
  });

  test('while reporting, open matters of the same category within 50 m are offered; following one files nothing new', async () => {
    const first = (await report(resident, 'part.public.manhole', home)).json();
    const near = (
      await courier.get(`/api/matters/nearby?lat=${home.lat + 0.0002}&lng=${home.lng}&categoryId=${first.category.id}`)
    ).json().items;
    assert.ok(
      near.some(
        (m: { id: number; distanceMeters: number }) =>
          m.id === first.id && m.distanceMeters >= 20 && m.distanceMeters <= 25,
      ),
    );
    const far = (
      await courier.get(`/api/matters/nearby?lat=${home.lat + 0.0006}&lng=${home.lng}&categoryId=${first.category.id}`)
    ).json().items;
    assert.ok(!far.some((m: { id: number }) => m.id === first.id), '~67 m away is not the same place');
    const other = (
      await courier.get(
        `/api/matters/nearby?lat=${home.lat}&lng=${home.lng}&categoryId=${await categoryId(courier, 'part.public.street_light')}`,
      )
    ).json().items;
    assert.ok(!other.some((m: { id: number }) => m.id === first.id), 'another category is another matter');
    const before = await countMatters(t);
    // Following needs the follower to stand where it is: an id alone reveals nothing.
    assert.equal(
      (await courier.post(`/api/matters/${first.id}/follow`, { lat: home.lat + 0.01, lng: home.lng })).statusCode,
      404,
    );
    const followed = await courier.post(`/api/matters/${first.id}/follow`, { lat: home.lat + 0.0002, lng: home.lng });
    assert.equal(followed.statusCode, 200, followed.body);
    assert.equal(followed.json().viewer, 'follower');
    assert.equal(followed.json().following, true);
    assert.equal(await countMatters(t), before);
    const mine = (await courier.get('/api/matters/mine')).json().items;
    assert.ok(mine.some((m: { id: number }) => m.id === first.id));
    // A follower reads along but does not write into someone else's matter.
    assert.equal((await courier.post(`/api/matters/${first.id}/notes`, { note: '我也看到了' })).statusCode, 403);
    assert.equal(
      (await resident.post(`/api/matters/${first.id}/notes`, { note: '还没修', internal: true })).statusCode,
      403,
      'internal notes are for staff',
    );
    assert.equal(
      (await resident.post(`/api/matters/${first.id}/notes`, { note: '还没修' })).statusCode,
      200,
      'the reporter may add to it',
    );
  });

  test('matters about people are never offered to strangers nearby, nor followable by them', async () => {
    const m = (await report(resident, 'community.security.suspicious', home)).json();
    const near = (
      await courier.get(`/api/matters/nearby?lat=${home.lat}&lng=${home.lng}&categoryId=${m.category.id}`)
    ).json().items;
    assert.deepEqual(near, []);
    assert.equal((await courier.post(`/api/matters/${m.id}/follow`, home)).statusCode, 404);
    assert.equal((await courier.get(`/api/matters/${m.id}`)).statusCode, 404);
  });

  test('anonymous to the public, never to staff', async () => {
    const m = (await report(resident, 'event.environment.exposed_garbage', home, { anonymous: true })).json();
    assert.equal((await courier.post(`/api/matters/${m.id}/follow`, home)).statusCode, 200);
    const seenByFollower = (await courier.get(`/api/matters/${m.id}`)).json();
    assert.equal(seenByFollower.reporter.name, '匿名');
    assert.ok(!JSON.stringify(seenByFollower).includes('陈建华'));
    const seenByStaff = (await worker1.get(`/api/matters/${m.id}`)).json();
    assert.equal(seenByStaff.reporter.name, '居民 陈建华');
  });

  test('a duplicate merged into the first: it ends, its people follow the first', async () => {
    const first = (await report(resident, 'event.environment.graffiti', home)).json();
    const second = (await report(courier, 'event.environment.graffiti', { ...home, lat: home.lat + 0.0001 })).json();
    const merged = await worker1.post(`/api/matters/${second.id}/merge`, { intoId: first.id });
    assert.equal(merged.statusCode, 200, merged.body);
    assert.equal(merged.json().status, 'duplicate');
    assert.equal(merged.json().duplicateOf, first.id);
    const target = (await courier.get(`/api/matters/${first.id}`)).json();
    assert.equal(target.viewer, 'follower', 'the courier now follows the first');
    assert.ok(target.followers >= 2);
    assert.equal((await worker1.post(`/api/matters/${first.id}/merge`, { intoId: first.id })).statusCode, 400);
    await worker1.post(`/api/matters/${first.id}/accept`, {});
    await worker1.post(`/api/matters/${first.id}/start`, {});
    await worker1.post(`/api/matters/${first.id}/resolve`, { note: '已清洗墙面' });
    // Two handlers merging a pair into each other at once: one wins, the other is refused, neither waits forever.
    const a = (await report(resident, 'event.environment.graffiti', home)).json();
    const b = (await report(courier, 'event.environment.graffiti', home)).json();
    const crossed = await Promise.all([
      worker1.post(`/api/matters/${a.id}/merge`, { intoId: b.id }),
      worker1.post(`/api/matters/${b.id}/merge`, { intoId: a.id }),
    ]);
    assert.deepEqual(
      crossed.map((r) => r.statusCode < 300).sort(),
      [false, true],
      crossed.map((r) => r.body).join(' | '),
    );
    const statuses = await Promise.all(
      [a.id, b.id].map(async (id) => (await worker1.get(`/api/matters/${id}`)).json().status),
    );
    assert.deepEqual(statuses.sort(), ['duplicate', 'reported']);
    const told = (await courier.get('/api/notifications?limit=20')).json().items;
    assert.ok(
      told.some(
        (n: { kind: string; entityId: string }) => n.kind === 'matter.resolved' && n.entityId === String(first.id),
      ),
    );
  });

  test('one-tap help reaches the nearest open station and the grid worker on duty', async () => {
    const point = await buildingPoint(admin, '流水东苑1幢');
    const res = await courier.post('/api/matters/help', {
      lat: point.lat,
      lng: point.lng,
      description: '电动车没电了',
    });
    assert.equal(res.statusCode, 201, res.body);
    const m = res.json();
    assert.equal(m.kind, 'help');
    assert.equal(m.category.code, 'community.help.courier');
    assert.ok(m.station, 'a station is named');
    const nearest = (await courier.get(`/api/stations/nearest?lat=${point.lat}&lng=${point.lng}&limit=1`)).json()
      .items[0];
    assert.equal(m.station.id, nearest.id);
    assert.equal(nearest.openNow, true);
    // Put grid 02's worker on duty in a special grid? Here: on-duty rota decides between two workers of a grid.
    const grid1 = ix.grid('打铁关社区第一网格');
    const community = await t.login('community_datieguan');
    const { addGridWorker } = await import('../support/matters.ts');
    const relief = await addGridWorker(t, 'grid_datieguan_relief', grid1.id);
    const duty = await community.post('/api/matters/duty', {
      gridId: grid1.id,
      userId: relief.me!.id,
      startsAt: new Date(t.clock.now().getTime() - 3_600_000).toISOString(),
      endsAt: new Date(t.clock.now().getTime() + 3_600_000).toISOString(),
    });
    assert.equal(duty.statusCode, 201, duty.body);
    const help = (await resident.post('/api/matters/help', { lat: home.lat, lng: home.lng })).json();
    assert.equal(help.assignee.id, relief.me!.id, 'the one on duty now');
    assert.equal(help.status, 'dispatched');
    assert.equal(help.category.code, 'community.help.elderly');
  });

  test('a help call reaches whoever is on duty at the station it names, in the app and by SMS', async () => {
    const point = await buildingPoint(admin, '流水东苑1幢');
    const station = (await courier.get(`/api/stations/nearest?lat=${point.lat}&lng=${point.lng}&limit=1`)).json()
      .items[0];
    const street = await t.login('street_wenhui');
    const keeper = await t.login('grid_datieguan_02');
    const now = t.clock.now().getTime();
    const notStaff = await street.post(`/api/matters/stations/${station.id}/duty`, {
      userId: courier.me!.id,
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
    });
    assert.equal(notStaff.statusCode, 400, 'a courier is not station staff');
    const duty = await street.post(`/api/matters/stations/${station.id}/duty`, {
      userId: keeper.me!.id,
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
    });
    assert.equal(duty.statusCode, 201, duty.body);
    const roster = (
      await street.get(
        `/api/matters/stations/${station.id}/duty?from=${new Date(now - 86_400_000).toISOString()}&to=${new Date(now + 86_400_000).toISOString()}`,
      )
    ).json().items;
    assert.deepEqual(
      roster.map((d: { userName: string }) => d.userName),
      ['网格员 周强'],
    );

    const help = (await courier.post('/api/matters/help', { lat: point.lat, lng: point.lng })).json();
    assert.equal(help.station.id, station.id);
    const told = (await keeper.get('/api/notifications?limit=5')).json().items;
    assert.ok(
      told.some((n: { kind: string; entityId: string }) => n.kind === 'matter.help' && n.entityId === String(help.id)),
      'told in the app',
    );
    const sms = await t.services.database.db
      .selectFrom('notifications.deliveries')
      .select(['kind', 'status'])
      .where('user_id', '=', keeper.me!.id)
      .where('entity_id', '=', String(help.id))
      .execute();
    assert.deepEqual(sms, [{ kind: 'help_call', status: 'queued' }]);

    assert.equal((await street.delete(`/api/matters/station-duty/${duty.json().id}`)).statusCode, 200);
    const later = (await courier.post('/api/matters/help', { lat: point.lat, lng: point.lng })).json();
    const after = (await keeper.get('/api/notifications?limit=5')).json().items;
    assert.ok(!after.some((n: { entityId: string }) => n.entityId === String(later.id)), 'off duty: not told');
  });

  test('stations: nearest by distance, open now, with a facility', async () => {
    const point = await buildingPoint(admin, '打铁关小区1幢');
    const all = (
      await resident.get(`/api/stations/nearest?lat=${point.lat}&lng=${point.lng}&openNow=false&limit=5`)
    ).json().items;
    const distances = all.map((s: { distanceMeters: number }) => s.distanceMeters);
    assert.deepEqual(
      distances,
      [...distances].sort((a, b) => a - b),
    );
    // 03:00 on a Sunday: only the always-open ones.
    t.clock.set(new Date('2026-11-21T19:00:00Z'));
    const night = (
      await (await t.login('resident_demo')).get(`/api/stations/nearest?lat=${point.lat}&lng=${point.lng}&limit=5`)
    ).json().items;
    t.clock.set(new Date('2026-11-20T02:00:00Z'));
    assert.ok(night.length > 0 && night.every((s: { openingHours: { always?: boolean } }) => s.openingHours.always));
    const chargers = (
      await resident.get(`/api/stations/nearest?lat=${point.lat}&lng=${point.lng}&facility=charger&openNow=false`)
    ).json().items;
    assert.ok(chargers.every((s: { facilities: string[] }) => s.facilities.includes('charger')));
    // By a service of the life circle (服务一张图): only stations offering it, and all of those nearest.
    const legal = (
      await resident.get(
        `/api/stations/nearest?lat=${point.lat}&lng=${point.lng}&service=legal_mediation&openNow=false`,
      )
    ).json().items as Array<{ services: string[]; id: number }>;
    assert.ok(legal.length > 0 && legal.every((s) => s.services.includes('legal_mediation')));
    assert.ok(
      all.some((s: { services: string[] }) => !s.services.includes('legal_mediation')),
      'the filter leaves some out',
    );
    assert.equal(
      (await resident.get(`/api/stations/nearest?lat=${point.lat}&lng=${point.lng}&service=nail_salon`)).statusCode,
      400,
    );
    const noneHere = await resident.post('/api/stations', {
      kind: 'warm_station',
      name: '私设驿站',
      divisionId: ix.division('打铁关社区').id,
      lat: point.lat,
      lng: point.lng,
    });
    assert.equal(noneHere.statusCode, 403, 'residents do not add stations');
  });

  test('a suggestion is answered adopted or not, and rated', async () => {
    const res = await courier.post('/api/matters/suggestions', { description: '建议在小区门口设骑手临时停车点' });
    assert.equal(res.statusCode, 201, res.body);
    const m = res.json();
    assert.equal(m.category.code, 'community.suggestion.courier');
    assert.equal(m.level, 'street', 'a courier of the street speaks to the street');
    const street = await t.login('street_wenhui');
    assert.equal((await street.post(`/api/matters/${m.id}/accept`, {})).statusCode, 200);
    const replied = await street.post(`/api/matters/${m.id}/reply`, {
      adopted: true,
      reply: '已采纳，下月在三个小区试点',
    });
    assert.equal(replied.statusCode, 200, replied.body);
    assert.equal(replied.json().adopted, true);
    assert.equal(replied.json().status, 'resolved');
    assert.equal((await courier.post(`/api/matters/${m.id}/rate`, { rating: 5 })).json().status, 'closed');
  });

  test('the category is suggested from the description', async () => {
    const res = await resident.post('/api/matters/suggest-category', { description: '楼道里有人给电瓶车充电，很危险' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().suggestions[0].code, 'community.fire_safety.ebike_indoor');
    const lamp = (
      await resident.post('/api/matters/suggest-category', { description: '小区门口的路灯坏了，晚上很黑' })
    ).json();
    assert.equal(lamp.suggestions[0].code, 'part.public.street_light');
    const none = (await resident.post('/api/matters/suggest-category', { description: 'qwerty zxcvb' })).json();
    assert.deepEqual(none.suggestions, []);
  });

  test('the map clusters by cell, and shows the matters themselves close up', async () => {
    const view = { south: 30.25, west: 120.1, north: 30.4, east: 120.25 };
    const far = (
      await admin.get(
        `/api/matters/map?south=${view.south}&west=${view.west}&north=${view.north}&east=${view.east}&zoom=11&onlyOpen=false`,
      )
    ).json();
    assert.equal(far.resolution, 7);
    const sum = (m: { clusters: Array<{ count: number }> }) => m.clusters.reduce((a, c) => a + c.count, 0);
    const mapOf = (v: typeof view, zoom: number) =>
      admin
        .get(
          `/api/matters/map?south=${v.south}&west=${v.west}&north=${v.north}&east=${v.east}&zoom=${zoom}&onlyOpen=false`,
        )
        .then((r) => r.json());
    const total = sum(far);
    assert.ok(total > 0);
    // One more matter in view counts exactly once at every resolution; one in Hefei not at all.
    const hefei = await buildingPoint(admin, '恒通小区1幢');
    const before = { r5: sum(await mapOf(view, 9)), r7: total, r9: sum(await mapOf(view, 15)) };
    assert.equal(
      (await report(resident, 'event.environment.graffiti', { ...home, lat: home.lat + 0.0003 })).statusCode,
      201,
    );
    assert.equal((await report(resident, 'event.environment.graffiti', hefei)).statusCode, 201);
    assert.deepEqual(
      { r5: sum(await mapOf(view, 9)), r7: sum(await mapOf(view, 11)), r9: sum(await mapOf(view, 15)) },
      { r5: before.r5 + 1, r7: before.r7 + 1, r9: before.r9 + 1 },
    );
    const close = (
      await admin.get(
        `/api/matters/map?south=${home.lat - 0.001}&west=${home.lng - 0.001}&north=${home.lat + 0.001}&east=${home.lng + 0.001}&zoom=18`,
      )
    ).json();
    assert.ok(close.points.length > 0);
    assert.ok(close.points.every((p: { lat: number }) => Math.abs(p.lat - home.lat) <= 0.001));
    const worker = (
      await worker1.get(
        `/api/matters/map?south=${view.south}&west=${view.west}&north=${view.north}&east=${view.east}&zoom=11`,
      )
    ).json();
    const workerOpen = worker.clusters.reduce((a: number, c: { count: number }) => a + c.count, 0);
    const gridOpen = (await worker1.get('/api/matters?queue=grid&withTotal=true&limit=1')).json().total;
    assert.equal(workerOpen, gridOpen, 'a grid worker map counts the grid open matters');
  });
});
