import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildingMode, declutter, fetchBox, formatCoords, labelWidth, placeWords } from './buildings.ts';

test('buildings are hidden far out, points closer, labelled closest', () => {
  assert.equal(buildingMode(13), 'hidden');
  assert.equal(buildingMode(14.9), 'hidden');
  assert.equal(buildingMode(15), 'points');
  assert.equal(buildingMode(16), 'points');
  assert.equal(buildingMode(17), 'labels');
  assert.equal(buildingMode(19), 'labels');
});

test('the box asked for holds the view with a margin and does not change on a small pan', () => {
  const view = { south: 30.283, west: 120.163, north: 30.293, east: 120.183 };
  const box = fetchBox(view);
  assert.ok(box.south < view.south && box.north > view.north && box.west < view.west && box.east > view.east);
  const panned = fetchBox({ south: 30.2831, west: 120.1631, north: 30.2931, east: 120.1831 });
  assert.deepEqual(panned, box);
  const far = fetchBox({ south: 30.333, west: 120.163, north: 30.343, east: 120.183 });
  assert.notDeepEqual(far, box);
});

test('the box stays on the globe', () => {
  const box = fetchBox({ south: -89.9, west: -179.9, north: 89.9, east: 179.9 });
  assert.deepEqual(box, { south: -90, west: -180, north: 90, east: 180 });
});

test('labels that would cover one another are left out, the first kept', () => {
  const kept = declutter([
    { id: 1, text: '一号楼', x: 100, y: 100 },
    { id: 2, text: '二号楼', x: 110, y: 104 }, // covers 1
    { id: 3, text: '三号楼', x: 100, y: 130 }, // below 1, clear
    { id: 4, text: '四号楼', x: 100 + 6 + labelWidth('一号楼') + 1, y: 100 }, // just right of 1
  ]);
  assert.deepEqual(kept, [1, 3, 4]);
});

test('coordinates are written to five places', () => {
  assert.equal(formatCoords({ lat: 30.286314, lng: 120.171826 }), '30.28631, 120.17183');
});

test('a point is named by its nearest building: at it, near it, or none', () => {
  const building = { name: '打铁关小区1幢', address: '杭州市拱墅区文晖街道打铁关小区1幢' };
  assert.deepEqual(placeWords({ building, distanceMeters: 12 }), { kind: 'at', ...building, meters: 12 });
  assert.deepEqual(placeWords({ building, distanceMeters: 30 }), { kind: 'at', ...building, meters: 30 });
  assert.deepEqual(placeWords({ building, distanceMeters: 31 }), { kind: 'near', ...building, meters: 31 });
  assert.deepEqual(placeWords({ building: null, distanceMeters: null }), { kind: 'none' });
});

test('labels keep off the reserved ones, which are centred on their point', () => {
  const grid = { id: 0, text: '打铁关社区第一网格', x: 200, y: 100 };
  const kept = declutter(
    [
      { id: 1, text: '一号楼', x: 150, y: 100 }, // runs into the grid's name
      { id: 2, text: '二号楼', x: 150, y: 130 }, // below it
      { id: 3, text: '三号楼', x: 200 + labelWidth(grid.text) / 2 + 1, y: 100 }, // right of it
    ],
    [grid],
  );
  assert.deepEqual(kept, [2, 3]);
});
