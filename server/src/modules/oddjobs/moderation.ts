import type { WageUnit } from './tables.ts';

/**
 * Posting moderation, pure: wording that asks workers for money (the mark of 黑中介, illegal
 * agents), and the wage floor against the local minimum wage.
 */
export const FEE_WORDS = [
  '押金',
  '保证金',
  '报名费',
  '培训费',
  '服装费',
  '工装费',
  '体检费',
  '介绍费',
  '中介费',
  '建档费',
  '上岗费',
  '会员费',
  '手续费',
  '资料费',
  '先交钱',
  '交钱上岗',
] as const;

/** The first fee word found in the texts (spaces and punctuation between its characters ignored), or null. */
export function feeWordIn(...texts: string[]): string | null {
  const plain = texts.join('\n').replace(/[\s\p{P}\p{S}]/gu, '');
  return FEE_WORDS.find((w) => plain.includes(w)) ?? null;
}

/** Standard hours in a working day and month (劳社部发〔2008〕3号: 21.75 days × 8 hours). */
export const HOURS_PER_DAY = 8;
export const HOURS_PER_MONTH = 174;

/** The wage as an hourly figure in fen (rounded down), for the minimum and for matching. */
export function hourlyFen(wageFen: number, unit: WageUnit, piecesPerHour: number | null): number {
  switch (unit) {
    case 'hour':
      return wageFen;
    case 'day':
      return Math.floor(wageFen / HOURS_PER_DAY);
    case 'month':
      return Math.floor(wageFen / HOURS_PER_MONTH);
    case 'piece':
      return wageFen * (piecesPerHour ?? 0);
  }
}

export interface WageCheck {
  ok: boolean;
  /** The minimum compared with: monthly for a monthly wage, else hourly (a day: 8 hours of it). */
  minimumFen: number;
  comparedFen: number;
  basis: 'hour' | 'day' | 'month';
}

/**
 * A monthly wage is checked against the monthly minimum (RIGHTS_MINIMUM_WAGES); an hourly or
 * piece wage against the hourly minimum (RIGHTS_HOURLY_MINIMUM_WAGES); a day's pay against
 * eight hours of it.
 */
export function checkWage(
  wageFen: number,
  unit: WageUnit,
  piecesPerHour: number | null,
  minimum: { hourlyFen: number; monthlyFen: number },
): WageCheck {
  if (unit === 'month')
    return { ok: wageFen >= minimum.monthlyFen, minimumFen: minimum.monthlyFen, comparedFen: wageFen, basis: 'month' };
  if (unit === 'day') {
    const floor = minimum.hourlyFen * HOURS_PER_DAY;
    return { ok: wageFen >= floor, minimumFen: floor, comparedFen: wageFen, basis: 'day' };
  }
  const hourly = hourlyFen(wageFen, unit, piecesPerHour);
  return { ok: hourly >= minimum.hourlyFen, minimumFen: minimum.hourlyFen, comparedFen: hourly, basis: 'hour' };
}

/**
 * What the attendance says is owed: a day's pay (日结) for each day begun between check-in and
 * check-out, as agreed; hours worked at the hourly rate otherwise (a month's or a piece wage as
 * its hourly figure).
 */
export function dueFen(wageFen: number, unit: WageUnit, piecesPerHour: number | null, checkIn: Date, checkOut: Date) {
  const hours = Math.max(0, checkOut.getTime() - checkIn.getTime()) / 3_600_000;
  if (unit === 'day') return wageFen * Math.max(1, Math.ceil(hours / 24));
  return Math.round(hourlyFen(wageFen, unit, piecesPerHour) * hours);
}
