import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { factories, type Factories } from '../support/factories.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';

/**
 * Buildings on the map: those in a box of the map, and the nearest one to a point, each within
 * the caller's area. Two grids side by side in one community, a building in each, 0.01° apart.
 */
describe('buildings on the map', () => {
  let t: TestApp;
  let make: Factories;
  let worker: Client;
  let grid1: Awaited<ReturnType<Factories['grid']>>;
  let grid2: Awaited<ReturnType<Factories['grid']>>;
  let inGrid1: { id: number; name: string };
  let inGrid2: { id: number; name: string };
  let unplaced: { id: number };

  before(async () => {
    t = await startTestApp();
    make = await factories(t);
    const community = await make.community();
    grid1 = await make.grid(community.id);
    grid2 = await make.grid(community.id);
    inGrid1 = await make.building(community.id, {
      gridId: grid1.id,
      address: '测试路 1 号',
      lat: grid1.corner.lat + 0.005,
      lng: grid1.corner.lng + 0.005,
    });
    inGrid2 = await make.building(community.id, {
      gridId: grid2.id,
      address: '测试路 2 号',
      lat: grid2.corner.lat + 0.005,
      lng: grid2.corner.lng + 0.005,
    });
    unplaced = await make.building(community.id, { gridId: grid1.id, address: '无坐标' });
    worker = await make.user([{ role: 'grid_worker', divisionId: null, gridId: grid1.id }]);
  });
  after(() => t.close());

  const boxQuery = (b: { south: number; west: number; north: number; east: number }) =>
    `south=${b.south}&west=${b.west}&north=${b.north}&east=${b.east}`;
  const aroundBoth = () =>
    boxQuery({
      south: grid1.corner.lat - 0.01,
      west: Math.min(grid1.corner.lng, grid2.corner.lng) - 0.01,
      north: grid1.corner.lat + 0.03,
      east: Math.max(grid1.corner.lng, grid2.corner.lng) + 0.03,
    });

  test('the buildings in a box are points with their names, and only those with a position', async () => {
    const res = await make.admin.get(`/api/org/buildings/points?${aroundBoth()}`);
    assert.equal(res.statusCode, 200, res.body);
    const ids = res.json().features.map((f: { id: number }) => f.id);
    assert.ok(ids.includes(inGrid1.id) && ids.includes(inGrid2.id), 'both placed buildings');
    assert.ok(!ids.includes(unplaced.id), 'not the one without a position');
    const feature = res.json().features.find((f: { id: number }) => f.id === inGrid1.id);
    assert.equal(feature.properties.name, inGrid1.name);
    assert.deepEqual(feature.geometry, {
      type: 'Point',
      coordinates: [grid1.corner.lng + 0.005, grid1.corner.lat + 0.005],
    });

    // A box around the first building only.
    const tight = await make.admin.get(
      `/api/org/buildings/points?${boxQuery({
        south: grid1.corner.lat,
        west: grid1.corner.lng,
        north: grid1.corner.lat + 0.009,
        east: grid1.corner.lng + 0.009,
      })}`,
    );
    assert.deepEqual(
      tight.json().features.map((f: { id: number }) => f.id),
      [inGrid1.id],
    );
  });

  test('a limit truncates the answer and says so', async () => {
    const res = await make.admin.get(`/api/org/buildings/points?${aroundBoth()}&limit=1`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().features.length, 1);
    assert.equal(res.json().truncated, true);
  });

  test("a grid worker sees only his grid's buildings in the box", async () => {
    const res = await worker.get(`/api/org/buildings/points?${aroundBoth()}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(
      res.json().features.map((f: { id: number }) => f.id),
      [inGrid1.id],
    );
  });

  test('the nearest building to a point, with its address and distance', async () => {
    // About 111 m north of the building in grid 2.
    const res = await make.admin.get(
      `/api/org/buildings/nearest?lat=${grid2.corner.lat + 0.006}&lng=${grid2.corner.lng + 0.005}`,
    );
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.building.id, inGrid2.id);
    assert.equal(body.building.name, inGrid2.name);
    assert.equal(body.building.address, '测试路 2 号');
    assert.equal(body.building.gridName, grid2.name);
    assert.ok(Math.abs(body.distanceMeters - 111) <= 1, `about 111 m (${body.distanceMeters})`);
  });

  test('nothing within the radius answers a null building', async () => {
    const res = await make.admin.get(
      `/api/org/buildings/nearest?lat=${grid2.corner.lat + 0.006}&lng=${grid2.corner.lng + 0.005}&within=50`,
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { building: null, distanceMeters: null });
  });

  test("a grid worker is offered only his grid's buildings as the nearest", async () => {
    // Nearer to the building in grid 2, but the worker of grid 1 may not see it.
    const lat = grid2.corner.lat + 0.005;
    const lng = grid2.corner.lng + 0.004;
    const admins = (await make.admin.get(`/api/org/buildings/nearest?lat=${lat}&lng=${lng}&within=5000`)).json();
    assert.equal(admins.building.id, inGrid2.id);
    const res = await worker.get(`/api/org/buildings/nearest?lat=${lat}&lng=${lng}&within=5000`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().building.id, inGrid1.id);
    assert.ok(res.json().distanceMeters > admins.distanceMeters);
  });

  test('bad coordinates are a 400', async () => {
    for (const q of ['lat=abc&lng=120', 'lat=95&lng=120', 'lat=30', 'lat=30&lng=-200', 'lat=-30&lng=-60']) {
      const res = await make.admin.get(`/api/org/buildings/nearest?${q}`);
      assert.equal(res.statusCode, 400, `${q}: ${res.body}`);
    }
    const inverted = await make.admin.get(
      `/api/org/buildings/points?${boxQuery({ south: 31, west: 100, north: 30, east: 101 })}`,
    );
    assert.equal(inverted.statusCode, 400, inverted.body);
  });

  test('anonymous callers are refused', async () => {
    const res = await t.anonymous().get('/api/org/buildings/nearest?lat=30&lng=100');
    assert.equal(res.statusCode, 401);
  });

  test('a resident locating a point hears the building beside it, not only the grid', async () => {
    const resident = await t.login('resident_demo');
    const admin = await t.login('admin');
    const building = (await admin.get(`/api/org/buildings?q=${encodeURIComponent('打铁关小区3幢')}`)).json()
      .items[0] as {
      name: string;
      lat: number;
      lng: number;
    };
    // About 20 m north-east of the building.
    const here = await resident.get(`/api/org/locate?lat=${building.lat + 0.00013}&lng=${building.lng + 0.00013}`);
    assert.equal(here.statusCode, 200, here.body);
    assert.equal(here.json().nearestBuilding.name, '打铁关小区3幢');
    assert.ok(here.json().nearestBuilding.distanceMeters < 40);
    // Far from every building of the community, it says so rather than naming one streets away.
    const field = await resident.get(`/api/org/locate?lat=${building.lat + 0.004}&lng=${building.lng}`);
    if (field.statusCode === 200) assert.equal(field.json().nearestBuilding, null);
  });
});
