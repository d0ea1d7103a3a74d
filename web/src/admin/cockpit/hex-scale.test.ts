import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classLabel, HEX_COLOURS, hexClasses, hexColour } from './hex-scale.ts';

test('few distinct counts: a class each, the darkest for the highest', () => {
  const classes = hexClasses([1, 3, 1, 2]);
  assert.deepEqual(
    classes.map((c) => [c.from, c.to, c.colour]),
    [
      [1, 1, HEX_COLOURS[2]],
      [2, 2, HEX_COLOURS[3]],
      [3, 3, HEX_COLOURS[4]],
    ],
  );
  assert.deepEqual(classes.map(classLabel), ['1', '2', '3']);
  assert.equal(hexColour(classes, 3), HEX_COLOURS[4]);
});

test('many counts: breaks at the quintiles, the top class open-ended', () => {
  const counts = Array.from({ length: 100 }, (_, i) => i + 1);
  const classes = hexClasses(counts);
  assert.deepEqual(classes.map(classLabel), ['1–20', '21–40', '41–60', '61–80', '81+']);
  assert.equal(hexColour(classes, 1), HEX_COLOURS[0]);
  assert.equal(hexColour(classes, 55), HEX_COLOURS[2]);
  assert.equal(hexColour(classes, 100), HEX_COLOURS[4]);
});

test('skewed counts merge equal breaks; no counts, no classes', () => {
  const classes = hexClasses([1, 1, 1, 1, 1, 1, 1, 2, 9, 40, 41, 7]);
  assert.ok(classes.length <= 5);
  for (let i = 1; i < classes.length; i++) assert.ok(classes[i]!.from > classes[i - 1]!.from);
  assert.equal(classes[0]!.from, 1);
  assert.deepEqual(hexClasses([]), []);
  assert.deepEqual(hexClasses([0]), []);
});
