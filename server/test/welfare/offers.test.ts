import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';

/** Courier welfare: offers kept by community staff, used by couriers with a daily limit, counted monthly. */
describe('courier welfare offers', () => {
  let t: TestApp;
  let community: Client;
  let courier: Client;
  let resident: Client;
  let datieguan: number;
  let other: number;

  const divisionNamed = async (name: string) =>
    (
      await t.services.database.db
        .selectFrom('org.divisions')
        .select('id')
        .where('name', '=', name)
        .executeTakeFirstOrThrow()
    ).id;

  before(async () => {
    t = await startTestApp();
    t.clock.set(new Date('2026-03-10T02:00:00Z')); // 10:00 in Hangzhou
    community = await t.login('community_datieguan');
    courier = await t.login('courier_demo');
    resident = await t.login('resident_demo');
    datieguan = await divisionNamed('打铁关社区');
    const all = await t.services.database.db
      .selectFrom('org.divisions')
      .select('id')
      .where('level', '=', 'community')
      .where('id', '!=', datieguan)
      .executeTakeFirstOrThrow();
    other = all.id;
  });
  after(() => t.close());

  const canteen = (over: Record<string, unknown> = {}) => ({
    communityId: datieguan,
    partnerName: '康运大运河食堂',
    kind: 'canteen',
    title: '骑手午餐',
    pricePercent: 30,
    lat: 30.2905,
    lng: 120.1745,
    hoursNote: '每天 11:00–14:00',
    startsOn: '2026-03-01',
    endsOn: '2026-03-31',
    dailyLimit: 1,
    ...over,
  });

  test('staff add offers in their own community only; bad offers are refused and nothing is kept', async () => {
    const created = await community.post('/api/welfare/manage/offers', canteen());
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().status, 'current');
    assert.equal(created.json().community.name, '打铁关社区');
    assert.equal((await community.post('/api/welfare/manage/offers', canteen({ communityId: other }))).statusCode, 403);
    for (const bad of [
      { pricePercent: 100 },
      { endsOn: '2026-02-01' },
      { startsOn: '2026-02-30' },
      { dailyLimit: 0 },
      { kind: 'bar' },
      { partnerName: '' },
    ]) {
      const res = await community.post('/api/welfare/manage/offers', canteen(bad));
      assert.equal(res.statusCode, 400, JSON.stringify(bad));
    }
    assert.equal(
      (await courier.post('/api/welfare/manage/offers', canteen())).statusCode,
      403,
      'couriers do not keep offers',
    );
    const listed = (await community.get('/api/welfare/manage/offers?limit=50')).json().items;
    assert.equal(listed.length, 1);
    assert.equal((await courier.get('/api/welfare/manage/offers')).statusCode, 403);
  });

  test('a courier sees current courier offers nearest first; a resident only those for everyone', async () => {
    await community.post('/api/welfare/manage/offers', canteen({ partnerName: '远处面馆', lat: 30.35, lng: 120.2 }));
    await community.post(
      '/api/welfare/manage/offers',
      canteen({ partnerName: '街角理发', kind: 'service', audience: 'everyone', lat: 30.291, lng: 120.175 }),
    );
    await community.post(
      '/api/welfare/manage/offers',
      canteen({ partnerName: '四月小店', startsOn: '2026-04-01', endsOn: null }),
    );
    await community.post('/api/welfare/manage/offers', canteen({ partnerName: '停用小店', active: false }));
    const near = (await courier.get('/api/welfare/offers?lat=30.2905&lng=120.1745&limit=2')).json();
    assert.deepEqual(
      near.items.map((o: { partnerName: string }) => o.partnerName),
      ['康运大运河食堂', '街角理发'],
    );
    assert.equal(near.items[0].distanceMeters, 0);
    const rest = (
      await courier.get(`/api/welfare/offers?lat=30.2905&lng=120.1745&limit=2&cursor=${near.nextCursor}`)
    ).json();
    assert.deepEqual(
      rest.items.map((o: { partnerName: string }) => o.partnerName),
      ['远处面馆'],
    );
    assert.equal(rest.nextCursor, null);
    const forResident = (await resident.get('/api/welfare/offers')).json().items;
    assert.deepEqual(
      forResident.map((o: { partnerName: string }) => o.partnerName),
      ['街角理发'],
    );
    const searched = (await courier.get('/api/welfare/offers?q=食堂')).json().items;
    assert.deepEqual(
      searched.map((o: { partnerName: string }) => o.partnerName),
      ['康运大运河食堂'],
    );
    assert.equal((await courier.get('/api/welfare/offers?lat=30.29')).statusCode, 400, 'lat without lng');
  });

  test('a pass within the daily limit; a second use the same day is refused, the next day allowed', async () => {
    const offer = (await courier.get('/api/welfare/offers?q=食堂')).json().items[0];
    const pass = await courier.post(`/api/welfare/offers/${offer.id}/use`);
    assert.equal(pass.statusCode, 201, pass.body);
    assert.match(pass.json().passNo, /^F\d{6}$/);
    assert.equal(pass.json().offer.usedToday, 1);
    assert.equal(pass.json().day, '2026-03-10');
    assert.notEqual(pass.json().holder, courier.me!.displayName, 'the name on the pass is masked');
    const again = await courier.post(`/api/welfare/offers/${offer.id}/use`);
    assert.equal(again.statusCode, 409);
    assert.equal((await resident.post(`/api/welfare/offers/${offer.id}/use`)).statusCode, 404, 'not for residents');
    const april = (await community.get('/api/welfare/manage/offers?q=四月')).json().items[0];
    assert.equal(april.status, 'upcoming');
    assert.equal((await courier.post(`/api/welfare/offers/${april.id}/use`)).statusCode, 409, 'not yet current');
    assert.equal((await courier.post('/api/welfare/offers/999999/use')).statusCode, 404);

    t.clock.advance(16 * 3_600_000); // 02:00 the next local day; sessions have lapsed overnight
    courier = await t.login('courier_demo');
    community = await t.login('community_datieguan');
    assert.equal((await courier.post(`/api/welfare/offers/${offer.id}/use`)).statusCode, 201);
    const mine = (await courier.get('/api/welfare/uses/mine')).json().items;
    assert.equal(mine.length, 2);
    assert.equal(mine[0].partnerName, '康运大运河食堂');
  });

  test('two taps at once pass the daily limit once', async () => {
    const barber = (await courier.get('/api/welfare/offers?q=理发')).json().items[0];
    const both = await Promise.all([
      courier.post(`/api/welfare/offers/${barber.id}/use`),
      courier.post(`/api/welfare/offers/${barber.id}/use`),
    ]);
    assert.deepEqual(both.map((r) => r.statusCode).sort(), [201, 409]);
  });

  test('switching an offer off stops its use; the monthly figures count uses and people', async () => {
    const offer = (await community.get('/api/welfare/manage/offers?q=食堂')).json().items[0];
    assert.equal(offer.usesThisMonth, 2);
    const off = await community.patch(`/api/welfare/manage/offers/${offer.id}`, { active: false });
    assert.equal(off.statusCode, 200, off.body);
    assert.equal(off.json().status, 'inactive');
    assert.equal((await courier.post(`/api/welfare/offers/${offer.id}/use`)).statusCode, 409);
    assert.equal(
      (await community.patch(`/api/welfare/manage/offers/${offer.id}`, { endsOn: '2026-02-01' })).statusCode,
      400,
      'before its first day',
    );
    const figures = (await community.get('/api/welfare/manage/figures?month=2026-03')).json();
    assert.equal(figures.uses, 3);
    assert.equal(figures.people, 1);
    assert.deepEqual(
      figures.byDay.map((d: { day: string; uses: number }) => [d.day, d.uses]),
      [
        ['2026-03-10', 1],
        ['2026-03-11', 2],
      ],
    );
    assert.equal(figures.byOffer[0].partnerName, '康运大运河食堂');
    assert.equal((await community.get('/api/welfare/manage/figures?month=2026-02')).json().uses, 0);
    const audited = await t.services.database.db
      .selectFrom('platform.audit_log')
      .select('action')
      .where('action', 'like', 'welfare.%')
      .execute();
    assert.equal(audited.filter((a) => a.action === 'welfare.offer.update').length, 1);
    assert.ok(audited.filter((a) => a.action === 'welfare.offer.create').length >= 5);
  });
});
