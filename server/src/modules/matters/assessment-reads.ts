import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type { MatterEb } from './repository.ts';
import { type Measure, measureWhere } from './repository-statistics.ts';

/**
 * What assessment (考核, modules/assessment) reads of matters, so that it never reads the
 * matters' tables itself. Each measure is the statistics' own condition (measureWhere), so a
 * score's matters are exactly those the statistics count and the matter list shows.
 */

/** The measures an assessment reads. */
export const ASSESSED_MEASURES = [
  'received',
  'accepted',
  'accepted_on_time',
  'resolved',
  'resolved_on_time',
  'overdue',
  'rated',
  'satisfied',
] as const satisfies readonly Measure[];
export type AssessedMeasure = (typeof ASSESSED_MEASURES)[number];

export interface AssessedMatter {
  id: number;
  assigneeUserId: number | null;
  department: string | null;
  divisionId: number;
  gridId: number | null;
  /** The code of its top-level category (for case mix). */
  topCategory: string;
}

/**
 * Per measure, the matters of the given communities it counts in [from, to), with who holds
 * them (assignee, department), where, and their top-level category. `now` is the instant
 * overdue is judged at (the month's end, for a month that has ended).
 */
export async function assessedMattersFor(
  db: Executor,
  divisionIds: readonly number[],
  w: { from: Date; to: Date; now: Date },
): Promise<Record<AssessedMeasure, AssessedMatter[]>> {
  const out = {} as Record<AssessedMeasure, AssessedMatter[]>;
  for (const measure of ASSESSED_MEASURES) {
    if (divisionIds.length === 0) {
      out[measure] = [];
      continue;
    }
    const rows = await db
      .selectFrom('matters.matters as m')
      .innerJoin('matters.categories as c', 'c.id', 'm.category_id')
      .leftJoin('matters.categories as p', 'p.id', 'c.parent_id')
      .select([
        'm.id',
        'm.assignee_user_id',
        'm.department',
        'm.division_id',
        'm.grid_id',
        sql<string>`coalesce(p.code, c.code)`.as('top_category'),
      ])
      .where('m.division_id', 'in', [...divisionIds])
      .where((eb) => measureWhere(eb as unknown as MatterEb, { ...w, measure }))
      .orderBy('m.id')
      .execute();
    out[measure] = rows.map((r) => ({
      id: r.id,
      assigneeUserId: r.assignee_user_id,
      department: r.department,
      divisionId: r.division_id,
      gridId: r.grid_id,
      topCategory: r.top_category,
    }));
  }
  return out;
}

/** The returns (退单) made in [from, to) on matters of the given communities: who returned which matter. */
export async function returnsFor(db: Executor, divisionIds: readonly number[], from: Date, to: Date) {
  if (divisionIds.length === 0) return [];
  const rows = await db
    .selectFrom('matters.timeline as t')
    .innerJoin('matters.matters as m', 'm.id', 't.matter_id')
    .select(['t.id', 't.matter_id', 't.actor_user_id', 't.at'])
    .where('t.action', '=', 'return')
    .where(sql<SqlBool>`t.at >= ${from}::timestamptz and t.at < ${to}::timestamptz`)
    .where('m.division_id', 'in', [...divisionIds])
    .orderBy('t.id')
    .execute();
  return rows.map((r) => ({ stepId: r.id, matterId: r.matter_id, actorUserId: r.actor_user_id }));
}

/** Who holds each of the matters now (assignee, department): to whom a supervision card on it counts. */
export async function holdersOf(db: Executor, matterIds: readonly number[]) {
  if (matterIds.length === 0) return new Map<number, { assigneeUserId: number | null; department: string | null }>();
  const rows = await db
    .selectFrom('matters.matters')
    .select(['id', 'assignee_user_id', 'department'])
    .where('id', 'in', [...matterIds])
    .execute();
  return new Map(rows.map((r) => [r.id, { assigneeUserId: r.assignee_user_id, department: r.department }]));
}
