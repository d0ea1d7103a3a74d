import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ServiceMapApi } from '../../src/api.ts';
import { factories, type Factories } from '../support/factories.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { addResident } from '../support/users.ts';

/**
 * A worked example computed by hand. Everything lies on one meridian (101.5°E) north of
 * 31.5°N, so the great-circle distance between two points is the difference of their
 * northward offsets: an offset of m metres is m / (6,371,000 · π/180) degrees of latitude
 * (the radius geokdbush measures with). Walking minutes = metres × 1.3 ÷ 80 (the defaults),
 * so the circles reach 5 min = 307.7 m, 10 min = 615.4 m, 15 min = 923.1 m in a straight line.
 *
 *   building A at    0 m, 5 residents
 *   building B at  400 m, 3 residents
 *   building C at 1200 m, 2 residents                         (10 residents, 3 buildings)
 *   S1 卫生服务站 (health_station, offers medical by its kind) at 100 m
 *   S2 养老服务中心 (elderly_care + canteen, capacity 40) at 1800 m, in another community
 *   S3 暖心驿站 (rest_station) at 0 m, inactive: not counted
 *
 * medical:      A 100 m = 1.625 min, B 300 m = 4.875 min, C 1100 m (> 923 m: none)
 *               → at 5, 10 and 15 min: A + B = 8 of 10 residents, 2 of 3 buildings
 * elderly_care: C 600 m = 9.75 min (served across the boundary); A 1800 m and B 1400 m: none
 *               → 5 min: 0; 10 and 15 min: C = 2 of 10 residents, 1 of 3 buildings (canteen the same)
 * missing kinds (nothing within 15 min of any building): all but medical, elderly_care, canteen
 *
 * What if a station offering medical and rest_station stood at 800 m:
 *   A 800 m = 13 min, B 400 m = 6.5 min, C 400 m = 6.5 min
 *   medical:      C gains 10 and 15 (was none) → 10 and 15 min become 10 of 10 (+2 residents, +1 building)
 *   rest_station: 5 min none; 10 min B + C = 5 of 10 (+5, +2); 15 min all = 10 of 10 (+10, +3)
 *   newly covered: A (5) rest 15; B (3) rest 10, 15; C (2) medical 10, 15, rest 10, 15
 */
const ORIGIN = { lat: 31.5, lng: 101.5 };
const EARTH_RADIUS_M = 6_371_000;
const north = (metres: number) => ({ lat: ORIGIN.lat + (metres / (EARTH_RADIUS_M * Math.PI)) * 180, lng: ORIGIN.lng });
const minutes = (metres: number) => (metres * 1.3) / 80;

type Coverage = ServiceMapApi['CoverageView'];
type KindFigures = Coverage['kinds'][number];
const level = (kinds: KindFigures[], kind: string, m: number) =>
  kinds.find((k) => k.kind === kind)!.levels.find((l) => l.minutes === m)!;

describe('service map (15-minute life circle)', () => {
  let t: TestApp;
  let f: Factories;
  let admin: Client;
  let community: { id: number };
  let other: { id: number };
  const building: Record<'A' | 'B' | 'C', number> = { A: 0, B: 0, C: 0 };
  let s1: number;
  let s2: number;

  before(async () => {
    t = await startTestApp();
    f = await factories(t);
    community = await f.community();
    other = await f.community();
    admin = f.admin;
    const homes = [
      ['A', 0, 5],
      ['B', 400, 3],
      ['C', 1200, 2],
    ] as const;
    for (const [name, metres, residents] of homes) {
      const b = await f.building(community.id, { name: `${name}幢`, ...north(metres) });
      building[name] = b.id;
      for (let i = 0; i < residents; i++) await f.person(community.id, { buildingId: b.id });
    }
    const station = async (body: Record<string, unknown>) => {
      const res = await admin.post('/api/stations', body);
      assert.equal(res.statusCode, 201, res.body);
      return res.json();
    };
    const health = await station({
      kind: 'health_station',
      name: '卫生服务站',
      divisionId: community.id,
      ...north(100),
    });
    assert.deepEqual(health.services, ['medical'], 'a station offers its kind’s services unless told otherwise');
    assert.equal(health.capacity, null);
    s1 = health.id;
    const elderly = await station({
      kind: 'elderly_care_center',
      name: '养老服务中心',
      divisionId: other.id,
      services: ['elderly_care', 'canteen'],
      capacity: 40,
      ...north(1800),
    });
    assert.deepEqual(elderly.services, ['elderly_care', 'canteen']);
    assert.equal(elderly.capacity, 40);
    s2 = elderly.id;
    await station({ kind: 'warm_station', name: '暖心驿站', divisionId: community.id, active: false, ...north(0) });
  });
  after(() => t.close());

  test('coverage per kind and level, weighted by residents, and the kinds the community lacks', async () => {
    const res = await admin.get(`/api/service-map/coverage?areaId=${community.id}`);
    assert.equal(res.statusCode, 200, res.body);
    const c: Coverage = res.json();
    assert.equal(c.residents, 10);
    assert.equal(c.buildings, 3);
    for (const m of [5, 10, 15]) {
      assert.deepEqual(level(c.kinds, 'medical', m), {
        minutes: m,
        residents: 8,
        buildings: 2,
        residentsShare: 8 / 10,
        buildingsShare: 2 / 3,
      });
      const elderly = m === 5 ? [0, 0] : [2, 1];
      for (const kind of ['elderly_care', 'canteen']) {
        const l = level(c.kinds, kind, m);
        assert.deepEqual([l.residents, l.buildings, l.residentsShare], [...elderly, elderly[0]! / 10], `${kind} ${m}`);
      }
      assert.equal(level(c.kinds, 'rest_station', m).residents, 0, 'an inactive station serves no one');
    }
    assert.deepEqual(c.communities.length, 1);
    const mine = c.communities[0]!;
    assert.equal(mine.communityId, community.id);
    assert.deepEqual(mine.kinds, c.kinds);
    assert.deepEqual(mine.missingKinds, [
      'government',
      'childcare',
      'culture_sports',
      'employment',
      'legal_mediation',
      'rest_station',
    ]);
    assert.ok(c.computedMs >= 0);
  });

  test('gaps: buildings without the kind within the walk, most residents first, a page at a time', async () => {
    const url = (kind: string, m: number, extra = '') =>
      `/api/service-map/gaps?areaId=${community.id}&kind=${kind}&level=${m}${extra}`;
    const medical = (await admin.get(url('medical', 5))).json();
    assert.deepEqual(
      medical.items.map((g: { buildingId: number; residents: number; nearest: unknown }) => [
        g.buildingId,
        g.residents,
        g.nearest,
      ]),
      [[building.C, 2, null]],
    );
    const first = (await admin.get(url('elderly_care', 5, '&limit=2'))).json();
    assert.deepEqual(
      first.items.map((g: { buildingId: number }) => g.buildingId),
      [building.A, building.B],
    );
    assert.ok(first.nextCursor);
    const second = (await admin.get(url('elderly_care', 5, `&limit=2&cursor=${first.nextCursor}`))).json();
    assert.deepEqual(
      second.items.map((g: { buildingId: number }) => g.buildingId),
      [building.C],
    );
    assert.equal(second.nextCursor, null);
    const c = second.items[0];
    assert.equal(c.nearest.station.id, s2);
    assert.ok(Math.abs(c.nearest.minutes - minutes(600)) <= 0.06, `C walks ${c.nearest.minutes} min, by hand 9.75`);
    const wide = (await admin.get(url('elderly_care', 15))).json();
    assert.deepEqual(
      wide.items.map((g: { buildingId: number }) => g.buildingId),
      [building.A, building.B],
    );
  });

  test('one building: minutes to the nearest station of each kind', async () => {
    const res = await admin.get(`/api/service-map/buildings/${building.B}`);
    assert.equal(res.statusCode, 200, res.body);
    const b = res.json();
    assert.equal(b.residents, 3);
    const of = (kind: string) => b.kinds.find((k: { kind: string }) => k.kind === kind).nearest;
    assert.equal(of('medical').station.id, s1);
    assert.ok(
      Math.abs(of('medical').minutes - minutes(300)) <= 0.06,
      `B walks ${of('medical').minutes}, by hand 4.875`,
    );
    assert.equal(of('elderly_care'), null, '1400 m is past the 15-minute reach');
    assert.equal(of('rest_station'), null);
    const c = (await admin.get(`/api/service-map/buildings/${building.C}`)).json();
    const canteen = c.kinds.find((k: { kind: string }) => k.kind === 'canteen').nearest;
    assert.equal(canteen.station.id, s2);
    assert.ok(Math.abs(canteen.minutes - minutes(600)) <= 0.06);
  });

  test('what-if: a candidate station changes coverage as computed by hand, and nothing is saved', async () => {
    const before = (await admin.get(`/api/service-map/coverage?areaId=${community.id}`)).json();
    const res = await admin.post('/api/service-map/what-if', {
      areaId: community.id,
      stations: [{ ...north(800), services: ['medical', 'rest_station'] }],
    });
    assert.equal(res.statusCode, 200, res.body);
    const w = res.json();
    assert.deepEqual(w.before, before.kinds);
    const changeOf = (kind: string) =>
      w.change
        .find((c: { kind: string }) => c.kind === kind)
        .levels.map((l: { residents: number; buildings: number }) => [l.residents, l.buildings]);
    assert.deepEqual(changeOf('medical'), [
      [0, 0],
      [2, 1],
      [2, 1],
    ]);
    assert.deepEqual(changeOf('rest_station'), [
      [0, 0],
      [5, 2],
      [10, 3],
    ]);
    for (const kind of ['elderly_care', 'canteen', 'government'])
      assert.deepEqual(changeOf(kind), [
        [0, 0],
        [0, 0],
        [0, 0],
      ]);
    assert.deepEqual(
      [10, 15].map((m) => level(w.after, 'medical', m).residentsShare),
      [1, 1],
    );
    assert.deepEqual(
      [5, 10, 15].map((m) => level(w.after, 'rest_station', m).residentsShare),
      [0, 0.5, 1],
    );
    assert.deepEqual(
      w.newlyCovered.map((b: { buildingId: number; residents: number; gains: unknown }) => [
        b.buildingId,
        b.residents,
        b.gains,
      ]),
      [
        [building.A, 5, [{ kind: 'rest_station', minutes: 15 }]],
        [
          building.B,
          3,
          [
            { kind: 'rest_station', minutes: 10 },
            { kind: 'rest_station', minutes: 15 },
          ],
        ],
        [
          building.C,
          2,
          [
            { kind: 'medical', minutes: 10 },
            { kind: 'medical', minutes: 15 },
            { kind: 'rest_station', minutes: 10 },
            { kind: 'rest_station', minutes: 15 },
          ],
        ],
      ],
    );
    const again = (await admin.get(`/api/service-map/coverage?areaId=${community.id}`)).json();
    assert.deepEqual(again.kinds, before.kinds);
  });

  test('scope: another community’s admin gets 404 for this area, a resident 403', async () => {
    const neighbour = await f.user([{ role: 'community_admin', divisionId: other.id, gridId: null }]);
    for (const url of [
      `/api/service-map/coverage?areaId=${community.id}`,
      `/api/service-map/gaps?areaId=${community.id}&kind=medical`,
      `/api/service-map/buildings/${building.A}`,
    ])
      assert.equal((await neighbour.get(url)).statusCode, 404, url);
    const whatIf = await neighbour.post('/api/service-map/what-if', {
      areaId: community.id,
      stations: [{ ...north(800), services: ['medical'] }],
    });
    assert.equal(whatIf.statusCode, 404);
    // Their own area has no buildings; S2 stands there but serves none of them.
    const own = (await neighbour.get('/api/service-map/coverage')).json();
    assert.deepEqual([own.residents, own.buildings], [0, 0]);

    const resident = await addResident(t, `servicemap_resident_${process.pid}`, community.id);
    assert.equal((await resident.get(`/api/service-map/coverage?areaId=${community.id}`)).statusCode, 403);
    assert.equal((await resident.get(`/api/service-map/buildings/${building.A}`)).statusCode, 403);
  });

  test('bad input is refused with 400 and changes nothing', async () => {
    const stationsBefore = (await admin.get(`/api/stations?communityId=${community.id}&limit=50`)).json().items.length;
    for (const url of [
      `/api/service-map/gaps?areaId=${community.id}&kind=bakery`,
      `/api/service-map/gaps?areaId=${community.id}&kind=medical&level=7`,
      '/api/service-map/coverage?areaId=0x10',
    ])
      assert.equal((await admin.get(url)).statusCode, 400, url);
    const candidate = { ...north(800), services: ['medical'] };
    for (const stations of [
      [{ ...candidate, lat: 91 }],
      [{ ...candidate, services: ['bakery'] }],
      [{ ...candidate, services: [] }],
      Array.from({ length: 21 }, () => candidate),
      [],
    ]) {
      const res = await admin.post('/api/service-map/what-if', { areaId: community.id, stations });
      assert.equal(res.statusCode, 400, JSON.stringify(stations).slice(0, 80));
    }
    const badStation = await admin.post('/api/stations', {
      kind: 'canteen',
      name: '助餐点',
      divisionId: community.id,
      services: ['bakery'],
      ...north(50),
    });
    assert.equal(badStation.statusCode, 400);
    const after = (await admin.get(`/api/stations?communityId=${community.id}&limit=50`)).json().items.length;
    assert.equal(after, stationsBefore);
  });

  test('stations take and give services and capacity; existing kinds offer their services', async () => {
    const res = await admin.patch(`/api/stations/${s1}`, { services: ['medical', 'elderly_care'], capacity: 12 });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual([res.json().services, res.json().capacity], [['medical', 'elderly_care'], 12]);
    const centres = (await admin.get('/api/stations?kind=party_service_center&limit=5')).json().items;
    assert.ok(centres.length > 0);
    for (const s of centres) assert.deepEqual(s.services, ['government', 'culture_sports']);
  });
});
