import { covers, type Actor, type OrgPlace, scopeFor } from '../../platform/access.ts';
import type { ScoreRow } from './repository.ts';

/** Where a score lies for scope: a grid worker's community and grid, a department's district. */
export const scorePlace = (s: Pick<ScoreRow, 'division_id' | 'grid_id'>): OrgPlace => ({
  divisionId: s.division_id,
  gridId: s.grid_id,
});

/** The subject's department code, for a department's score. */
export const departmentOf = (s: Pick<ScoreRow, 'subject_kind' | 'subject_key'>) =>
  s.subject_kind === 'department' ? s.subject_key.slice('dept:'.length) : null;

/** Is the caller the one assessed: the grid worker, or staff of the department assessed in its district. */
export function isSubject(
  actor: Actor,
  s: Pick<ScoreRow, 'subject_kind' | 'subject_key' | 'subject_user_id' | 'division_id'>,
): boolean {
  if (s.subject_user_id !== null) return s.subject_user_id === actor.userId;
  const department = departmentOf(s);
  return actor.grants.some(
    (g) =>
      g.role === 'dept_staff' &&
      g.department === department &&
      (g.divisionId === s.division_id || g.divisionIds.includes(s.division_id)),
  );
}

export const canReadScores = (actor: Actor, place: OrgPlace) => covers(scopeFor(actor, 'assessment.read'), place);

/** A reviewer decides appeals on scores of their area: street and district staff with assessment.review. */
export const canReview = (actor: Actor, place: OrgPlace) => covers(scopeFor(actor, 'assessment.review'), place);

/** Schemes are the district's: configured by whom assessment.configure reaches the district itself. */
export const canConfigure = (actor: Actor, districtId: number) =>
  covers(scopeFor(actor, 'assessment.configure'), { divisionId: districtId, gridId: null });
