import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { filterOutbox } from './outbox-filter.ts';

const code = {
  at: '2026-03-01T15:30:00.000Z', // 23:30 on 1 March in Asia/Shanghai
  channel: 'sms' as const,
  phone: '137****1234',
  kind: 'verify_code',
  text: '您的验证码为123456，5分钟内有效。',
};
const call = {
  at: '2026-03-01T16:30:00.000Z', // 00:30 on 2 March there
  channel: 'voice' as const,
  phone: '138****9999',
  kind: 'alarm_call',
  text: '紧急告警：打铁关小区1幢烟感报警',
};

describe('the outbox filtered on the page', () => {
  test('by channel, kind, digits of the number and words of the text', () => {
    assert.deepEqual(filterOutbox([code, call], { channel: 'voice' }), [call]);
    assert.deepEqual(filterOutbox([code, call], { kind: 'verify_code' }), [code]);
    assert.deepEqual(filterOutbox([code, call], { q: '1234' }), [code]);
    assert.deepEqual(filterOutbox([code, call], { q: '烟感' }), [call]);
    assert.deepEqual(filterOutbox([code, call], {}), [code, call]);
  });

  test('by local dates of the place, both ends included', () => {
    assert.deepEqual(filterOutbox([code, call], { from: '2026-03-02' }), [call]);
    assert.deepEqual(filterOutbox([code, call], { to: '2026-03-01' }), [code]);
    assert.deepEqual(filterOutbox([code, call], { from: '2026-03-01', to: '2026-03-02' }), [code, call]);
  });
});
