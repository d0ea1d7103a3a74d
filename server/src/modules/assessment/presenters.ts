import type { z } from 'zod';
import type * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { RefGroup } from './tables.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

export interface Names {
  divisions: Map<number, string>;
  grids: Map<number, { name: string }>;
}

export function presentVersion(v: repo.VersionRow): View<typeof S.SchemeVersionView> {
  return {
    id: v.id,
    version: v.version,
    effectiveFrom: v.effective_from,
    indicators: v.indicators,
    workload: v.workload,
    note: v.note,
    createdByName: v.created_by_name,
    createdAt: v.created_at.toISOString(),
  };
}

export function presentScheme(
  s: repo.SchemeRow,
  current: repo.VersionRow,
  extra: { districtName: string; scoredMonths: string[]; canConfigure: boolean },
): View<typeof S.SchemeView> {
  return {
    id: s.id,
    districtId: s.district_id,
    districtName: extra.districtName,
    subjectKind: s.subject_kind,
    name: s.name,
    currentVersion: s.current_version,
    archived: s.archived,
    current: presentVersion(current),
    scoredMonths: extra.scoredMonths,
    canConfigure: extra.canConfigure && !s.archived,
    createdAt: s.created_at.toISOString(),
    updatedAt: s.updated_at.toISOString(),
  };
}

export function presentScore(
  s: repo.ScoreRow,
  extra: { schemeName: string; version: number; names: Names },
): View<typeof S.ScoreView> {
  return {
    id: s.id,
    schemeId: s.scheme_id,
    schemeName: extra.schemeName,
    version: extra.version,
    month: s.month,
    subjectKind: s.subject_kind,
    subjectUserId: s.subject_user_id,
    subjectName: s.subject_name,
    divisionId: s.division_id,
    divisionName: extra.names.divisions.get(s.division_id) ?? '',
    gridId: s.grid_id,
    gridName: s.grid_id !== null ? (extra.names.grids.get(s.grid_id)?.name ?? null) : null,
    peerGroup: s.peer_group,
    residents: s.residents,
    rawPoints: Number(s.raw_points),
    workloadFactor: Number(s.workload_factor),
    score: Number(s.score),
    rank: s.rank,
    peerSize: s.peer_size,
    flags: s.flags,
    computedAt: s.computed_at.toISOString(),
  };
}

/** Where a record opens in the console: matters in their page, people in the register. */
function linkOf(kind: RefGroup['kind'], id: number): string {
  switch (kind) {
    case 'matter':
      return `/matters/${id}`;
    case 'person':
      return `/persons?open=${id}`;
    default:
      return '';
  }
}

export function presentRefs(refs: RefGroup[]): View<typeof S.RefGroupView>[] {
  return refs.map((r) => ({ ...r, links: r.ids.map((id) => linkOf(r.kind, id)) }));
}

export function presentAppeal(a: repo.AppealRow, canDecide: boolean): View<typeof S.AppealView> {
  return {
    id: a.id,
    scoreId: a.score_id,
    schemeId: a.scheme_id,
    month: a.month,
    indicator: a.indicator,
    subjectName: a.subject_name,
    appellantName: a.appellant_name,
    reason: a.reason,
    status: a.status,
    pointsBefore: Number(a.points_before),
    adjustedValue: a.adjusted_value === null ? null : Number(a.adjusted_value),
    adjustedPoints: a.adjusted_points === null ? null : Number(a.adjusted_points),
    decidedByName: a.decided_by_name,
    decisionReason: a.decision_reason,
    decidedAt: a.decided_at?.toISOString() ?? null,
    createdAt: a.created_at.toISOString(),
    canDecide: canDecide && a.status === 'pending',
  };
}

export const effectivePoints = (l: Pick<repo.LineRow, 'points' | 'granted_points'>) =>
  Number(l.granted_points ?? l.points);
