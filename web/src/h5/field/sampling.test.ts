import assert from 'node:assert/strict';
import { test } from 'node:test';
import { metersBetween, shouldKeep } from './sampling.ts';

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 8, 0, seconds));

test('a patrol keeps a position every 20 seconds or 20 metres, whichever comes first', () => {
  const first = { lat: 30.29, lng: 120.17, accuracy: 8, at: at(0) };
  assert.equal(shouldKeep(undefined, first), true, 'the first is always kept');
  assert.equal(shouldKeep(first, { ...first, at: at(5) }), false, 'standing still, 5 s later');
  assert.equal(shouldKeep(first, { ...first, at: at(20) }), true, 'standing still, 20 s later');
  // 0.0002° of latitude is about 22 m.
  assert.equal(shouldKeep(first, { ...first, lat: 30.2902, at: at(3) }), true, 'moved ~22 m in 3 s');
  assert.equal(shouldKeep(first, { ...first, lat: 30.29005, at: at(3) }), false, 'moved ~6 m in 3 s');
});

test('distances are great-circle metres', () => {
  const d = metersBetween({ lat: 30, lng: 120 }, { lat: 30.001, lng: 120 });
  assert.ok(Math.abs(d - 111.2) < 0.5, `${d}`);
});
