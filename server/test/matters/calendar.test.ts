import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  addDuration,
  isWorkingDay,
  workingMinutesBetween,
  yearsWithoutHolidays,
} from '../../src/modules/matters/calendar.ts';

/** Deadlines are worked out in China time, and moments given in it. */
const TZ = 'Asia/Shanghai';
const cst = (local: string) => new Date(`${local}+08:00`);

describe('working calendar', () => {
  test('working hours skip the evening and the National Day holiday', () => {
    // Wednesday 30 September 2026, 16:30: one office hour left that day, then 1–7 October are off.
    assert.equal(
      addDuration(cst('2026-09-30T16:30:00'), 2, 'working_hours', TZ).toISOString(),
      cst('2026-10-08T09:30:00').toISOString(),
    );
  });

  test('a make-up Saturday (调休) counts as a working day, a holiday Thursday does not', () => {
    assert.equal(isWorkingDay(cst('2026-10-10T10:00:00'), TZ), true, 'Saturday 10 October is worked in exchange');
    assert.equal(isWorkingDay(cst('2026-10-01T10:00:00'), TZ), false);
    assert.equal(isWorkingDay(cst('2026-10-11T10:00:00'), TZ), false, 'an ordinary Sunday');
    // Three working days from the last day of the holiday: 8, 9 and (Saturday) 10 October.
    assert.equal(
      addDuration(cst('2026-10-07T11:00:00'), 3, 'working_days', TZ).toISOString(),
      cst('2026-10-10T17:30:00').toISOString(),
    );
  });

  test('the lunch break is not working time; a start before office hours waits for them', () => {
    assert.equal(
      addDuration(cst('2026-11-20T11:30:00'), 1, 'working_hours', TZ).toISOString(),
      cst('2026-11-20T14:00:00').toISOString(),
    );
    assert.equal(
      addDuration(cst('2026-11-20T06:00:00'), 30, 'minutes', TZ).toISOString(),
      cst('2026-11-20T06:30:00').toISOString(),
      'plain minutes run round the clock',
    );
    assert.equal(
      addDuration(cst('2026-11-20T06:00:00'), 1, 'working_hours', TZ).toISOString(),
      cst('2026-11-20T09:30:00').toISOString(),
    );
    // Friday evening: the next working time is Monday morning.
    assert.equal(
      addDuration(cst('2026-11-20T19:00:00'), 1, 'working_hours', TZ).toISOString(),
      cst('2026-11-23T09:30:00').toISOString(),
    );
  });

  test('working minutes between two moments', () => {
    assert.equal(workingMinutesBetween(cst('2026-09-30T16:30:00'), cst('2026-10-08T09:30:00'), TZ), 120);
    assert.equal(workingMinutesBetween(cst('2026-11-20T12:00:00'), cst('2026-11-20T13:30:00'), TZ), 0);
  });

  test('across the new year: 元旦 off, the Sunday worked in exchange counted', () => {
    // Wednesday 31 December 2025: 1–3 January 2026 are off; Sunday 4 January is worked.
    assert.equal(
      addDuration(cst('2025-12-31T10:00:00'), 2, 'working_days', TZ).toISOString(),
      cst('2026-01-05T17:30:00').toISOString(),
    );
  });

  test('years the installed holiday data does not cover are named, so startup can warn', () => {
    assert.deepEqual(yearsWithoutHolidays(cst('2026-06-01T00:00:00'), TZ), [], 'the next 90 days of 2026 are covered');
    assert.deepEqual(yearsWithoutHolidays(cst('2099-03-01T00:00:00'), TZ), [2099]);
    const lateInYear = yearsWithoutHolidays(cst('2026-12-20T00:00:00'), TZ);
    assert.ok(
      lateInYear.every((y) => y === 2027),
      'only the year the 90 days reach into',
    );
  });
});
