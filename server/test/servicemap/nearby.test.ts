import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ServiceMapApi } from '../../src/api.ts';
import { factories, type Factories } from '../support/factories.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { addResident } from '../support/users.ts';

/**
 * Services near a resident (附近服务), on one meridian as in servicemap.test.ts: an offset of m
 * metres north is m / (6,371,000 · π/180) degrees, and a walk takes metres × 1.3 ÷ 80 minutes.
 *
 *   home building at 0 m (the resident lives there)
 *   S1 卫生服务站 (medical) at 100 m       → 1.6 min
 *   S2 养老服务中心 (elderly_care, canteen) at 1800 m → 29.3 min from home: beyond 15 minutes
 *   S3 暖心驿站 (rest_station) at 0 m, inactive
 * From a point at 1200 m: S2 is 600 m = 9.8 min, S1 1100 m = 17.9 min (beyond).
 */
const ORIGIN = { lat: 32.5, lng: 102.5 };
const north = (metres: number) => ({ lat: ORIGIN.lat + (metres / (6_371_000 * Math.PI)) * 180, lng: ORIGIN.lng });

type Nearby = ServiceMapApi['NearbyView'];

describe('service map: services near a resident (附近服务)', () => {
  let t: TestApp;
  let f: Factories;
  let resident: Client;
  let homeless: Client;
  let s1: number;
  let s2: number;

  async function nearby(client: Client, query = ''): Promise<Nearby> {
    const res = await client.get(`/api/service-map/nearby${query}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  }
  const nearestOf = (view: Nearby, kind: string) => view.kinds.find((k) => k.kind === kind)!.nearest;

  before(async () => {
    t = await startTestApp();
    f = await factories(t);
    const community = await f.community();
    const home = await f.building(community.id, { name: '家幢', ...north(0) });
    resident = await addResident(t, 'nearby-resident', community.id);
    homeless = await addResident(t, 'nearby-homeless', community.id);
    // Filed in the home building, as a registration (登记) would.
    const me = (await resident.get('/api/auth/me')).json();
    await t.services.database.db
      .updateTable('org.persons')
      .set({ building_id: home.id })
      .where('id', '=', me.personId)
      .execute();
    const station = async (body: Record<string, unknown>) => {
      const res = await f.admin.post('/api/stations', { divisionId: community.id, ...body });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().id as number;
    };
    s1 = await station({ kind: 'health_station', name: '卫生服务站', ...north(100) });
    s2 = await station({
      kind: 'elderly_care_center',
      name: '养老服务中心',
      services: ['elderly_care', 'canteen'],
      ...north(1800),
    });
    await station({ kind: 'warm_station', name: '暖心驿站', active: false, ...north(0) });
  });
  after(() => t.close());

  test('from home: the nearest of each service within 15 minutes, and the stations within it', async () => {
    const view = await nearby(resident);
    assert.equal(view.origin?.from, 'home');
    assert.equal(view.origin?.name, '家幢');
    assert.deepEqual(view.walking, { detour: 1.3, metresPerMinute: 80 });
    assert.equal(view.reachMinutes, 15);
    assert.equal(view.kinds.length, 9);
    assert.deepEqual(nearestOf(view, 'medical'), {
      station: { id: s1, name: '卫生服务站', kind: 'health_station', ...north(100) },
      minutes: 1.6,
    });
    assert.equal(nearestOf(view, 'elderly_care'), null, '29 minutes away is not near');
    assert.equal(nearestOf(view, 'rest_station'), null, 'an inactive station serves no one');
    assert.deepEqual(
      view.stations.map((s) => [s.id, s.minutes, s.services]),
      [[s1, 1.6, ['medical']]],
    );
    assert.equal(view.stations[0]!.address, '');
    assert.equal(typeof view.stations[0]!.openNow, 'boolean');
  });

  test('from a point, and one service only', async () => {
    const at = north(1200);
    const view = await nearby(resident, `?lat=${at.lat}&lng=${at.lng}`);
    assert.deepEqual(view.origin, { ...at, from: 'point', name: '' });
    assert.equal(nearestOf(view, 'medical'), null, '1100 m is 17.9 minutes');
    assert.equal(nearestOf(view, 'canteen')?.station.id, s2);
    assert.deepEqual(
      view.stations.map((s) => [s.id, s.minutes]),
      [[s2, 9.8]],
    );
    const canteen = await nearby(resident, `?lat=${at.lat}&lng=${at.lng}&kind=canteen`);
    assert.deepEqual(
      canteen.stations.map((s) => s.id),
      [s2],
    );
    const medical = await nearby(resident, `?lat=${at.lat}&lng=${at.lng}&kind=medical`);
    assert.deepEqual(medical.stations, []);
  });

  test('without a home with a location the answer says so; anyone signed in may ask, no one else', async () => {
    const view = await nearby(homeless);
    assert.deepEqual(view, { origin: null, walking: view.walking, reachMinutes: 15, kinds: [], stations: [] });
    const worker = await f.user([
      { role: 'grid_worker', divisionId: null, gridId: (await f.grid((await f.community()).id)).id },
    ]);
    assert.equal((await nearby(worker, `?lat=${ORIGIN.lat}&lng=${ORIGIN.lng}`)).stations.length, 1);
    assert.equal((await t.anonymous().get('/api/service-map/nearby')).statusCode, 401);
  });

  test('bad input is refused with 400', async () => {
    for (const query of ['?lat=32.5', '?lng=102.5', '?lat=91&lng=102.5', '?lat=a&lng=b', '?kind=spa']) {
      const res = await resident.get(`/api/service-map/nearby${query}`);
      assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
    }
  });
});
