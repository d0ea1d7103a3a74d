import rrulePkg from 'rrule';
import { AppError } from '../../platform/errors.ts';
import { addDays, localInstant, timeToSeconds } from '../../platform/local-time.ts';

const { RRule } = rrulePkg;

/**
 * Occurrences of an RFC 5545 rule in local time, with the `rrule` package used in "floating"
 * time: DTSTART is given as a UTC date whose fields are the local date and time, no TZID (the
 * package's TZID support leans on the host's zone and is its known pitfall), and each date it
 * returns is read back by its UTC fields as a local date. Only then does the local date and time
 * become an instant, through localInstant and TIME_ZONE — so "every Tuesday 09:00" is 09:00 on a
 * Tuesday in the zone, whatever the server's own zone.
 */
export interface RuleInput {
  rrule: string;
  startDate: string;
  startTime: string;
  durationMinutes: number;
}

const FREQS = new Set([RRule.DAILY, RRule.WEEKLY, RRule.MONTHLY, RRule.YEARLY]);
/** A rule with no end still stops here, in iterations (a bad rule cannot spin). */
const MAX_ITERATIONS = 5000;

function floating(date: string, seconds: number): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + seconds * 1000);
}

/** Parses and checks a rule; an unreadable one is a validation error on body.rrule. */
export function ruleOf(input: Pick<RuleInput, 'rrule' | 'startDate' | 'startTime'>) {
  let options: ReturnType<typeof RRule.parseString>;
  try {
    options = RRule.parseString(input.rrule.replace(/^RRULE:/, ''));
  } catch (e) {
    throw badRule((e as Error).message);
  }
  if (options.freq === undefined || !FREQS.has(options.freq)) throw badRule('FREQ=DAILY|WEEKLY|MONTHLY|YEARLY');
  if (options.dtstart || options.tzid) throw badRule('no DTSTART or TZID in the rule');
  // The rule's times come from DTSTART (its local date and time); hours in the rule are not ours to take.
  if (options.byhour !== undefined || options.byminute !== undefined || options.bysecond !== undefined)
    throw badRule('no BYHOUR/BYMINUTE/BYSECOND');
  return new RRule({ ...options, dtstart: floating(input.startDate, timeToSeconds(input.startTime)) });
}

function badRule(reason: string) {
  return new AppError('validation_failed', {}, [
    { path: 'body.rrule', key: 'volunteer.series_bad_rule', params: { reason } },
  ]);
}

const dateOf = (d: Date) => d.toISOString().slice(0, 10);

/** Local dates of occurrences from one local date to another (both included), skipped dates left out. */
export function occurrenceDates(input: RuleInput, from: string, to: string, exdates: readonly string[] = []): string[] {
  const rule = ruleOf(input);
  const skip = new Set(exdates);
  const out: string[] = [];
  rule.between(floating(from, 0), floating(addDays(to, 1), 0), true, (d, i) => {
    if (i >= MAX_ITERATIONS) return false;
    const date = dateOf(d);
    if (date <= to && !skip.has(date)) out.push(date);
    return true;
  });
  return out;
}

/** The next `limit` occurrences starting at or after an instant, skipped dates left out. */
export function nextOccurrences(
  input: RuleInput,
  after: Date,
  fromDate: string,
  limit: number,
  timeZone: string,
  exdates: readonly string[] = [],
) {
  const rule = ruleOf(input);
  const skip = new Set(exdates);
  const out: Array<{ date: string; startsAt: Date; endsAt: Date }> = [];
  rule.between(floating(fromDate, 0), floating('9999-12-31', 0), true, (d, i) => {
    if (i >= MAX_ITERATIONS || out.length >= limit) return false;
    const date = dateOf(d);
    if (skip.has(date)) return true;
    const o = occurrence(input, date, timeZone);
    if (o.startsAt >= after) out.push(o);
    return out.length < limit;
  });
  return out;
}

/** The instants of the occurrence on a local date. */
export function occurrence(input: Pick<RuleInput, 'startTime' | 'durationMinutes'>, date: string, timeZone: string) {
  const startsAt = localInstant(date, timeToSeconds(input.startTime), timeZone);
  return { date, startsAt, endsAt: new Date(startsAt.getTime() + input.durationMinutes * 60_000) };
}
