import assert from 'node:assert/strict';
import { test } from 'node:test';
import { caseStep, fenToYuanText, instalmentGap, parseYuan, splitInstalments } from './mediation.ts';

test('yuan typed become whole fen without floating point; anything else is refused', () => {
  assert.equal(parseYuan('1200.50'), 120050);
  assert.equal(parseYuan('¥1,234.5'), 123450);
  assert.equal(parseYuan('0.07'), 7);
  assert.equal(parseYuan('80'), 8000);
  assert.equal(parseYuan('1.005'), undefined);
  assert.equal(parseYuan('-3'), undefined);
  assert.equal(parseYuan('abc'), undefined);
  assert.equal(parseYuan(''), undefined);
  assert.equal(fenToYuanText(120050), '1200.5');
  assert.equal(fenToYuanText(8000), '80');
  assert.equal(fenToYuanText(7), '0.07');
  assert.equal(parseYuan(fenToYuanText(123456)), 123456);
});

test('instalments split a total in whole fen and their gap to it shows', () => {
  assert.deepEqual(splitInstalments(120050, 2), [60025, 60025]);
  assert.deepEqual(splitInstalments(100, 3), [33, 33, 34]);
  assert.equal(instalmentGap(120050, [{ amountFen: 60000 }, { amountFen: 60025 }]), 25);
  assert.equal(instalmentGap(100, [{ amountFen: 33 }, { amountFen: 33 }, { amountFen: 34 }]), 0);
  assert.equal(instalmentGap(100, [{ amountFen: undefined }]), 100);
});

test('a case stands at its step of 受理 → 查明事实 → 调解 → 协议 → 履行 → 回访', () => {
  assert.deepEqual(caseStep({ status: 'accepted' }), { current: 0, state: 'process' });
  assert.deepEqual(caseStep({ status: 'mediating' }), { current: 2, state: 'process' });
  assert.deepEqual(caseStep({ status: 'performing' }), { current: 4, state: 'process' });
  assert.deepEqual(caseStep({ status: 'closed' }), { current: 5, state: 'finish' });
  assert.deepEqual(caseStep({ status: 'failed', agreedAt: null }), { current: 2, state: 'error' });
  assert.deepEqual(caseStep({ status: 'failed', agreedAt: '2026-11-01' }), { current: 3, state: 'error' });
});
