import assert from 'node:assert/strict';
import { test } from 'node:test';
import { i18n } from './i18n/index.ts';
import {
  categoryPath,
  categoryTree,
  deadlineTone,
  describeOpeningHours,
  durationLabel,
  formatDeadline,
  formatDistance,
  formatSpan,
  secondsLeftNow,
} from './matters.ts';
import type { Category } from './types.ts';

const t = i18n.t.bind(i18n);

test('spans read as the two largest units, in both languages', async () => {
  assert.equal(formatSpan(t, 2 * 86400 + 3 * 3600 + 59), '2 天 3 小时');
  assert.equal(formatSpan(t, 5 * 3600 + 12 * 60), '5 小时 12 分');
  assert.equal(formatSpan(t, 3 * 3600), '3 小时');
  assert.equal(formatSpan(t, 8 * 60 + 30), '8 分钟');
  assert.equal(formatSpan(t, 20), '1 分钟', 'under a minute still shows a minute');
  assert.equal(formatDeadline(t, 3600 * 26), '剩余 1 天 2 小时');
  assert.equal(formatDeadline(t, -3600 * 5), '已超期 5 小时');
  await i18n.changeLanguage('en');
  try {
    assert.equal(formatDeadline(t, 3600 * 26), '1 d 2 h left');
    assert.equal(formatDeadline(t, -90 * 60), 'Overdue by 1 h 30 min');
    assert.equal(durationLabel(t, { amount: 3, unit: 'working_days' }), '3 working d');
  } finally {
    await i18n.changeLanguage('zh-CN');
  }
  assert.equal(durationLabel(t, { amount: 2, unit: 'working_hours' }), '2 个工作小时');
});

test('the countdown runs on the server count, measured by the browser only since the answer', () => {
  const loadedAt = 1_000_000;
  assert.equal(secondsLeftNow(600, loadedAt, loadedAt + 120_000), 480);
  assert.equal(secondsLeftNow(60, loadedAt, loadedAt + 120_000), -60);
  assert.equal(secondsLeftNow(null, loadedAt, loadedAt), null);
});

test('deadline colours: green with time to spare, orange near the end, red when late', () => {
  assert.equal(deadlineTone(null), 'none');
  assert.equal(deadlineTone(-1, 86400), 'late');
  assert.equal(deadlineTone(3600, 86400), 'soon', 'the last two hours');
  assert.equal(deadlineTone(4 * 3600, 86400), 'soon', 'the last fifth of a day');
  assert.equal(deadlineTone(10 * 3600, 86400), 'ok');
  assert.equal(deadlineTone(20 * 3600, 10 * 86400), 'soon', 'the last fifth of ten days');
});

function category(id: number, parentId: number | null, name: string, extra: Partial<Category> = {}): Category {
  return {
    id,
    parentId,
    code: `c${id}`,
    name,
    nameZh: name,
    nameEn: name,
    kind: 'report',
    dispute: false,
    department: 'fire',
    departmentName: '消防救援',
    confirmOnSite: false,
    acceptWithin: { amount: 30, unit: 'minutes' },
    resolveWithin: { amount: 1, unit: 'working_days' },
    fields: [],
    keywords: [],
    active: true,
    ...extra,
  };
}

test('the catalogue becomes a two-level tree of what may be chosen', () => {
  const all = [
    category(1, null, '消防安全'),
    category(2, 1, '消防通道堵塞'),
    category(3, 1, '智能烟感告警', { kind: 'alarm' }),
    category(4, 1, '停用的', { active: false }),
    category(5, null, '关爱', { kind: 'care' }),
    category(6, 5, '走访发现', { kind: 'care' }),
  ];
  const tree = categoryTree(all, ['report']);
  assert.deepEqual(
    tree.map((n) => [n.label, n.children?.map((c) => c.label)]),
    [['消防安全', ['消防通道堵塞']]],
    'alarms, inactive ones and parents left empty are not offered',
  );
  assert.deepEqual(categoryPath(all, 2), [1, 2]);
  assert.deepEqual(categoryPath(all, 1), [1]);
  assert.deepEqual(categoryPath(all, 99), []);
});

test('opening hours group the days that share their hours', () => {
  const ranges: [string, string][] = [
    ['08:30', '12:00'],
    ['13:30', '17:30'],
  ];
  assert.equal(describeOpeningHours(t, { always: true }), '24 小时开放');
  assert.equal(
    describeOpeningHours(t, { weekly: { '1': ranges, '2': ranges, '3': ranges, '4': ranges, '5': ranges } }),
    '周一至周五 08:30–12:00、13:30–17:30',
  );
  assert.equal(
    describeOpeningHours(t, {
      weekly: {
        '1': [['09:00', '17:00']],
        '3': [['09:00', '17:00']],
        '6': [['10:00', '12:00']],
        '0': [['10:00', '12:00']],
      },
    }),
    '周一 09:00–17:00; 周三 09:00–17:00; 周六至周日 10:00–12:00',
    'Sunday ("0") comes last, after Saturday',
  );
  assert.equal(describeOpeningHours(t, { weekly: {} }), '暂停开放');
});

test('distances in metres, then kilometres', () => {
  assert.equal(formatDistance(t, 86.4), '86 米');
  assert.equal(formatDistance(t, 1530), '1.5 公里');
});
