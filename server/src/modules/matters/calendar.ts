import chineseDays from 'chinese-days';
import { addDays, localInstant, localParts } from '../../platform/local-time.ts';
import type { DurationUnit } from './tables.ts';

/**
 * Deadlines on the Chinese working calendar. Working days follow the State
 * Council's holiday notices, including the weekend days worked in exchange (调休),
 * from the chinese-days package; days and office hours are local to the TIME_ZONE setting.
 */

// The package is CommonJS without named exports Node can see; take its default.
const { isWorkday, getHolidaysInRange } = chineseDays;

/** Office hours of a working day, in minutes after local midnight: 08:30–12:00, 13:30–17:30. */
const OFFICE_HOURS: ReadonlyArray<readonly [number, number]> = [
  [8 * 60 + 30, 12 * 60],
  [13 * 60 + 30, 17 * 60 + 30],
];

export function isWorkingDay(at: Date, timeZone: string): boolean {
  return isWorkday(localParts(at, timeZone).date);
}

/** The moment a duration after start ends, counting only working time where the unit says so. */
export function addDuration(start: Date, amount: number, unit: DurationUnit, timeZone: string): Date {
  const t = start.getTime();
  switch (unit) {
    case 'minutes':
      return new Date(t + amount * 60_000);
    case 'hours':
      return new Date(t + amount * 3_600_000);
    case 'working_hours':
      return addWorkingMinutes(start, amount * 60, timeZone);
    case 'working_days': {
      // N working days: the close of business of the Nth working day after the start day.
      let day = localParts(start, timeZone).date;
      let left = amount;
      while (left > 0) {
        day = addDays(day, 1);
        if (isWorkday(day)) left--;
      }
      return localInstant(day, OFFICE_HOURS[OFFICE_HOURS.length - 1]![1] * 60, timeZone);
    }
  }
}

function addWorkingMinutes(start: Date, minutes: number, timeZone: string): Date {
  let left = minutes;
  let day = localParts(start, timeZone).date;
  let minuteOfDay = (start.getTime() - localInstant(day, 0, timeZone).getTime()) / 60_000;
  for (let guard = 0; guard < 3660; guard++) {
    if (isWorkday(day)) {
      for (const [open, close] of OFFICE_HOURS) {
        const from = Math.max(open, minuteOfDay);
        if (from >= close) continue;
        const available = close - from;
        if (left <= available) return localInstant(day, (from + left) * 60, timeZone);
        left -= available;
        minuteOfDay = close;
      }
    }
    day = addDays(day, 1);
    minuteOfDay = 0;
  }
  throw new Error('deadline beyond ten years');
}

/** Working minutes between two moments (0 when end is not after start). */
export function workingMinutesBetween(start: Date, end: Date, timeZone: string): number {
  if (end <= start) return 0;
  let total = 0;
  const last = localParts(end, timeZone).date;
  for (let day = localParts(start, timeZone).date; day <= last; day = addDays(day, 1)) {
    if (!isWorkday(day)) continue;
    for (const [open, close] of OFFICE_HOURS) {
      const from = Math.max(localInstant(day, open * 60, timeZone).getTime(), start.getTime());
      const to = Math.min(localInstant(day, close * 60, timeZone).getTime(), end.getTime());
      if (to > from) total += (to - from) / 60_000;
    }
  }
  return Math.round(total);
}

/**
 * Years within the next `aheadDays` for which the installed chinese-days has no holiday
 * notice. Deadlines there count Monday to Friday only, missing the Spring Festival and
 * 调休 days, until the package is updated (the State Council publishes each year's
 * schedule in the autumn before).
 */
export function yearsWithoutHolidays(now: Date, timeZone: string, aheadDays = 90): number[] {
  const today = localParts(now, timeZone).date;
  const first = Number(today.slice(0, 4));
  const last = Number(addDays(today, aheadDays).slice(0, 4));
  const missing: number[] = [];
  for (let year = first; year <= last; year++) {
    if (getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length === 0) missing.push(year);
  }
  return missing;
}
