import { median } from 'simple-statistics';
import { INDICATOR_CATALOGUE, type IndicatorConfig, type RefGroup, type SubjectKind } from './tables.ts';

/**
 * The scoring rules, pure: raw figures → points by the scheme → workload factor → rank in the
 * peer group. Points are reckoned in hundredths (integers) so sums never drift; the same
 * figures always give the same scores.
 */

/** What a subject's records say about one indicator. */
export interface IndicatorFacts {
  /** Rates: how many met the mark, of how many. */
  numerator?: number;
  denominator?: number;
  /** Counts: how many records count against (overdue, returns); cards by colour. */
  count?: number;
  reds?: number;
  yellows?: number;
  refs: RefGroup[];
}

export interface SubjectFacts {
  key: string;
  kind: SubjectKind;
  userId: number | null;
  name: string;
  divisionId: number;
  gridId: number | null;
  peerGroup: string;
  residents: number | null;
  /** Matters received in the subject's area, each weighted by its category's case-mix weight. */
  weightedLoad: number;
  loadMatterIds: number[];
  facts: Partial<Record<IndicatorConfig['indicator'], IndicatorFacts>>;
}

export interface LineResult {
  indicator: IndicatorConfig['indicator'];
  weight: number;
  target: number | null;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  points: number;
  deduction: number;
  refs: RefGroup[];
}

const centi = (x: number) => Math.round(x * 100);
export const round2 = (x: number) => Math.round(x * 100) / 100;
export const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/** One indicator's points. Rates with nothing to judge earn the full weight (nothing was late). */
export function scoreLine(config: IndicatorConfig, facts: IndicatorFacts | undefined): LineResult {
  const kind = INDICATOR_CATALOGUE[config.indicator].kind;
  const refs = facts?.refs ?? [];
  const base = { indicator: config.indicator, weight: config.weight, refs };
  if (kind === 'rate') {
    const num = facts?.numerator ?? 0;
    const den = facts?.denominator ?? 0;
    const target = config.target ?? 1;
    const value = den === 0 ? null : num / den;
    const share = value === null ? 1 : Math.min(1, value / target);
    return {
      ...base,
      target,
      value: value === null ? null : round4(value),
      numerator: num,
      denominator: den,
      points: centi(config.weight * share) / 100,
      deduction: 0,
    };
  }
  const deductionCenti =
    config.indicator === 'supervision_cards'
      ? centi(config.perRed ?? 0) * (facts?.reds ?? 0) + centi(config.perYellow ?? 0) * (facts?.yellows ?? 0)
      : centi(config.perItem ?? 0) * (facts?.count ?? 0);
  const count =
    config.indicator === 'supervision_cards' ? (facts?.reds ?? 0) + (facts?.yellows ?? 0) : (facts?.count ?? 0);
  return {
    ...base,
    target: null,
    value: count,
    numerator: null,
    denominator: null,
    points: Math.max(0, centi(config.weight) - deductionCenti) / 100,
    deduction: deductionCenti / 100,
  };
}

/** The sum of points, in hundredths exact. */
export const sumPoints = (points: readonly number[]) => points.reduce((s, p) => s + centi(p), 0) / 100;

/** Workload per 1,000 residents where residents are known, else the weighted count itself. */
export function loadOf(s: Pick<SubjectFacts, 'weightedLoad' | 'residents' | 'kind'>): number | null {
  if (s.kind === 'department') return s.weightedLoad;
  if (!s.residents) return null;
  return (s.weightedLoad / s.residents) * 1000;
}

/**
 * The workload factor: 1 + strength × (load / peer median − 1), the ratio's excess held to
 * [−1, 1], so a subject carrying twice the peer group's typical load gains at most `strength`.
 * Without a load or a median it is 1.
 */
export function workloadFactor(load: number | null, peerMedian: number | null, strength: number): number {
  if (load === null || peerMedian === null || peerMedian <= 0 || strength === 0) return 1;
  const excess = Math.max(-1, Math.min(1, load / peerMedian - 1));
  return round4(1 + strength * excess);
}

/** The median load of each peer group (subjects without a load left out). */
export function peerMedians(subjects: ReadonlyArray<{ peerGroup: string; load: number | null }>) {
  const by = new Map<string, number[]>();
  for (const s of subjects) {
    if (s.load === null) continue;
    const list = by.get(s.peerGroup) ?? [];
    list.push(s.load);
    by.set(s.peerGroup, list);
  }
  return new Map([...by].map(([g, loads]) => [g, median(loads)]));
}

export const scoreOf = (rawPoints: number, factor: number) => round2(rawPoints * factor);

/**
 * Ranks within each peer group by score, highest first; equal scores share a rank (1, 2, 2, 4).
 * Returns key → { rank, peerSize }.
 */
export function rankWithinGroups(rows: ReadonlyArray<{ key: string; peerGroup: string; score: number }>) {
  const out = new Map<string, { rank: number; peerSize: number }>();
  const groups = new Map<string, Array<{ key: string; score: number }>>();
  for (const r of rows) {
    const g = groups.get(r.peerGroup) ?? [];
    g.push(r);
    groups.set(r.peerGroup, g);
  }
  for (const list of groups.values()) {
    list.sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));
    list.forEach((r, i) => {
      const rank = i > 0 && list[i - 1]!.score === r.score ? out.get(list[i - 1]!.key)!.rank : i + 1;
      out.set(r.key, { rank, peerSize: list.length });
    });
  }
  return out;
}

/** A grid worker's peer group: grid kind and size band by residents. */
export function peerGroupOf(gridKind: string, residents: number, bands: [number, number]): string {
  const band = residents < bands[0] ? 'small' : residents < bands[1] ? 'medium' : 'large';
  return `${gridKind}:${band}`;
}

/** Review flags — never penalties — for a reviewer to look at. */
export function flagsOf(lines: readonly LineResult[]): string[] {
  const flags: string[] = [];
  const rated = lines.filter((l) => l.denominator !== null);
  const base = rated.reduce((s, l) => s + (l.denominator ?? 0), 0);
  if (rated.length > 0 && base < 3) flags.push('few_records');
  return flags;
}
