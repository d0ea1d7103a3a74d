import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';

describe('station facilities kept current by the staff on duty', () => {
  let t: TestApp;
  let courier: Client;
  let street: Client;
  let keeper: Client;
  let station: { id: number; facilities: string[]; facilitiesCheckedAt: string | null };

  before(async () => {
    t = await startTestApp();
    courier = await t.login('courier_demo');
    street = await t.login('street_wenhui');
    keeper = await t.login('grid_datieguan_02');
    station = (await courier.get('/api/stations/nearest?lat=30.2905&lng=120.1745&limit=1&openNow=false')).json()
      .items[0];
    const now = t.clock.now().getTime();
    const duty = await street.post(`/api/matters/stations/${station.id}/duty`, {
      userId: keeper.me!.id,
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
    });
    assert.equal(duty.statusCode, 201, duty.body);
  });
  after(() => t.close());

  const current = async () =>
    (await courier.get(`/api/stations?limit=200`)).json().items.find((s: { id: number }) => s.id === station.id);

  test('the keeper on duty sees the station and confirms what works; couriers see it and when', async () => {
    const mine = (await keeper.get('/api/stations/on-duty/mine')).json().items;
    assert.deepEqual(
      mine.map((s: { id: number }) => s.id),
      [station.id],
    );
    assert.equal(mine[0].dutyEndsAt, new Date(t.clock.now().getTime() + 3_600_000).toISOString());
    assert.deepEqual(
      (await courier.get('/api/stations/on-duty/mine')).json().items,
      [],
      'a courier is on duty nowhere',
    );

    t.clock.advance(600_000);
    const put = await keeper.put(`/api/stations/${station.id}/facilities`, { facilities: ['water', 'charger'] });
    assert.equal(put.statusCode, 200, put.body);
    assert.deepEqual(put.json().facilities, ['water', 'charger']);
    assert.equal(put.json().facilitiesCheckedAt, t.clock.now().toISOString());
    const seen = await current();
    assert.deepEqual(seen.facilities, ['water', 'charger']);
    assert.equal(seen.facilitiesCheckedAt, t.clock.now().toISOString());

    const logged = await t.services.database.db
      .selectFrom('platform.audit_log')
      .select(['actor_id', 'details'])
      .where('action', '=', 'matters.station.facilities')
      .where('entity_id', '=', String(station.id))
      .execute();
    assert.equal(logged.length, 1);
    assert.equal(logged[0]!.actor_id, keeper.me!.id);
    assert.deepEqual((logged[0]!.details as { after: string[] }).after, ['water', 'charger']);
  });

  test('bad lists and people not on duty change nothing', async () => {
    const before = await current();
    for (const facilities of [['water', 'water'], ['sauna'], 'water']) {
      const bad = await keeper.put(`/api/stations/${station.id}/facilities`, { facilities });
      assert.equal(bad.statusCode, 400, JSON.stringify(facilities));
    }
    const notStaff = await courier.put(`/api/stations/${station.id}/facilities`, { facilities: [] });
    assert.equal(notStaff.statusCode, 404, 'a courier learns nothing');
    const otherWorker = await (await t.login('grid_datieguan_01')).put(`/api/stations/${station.id}/facilities`, {
      facilities: [],
    });
    assert.equal(otherWorker.statusCode, 404, 'a grid worker not on duty there');
    assert.equal((await keeper.put('/api/stations/999999/facilities', { facilities: [] })).statusCode, 404);
    assert.deepEqual(await current(), before);
  });

  test('after the duty ends the keeper may no longer change it; the street that manages it may', async () => {
    t.clock.advance(3_600_000);
    assert.deepEqual((await keeper.get('/api/stations/on-duty/mine')).json().items, []);
    assert.equal((await keeper.put(`/api/stations/${station.id}/facilities`, { facilities: [] })).statusCode, 404);
    const byStreet = await street.put(`/api/stations/${station.id}/facilities`, { facilities: ['water'] });
    assert.equal(byStreet.statusCode, 200, byStreet.body);
    assert.equal(byStreet.json().facilitiesCheckedAt, t.clock.now().toISOString());
  });
});
