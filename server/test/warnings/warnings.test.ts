import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { WarningsApi } from '../../src/api.ts';
import { factories, type Factories } from '../support/factories.ts';
import type { Client, TestApp } from '../support/harness.ts';
import { startTestApp } from '../support/harness.ts';
import { report } from '../support/matters.ts';
import { addResident } from '../support/users.ts';

type Warning = WarningsApi['WarningView'];

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

/** A small seeded generator, so the background repeats exactly. */
function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function warningsOf(client: Client, query = ''): Promise<Warning[]> {
  const res = await client.get(`/api/warnings?limit=50${query}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json().items;
}

/**
 * Four grids of a community, each about 1 km square and 2 km apart. For 21 days each grid gets
 * about one report a day at a random point of it (hawkers), spread over its H3 cells; then,
 * on the last morning, ten reports of noise at one corner of the first grid.
 */
describe('early warning (预警)', () => {
  let t: TestApp;
  let f: Factories;
  let community: { id: number };
  let elsewhere: { id: number };
  let grids: Array<{ id: number; corner: { lat: number; lng: number } }>;
  let resident: Client;
  let worker: Client;
  let otherAdmin: Client;
  const rnd = seeded(7);
  const at = (g: { corner: { lat: number; lng: number } }, x: number, y: number) => ({
    lat: g.corner.lat + 0.001 + y * 0.008,
    lng: g.corner.lng + 0.001 + x * 0.008,
  });

  before(async () => {
    // Sessions that outlast the test's month, as the clock moves days at a time.
    t = await startTestApp({ WARNING_SCAN_STUDY_DAYS: '60', SESSION_TTL_HOURS: '720' });
    f = await factories(t);
    community = await f.community();
    elsewhere = await f.community();
    grids = [];
    for (let i = 0; i < 4; i++) grids.push(await f.grid(community.id));
    worker = await f.user([{ role: 'grid_worker', divisionId: null, gridId: grids[0]!.id }], 'warning-worker');
    otherAdmin = await f.user(
      [{ role: 'community_admin', divisionId: elsewhere.id, gridId: null }],
      'warning-other-admin',
    );
    resident = await addResident(t, 'warning-resident', community.id);
    for (let day = 0; day < 21; day++) {
      for (const g of grids) {
        const n = rnd() < 0.5 ? 1 : rnd() < 0.5 ? 0 : 2;
        for (let i = 0; i < n; i++) {
          const res = await report(resident, 'event.street_order.hawkers', at(g, rnd(), rnd()));
          assert.equal(res.statusCode, 201, res.body);
        }
      }
      t.clock.advance(DAY);
    }
  });
  after(() => t.close());

  test('three quiet weeks raise nothing', async () => {
    const { warnings } = t.services;
    assert.equal((await warnings.runRises()).raised, 0);
    assert.equal((await warnings.runScan()).raised, 0);
    assert.equal((await warnings.runCoincidences()).raised, 0);
    assert.equal((await warnings.runHotspots()).raised, 0);
    assert.deepEqual(await warningsOf(worker), []);
  });

  test('a burst in one corner warns as a rise and as a cluster, each a matter routed to its grid', async () => {
    for (let i = 0; i < 10; i++) {
      const res = await report(resident, 'community.neighbour.noise', at(grids[0]!, 0.05 + i * 0.005, 0.05));
      assert.equal(res.statusCode, 201, res.body);
    }
    t.clock.advance(2 * HOUR);
    const { warnings } = t.services;
    assert.equal((await warnings.runRises()).raised, 1);
    assert.equal((await warnings.runScan()).raised, 1);

    const list = await warningsOf(worker);
    assert.deepEqual(list.map((w) => w.method).sort(), ['cluster', 'rise']);
    for (const w of list) {
      assert.equal(w.grid?.id, grids[0]!.id);
      assert.equal(w.status, 'open');
      assert.ok(w.observed >= 8, `${w.method} counts the burst: ${w.observed}`);
      assert.ok(w.observed > w.expected * 3, `${w.method}: ${w.observed} against ${w.expected}`);
      assert.match(w.summary, /预警/);
      // Its matter is of the kind warning, in the grid, and tells what was seen.
      const matter = (await worker.get(`/api/matters/${w.matterId}`)).json();
      assert.equal(matter.kind, 'warning');
      assert.equal(matter.grid?.id ?? matter.gridId, grids[0]!.id);
      assert.equal(matter.description, w.summary);
    }
    const cluster = list.find((w) => w.method === 'cluster')!;
    assert.ok(cluster.recurrenceDays! >= 100, `recurrence ${cluster.recurrenceDays}`);
    assert.ok(cluster.pValue! <= 0.01);
    const rise = list.find((w) => w.method === 'rise')!;
    assert.equal(rise.category?.id !== undefined, true);

    // The detail names the cases it counts, newest first.
    const detail = (await worker.get(`/api/warnings/${rise.id}`)).json();
    assert.equal(detail.sampleCases.length, Math.min(10, rise.caseCount));
  });

  test('an ongoing warning is told again only when new cases join it', async () => {
    const { warnings } = t.services;
    const before = (await warningsOf(worker, '&method=rise'))[0]!;
    t.clock.advance(HOUR);
    const again = await warnings.runRises();
    assert.equal(again.raised, 0);
    assert.equal(again.renotified, 0);
    assert.equal((await warningsOf(worker, '&method=rise'))[0]!.notified, before.notified);

    await report(resident, 'community.neighbour.noise', at(grids[0]!, 0.1, 0.05));
    t.clock.advance(HOUR);
    const joined = await warnings.runRises();
    assert.equal(joined.raised, 0);
    assert.equal(joined.renotified, 1);
    const after = (await warningsOf(worker, '&method=rise'))[0]!;
    assert.equal(after.id, before.id);
    assert.equal(after.notified, before.notified + 1);
    assert.equal(after.caseCount, before.caseCount + 1);
    const timeline = (await worker.get(`/api/matters/${after.matterId}`)).json().timeline;
    assert.ok(timeline.some((e: { note: string }) => e.note.startsWith('预警更新：新增 1 件')));
  });

  test('staff judge a warning; the verdict is kept, counted and audited; others cannot see it', async () => {
    const [w] = await warningsOf(worker, '&method=cluster');
    assert.equal((await otherAdmin.get(`/api/warnings/${w!.id}`)).statusCode, 404);
    assert.equal((await otherAdmin.post(`/api/warnings/${w!.id}/verdict`, { verdict: 'false' })).statusCode, 404);
    assert.equal((await worker.post(`/api/warnings/${w!.id}/verdict`, { verdict: 'maybe' })).statusCode, 400);
    const res = await worker.post(`/api/warnings/${w!.id}/verdict`, { verdict: 'confirmed', note: '夜市摊点噪声' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().verdict, 'confirmed');
    assert.equal(res.json().verdictNote, '夜市摊点噪声');
    assert.equal((await warningsOf(worker, '&verdict=confirmed')).length, 1);
    assert.equal((await warningsOf(worker, '&verdict=none')).length, 1);
    const evaluation = (await worker.get('/api/warnings/evaluation')).json();
    assert.equal(evaluation.raised, 2);
    assert.equal(evaluation.judged, 1);
    assert.equal(evaluation.actionableRate, 1);
    const audit = (await f.admin.get('/api/audit?action=warnings.verdict')).json();
    assert.ok(audit.items.some((e: { entityId: string }) => String(e.entityId) === String(w!.id)));
  });

  test('the week of the burst makes its cell a new hot spot', async () => {
    // Monday-style: the whole week before today holds the burst's day.
    t.clock.advance(7 * DAY);
    const spots = await t.services.warnings.runHotspots();
    assert.equal(spots.raised, 1);
    const [spot] = await warningsOf(worker, '&method=hotspot');
    assert.equal(spot!.grid?.id, grids[0]!.id);
    assert.ok(spot!.observed >= 9, `the burst's week: ${spot!.observed}`);
    assert.match(spot!.summary, /新增热点/);
  });

  test('a warning no signal continues ends', async () => {
    // Once the burst has left the seven days the CUSUM watches, nothing continues the rise.
    t.clock.advance(DAY);
    const ended = await t.services.warnings.runRises();
    assert.equal(ended.ended, 1);
    assert.equal((await warningsOf(worker, '&method=rise'))[0]!.status, 'ended');
  });

  test('an administrator runs the detectors on demand; a grid worker may not', async () => {
    assert.equal((await worker.post('/api/warnings/run')).statusCode, 403);
    const res = await otherAdmin.post('/api/warnings/run');
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(Object.keys(res.json()).sort(), ['cluster', 'coincidence', 'hotspot', 'rise']);
    const audit = (await f.admin.get('/api/audit?action=warnings.run')).json();
    assert.equal(audit.items.length, 1);
  });
});
