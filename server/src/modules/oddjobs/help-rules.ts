/**
 * Who is in the help queue and why (就业困难人员, tiered help per 人社部发〔2022〕38号). Pure.
 * The same rules are the SQL filter in repository-help.queue.
 */
export const HELP_REASONS = ['waiting', 'older', 'disabled', 'low_income'] as const;
export type HelpReason = (typeof HELP_REASONS)[number];

/**
 * The age from which a seeker counts as older by their declared birth year. The rule for
 * 就业困难人员 is women from 40 and men from 50 (“4050”); the market does not ask a seeker's sex,
 * so the birth year marks 50 and over, and staff mark the rest (flag_older).
 */
export const OLDER_AGE = 50;

export interface HelpFacts {
  createdAt: Date;
  hired: boolean;
  birthYear: number | null;
  declaredDisabled: boolean;
  flagOlder: boolean;
  flagDisabled: boolean;
  flagLowIncome: boolean;
}

/** The oldest birth year that counts as older in a given local year. */
export function olderBornBy(localYear: number): number {
  return localYear - OLDER_AGE;
}

/** The reasons a seeker is in the queue; empty: they are not. */
export function helpReasons(f: HelpFacts, at: { waitingSince: Date; localYear: number }): HelpReason[] {
  const reasons: HelpReason[] = [];
  if (!f.hired && f.createdAt <= at.waitingSince) reasons.push('waiting');
  if (f.flagOlder || (f.birthYear !== null && f.birthYear <= olderBornBy(at.localYear))) reasons.push('older');
  if (f.declaredDisabled || f.flagDisabled) reasons.push('disabled');
  if (f.flagLowIncome) reasons.push('low_income');
  return reasons;
}

/** The age a birth year gives in a local year (at most one year off: the birthday is not asked). */
export function ageIn(birthYear: number | null, localYear: number): number | null {
  return birthYear === null ? null : localYear - birthYear;
}

/** Unpaid-wage disputes per 100 hires, one decimal; null with no hires. */
export function disputesPer100(disputes: number, hires: number): number | null {
  return hires === 0 ? null : Math.round((disputes * 1000) / hires) / 10;
}

/** The local months from one to another ('YYYY-MM'), both included. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}
