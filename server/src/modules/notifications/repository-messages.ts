import { sql, type Expression, type Insertable, type SelectQueryBuilder, type SqlBool, type Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import type { DeliveryStatus, DeliveryTable } from './tables.ts';

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

/**
 * The last word on a message: the number is no longer kept, nor the parameters unless asked
 * (a failed message whose parameters hold no secret, to be sent again by hand).
 */
export async function finishDelivery(
  db: Executor,
  id: number,
  patch: Pick<
    Updateable<DeliveryTable>,
    'status' | 'attempts' | 'provider_message_id' | 'sent_at' | 'error_code' | 'error_detail'
  >,
  now: Date,
  keepParams = false,
) {
  await db
    .updateTable('notifications.deliveries')
    .set({ ...patch, phone: null, ...(keepParams ? {} : { params: null }), next_attempt_at: null, updated_at: now })
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

/** Which deliveries a reader may see, and the filters of the delivery log. */
export interface DeliveryFilter {
  divisionIds: readonly number[];
  /** Messages of no place (sign-in codes): only for administrators of a top-level division. */
  unplaced: boolean;
  status?: DeliveryStatus;
  kind?: string;
  channel?: 'sms' | 'voice';
  critical?: boolean;
  from?: Date;
  to?: Date;
  /** The last four digits of the number, matched against the masked number (138****5678). */
  phoneLast4?: string;
}

function whereDeliveries<QB extends SelectQueryBuilder<DB, 'notifications.deliveries', object>>(
  qb: QB,
  f: DeliveryFilter,
  withStatus: boolean,
): QB {
  let q = qb.where((eb) => {
    const parts: Expression<SqlBool>[] = [];
    if (f.divisionIds.length > 0) parts.push(eb('division_id', 'in', [...f.divisionIds]));
    if (f.unplaced) parts.push(eb('division_id', 'is', null));
    return parts.length > 0 ? eb.or(parts) : sql<SqlBool>`false`;
  }) as QB;
  if (withStatus && f.status) q = q.where('status', '=', f.status) as QB;
  if (f.kind) q = q.where('kind', '=', f.kind) as QB;
  if (f.channel) q = q.where('channel', '=', f.channel) as QB;
  if (f.critical !== undefined) q = q.where('critical', '=', f.critical) as QB;
  if (f.from) q = q.where('created_at', '>=', f.from) as QB;
  if (f.to) q = q.where('created_at', '<', f.to) as QB;
  if (f.phoneLast4) q = q.where('phone_masked', 'like', `%${f.phoneLast4}`) as QB;
  return q;
}

const LOG_COLUMNS = [
  'id',
  'user_id',
  'channel',
  'kind',
  'phone_masked',
  'status',
  'attempts',
  'next_attempt_at',
  'provider',
  'error_code',
  'error_detail',
  'entity_type',
  'entity_id',
  'division_id',
  'critical',
  'created_at',
  'sent_at',
] as const;

/** Newest first, limit + 1 rows after the cursor's id; never the number or the parameters. */
export function listDeliveries(db: Executor, filter: DeliveryFilter, afterId: number | null, limit: number) {
  let q = whereDeliveries(db.selectFrom('notifications.deliveries'), filter, true)
    .select([...LOG_COLUMNS, sql<boolean>`params is not null`.as('has_params')])
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (afterId !== null) q = q.where('id', '<', afterId);
  return q.execute();
}

/** How many deliveries of each status pass the filter (its status aside). */
export async function countDeliveriesByStatus(db: Executor, filter: DeliveryFilter) {
  const rows = await whereDeliveries(db.selectFrom('notifications.deliveries'), filter, false)
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('status')
    .execute();
  return new Map(rows.map((r) => [r.status, Number(r.n)]));
}

export function deliveryForUpdate(db: Executor, id: number) {
  return db
    .selectFrom('notifications.deliveries')
    .select([...LOG_COLUMNS, sql<boolean>`params is not null`.as('has_params')])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** A failed message queued again by hand, to the account's number of today. */
export async function requeueDelivery(
  db: Executor,
  id: number,
  to: Pick<Updateable<DeliveryTable>, 'phone' | 'phone_key' | 'phone_masked'>,
  now: Date,
) {
  await db
    .updateTable('notifications.deliveries')
    .set({ ...to, status: 'queued', next_attempt_at: null, updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** The deliveries made for records of another module (entity type and ids), oldest first. */
export function deliveriesOfEntities(db: Executor, entityType: string, entityIds: readonly string[]) {
  if (entityIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('notifications.deliveries')
    .select(['id', 'entity_id', 'status', 'sent_at'])
    .where('entity_type', '=', entityType)
    .where('entity_id', 'in', [...entityIds])
    .orderBy('id')
    .execute();
}
