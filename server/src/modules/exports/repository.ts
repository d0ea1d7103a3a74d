import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type { CursorKey } from '../../platform/pagination.ts';
import type { ExportJobTable } from './tables.ts';

export function insertJob(db: Executor, row: Insertable<ExportJobTable>) {
  return db
    .insertInto('exports.jobs')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow()
    .then((r) => r.id);
}

export function jobById(db: Executor, id: number) {
  return db.selectFrom('exports.jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export type ExportJobRow = NonNullable<Awaited<ReturnType<typeof jobById>>>;

/** A user's own exports, newest first. */
export function jobsOf(db: Executor, userId: number, after: CursorKey | null, limit: number) {
  let query = db.selectFrom('exports.jobs').selectAll().where('user_id', '=', userId);
  if (after) query = query.where('id', '<', after.id);
  return query
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
}

export function updateJob(db: Executor, id: number, patch: Updateable<ExportJobTable>) {
  return db.updateTable('exports.jobs').set(patch).where('id', '=', id).execute();
}

/**
 * Takes an accepted export for writing, unless another worker holds it (its lease not yet
 * past) or it has ended. A job whose worker died is taken again once its lease runs out.
 */
export async function claimJob(db: Executor, id: number, now: Date, leaseUntil: Date) {
  const row = await db
    .updateTable('exports.jobs')
    .set({ status: 'running', lease_until: leaseUntil, started_at: now, rows_written: 0 })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .returningAll()
    .executeTakeFirst();
  if (row) return row;
  const current = await jobById(db, id);
  if (!current) return 'done' as const;
  return current.status === 'queued' || current.status === 'running' ? ('busy' as const) : ('done' as const);
}

/** Finished exports whose files are past their time. */
export function expiredJobs(db: Executor, now: Date) {
  return db
    .selectFrom('exports.jobs')
    .select(['id', 'file_path'])
    .where('status', '=', 'done')
    .where('expires_at', '<=', now)
    .orderBy('id')
    .limit(500)
    .execute();
}

/** Exports left running by a worker that stopped (its lease past): to be queued again. */
export function abandonedJobs(db: Executor, now: Date) {
  return db
    .selectFrom('exports.jobs')
    .select(['id'])
    .where('status', '=', 'running')
    .where('lease_until', '<', now)
    .orderBy('id')
    .execute();
}
