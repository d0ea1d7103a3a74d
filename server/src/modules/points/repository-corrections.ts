import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type { CursorKey } from '../../platform/pagination.ts';
import type { CorrectionStatus, CorrectionTable } from './tables.ts';

export async function insertCorrection(db: Executor, row: Insertable<CorrectionTable>) {
  return db.insertInto('points.corrections').values(row).returningAll().executeTakeFirstOrThrow();
}

export function correctionByKey(db: Executor, key: string) {
  return db.selectFrom('points.corrections').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
}

export function correctionForUpdate(db: Executor, id: number) {
  return db.selectFrom('points.corrections').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function correctionById(db: Executor, id: number) {
  return db.selectFrom('points.corrections').selectAll().where('id', '=', id).executeTakeFirst();
}

export type CorrectionRow = NonNullable<Awaited<ReturnType<typeof correctionById>>>;

export async function updateCorrection(db: Executor, id: number, patch: Updateable<CorrectionTable>) {
  return db.updateTable('points.corrections').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Newest first, in the given communities. */
export function listCorrections(
  db: Executor,
  communityIds: number[],
  status: CorrectionStatus | undefined,
  after: CursorKey | null,
  limit: number,
) {
  if (communityIds.length === 0) return Promise.resolve([]);
  let q = db.selectFrom('points.corrections').selectAll().where('community_id', 'in', communityIds);
  if (status) q = q.where('status', '=', status);
  if (after) q = q.where('id', '<', after.id);
  return q
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
}
