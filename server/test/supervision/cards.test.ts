import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cardAt, closingCard, openCard } from '../../src/modules/supervision/cards.ts';

const HOUR = 3_600_000;
const deadline = new Date('2026-12-01T09:00:00Z');
const after = (hours: number) => new Date(deadline.getTime() + hours * HOUR);

test('the clock gives green up to the deadline, yellow after, red past the threshold', () => {
  assert.equal(cardAt(after(-1), deadline, 24), 'green');
  assert.equal(cardAt(deadline, deadline, 24), 'green');
  assert.equal(cardAt(after(0.01), deadline, 24), 'yellow');
  assert.equal(cardAt(after(24), deadline, 24), 'yellow');
  assert.equal(cardAt(after(24.01), deadline, 24), 'red');
});

test('an open card never goes down: not with time, not with a later deadline', () => {
  const later = after(100);
  assert.equal(openCard('red', after(1), later, 24), 'red');
  assert.equal(openCard('yellow', after(1), later, 24), 'yellow');
  assert.equal(openCard('green', after(30), deadline, 24), 'red');
});

test('closing: on time stays green; late, yellow or red, ends yellow', () => {
  assert.equal(closingCard('green', after(-2), deadline, 24), 'green');
  assert.equal(closingCard('green', after(2), deadline, 24), 'yellow', 'late though no job had run');
  assert.equal(closingCard('yellow', after(2), deadline, 24), 'yellow');
  assert.equal(closingCard('red', after(200), deadline, 24), 'yellow');
  assert.equal(closingCard('red', after(-5), after(300), 24), 'yellow', 'a moved deadline does not make it green');
});
