import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { factories, type Factories } from '../support/factories.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { report } from '../support/matters.ts';
import { addResident } from '../support/users.ts';

interface Cluster {
  cell: string;
  count: number;
  open: number;
}

/** The factories' grids lie around 30° N, 100° E, far from the demo data: this box holds only this file's matters. */
const VIEW = 'south=29.9&west=99.9&north=30.5&east=101.1';
/** Zooms that pick each resolution the map counts at: r5, r7, r9. */
const ZOOMS = { 5: 9, 7: 12, 9: 15 } as const;

async function clusters(client: Client, query: string): Promise<{ resolution: number; clusters: Cluster[] }> {
  const res = await client.get(`/api/matters/map?${VIEW}&${query}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

async function listTotal(client: Client, query: string): Promise<number> {
  const res = await client.get(`/api/matters?${query}&limit=1&withTotal=true`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json().total;
}

describe('matters map cells: a hexagon’s count is the list it opens (h3 filter)', () => {
  let t: TestApp;
  let f: Factories;
  let community: { id: number };
  let grids: Array<{ id: number; corner: { lat: number; lng: number } }>;
  let communityAdmin: Client;
  let outsider: Client;
  let gridWorker: Client;
  let resident: Client;
  const ids: number[] = [];

  before(async () => {
    t = await startTestApp();
    f = await factories(t);
    community = await f.community();
    const other = await f.community();
    grids = [await f.grid(community.id), await f.grid(community.id)];
    communityAdmin = await f.user([{ role: 'community_admin', divisionId: community.id, gridId: null }]);
    outsider = await f.user([{ role: 'community_admin', divisionId: other.id, gridId: null }]);
    gridWorker = await f.user([{ role: 'grid_worker', divisionId: null, gridId: grids[0]!.id }]);
    resident = await addResident(t, 'map-cells-resident', community.id);
    // Spread over several r9 cells of both grids: 0.003° is about 300 m.
    for (const [g, dLat, dLng] of [
      [0, 0.002, 0.002],
      [0, 0.0021, 0.0021],
      [0, 0.005, 0.002],
      [0, 0.008, 0.008],
      [1, 0.002, 0.002],
      [1, 0.006, 0.004],
    ] as const) {
      const corner = grids[g]!.corner;
      const res = await report(resident, 'event.street_order.hawkers', {
        lat: corner.lat + dLat,
        lng: corner.lng + dLng,
      });
      assert.equal(res.statusCode, 201, res.body);
      ids.push(res.json().id);
    }
  });
  after(() => t.close());

  /** Every cell of the map at every resolution equals its list; the counts add up to `total`. */
  async function assertCellsOpenTheirLists(client: Client, area: string, total: number) {
    for (const [res, zoom] of Object.entries(ZOOMS)) {
      const open = await clusters(client, `zoom=${zoom}&${area}`);
      assert.equal(open.resolution, Number(res));
      assert.equal(
        open.clusters.reduce((sum, c) => sum + c.count, 0),
        total,
        `r${res} open counts add up`,
      );
      for (const c of open.clusters)
        assert.equal(await listTotal(client, `queue=grid&h3=${c.cell}&${area}`), c.count, `r${res} cell ${c.cell}`);
      const all = await clusters(client, `zoom=${zoom}&onlyOpen=false&${area}`);
      for (const c of all.clusters)
        assert.equal(await listTotal(client, `queue=all&h3=${c.cell}&${area}`), c.count, `r${res} all ${c.cell}`);
    }
  }

  test('each cell’s count equals the total of the list filtered to that cell, for an area and a grid', async () => {
    await assertCellsOpenTheirLists(communityAdmin, `areaId=${community.id}`, 6);
    await assertCellsOpenTheirLists(communityAdmin, `gridId=${grids[0]!.id}`, 4);
    await assertCellsOpenTheirLists(f.admin, `areaId=${community.id}`, 6);
    // Two matters 15 m apart share a cell at r9.
    const fine = await clusters(communityAdmin, `zoom=15&areaId=${community.id}`);
    assert.ok(
      fine.clusters.some((c) => c.count === 2),
      JSON.stringify(fine.clusters),
    );
  });

  test('a closed matter leaves the open count and its list together', async () => {
    const rejected = await communityAdmin.post(`/api/matters/${ids[0]}/reject`, { reason: '重复上报，已处理' });
    assert.equal(rejected.statusCode, 200, rejected.body);
    await assertCellsOpenTheirLists(communityAdmin, `areaId=${community.id}`, 5);
    const all = await clusters(communityAdmin, `zoom=15&onlyOpen=false&areaId=${community.id}`);
    assert.equal(
      all.clusters.reduce((sum, c) => sum + c.count, 0),
      6,
      'all matters still count when not only open',
    );
  });

  test('out of scope: another area’s admin and a grid worker of another grid see nothing of it', async () => {
    const mine = await clusters(communityAdmin, `zoom=15&areaId=${community.id}`);
    assert.ok(mine.clusters.length > 0);
    const theirs = await clusters(outsider, `zoom=15&areaId=${community.id}`);
    assert.deepEqual(theirs.clusters, []);
    assert.deepEqual((await clusters(outsider, 'zoom=15')).clusters, []);
    for (const c of mine.clusters) assert.equal(await listTotal(outsider, `queue=all&h3=${c.cell}`), 0);
    // The grid worker of the first grid counts only it, whatever area is asked for.
    const worker = await clusters(gridWorker, `zoom=15&gridId=${grids[1]!.id}`);
    assert.deepEqual(worker.clusters, []);
    const own = await clusters(gridWorker, 'zoom=15');
    assert.equal(
      own.clusters.reduce((sum, c) => sum + c.count, 0),
      await listTotal(gridWorker, 'queue=grid'),
    );
  });

  test('bad input answers 400', async () => {
    const cell = (await clusters(communityAdmin, `zoom=15&areaId=${community.id}`)).clusters[0]!.cell;
    for (const h3 of [
      'zzz',
      `${cell}0`,
      cell.slice(1),
      // The same place at resolution 8, which the map does not count at.
      '88309a553bfffff',
      // A digit past the resolution that is not 7.
      `${cell.slice(0, -1)}0`,
    ]) {
      const res = await communityAdmin.get(`/api/matters?h3=${h3}&limit=1`);
      assert.equal(res.statusCode, 400, `${h3}: ${res.body}`);
    }
    assert.equal(
      (await communityAdmin.get(`/api/matters?h3=${cell.toUpperCase()}&queue=grid&limit=1&withTotal=true`)).json()
        .total > 0,
      true,
      'a cell in capitals is the same cell',
    );
    const both = await communityAdmin.get(
      `/api/matters/map?${VIEW}&zoom=15&areaId=${community.id}&gridId=${grids[0]!.id}`,
    );
    assert.equal(both.statusCode, 400);
    assert.equal((await communityAdmin.get(`/api/matters/map?${VIEW}&zoom=15&areaId=abc`)).statusCode, 400);
  });
});
