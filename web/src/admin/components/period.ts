import type { Dayjs } from 'dayjs';
import { zonedWallClockToIso } from '../../shared/time.ts';

export type PeriodKind = 'month' | 'quarter' | 'year';

export interface Period {
  kind: PeriodKind;
  /** The first day of the period (a wall-clock date in the place's zone). */
  start: Dayjs;
}

/** The period's first moment and the next period's, as ISO UTC in the place's zone. */
export function periodRange(p: Period): { from: string; to: string } {
  const start = periodStart(p);
  const months = p.kind === 'month' ? 1 : p.kind === 'quarter' ? 3 : 12;
  return { from: zonedWallClockToIso(start), to: zonedWallClockToIso(start.add(months, 'month')) };
}

export function periodStart(p: Period): Dayjs {
  const d = p.start.startOf('month');
  if (p.kind === 'year') return d.month(0);
  if (p.kind === 'quarter') return d.month(Math.floor(d.month() / 3) * 3);
  return d;
}

/** The months of a period, each as [label, from, to], for charts by month. */
export function monthsOf(p: Period): { label: string; from: string; to: string }[] {
  const start = periodStart(p);
  const count = p.kind === 'month' ? 1 : p.kind === 'quarter' ? 3 : 12;
  return Array.from({ length: count }, (_, i) => {
    const m = start.add(i, 'month');
    return { label: m.format('YYYY-MM'), from: zonedWallClockToIso(m), to: zonedWallClockToIso(m.add(1, 'month')) };
  });
}
