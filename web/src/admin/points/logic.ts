import type { Dayjs } from 'dayjs';
import { zonedWallClockToIso } from '../../shared/time.ts';
import type { EarningRule } from '../../shared/types.ts';

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


export type RuleState = 'current' | 'future' | 'superseded';

/** Which version of each community's rule is in force today, which waits for its date, which is replaced. */
export function ruleStates(rules: readonly EarningRule[], today: string): Map<number, RuleState> {
  const states = new Map<number, RuleState>();
  const groups = new Map<string, EarningRule[]>();
  for (const r of rules) groups.set(`${r.communityId}|${r.eventType}`, [...(groups.get(`${r.communityId}|${r.eventType}`) ?? []), r]);
  for (const group of groups.values()) {
    const sorted = [...group].sort((a, b) => (a.effectiveFrom === b.effectiveFrom ? b.id - a.id : b.effectiveFrom.localeCompare(a.effectiveFrom)));
    let currentFound = false;
    for (const r of sorted) {
      if (r.effectiveFrom > today) states.set(r.id, 'future');
      else if (!currentFound) {
        states.set(r.id, 'current');
        currentFound = true;
      } else states.set(r.id, 'superseded');
    }
  }
  return states;
}
