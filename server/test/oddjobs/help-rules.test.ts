import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ageIn,
  disputesPer100,
  helpReasons,
  monthsBetween,
  OLDER_AGE,
  olderBornBy,
} from '../../src/modules/oddjobs/help-rules.ts';
import { EMPLOYER_RATING_WEIGHT, employerRatingTerm, whyLine } from '../../src/modules/oddjobs/matching.ts';

describe('odd-job help queue and rating rules (pure)', () => {
  const facts = {
    createdAt: new Date('2026-10-01T00:00:00Z'),
    hired: false,
    birthYear: null,
    declaredDisabled: false,
    flagOlder: false,
    flagDisabled: false,
    flagLowIncome: false,
  };
  const at = { waitingSince: new Date('2026-10-31T00:00:00Z'), localYear: 2026 };

  test('reasons: long waiting without a hire, older by birth year or mark, disabled, low income', () => {
    assert.deepEqual(helpReasons(facts, at), ['waiting']);
    assert.deepEqual(helpReasons({ ...facts, hired: true }, at), []);
    assert.deepEqual(helpReasons({ ...facts, createdAt: new Date('2026-11-01T00:00:00Z') }, at), []);
    // Registered exactly N days ago counts.
    assert.deepEqual(helpReasons({ ...facts, createdAt: at.waitingSince }, at), ['waiting']);
    assert.equal(OLDER_AGE, 50);
    assert.equal(olderBornBy(2026), 1976);
    assert.deepEqual(helpReasons({ ...facts, hired: true, birthYear: 1976 }, at), ['older']);
    assert.deepEqual(helpReasons({ ...facts, hired: true, birthYear: 1977 }, at), []);
    assert.deepEqual(helpReasons({ ...facts, hired: true, flagOlder: true }, at), ['older']);
    assert.deepEqual(helpReasons({ ...facts, hired: true, declaredDisabled: true }, at), ['disabled']);
    assert.deepEqual(helpReasons({ ...facts, hired: true, flagDisabled: true }, at), ['disabled']);
    assert.deepEqual(helpReasons({ ...facts, birthYear: 1960, flagDisabled: true, flagLowIncome: true }, at), [
      'waiting',
      'older',
      'disabled',
      'low_income',
    ]);
    assert.equal(ageIn(1960, 2026), 66);
    assert.equal(ageIn(null, 2026), null);
  });

  test('disputes per 100 hires and the months of a range', () => {
    assert.equal(disputesPer100(1, 3), 33.3);
    assert.equal(disputesPer100(0, 7), 0);
    assert.equal(disputesPer100(2, 0), null);
    assert.deepEqual(monthsBetween('2026-11', '2027-02'), ['2026-11', '2026-12', '2027-01', '2027-02']);
    assert.deepEqual(monthsBetween('2026-11', '2026-11'), ['2026-11']);
    assert.deepEqual(monthsBetween('2026-12', '2026-11'), []);
  });

  test('employer ratings: nothing under three, then ±0.1 around three stars, said in the why line', () => {
    assert.equal(employerRatingTerm(0, 0), 0);
    assert.equal(employerRatingTerm(2, 10), 0);
    assert.equal(employerRatingTerm(3, 15), EMPLOYER_RATING_WEIGHT);
    assert.equal(employerRatingTerm(3, 3), -EMPLOYER_RATING_WEIGHT);
    assert.equal(employerRatingTerm(4, 12), 0);
    assert.ok(Math.abs(employerRatingTerm(3, 14) - 0.0833) < 0.001);
    const base = {
      overlap: ['搬运'],
      skillsAsked: 1,
      distanceM: 800,
      hourlyFen: 3750,
      expectedHourlyFen: 2500,
      weekday: 6,
      available: true,
    };
    const plain = '技能对口：搬运 · 距您 0.8 公里 · 时薪 37.50 元，不低于您期望的 25 元 · 周六，您有空';
    assert.equal(whyLine(base, 'zh-CN'), plain);
    assert.equal(whyLine({ ...base, employerRatings: { count: 2, sum: 10 } }, 'zh-CN'), plain);
    assert.equal(
      whyLine({ ...base, employerRatings: { count: 12, sum: 55 } }, 'zh-CN'),
      `${plain} · 用工单位评分 4.6（12 人评价）`,
    );
    assert.match(
      whyLine({ ...base, employerRatings: { count: 3, sum: 9 } }, 'en'),
      / · employer rated 3\.0 by 3 workers$/,
    );
  });
});
