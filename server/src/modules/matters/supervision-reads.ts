import type { Executor } from '../../db/connection.ts';
import { DEPARTMENTS } from './catalogue.ts';
import { OPEN_STATUSES } from './workflow.ts';

/**
 * What supervision (督办, modules/supervision) reads of matters, so that it never reads the
 * matters' tables itself: a matter's facts, and how many open overdue matters a unit has.
 */

/** A matter as supervision sees it; null when there is none. */
export async function matterFactsFor(db: Executor, id: number) {
  const m = await db
    .selectFrom('matters.matters')
    .select([
      'id',
      'code',
      'status',
      'level',
      'department',
      'division_id',
      'grid_id',
      'assignee_user_id',
      'resolved_at',
      'closed_at',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!m) return null;
  return {
    id: m.id,
    code: m.code,
    status: m.status,
    level: m.level,
    /** The department it is with (level department), else null. */
    department: m.level === 'department' ? m.department : null,
    divisionId: m.division_id,
    gridId: m.grid_id,
    assigneeUserId: m.assignee_user_id,
    /** Resolved (办结) or closed: for supervision, the gap is closed. */
    resolved: m.status === 'resolved' || m.status === 'closed',
    /** When it was resolved (or closed without a resolution): when a gap closed. */
    resolvedAt: m.resolved_at ?? m.closed_at,
  };
}

export type SupervisedMatter = NonNullable<Awaited<ReturnType<typeof matterFactsFor>>>;

/** Whether a code names a department of the catalogue. */
export const isDepartment = (code: string) => Object.hasOwn(DEPARTMENTS, code);

/**
 * A unit's open overdue matters (not yet resolved): a department's, with it, in the given
 * divisions; or a community's own (grid and community level, not those with a department).
 */
export async function openOverdueCountFor(
  db: Executor,
  unit: { department: string; divisionIds: readonly number[] } | { communityId: number },
): Promise<number> {
  let q = db
    .selectFrom('matters.matters')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('overdue', '=', true)
    .where(
      'status',
      'in',
      OPEN_STATUSES.filter((s) => s !== 'resolved'),
    );
  if ('department' in unit) {
    if (unit.divisionIds.length === 0) return 0;
    q = q
      .where('level', '=', 'department')
      .where('department', '=', unit.department)
      .where('division_id', 'in', [...unit.divisionIds]);
  } else {
    q = q.where('level', 'in', ['grid', 'community']).where('division_id', '=', unit.communityId);
  }
  return Number((await q.executeTakeFirstOrThrow()).n);
}
