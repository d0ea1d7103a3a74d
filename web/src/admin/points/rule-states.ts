import type { EarningRule } from '../../shared/types.ts';

export type RuleState = 'current' | 'future' | 'superseded';

/** Which version of each community's rule is in force today, which waits for its date, which is replaced. */
export function ruleStates(rules: readonly EarningRule[], today: string): Map<number, RuleState> {
  const states = new Map<number, RuleState>();
  const groups = new Map<string, EarningRule[]>();
  for (const r of rules)
    groups.set(`${r.communityId}|${r.eventType}`, [...(groups.get(`${r.communityId}|${r.eventType}`) ?? []), r]);
  for (const group of groups.values()) {
    const sorted = [...group].sort((a, b) =>
      a.effectiveFrom === b.effectiveFrom ? b.id - a.id : b.effectiveFrom.localeCompare(a.effectiveFrom),
    );
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
