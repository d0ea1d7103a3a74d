import { sql, type Expression, type Insertable, type SqlBool, type Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { inScope, isEmptyScope } from '../../platform/access.ts';
import { inReach, type MatterEb, type MatterReach } from './repository.ts';
import type { AssistTable, ExtensionStatus, ExtensionTable } from './tables.ts';

/** The desk's SQL: requests for more time (延期) and joint handling (协办). */

// ---------- extensions ----------

export function extensionsOf(db: Executor, matterId: number) {
  return db.selectFrom('matters.extensions').selectAll().where('matter_id', '=', matterId).orderBy('id').execute();
}

export type ExtensionRow = Awaited<ReturnType<typeof extensionsOf>>[number];

export function pendingExtension(db: Executor, matterId: number) {
  return db
    .selectFrom('matters.extensions')
    .selectAll()
    .where('matter_id', '=', matterId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
}

export function extensionForUpdate(db: Executor, matterId: number, extensionId: number) {
  return db
    .selectFrom('matters.extensions')
    .selectAll()
    .where('id', '=', extensionId)
    .where('matter_id', '=', matterId)
    .forUpdate()
    .executeTakeFirst();
}

export function insertExtension(db: Executor, row: Insertable<ExtensionTable>) {
  return db.insertInto('matters.extensions').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateExtension(db: Executor, id: number, patch: Updateable<ExtensionTable>) {
  return db.updateTable('matters.extensions').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** A request still pending when its matter ends lapses. */
export async function lapsePendingExtensions(db: Executor, matterId: number, now: Date) {
  await db
    .updateTable('matters.extensions')
    .set({ status: 'lapsed', decided_at: now })
    .where('matter_id', '=', matterId)
    .where('status', '=', 'pending')
    .execute();
}

/**
 * Requests of a status on matters the caller reads, or dispatched or escalated by the caller,
 * newest first.
 */
export function listExtensions(
  db: Executor,
  reach: MatterReach,
  userId: number,
  status: ExtensionStatus,
  after: number | null,
  limit: number,
) {
  let q = db
    .selectFrom('matters.extensions as e')
    .innerJoin('matters.matters as m', 'm.id', 'e.matter_id')
    .selectAll('e')
    .select([
      'm.code as matter_code',
      'm.status as matter_status',
      'm.description as matter_description',
      'm.resolve_due_at as matter_due_at',
    ])
    .where('e.status', '=', status)
    .where((eb) =>
      eb.or([
        inReach(eb as unknown as MatterEb, reach),
        eb('m.dispatched_by_user_id', '=', userId),
        eb('m.escalated_by_user_id', '=', userId),
      ]),
    )
    .orderBy('e.id', 'desc')
    .limit(limit + 1);
  if (after !== null) q = q.where('e.id', '<', after);
  return q.execute();
}

export type ExtensionListRow = Awaited<ReturnType<typeof listExtensions>>[number];

// ---------- joint handling ----------

export function assistsOf(db: Executor, matterId: number) {
  return db.selectFrom('matters.assists').selectAll().where('matter_id', '=', matterId).orderBy('id').execute();
}

export type AssistRow = Awaited<ReturnType<typeof assistsOf>>[number];

export function assistForUpdate(db: Executor, matterId: number, assistId: number) {
  return db
    .selectFrom('matters.assists')
    .selectAll()
    .where('id', '=', assistId)
    .where('matter_id', '=', matterId)
    .forUpdate()
    .executeTakeFirst();
}

export function openAssistOf(db: Executor, matterId: number, department: string) {
  return db
    .selectFrom('matters.assists')
    .select('id')
    .where('matter_id', '=', matterId)
    .where('department', '=', department)
    .where('status', '=', 'open')
    .executeTakeFirst();
}

export function insertAssist(db: Executor, row: Insertable<AssistTable>) {
  return db.insertInto('matters.assists').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateAssist(db: Executor, id: number, patch: Updateable<AssistTable>) {
  return db.updateTable('matters.assists').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Closes the assists still open when the lead resolves: unanswered. */
export function closeOpenAssists(db: Executor, matterId: number, now: Date) {
  return db
    .updateTable('matters.assists')
    .set({ status: 'unanswered', closed_at: now })
    .where('matter_id', '=', matterId)
    .where('status', '=', 'open')
    .returningAll()
    .execute();
}

/** Whether one of these departments was asked to assist on the matter (at any time: its reply stays readable). */
export async function hasAssistOf(db: Executor, matterId: number, departments: readonly string[]) {
  if (departments.length === 0) return false;
  return Boolean(
    await db
      .selectFrom('matters.assists')
      .select('id')
      .where('matter_id', '=', matterId)
      .where('department', 'in', [...departments])
      .executeTakeFirst(),
  );
}

/** Matters with an open assist: in the reach's area, or asked of one of its departments where it serves. */
export function assistWaiting(eb: MatterEb, reach: MatterReach): Expression<SqlBool> {
  const open = (department?: string) =>
    eb.exists(
      eb
        .selectFrom('matters.assists as a')
        .select('a.id')
        .whereRef('a.matter_id', '=', 'm.id')
        .where('a.status', '=', 'open')
        .$if(department !== undefined, (q) => q.where('a.department', '=', department!)),
    );
  const parts: Expression<SqlBool>[] = [];
  if (!isEmptyScope(reach.area))
    parts.push(eb.and([inScope(eb, reach.area, { division: 'm.division_id', grid: 'm.grid_id' }), open()]));
  for (const d of reach.departments)
    parts.push(eb.and([eb('m.division_id', 'in', [...d.divisionIds]), open(d.department)]));
  return parts.length === 0 ? sql<SqlBool>`false` : eb.or(parts);
}
