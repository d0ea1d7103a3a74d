import chineseDays from 'chinese-days';
import type { DurationUnit } from './tables.ts';

/**
 * Deadlines on the Chinese working calendar. Working days follow the State
 * Council's holiday notices, including the weekend days worked in exchange (调休),
 * from the chinese-days package. China keeps one offset, UTC+8, all year.
 */

// The package is CommonJS without named exports Node can see; take its default.
const { isWorkday, getHolidaysInRange } = chineseDays;

const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** Office hours of a working day, in minutes after local midnight: 08:30–12:00, 13:30–17:30. */
export const OFFICE_HOURS: ReadonlyArray<readonly [number, number]> = [
  [8 * 60 + 30, 12 * 60],
  [13 * 60 + 30, 17 * 60 + 30],
];

const localDay = (t: number) => Math.floor((t + OFFSET_MS) / DAY_MS);
const dayStart = (day: number) => day * DAY_MS - OFFSET_MS;
const isoDate = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

export function isWorkingDay(at: Date): boolean {
  return isWorkday(isoDate(localDay(at.getTime())));
}

/** The moment a duration after start ends, counting only working time where the unit says so. */
export function addDuration(start: Date, amount: number, unit: DurationUnit): Date {
  const t = start.getTime();
  switch (unit) {
    case 'minutes':
      return new Date(t + amount * 60_000);
    case 'hours':
      return new Date(t + amount * 3_600_000);
    case 'working_hours':
      return addWorkingMinutes(start, amount * 60);
    case 'working_days': {
      // N working days: the close of business of the Nth working day after the start day.
      let day = localDay(t);
      let left = amount;
      while (left > 0) {
        day++;
        if (isWorkday(isoDate(day))) left--;
      }
      return new Date(dayStart(day) + OFFICE_HOURS[OFFICE_HOURS.length - 1]![1] * 60_000);
    }
  }
}

export function addWorkingMinutes(start: Date, minutes: number): Date {
  let left = minutes;
  let day = localDay(start.getTime());
  let minuteOfDay = (start.getTime() - dayStart(day)) / 60_000;
  for (let guard = 0; guard < 3660; guard++) {
    if (isWorkday(isoDate(day))) {
      for (const [open, close] of OFFICE_HOURS) {
        const from = Math.max(open, minuteOfDay);
        if (from >= close) continue;
        const available = close - from;
        if (left <= available) return new Date(dayStart(day) + (from + left) * 60_000);
        left -= available;
        minuteOfDay = close;
      }
    }
    day++;
    minuteOfDay = 0;
  }
  throw new Error('deadline beyond ten years');
}

/** Working minutes between two moments (0 when end is not after start). */
export function workingMinutesBetween(start: Date, end: Date): number {
  if (end <= start) return 0;
  let total = 0;
  for (let day = localDay(start.getTime()); day <= localDay(end.getTime()); day++) {
    if (!isWorkday(isoDate(day))) continue;
    for (const [open, close] of OFFICE_HOURS) {
      const from = Math.max(dayStart(day) + open * 60_000, start.getTime());
      const to = Math.min(dayStart(day) + close * 60_000, end.getTime());
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
export function yearsWithoutHolidays(now: Date, aheadDays = 90): number[] {
  const first = new Date(now.getTime() + OFFSET_MS).getUTCFullYear();
  const last = new Date(now.getTime() + OFFSET_MS + aheadDays * DAY_MS).getUTCFullYear();
  const missing: number[] = [];
  for (let year = first; year <= last; year++) {
    if (getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length === 0) missing.push(year);
  }
  return missing;
}
