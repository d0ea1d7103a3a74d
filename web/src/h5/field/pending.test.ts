import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { QueuedAction } from '../offline/queue.ts';
import { nearestOf } from './nearby-buildings.ts';
import {
  joinSamples,
  MAX_BATCH,
  patrolPath,
  pendingOfPatrol,
  type SampleInput,
  stoppedOnPhone,
  VISITS_PATH,
  visitsWaiting,
} from './pending.ts';

let n = 0;
function item(path: string, body: Record<string, unknown>, extra: Partial<QueuedAction> = {}): QueuedAction {
  n++;
  return {
    key: `k${n}`,
    method: 'POST',
    path,
    body,
    photos: [],
    photosField: null,
    uploaded: [],
    label: `item ${n}`,
    takenAt: new Date(Date.UTC(2030, 0, 1, 8, n)).toISOString(),
    state: 'waiting',
    error: null,
    ...extra,
  };
}
const sample = (minute: number): SampleInput => ({
  lat: 30.28,
  lng: 120.16,
  accuracy: 8,
  at: new Date(Date.UTC(2030, 0, 1, 8, minute)).toISOString(),
});

test("a patrol's waiting trail, check-ins, findings and stop; another patrol's and the visits are not its", () => {
  const items = [
    item(patrolPath(7, 'samples'), { samples: [sample(3), sample(1)] }),
    item(patrolPath(7, 'check-ins'), { buildingId: 5, at: '2030-01-01T08:04:00.000Z' }, { meta: { name: '1幢' } }),
    item(patrolPath(8, 'check-ins'), { buildingId: 6 }),
    item(patrolPath(7, 'samples'), { samples: [sample(2)] }),
    item(patrolPath(7, 'findings'), { description: '占道' }),
    item(VISITS_PATH, { personId: 42 }),
    item(patrolPath(7, 'stop'), { at: '2030-01-01T08:09:00.000Z' }),
  ];
  const p = pendingOfPatrol(items, 7);
  assert.deepEqual(
    p.samples.map((s) => s.at.slice(11, 16)),
    ['08:01', '08:02', '08:03'],
    'in time order across batches',
  );
  assert.deepEqual(
    p.checkIns.map((c) => [c.name, c.at]),
    [['1幢', '2030-01-01T08:04:00.000Z']],
  );
  assert.equal(p.findings, 1);
  assert.equal(p.stop?.path, patrolPath(7, 'stop'));
  assert.deepEqual(pendingOfPatrol(items, 8).checkIns.length, 1);
  assert.equal(pendingOfPatrol(items, 8).stop, undefined);
  assert.deepEqual(stoppedOnPhone(items), [7]);
  assert.deepEqual([...visitsWaiting(items)], [42]);
  assert.deepEqual(pendingOfPatrol([], 7), { samples: [], checkIns: [], findings: 0, stop: undefined });
});

test('a trail batch takes new points once each, up to what the server takes in one batch', () => {
  const label = (count: number) => `${count} points`;
  const waiting = item(patrolPath(7, 'samples'), { datum: 'wgs84', samples: [sample(1), sample(2)] });
  const joined = joinSamples(waiting, [sample(2), sample(3)], label);
  assert.deepEqual(joined, {
    body: { datum: 'wgs84', samples: [sample(1), sample(2), sample(3)] },
    label: '3 points',
  });
  const full = item(patrolPath(7, 'samples'), {
    samples: Array.from({ length: MAX_BATCH }, (_, i) => ({ ...sample(0), at: new Date(i * 1000).toISOString() })),
  });
  assert.equal(joinSamples(full, [sample(9)], label), null, 'a new batch instead');
});

test('the nearest building kept on the phone: within 500 m, nearest first, then the lower id', () => {
  const at = { lat: 30.28, lng: 120.16 };
  const north = (id: number, metres: number) => ({
    id,
    name: `B${id}`,
    address: '',
    lat: at.lat + metres / 111_195,
    lng: at.lng,
  });
  assert.equal(nearestOf([north(1, 120), north(2, 40), north(3, 300)], at)?.building.id, 2);
  assert.equal(nearestOf([north(1, 120), north(2, 40), north(3, 300)], at)?.distanceMeters, 40);
  assert.equal(nearestOf([north(5, 60), north(4, 60)], at)?.building.id, 4);
  assert.equal(nearestOf([north(1, 600)], at), null);
  assert.equal(nearestOf([], at), null);
});
