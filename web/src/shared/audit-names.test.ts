import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AUDIT_ACTIONS } from '@gongzhi/server/enums';
import { AUDIT_ACTION_NAMES } from './i18n/audit-actions.ts';

const CJK = /[\u4e00-\u9fff]/;

test('every action the server audits has a Chinese and an English name', () => {
  const missing = AUDIT_ACTIONS.filter((action) => {
    const names = AUDIT_ACTION_NAMES[action];
    return !names || !CJK.test(names[0]) || CJK.test(names[1]) || names[1].trim() === '' || names[1] === action;
  });
  assert.deepEqual(missing, []);
  assert.ok(AUDIT_ACTIONS.length > 100, 'the list is the server’s whole list, not a sample');
});
