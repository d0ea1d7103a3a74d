import { addDays, addMonths, localInstant, localParts } from '../../platform/local-time.ts';

/** Calendar months as 'YYYY-MM', in local time (TIME_ZONE). Pure: no clock, no database. */

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The local month an instant falls in. */
export function monthOf(at: Date, timeZone: string): string {
  return localParts(at, timeZone).date.slice(0, 7);
}

/** The month before ('2026-01' → '2025-12'). */
export function previousMonth(month: string): string {
  return addMonths(`${month}-01`, -1).slice(0, 7);
}

/** Its first and last local days ('YYYY-MM-DD', both inclusive) and the instants that bound it. */
export function monthSpan(month: string, timeZone: string) {
  const from = `${month}-01`;
  const nextFirst = addMonths(from, 1);
  const to = addDays(nextFirst, -1);
  return {
    from,
    to,
    start: localInstant(from, 0, timeZone),
    end: localInstant(nextFirst, 0, timeZone),
    days: Number(to.slice(8, 10)),
  };
}

/** Whether the month has ended by an instant (its last local day is over). */
export function monthEnded(month: string, now: Date, timeZone: string): boolean {
  return month < monthOf(now, timeZone);
}

/** '2026年11月' */
export function monthLabel(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}
