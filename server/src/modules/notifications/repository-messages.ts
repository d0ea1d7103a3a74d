import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type { DeliveryTable } from './tables.ts';

export async function insertDelivery(db: Executor, row: Insertable<DeliveryTable>) {
  return (await db.insertInto('notifications.deliveries').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** Messages to a phone since an instant, skipped ones not counted. */
export async function countToPhoneSince(db: Executor, phoneKey: string, since: Date) {
  const row = await db
    .selectFrom('notifications.deliveries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('phone_key', '=', phoneKey)
    .where('created_at', '>=', since)
    .where('status', '<>', 'skipped')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Takes a queued message that is due for sending, in one statement: it is put out of reach of
 * other workers until the claim runs out. Undefined when it is not queued or not due.
 */
export function claimDelivery(db: Executor, id: number, now: Date, claimUntil: Date) {
  return db
    .updateTable('notifications.deliveries')
    .set({ next_attempt_at: claimUntil, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
    .returning(['id', 'phone', 'channel', 'kind', 'params', 'attempts'])
    .executeTakeFirst();
}

/** The last word on a message: the number and the parameters are no longer kept. */
export async function finishDelivery(
  db: Executor,
  id: number,
  patch: Pick<
    Updateable<DeliveryTable>,
    'status' | 'attempts' | 'provider_message_id' | 'sent_at' | 'error_code' | 'error_detail'
  >,
  now: Date,
) {
  await db
    .updateTable('notifications.deliveries')
    .set({ ...patch, phone: null, params: null, next_attempt_at: null, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function retryDeliveryAt(
  db: Executor,
  id: number,
  retry: { at: Date; attempts: number; code: string; detail: string; now: Date },
) {
  await db
    .updateTable('notifications.deliveries')
    .set({
      next_attempt_at: retry.at,
      attempts: retry.attempts,
      error_code: retry.code,
      error_detail: retry.detail,
      updated_at: retry.now,
    })
    .where('id', '=', id)
    .execute();
}

export async function dueDeliveries(db: Executor, now: Date, limit: number) {
  const rows = await db
    .selectFrom('notifications.deliveries')
    .select('id')
    .where('status', '=', 'queued')
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export function deliveryStatus(db: Executor, id: number) {
  return db
    .selectFrom('notifications.deliveries')
    .select(['id', 'status', 'attempts', 'error_code', 'sent_at', 'channel', 'kind'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function preferencesOf(db: Executor, userId: number) {
  return db.selectFrom('notifications.preferences').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function upsertPreferences(
  db: Executor,
  userId: number,
  p: { sms: boolean; voice: boolean; quietStart: string | null; quietEnd: string | null },
  now: Date,
) {
  const values = { sms: p.sms, voice: p.voice, quiet_start: p.quietStart, quiet_end: p.quietEnd, updated_at: now };
  await db
    .insertInto('notifications.preferences')
    .values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
    .execute();
}

export async function deletePreferences(db: Executor, userId: number) {
  await db.deleteFrom('notifications.preferences').where('user_id', '=', userId).execute();
}
