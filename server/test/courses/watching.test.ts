import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { codeAccepted, currentCode } from '../../src/modules/courses/check-in-code.ts';
import { coveragePercent, creditReport, normalize, reportBudget } from '../../src/modules/courses/watching.ts';

describe('watched intervals: merged, capped by wall-clock time', () => {
  test('overlapping and touching segments merge; the part past the end is clipped', () => {
    assert.deepEqual(
      normalize(
        [
          [30, 40],
          [0, 10],
          [10, 20],
          [35, 50],
          [590, 700],
        ],
        600,
      ),
      [
        [0, 20],
        [30, 50],
        [590, 600],
      ],
    );
  });

  test('a report adds only new seconds, at most its budget, earliest first', () => {
    const r = creditReport([[0, 100]], [[50, 400]], 600, 30);
    assert.equal(r.credited, 30);
    assert.deepEqual(r.watched, [[0, 130]]);
  });

  test('seconds watched twice count once', () => {
    const r = creditReport([[0, 100]], [[0, 100]], 600, 200);
    assert.equal(r.credited, 0);
  });

  test('the budget is the time since the last heartbeat × the rate, plus slack; none before a start', () => {
    const t0 = new Date('2026-11-20T02:00:00Z');
    assert.equal(reportBudget(null, t0, 2), 0);
    assert.equal(reportBudget(t0, new Date(t0.getTime() + 10_000), 2), 22);
  });

  test('89.9 % is not 90 %', () => {
    assert.equal(coveragePercent([[0, 539.4]], 600), 89);
    assert.equal(coveragePercent([[0, 540]], 600), 90);
  });
});

describe('check-in code: rotates, the previous window still accepted', () => {
  const secret = Buffer.from('test-secret');
  const t0 = new Date('2026-11-20T03:00:00Z');
  test('current and previous codes pass; two windows old fails; another session fails', () => {
    const { code } = currentCode(secret, 7, t0, 45);
    assert.match(code, /^\d{6}$/);
    assert.ok(codeAccepted(secret, 7, code, t0, 45));
    assert.ok(codeAccepted(secret, 7, code, new Date(t0.getTime() + 45_000), 45));
    assert.ok(!codeAccepted(secret, 7, code, new Date(t0.getTime() + 90_000), 45));
    assert.ok(!codeAccepted(secret, 8, code, t0, 45));
  });
});
