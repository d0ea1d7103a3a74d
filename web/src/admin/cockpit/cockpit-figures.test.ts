import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  cockpitUnitFromParams,
  cockpitUnitSearch,
  drillHref,
  formatFigure,
  tileMove,
} from '../../shared/query/cockpit.ts';
import type { CockpitTile } from '../../shared/types.ts';

const tile = (over: Partial<CockpitTile>): CockpitTile => ({
  id: 'matters.today',
  group: 'matters',
  unit: 'count',
  value: 0,
  previous: null,
  target: null,
  rag: null,
  drill: null,
  series: [],
  seriesKind: null,
  ...over,
});

test('figures: rates in per cent, hours with a decimal, counts grouped; nothing is a dash', () => {
  assert.equal(formatFigure(0.9234, 'rate', 'zh-CN'), '92.3%');
  assert.equal(formatFigure(1, 'rate', 'zh-CN'), '100%');
  assert.equal(formatFigure(0.9, 'rate', 'zh-CN'), '90%');
  assert.equal(formatFigure(12.25, 'hours', 'zh-CN'), '12.3');
  assert.equal(formatFigure(12, 'hours', 'zh-CN'), '12');
  assert.equal(formatFigure(12_345, 'points', 'en'), '12,345');
  assert.equal(formatFigure(null, 'count', 'zh-CN'), '—');
});

test('a move says which way, by how much, against which period, and whether that is good news', () => {
  assert.deepEqual(tileMove(tile({ value: 7, previous: 4 }), 'zh-CN'), {
    direction: 'up',
    amount: '3',
    points: false,
    tone: 'neutral',
    period: 'day',
  });
  assert.deepEqual(tileMove(tile({ id: 'matters.overdue', value: 5, previous: 2 }), 'zh-CN')?.tone, 'bad');
  const rate = tileMove(tile({ id: 'matters.onTimeRate', unit: 'rate', value: 0.85, previous: 0.9 }), 'zh-CN');
  assert.deepEqual(rate, { direction: 'down', amount: '5', points: true, tone: 'bad', period: 'month' });
  assert.equal(tileMove(tile({ value: 3, previous: null }), 'zh-CN'), null);
});

test('the unit is in the address: a grid wins over an area; a drill keeps its query', () => {
  assert.deepEqual(cockpitUnitFromParams(new URLSearchParams('areaId=12&gridId=7')), { gridId: 7 });
  assert.deepEqual(cockpitUnitFromParams(new URLSearchParams('areaId=12')), { areaId: 12 });
  assert.deepEqual(cockpitUnitFromParams(new URLSearchParams('areaId=x')), {});
  assert.equal(cockpitUnitSearch({ areaId: 12 }), '?areaId=12');
  assert.equal(cockpitUnitSearch({}), '');
  assert.equal(drillHref({ path: '/matters', query: { queue: 'all', areaId: '3' } }), '/matters?queue=all&areaId=3');
  assert.equal(
    drillHref({ path: '/alarms', query: { status: ['active_unack', 'active_ack'] } }),
    '/alarms?status=active_unack&status=active_ack',
  );
  assert.equal(drillHref({ path: '/deliberation/votes', query: {} }), '/deliberation/votes');
});
