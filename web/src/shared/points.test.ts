import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from './api.ts';
import { i18n } from './i18n/index.ts';
import {
  formatFen,
  formatMinutes,
  formatPoints,
  groupCode,
  minutesBetween,
  newIdempotencyKey,
  normaliseVoucherCode,
  periodLabel,
  reasonOf,
  yuanToFen,
} from './points.ts';

const t = i18n.t.bind(i18n);

test('money in fen reads as yuan with two decimals; yuan typed becomes whole fen', () => {
  assert.equal(formatFen(1000), '¥10.00');
  assert.equal(formatFen(5), '¥0.05');
  assert.equal(formatFen(123456), '¥1,234.56');
  assert.equal(formatFen(-250), '-¥2.50');
  assert.equal(yuanToFen('10.5'), 1050);
  assert.equal(yuanToFen(0.1 + 0.2), 30, 'no float dust');
  assert.equal(yuanToFen(''), undefined);
  assert.equal(yuanToFen(-1), undefined);
});

test('points show their sign; minutes read as hours and minutes in both languages', async () => {
  assert.equal(formatPoints(20), '+20');
  assert.equal(formatPoints(-100), '-100');
  assert.equal(formatMinutes(t, 45), '45 分钟');
  assert.equal(formatMinutes(t, 120), '2 小时');
  assert.equal(formatMinutes(t, 90), '1 小时 30 分');
  await i18n.changeLanguage('en');
  try {
    assert.equal(formatMinutes(t, 90), '1 h 30 min');
    assert.equal(periodLabel(t, 'all'), 'All time');
  } finally {
    await i18n.changeLanguage('zh-CN');
  }
  assert.equal(periodLabel(t, '2026'), '2026 年');
  assert.equal(periodLabel(t, '2026-03'), '2026 年 3 月');
  assert.equal(minutesBetween('2026-11-20T01:00:00Z', '2026-11-20T02:30:00Z'), 90);
  assert.equal(minutesBetween(null, '2026-11-20T02:30:00Z'), null);
});

test("idempotency keys are new each time and pass the server's pattern", () => {
  const a = newIdempotencyKey('ex');
  const b = newIdempotencyKey('ex');
  assert.notEqual(a, b);
  assert.match(a, /^[\w:.-]{8,80}$/);
});

test('voucher codes: 8 characters upper-cased and grouped; QR tokens kept as they are', () => {
  assert.equal(normaliseVoucherCode(' rh42 x9h5 '), 'RH42X9H5');
  assert.equal(normaliseVoucherCode('5YefT8JUJmzxnq0LkwNbR6-Q'), '5YefT8JUJmzxnq0LkwNbR6-Q');
  assert.equal(groupCode('RH42X9H5'), 'RH42 X9H5');
});

test('a refusal is told in the words of its details, path or not', () => {
  const conflict = new ApiError(409, 'conflict', '操作冲突：redeemed', [{ message: '该代金券已核销，不能重复使用' }]);
  assert.equal(reasonOf(conflict), '该代金券已核销，不能重复使用');
  const badCode = new ApiError(422, 'validation_failed', '提交的内容有误', [
    { path: 'body.code', message: '签到码不正确或已过期' },
  ]);
  assert.equal(reasonOf(badCode), '签到码不正确或已过期');
  assert.equal(reasonOf(new ApiError(500, 'error', '服务器错误')), '服务器错误');
});
