import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  daysLeft,
  deadlinesFor,
  finalAwardFor,
  onWorkingDay,
  type DeadlineFacts,
} from '../../src/modules/rights/deadlines.ts';
import { meansTestWaived, recommendedRoute, routesFor } from '../../src/modules/rights/routing.ts';

/** Worked examples of the rights deadlines: each names the case, its facts and the date a lawyer would give. */
const facts = (f: Partial<DeadlineFacts> & Pick<DeadlineFacts, 'kind'>): DeadlineFacts => ({
  relationship: 'labour',
  claims: [],
  ...f,
});
const only = (f: DeadlineFacts) => {
  const list = deadlinesFor(f);
  assert.equal(list.length, 1, JSON.stringify(list));
  return list[0]!;
};

describe('labour arbitration: one year from knowing (劳动争议调解仲裁法 art. 27(1))', () => {
  test('dismissed on Monday 10 March 2025: last day Tuesday 10 March 2026, the corresponding day', () => {
    const d = only(facts({ kind: 'contract', knewOn: '2025-03-10' }));
    assert.equal(d.code, 'arbitration');
    assert.equal(d.lastDay, '2026-03-10');
    assert.equal(d.countedFrom, '2025-03-10');
    assert.equal(d.movedFrom, null);
    assert.match(d.rule.zh, /第二十七条第一款/);
    assert.match(d.rule.en, /art\. 27\(1\)/);
    assert.match(d.reasoning.zh, /2025-03-10/);
  });

  test('a leap day: knew on 29 Feb 2024, the year ends on 28 Feb 2025 (no 29th: the month’s last day)', () => {
    assert.equal(only(facts({ kind: 'contract', knewOn: '2024-02-29' })).lastDay, '2025-02-28');
  });

  test('ending on National Day 2026 moves to the first working day after the holiday (民法典 art. 203)', () => {
    const d = only(facts({ kind: 'contract', knewOn: '2025-10-01' }));
    assert.equal(d.movedFrom, '2026-10-01');
    assert.equal(d.lastDay, '2026-10-08');
    assert.match(d.reasoning.zh, /顺延至 2026-10-08/);
  });

  test('ending on a Saturday worked in exchange (调休, 10 Oct 2026) does not move', () => {
    const d = only(facts({ kind: 'contract', knewOn: '2025-10-10' }));
    assert.equal(d.lastDay, '2026-10-10');
    assert.equal(d.movedFrom, null);
  });

  test('ending in the Spring Festival holiday 2026 moves past all of it', () => {
    const d = only(facts({ kind: 'contract', knewOn: '2025-02-16' }));
    assert.equal(d.movedFrom, '2026-02-16');
    assert.equal(d.lastDay, '2026-02-24');
  });
});

describe('unpaid wages (art. 27(4))', () => {
  test('employment still going on: no limit yet, and the rule says why', () => {
    const d = only(facts({ kind: 'wage', knewOn: '2024-01-15', employmentOngoing: true }));
    assert.equal(d.code, 'arbitration_wage_arrears');
    assert.equal(d.lastDay, null);
    assert.match(d.rule.zh, /第二十七条第四款/);
    assert.match(d.reasoning.en, /not yet time-limited/);
  });

  test('job ended on 31 Jan 2025 (a month-end): one year from its end is Sat 31 Jan 2026, so Mon 2 Feb 2026', () => {
    const d = only(
      facts({ kind: 'wage', knewOn: '2024-06-01', employmentOngoing: false, employmentEndedOn: '2025-01-31' }),
    );
    assert.equal(d.countedFrom, '2025-01-31');
    assert.equal(d.movedFrom, '2026-01-31');
    assert.equal(d.lastDay, '2026-02-02');
  });

  test('an odd job (劳务, not employment): the civil three years, not arbitration', () => {
    const d = only(facts({ kind: 'wage', relationship: 'service', knewOn: '2025-05-20' }));
    assert.equal(d.code, 'civil_claim');
    assert.equal(d.lastDay, '2028-05-22'); // 20 May 2028 is a Saturday
    assert.match(d.rule.zh, /第一百八十八条/);
  });

  test('not sure whether employed: both periods, the shorter first', () => {
    const list = deadlinesFor(facts({ kind: 'contract', relationship: 'unsure', knewOn: '2025-03-10' }));
    assert.deepEqual(
      list.map((d) => [d.code, d.lastDay]),
      [
        ['arbitration', '2026-03-10'],
        ['civil_claim', '2028-03-10'],
      ],
    );
  });
});

describe('work injury recognition (工伤保险条例 art. 17)', () => {
  test('accident on 31 Jan 2026: employer within 30 days (2 Mar 2026), the worker within a year (31 Jan 2027)', () => {
    const list = deadlinesFor(facts({ kind: 'injury', injuryOn: '2026-01-31' }));
    assert.deepEqual(
      list.map((d) => [d.code, d.lastDay]),
      [
        ['injury_recognition_employer', '2026-03-02'],
        ['injury_recognition_worker', '2027-01-31'],
      ],
    );
    assert.match(list[0]!.rule.zh, /30日内/);
    assert.match(list[1]!.rule.en, /within one year/);
  });

  test('a diagnosis on a leap day: the worker’s year ends on 28 Feb', () => {
    const list = deadlinesFor(facts({ kind: 'injury', injuryOn: '2028-02-29' }));
    assert.equal(list.find((d) => d.code === 'injury_recognition_worker')!.lastDay, '2029-02-28');
  });
});

describe('traffic accidents: three years (民法典 art. 188)', () => {
  test('accident on 29 Feb 2024: 28 Feb 2027 is a Sunday, so Monday 1 March 2027', () => {
    const d = only(facts({ kind: 'traffic', relationship: 'service', accidentOn: '2024-02-29' }));
    assert.equal(d.code, 'civil_claim');
    assert.equal(d.lastDay, '2027-03-01');
    assert.equal(d.movedFrom, '2027-02-28');
  });

  test('no date given: no deadline invented', () => {
    assert.deepEqual(deadlinesFor(facts({ kind: 'traffic' })), []);
  });
});

describe('final award for the employer (一裁终局, art. 47)', () => {
  // Hangzhou: 2490 yuan a month, so the line is 12 × 2490 = 29,880 yuan.
  const hz = (claims: DeadlineFacts['claims'], more: Partial<DeadlineFacts> = {}) =>
    finalAwardFor(facts({ kind: 'wage', claims, ...more }), '杭州市', 249_000)!;

  test('a claim of exactly 12 months of the minimum wage is final; one fen more is not', () => {
    assert.equal(hz([{ kind: 'pay', amountFen: 2_988_000 }]).final, true);
    const over = hz([{ kind: 'pay', amountFen: 2_988_001 }]);
    assert.equal(over.final, false);
    assert.equal(over.thresholdFen, 2_988_000);
    assert.match(over.reasoning.zh, /29880\.00/);
  });

  test('claims are judged one by one: two under the line are final though their sum is over it', () => {
    const a = hz([
      { kind: 'pay', amountFen: 2_000_000 },
      { kind: 'compensation', amountFen: 2_000_000 },
    ]);
    assert.equal(a.final, true);
    assert.deepEqual(
      a.items.map((i) => i.final),
      [true, true],
    );
  });

  test('a working-time or social-insurance standards dispute is final without an amount', () => {
    assert.equal(hz([], { standardsDispute: true }).final, true);
    assert.equal(hz([]).final, null);
  });

  test('the local minimum wage decides: 25,000 yuan is final in Hangzhou but not where the wage is 2060', () => {
    const claim = [{ kind: 'pay' as const, amountFen: 2_500_000 }];
    assert.equal(hz(claim).final, true);
    assert.equal(finalAwardFor(facts({ kind: 'wage', claims: claim }), '合肥市', 206_000)!.final, false);
  });

  test('not arbitration at all: traffic and service relationships answer null', () => {
    assert.equal(finalAwardFor(facts({ kind: 'traffic' }), '杭州市', 249_000), null);
    assert.equal(finalAwardFor(facts({ kind: 'wage', relationship: 'service' }), '杭州市', 249_000), null);
  });
});

describe('routing and the means test', () => {
  test('each kind recommends its route', () => {
    const r = (kind: DeadlineFacts['kind'], more = {}) =>
      recommendedRoute({ kind, migrantWorker: true, anyDeadlinePast: false, ...more });
    assert.equal(r('wage', { employmentOngoing: true }), 'inspection');
    assert.equal(r('wage', { employmentOngoing: false }), 'mediation');
    assert.equal(r('contract'), 'mediation');
    assert.equal(r('injury'), 'legal_aid');
    assert.equal(r('traffic'), 'mediation');
    assert.equal(r('contract', { anyDeadlinePast: true }), 'booking');
    assert.ok(!routesFor('traffic').includes('inspection'));
  });

  test('migrant workers claiming wages or injury compensation get legal aid without the means test', () => {
    assert.equal(meansTestWaived('wage', true), true);
    assert.equal(meansTestWaived('injury', true), true);
    assert.equal(meansTestWaived('wage', false), false);
    assert.equal(meansTestWaived('traffic', true), false);
  });

  test('days left count local dates; a working day stays itself', () => {
    assert.equal(daysLeft('2026-11-20', '2026-12-01'), 11);
    assert.equal(daysLeft('2026-11-20', '2026-11-19'), -1);
    assert.equal(onWorkingDay('2026-11-20'), '2026-11-20');
  });
});
