import assert from 'node:assert/strict';
import { test } from 'node:test';
import { change, hours, percent, presetRange, trendGrouping } from './figures.ts';

test('period presets are whole weeks, months, quarters and years around the local date', () => {
  // 2026-12-06 is a Sunday.
  assert.deepEqual(presetRange('week', '2026-12-06'), { from: '2026-11-30', to: '2026-12-06' });
  assert.deepEqual(presetRange('week', '2026-11-30'), { from: '2026-11-30', to: '2026-12-06' });
  assert.deepEqual(presetRange('month', '2026-12-06'), { from: '2026-12-01', to: '2026-12-31' });
  assert.deepEqual(presetRange('lastMonth', '2026-03-31'), { from: '2026-02-01', to: '2026-02-28' });
  assert.deepEqual(presetRange('lastMonth', '2026-01-15'), { from: '2025-12-01', to: '2025-12-31' });
  assert.deepEqual(presetRange('quarter', '2026-12-06'), { from: '2026-10-01', to: '2026-12-31' });
  assert.deepEqual(presetRange('year', '2026-12-06'), { from: '2026-01-01', to: '2026-12-31' });
});

test('a trend reads by day for a month, by week for a quarter, by month beyond', () => {
  assert.equal(trendGrouping('2026-12-01', '2026-12-31'), 'day');
  assert.equal(trendGrouping('2026-10-01', '2026-12-31'), 'week');
  assert.equal(trendGrouping('2026-01-01', '2026-12-31'), 'month');
});

test('a move is relative for counts, in points for rates, and good or bad by the figure', () => {
  assert.deepEqual(change('received', 12, 8), { direction: 'up', amount: '50.0%', good: true, points: false });
  assert.deepEqual(change('overdue', 12, 8), { direction: 'up', amount: '50.0%', good: false, points: false });
  assert.deepEqual(change('onTimeRate', 0.9, 0.85), { direction: 'up', amount: '5.0', good: true, points: true });
  assert.equal(change('received', 3, 0).amount, null, 'nothing to divide by');
  assert.equal(change('received', 0, 0).direction, 'flat');
  assert.equal(change('satisfactionRate', null, 0.5).amount, null);
});

test('rates are percentages and times hours', () => {
  assert.equal(percent(0.205), '20.5%');
  assert.equal(percent(null), '—');
  assert.equal(hours(90), '1.5');
  assert.equal(hours(3), '0.05');
  assert.equal(hours(null), null);
});
