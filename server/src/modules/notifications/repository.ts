import type { Executor } from '../../db/connection.ts';
import type { NotificationTable } from './tables.ts';
import type { Insertable } from 'kysely';

export function insertNotifications(trx: Executor, rows: Insertable<NotificationTable>[]) {
  return trx.insertInto('notifications.notifications').values(rows).returning(['id', 'user_id']).execute();
}

/** A user's notifications, newest first, from before a cursor id. */
export function listForUser(
  db: Executor,
  userId: number,
  options: { beforeId: number | null; limit: number; unreadOnly: boolean },
) {
  let q = db
    .selectFrom('notifications.notifications')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(options.limit);
  if (options.unreadOnly) q = q.where('read_at', 'is', null);
  if (options.beforeId !== null) q = q.where('id', '<', options.beforeId);
  return q.execute();
}

export async function countUnread(db: Executor, userId: number): Promise<number> {
  const row = await db
    .selectFrom('notifications.notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function markRead(db: Executor, userId: number, ids: number[] | undefined, at: Date): Promise<number> {
  let q = db
    .updateTable('notifications.notifications')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if (ids?.length) q = q.where('id', 'in', ids);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function deleteForUser(db: Executor, userId: number) {
  await db.deleteFrom('notifications.notifications').where('user_id', '=', userId).execute();
}
