import assert from 'node:assert/strict';
import { test } from 'node:test';
import dayjs from 'dayjs';
import type { EarningRule } from '../../shared/types.ts';
import { monthsOf, periodRange, periodStart } from './period.ts';
import { ruleStates } from '../points/rule-states.ts';

test('a period starts at its month, quarter or year, in China time', () => {
  const at = dayjs('2026-11-20T10:00:00');
  assert.equal(periodStart({ kind: 'month', start: at }).format('YYYY-MM-DD'), '2026-11-01');
  assert.equal(periodStart({ kind: 'quarter', start: at }).format('YYYY-MM-DD'), '2026-10-01');
  assert.equal(periodStart({ kind: 'quarter', start: dayjs('2026-03-31') }).format('YYYY-MM-DD'), '2026-01-01');
  assert.equal(periodStart({ kind: 'year', start: at }).format('YYYY-MM-DD'), '2026-01-01');
  assert.deepEqual(periodRange({ kind: 'month', start: at }), {
    from: '2026-10-31T16:00:00.000Z',
    to: '2026-11-30T16:00:00.000Z',
  });
  assert.deepEqual(periodRange({ kind: 'quarter', start: at }), {
    from: '2026-09-30T16:00:00.000Z',
    to: '2026-12-31T16:00:00.000Z',
  });
  assert.deepEqual(periodRange({ kind: 'year', start: at }), {
    from: '2025-12-31T16:00:00.000Z',
    to: '2026-12-31T16:00:00.000Z',
  });
});

test('the months of a period follow on without gaps', () => {
  const months = monthsOf({ kind: 'year', start: dayjs('2026-05-09') });
  assert.equal(months.length, 12);
  assert.deepEqual([months[0]!.label, months[11]!.label], ['2026-01', '2026-12']);
  for (let i = 1; i < months.length; i++) assert.equal(months[i]!.from, months[i - 1]!.to);
  assert.deepEqual(
    monthsOf({ kind: 'quarter', start: dayjs('2026-11-20') }).map((m) => m.label),
    ['2026-10', '2026-11', '2026-12'],
  );
  assert.equal(monthsOf({ kind: 'month', start: dayjs('2026-02-14') })[0]!.to, '2026-02-28T16:00:00.000Z');
});

test('per community and event, the latest version started by today is current; later ones wait; older ones are replaced', () => {
  const rule = (
    id: number,
    communityId: number,
    eventType: EarningRule['eventType'],
    effectiveFrom: string,
  ): EarningRule => ({
    id,
    communityId,
    eventType,
    pointsPerUnit: 10,
    unit: 'each',
    dailyCap: null,
    monthlyCap: null,
    effectiveFrom,
  });
  const states = ruleStates(
    [
      rule(1, 7, 'good_deed.verified', '2026-01-01'),
      rule(2, 7, 'good_deed.verified', '2026-11-01'),
      rule(3, 7, 'good_deed.verified', '2026-12-01'),
      rule(4, 8, 'good_deed.verified', '2026-01-01'),
      rule(5, 7, 'vote.cast', '2026-11-20'),
      // Two versions from the same day: the later one counts.
      rule(6, 8, 'vote.cast', '2026-06-01'),
      rule(7, 8, 'vote.cast', '2026-06-01'),
    ],
    '2026-11-20',
  );
  assert.deepEqual(Object.fromEntries(states), {
    1: 'superseded',
    2: 'current',
    3: 'future',
    4: 'current',
    5: 'current',
    6: 'superseded',
    7: 'current',
  });
});
