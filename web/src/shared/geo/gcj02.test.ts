import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gcj02ToWgs84, wgs84ToGcj02 } from './gcj02.ts';

// Reference pairs [wgsLng, wgsLat, gcjLng, gcjLat] from the eviltransform test suite.
const REFERENCE: [string, number, number, number, number][] = [
  ['Shanghai', 121.5272106, 31.1774276, 121.531541859215, 31.17530398364597],
  ['Shenzhen', 113.912316, 22.543847, 113.9171764808363, 22.540796131694766],
  ['Beijing', 116.377817, 39.911954, 116.38404722455657, 39.91334545536069],
];

test('WGS-84 → GCJ-02 matches reference points', () => {
  for (const [place, wgsLng, wgsLat, gcjLng, gcjLat] of REFERENCE) {
    const [lng, lat] = wgs84ToGcj02(wgsLng, wgsLat);
    assert.ok(Math.abs(lng - gcjLng) < 1e-9 && Math.abs(lat - gcjLat) < 1e-9, `${place}: ${lng},${lat}`);
  }
});

test('GCJ-02 → WGS-84 inverts the forward transform to under a millimetre', () => {
  for (const [place, wgsLng, wgsLat, gcjLng, gcjLat] of REFERENCE) {
    const [lng, lat] = gcj02ToWgs84(gcjLng, gcjLat);
    assert.ok(Math.abs(lng - wgsLng) < 1e-8 && Math.abs(lat - wgsLat) < 1e-8, `${place}: ${lng},${lat}`);
  }
});

test('the offset in Hangzhou is a few hundred metres', () => {
  const [lng, lat] = wgs84ToGcj02(120.1738, 30.2878);
  const metres = Math.hypot((lng - 120.1738) * 96_000, (lat - 30.2878) * 111_000);
  assert.ok(metres > 300 && metres < 700, `${metres} m`);
});

test('points outside China are left alone', () => {
  assert.deepEqual(wgs84ToGcj02(2.3522, 48.8566), [2.3522, 48.8566]);
  assert.deepEqual(gcj02ToWgs84(-74.006, 40.7128), [-74.006, 40.7128]);
});
