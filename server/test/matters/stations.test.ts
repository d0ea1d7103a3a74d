import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { distanceMeters } from '../../src/platform/geo.ts';
import * as repo from '../../src/modules/matters/repository.ts';
import { isOpen } from '../../src/modules/matters/stations.ts';
import { startTestApp, type TestApp } from '../support/harness.ts';

const TZ = 'Asia/Shanghai';

describe('nearest service stations', () => {
  let t: TestApp;
  const stations: Array<{
    lat: number;
    lng: number;
    kind: 'warm_station' | 'courier_station';
    always: boolean;
    charger: boolean;
  }> = [];

  before(async () => {
    t = await startTestApp();
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 3000; i++) {
      stations.push({
        lat: 30.2 + rnd() * 0.25,
        lng: 120.0 + rnd() * 0.3,
        kind: i % 2 ? 'warm_station' : 'courier_station',
        always: i % 3 === 0,
        charger: i % 5 === 0,
      });
    }
    const division = (
      await t.services.database.db
        .selectFrom('org.divisions')
        .select('id')
        .where('level', '=', 'community')
        .executeTakeFirstOrThrow()
    ).id;
    await repo.insertStations(
      t.services.database.db,
      stations.map((s, i) => ({
        kind: s.kind,
        name: `测试站点${i}`,
        division_id: division,
        lat: s.lat,
        lng: s.lng,
        facilities: s.charger ? ['charger'] : ['water'],
        opening_hours: JSON.stringify(
          s.always
            ? { always: true }
            : {
                weekly: {
                  '5': [
                    ['08:30', '12:00'],
                    ['13:30', '17:30'],
                  ],
                },
              },
        ),
      })),
      t.clock.now(),
    );
  });
  after(() => t.close());

  test('the same answer as measuring every station, with and without filters', async () => {
    const all = await t.services.database.db
      .selectFrom('matters.stations')
      .selectAll()
      .where('active', '=', true)
      .execute();
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 40; i++) {
      const lat = 30.18 + rnd() * 0.3;
      const lng = 119.98 + rnd() * 0.34;
      const options = [
        { openNow: false, limit: 5 },
        { openNow: true, limit: 3 },
        { openNow: false, limit: 4, kind: 'courier_station' },
        { openNow: true, limit: 2, facility: 'charger' },
      ][i % 4]!;
      const now = t.clock.now();
      const expected = all
        .filter(
          (s) =>
            (!('kind' in options) || s.kind === options.kind) &&
            (!('facility' in options) || s.facilities.includes(options.facility!)) &&
            (!options.openNow || isOpen(s.opening_hours, now, TZ)),
        )
        .map((s) => ({ id: s.id, d: distanceMeters(lat, lng, s.lat, s.lng) }))
        .sort((a, b) => a.d - b.d)
        .slice(0, options.limit);
      const got = await t.services.matters.nearestStations(lat, lng, options);
      assert.deepEqual(
        got.map((s) => s.id),
        expected.map((s) => s.id),
        `point ${i} ${JSON.stringify(options)}`,
      );
    }
  });

  test('opening hours in China time', () => {
    const weekdays = { weekly: { '5': [['08:30', '12:00'] as [string, string]] } };
    assert.equal(isOpen(weekdays, new Date('2026-11-20T01:00:00Z'), TZ), true, 'Friday 09:00');
    assert.equal(isOpen(weekdays, new Date('2026-11-20T04:30:00Z'), TZ), false, 'Friday 12:30');
    assert.equal(isOpen(weekdays, new Date('2026-11-19T23:59:00Z'), TZ), false, 'Friday 07:59');
    assert.equal(isOpen({ always: true }, new Date('2026-11-21T19:00:00Z'), TZ), true);
  });
});
