import { sql } from 'kysely';
import type { Executor } from '../../db/connection.ts';

export function liveSessionsOf(db: Executor, userId: number, now: Date) {
  return db
    .selectFrom('auth.sessions')
    .select(['token_hash', 'created_at', 'expires_at', 'ip', 'user_agent'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function deleteSessionByHandle(db: Executor, userId: number, handle: string) {
  if (!/^[0-9a-f]{16}$/.test(handle)) return 0;
  const result = await db
    .deleteFrom('auth.sessions')
    .where('user_id', '=', userId)
    .where(sql<boolean>`left(token_hash, 16) = ${handle}`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteSessionsExcept(db: Executor, userId: number, keepTokenHash: string) {
  const result = await db
    .deleteFrom('auth.sessions')
    .where('user_id', '=', userId)
    .where('token_hash', '<>', keepTokenHash)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function insertDeletionRequest(db: Executor, userId: number, reason: string, at: Date) {
  const row = await db
    .insertInto('auth.deletion_requests')
    .values({ user_id: userId, reason, requested_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function openDeletionRequestOf(db: Executor, userId: number) {
  return db
    .selectFrom('auth.deletion_requests')
    .select(['id', 'status', 'requested_at'])
    .where('user_id', '=', userId)
    .where('status', '=', 'requested')
    .executeTakeFirst();
}

/** Open requests (or the one asked for) of users with a role over one of the divisions or grids. */
export function openDeletionRequestsIn(
  db: Executor,
  divisionIds: readonly number[],
  gridIds: readonly number[],
  requestId?: number,
) {
  const reach = [];
  if (divisionIds.length) reach.push(sql`g.division_id = any(${sql.val([...divisionIds])}::int[])`);
  if (gridIds.length) reach.push(sql`g.grid_id = any(${sql.val([...gridIds])}::int[])`);
  return db
    .selectFrom('auth.deletion_requests as r')
    .innerJoin('auth.users as u', 'u.id', 'r.user_id')
    .select(['r.id', 'r.user_id', 'r.reason', 'r.requested_at', 'u.display_name', 'u.phone'])
    .where('r.status', '=', 'requested')
    .where(
      sql<boolean>`exists (select 1 from auth.role_grants g where g.user_id = u.id and (${
        reach.length ? sql.join(reach, sql` or `) : sql`false`
      }))`,
    )
    .$if(requestId !== undefined, (q) => q.where('r.id', '=', requestId!))
    .orderBy('r.requested_at')
    .limit(500)
    .execute();
}

/** Closes an open request, by its id or its user's; the number of requests closed (0 or 1). */
export async function decideDeletion(
  db: Executor,
  which: { requestId: number } | { userId: number },
  status: 'approved' | 'rejected' | 'withdrawn',
  decidedBy: number | null,
  note: string,
  at: Date,
) {
  let q = db
    .updateTable('auth.deletion_requests')
    .set({ status, decided_at: at, decided_by: decidedBy, note })
    .where('status', '=', 'requested');
  q = 'requestId' in which ? q.where('id', '=', which.requestId) : q.where('user_id', '=', which.userId);
  return Number((await q.executeTakeFirst()).numUpdatedRows);
}

/**
 * The account without the person: a placeholder name, no phone, no link to the register, no
 * roles, no sessions, a password nobody knows, disabled. Its id stays, so what it did still
 * reads as done by 已注销用户 and the audit trail holds.
 */
export async function anonymiseUser(db: Executor, userId: number, unusablePasswordHash: string, at: Date) {
  await db
    .updateTable('auth.users')
    .set({
      username: `deleted-${userId}`,
      display_name: '已注销用户',
      phone: null,
      person_id: null,
      password_hash: unusablePasswordHash,
      status: 'disabled',
      must_change_password: false,
      updated_at: at,
    })
    .where('id', '=', userId)
    .execute();
  await db.deleteFrom('auth.sessions').where('user_id', '=', userId).execute();
  await db.deleteFrom('auth.role_grants').where('user_id', '=', userId).execute();
  await db.deleteFrom('auth.login_failures').where('user_id', '=', userId).execute();
}
