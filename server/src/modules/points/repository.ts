import { sql, type Insertable, type Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type {
  AccountKind,
  ExpiryRunTable,
  HonourTable,
  ItemTable,
  MerchantTable,
  RuleTable,
  VoucherTable,
  EarningEventType,
} from './tables.ts';
import { containsLike, hasChanges } from '../../platform/sql.ts';

// ---------- accounts ----------

/** The account for an owner, made on first use. */
export async function ensureAccount(
  db: Executor,
  owner: {
    kind: AccountKind;
    communityId?: number | null;
    userId?: number | null;
    merchantId?: number | null;
    name: string;
  },
  at: Date,
): Promise<number> {
  const find = () => {
    let q = db.selectFrom('points.accounts').select('id').where('kind', '=', owner.kind);
    if (owner.kind === 'issuing') q = q.where('community_id', '=', owner.communityId!);
    if (owner.kind === 'person') q = q.where('user_id', '=', owner.userId!);
    if (owner.kind === 'merchant') q = q.where('merchant_id', '=', owner.merchantId!);
    return q.executeTakeFirst();
  };
  const found = await find();
  if (found) return found.id;
  await db
    .insertInto('points.accounts')
    .values({
      kind: owner.kind,
      community_id: owner.communityId ?? null,
      user_id: owner.userId ?? null,
      merchant_id: owner.merchantId ?? null,
      name: owner.name,
      created_at: at,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return (await find())!.id;
}

export function accountById(db: Executor, id: number) {
  return db.selectFrom('points.accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Points a person has in vouchers not yet redeemed or given back. */
export async function heldPoints(db: Executor, userId: number) {
  const row = await db
    .selectFrom('points.vouchers')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('points'), eb.val(0)).as('total'))
    .where('user_id', '=', userId)
    .where('status', '=', 'held')
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

export function personAccount(db: Executor, userId: number) {
  return db
    .selectFrom('points.accounts')
    .selectAll()
    .where('kind', '=', 'person')
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function lockAccount(db: Executor, id: number) {
  return db.selectFrom('points.accounts').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
}

/** Postings of an account, newest first, with the signed amount for it. */
export function postingsOf(db: Executor, accountId: number, beforeId: number | null, limit: number) {
  let q = db
    .selectFrom('points.postings as p')
    .innerJoin('points.accounts as d', 'd.id', 'p.debit_account_id')
    .innerJoin('points.accounts as c', 'c.id', 'p.credit_account_id')
    .select([
      'p.id',
      'p.amount',
      'p.kind',
      'p.memo',
      'p.reference_type',
      'p.reference_id',
      'p.value_at',
      'p.debit_account_id',
      'p.credit_account_id',
      'd.name as debit_name',
      'c.name as credit_name',
    ])
    .where((eb) => eb.or([eb('p.debit_account_id', '=', accountId), eb('p.credit_account_id', '=', accountId)]))
    .orderBy('p.id', 'desc')
    .limit(limit + 1);
  if (beforeId !== null) q = q.where('p.id', '<', beforeId);
  return q.execute();
}

/** The change to an account's balance made by its postings after a given posting. */
export async function netSince(db: Executor, accountId: number, afterId: number) {
  const row = await sql<{ net: string | number | null }>`
    select coalesce((select sum(amount) from points.postings where credit_account_id = ${accountId} and id > ${afterId}), 0)
         - coalesce((select sum(amount) from points.postings where debit_account_id = ${accountId} and id > ${afterId}), 0) as net`.execute(
    db,
  );
  return Number(row.rows[0]!.net ?? 0);
}

/** Points an account earned from one kind of event since a moment (for daily and monthly caps). */
export async function earnedSince(db: Executor, accountId: number, eventType: string, since: Date) {
  const row = await db
    .selectFrom('points.postings')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), sql<number>`0`).as('total'))
    .where('credit_account_id', '=', accountId)
    .where('kind', '=', 'earn')
    .where('reference_type', '=', eventType)
    .where('value_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

/** Points given to an account (earned, or granted by a correction) from a moment on: the part of a balance not yet due to expire. */
export async function earnedAfter(db: Executor, accountId: number, after: Date) {
  const row = await db
    .selectFrom('points.postings')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), sql<number>`0`).as('total'))
    .where('credit_account_id', '=', accountId)
    .where('kind', 'in', ['earn', 'correction'])
    .where('value_at', '>=', after)
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

/** People's accounts of communities, by name, newest first; and what they hold in all. */
export function personAccounts(
  db: Executor,
  filter: { communityIds: readonly number[]; userId?: number | undefined; q?: string | undefined },
  beforeId: number | null,
  limit: number,
) {
  let q = db
    .selectFrom('points.accounts')
    .select(['id', 'user_id', 'community_id', 'name', 'balance'])
    .where('kind', '=', 'person')
    .where('community_id', 'in', filter.communityIds.length ? [...filter.communityIds] : [-1])
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (filter.userId !== undefined) q = q.where('user_id', '=', filter.userId);
  if (filter.q) q = q.where('name', 'ilike', containsLike(filter.q));
  if (beforeId !== null) q = q.where('id', '<', beforeId);
  return q.execute();
}

export async function personBalances(db: Executor, communityIds: readonly number[]) {
  const row = await db
    .selectFrom('points.accounts')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('balance'), sql<number>`0`).as('total'))
    .where('kind', '=', 'person')
    .where('community_id', 'in', communityIds.length ? [...communityIds] : [-1])
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

export function personAccountsWithBalance(db: Executor, afterId: number, limit: number) {
  return db
    .selectFrom('points.accounts')
    .select(['id', 'balance', 'user_id'])
    .where('kind', '=', 'person')
    .where('balance', '>', 0)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function expiryRan(db: Executor, cutoff: string) {
  return (
    (await db.selectFrom('points.expiry_runs').select('cutoff').where('cutoff', '=', cutoff).executeTakeFirst()) !==
    undefined
  );
}

export async function insertExpiryRun(db: Executor, row: Insertable<ExpiryRunTable>) {
  await db
    .insertInto('points.expiry_runs')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

// ---------- rules ----------

/** The rule in force for a community and event on a date (the latest that started by then). */
export function ruleOn(db: Executor, communityId: number, eventType: EarningEventType, date: string) {
  return db
    .selectFrom('points.rules')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('event_type', '=', eventType)
    .where('effective_from', '<=', date)
    .orderBy('effective_from', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function rulesOf(db: Executor, communityIds: readonly number[]) {
  if (communityIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('points.rules')
    .selectAll()
    .where('community_id', 'in', [...communityIds])
    .orderBy('community_id')
    .orderBy('event_type')
    .orderBy('effective_from', 'desc')
    .execute();
}

export async function insertRule(db: Executor, row: Insertable<RuleTable>) {
  return db
    .insertInto('points.rules')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['community_id', 'event_type', 'effective_from']).doUpdateSet((eb) => ({
        points_per_unit: eb.ref('excluded.points_per_unit'),
        unit: eb.ref('excluded.unit'),
        daily_cap: eb.ref('excluded.daily_cap'),
        monthly_cap: eb.ref('excluded.monthly_cap'),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

// ---------- leaderboard and honours ----------

export function leaderboard(
  db: Executor,
  communityIds: readonly number[],
  from: Date | null,
  to: Date | null,
  limit: number,
  offset = 0,
) {
  let q = db
    .selectFrom('points.postings as p')
    .innerJoin('points.accounts as a', 'a.id', 'p.credit_account_id')
    .select(['a.user_id', (eb) => eb.fn.sum<number>('p.amount').as('points')])
    .where('p.kind', '=', 'earn')
    .where('a.kind', '=', 'person')
    .where('p.community_id', 'in', communityIds.length ? [...communityIds] : [-1])
    .groupBy('a.user_id')
    .orderBy('points', 'desc')
    .orderBy('a.user_id')
    .limit(limit)
    .offset(offset);
  if (from) q = q.where('p.value_at', '>=', from);
  if (to) q = q.where('p.value_at', '<', to);
  return q.execute();
}

export async function insertHonours(db: Executor, rows: Array<Insertable<HonourTable>>) {
  if (rows.length === 0) return;
  await db
    .insertInto('points.honours')
    .values(rows)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export function honoursOf(db: Executor, communityIds: readonly number[]) {
  if (communityIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('points.honours')
    .selectAll()
    .where('community_id', 'in', [...communityIds])
    .orderBy('awarded_at', 'desc')
    .orderBy('id')
    .limit(500)
    .execute();
}

// ---------- merchants, items, vouchers ----------

export async function insertMerchant(db: Executor, row: Insertable<MerchantTable>) {
  return (await db.insertInto('points.merchants').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateMerchant(db: Executor, id: number, patch: Updateable<MerchantTable>) {
  if (!hasChanges(patch)) return;
  await db.updateTable('points.merchants').set(patch).where('id', '=', id).execute();
}

export function merchantById(db: Executor, id: number) {
  return db.selectFrom('points.merchants').selectAll().where('id', '=', id).executeTakeFirst();
}

export type MerchantRow = NonNullable<Awaited<ReturnType<typeof merchantById>>>;

export function merchantsByIds(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('points.merchants')
    .select(['id', 'name', 'community_id', 'user_id'])
    .where('id', 'in', [...ids])
    .execute();
}

/** Links a merchant without an account to its owner's; null when it has one already. */
export async function linkMerchantUser(db: Executor, merchantId: number, userId: number) {
  const row = await db
    .updateTable('points.merchants')
    .set({ user_id: userId })
    .where('id', '=', merchantId)
    .where('user_id', 'is', null)
    .returning('community_id')
    .executeTakeFirst();
  return row ?? null;
}

export function merchantOfUser(db: Executor, userId: number) {
  return db.selectFrom('points.merchants').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export function listMerchants(
  db: Executor,
  communityIds: readonly number[] | null,
  q: string | undefined,
  afterId: number | null,
  limit: number,
) {
  let query = db
    .selectFrom('points.merchants')
    .selectAll()
    .orderBy('id')
    .limit(limit + 1);
  if (communityIds) query = query.where('community_id', 'in', communityIds.length ? [...communityIds] : [-1]);
  if (q) query = query.where('name', 'ilike', containsLike(q));
  if (afterId !== null) query = query.where('id', '>', afterId);
  return query.execute();
}

export async function insertItem(db: Executor, row: Insertable<ItemTable>) {
  return (await db.insertInto('points.items').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateItem(db: Executor, id: number, patch: Updateable<ItemTable>) {
  if (!hasChanges(patch)) return;
  await db.updateTable('points.items').set(patch).where('id', '=', id).execute();
}

export function itemById(db: Executor, id: number) {
  return db
    .selectFrom('points.items as i')
    .innerJoin('points.merchants as m', 'm.id', 'i.merchant_id')
    .selectAll('i')
    .select([
      'm.name as merchant_name',
      'm.address as merchant_address',
      'm.community_id',
      'm.active as merchant_active',
    ])
    .where('i.id', '=', id)
    .executeTakeFirst();
}

export type ItemRow = NonNullable<Awaited<ReturnType<typeof itemById>>>;

/** The terms of items now, read in the exchanging transaction. */
export function itemTerms(db: Executor, ids: number[]) {
  return db
    .selectFrom('points.items as i')
    .innerJoin('points.merchants as m', 'm.id', 'i.merchant_id')
    .select(['i.id', 'i.price_points', 'i.cash_value_fen', 'i.active', 'm.active as merchant_active'])
    .where('i.id', '=', sql<number>`any(${sql.val(ids)}::integer[])`)
    .execute();
}

export function itemsOf(
  db: Executor,
  filter: { merchantId?: number | undefined; communityIds?: readonly number[] | undefined; activeOnly: boolean },
) {
  let q = db
    .selectFrom('points.items as i')
    .innerJoin('points.merchants as m', 'm.id', 'i.merchant_id')
    .selectAll('i')
    .select(['m.name as merchant_name', 'm.community_id'])
    .orderBy('i.price_points')
    .orderBy('i.id')
    .limit(500);
  if (filter.merchantId !== undefined) q = q.where('i.merchant_id', '=', filter.merchantId);
  if (filter.communityIds)
    q = q.where('m.community_id', 'in', filter.communityIds.length ? [...filter.communityIds] : [-1]);
  if (filter.activeOnly) q = q.where('i.active', '=', true).where('m.active', '=', true);
  return q.execute();
}

/** Takes some from stock, if the item keeps count; false when not that many are left. */
export async function takeFromStock(db: Executor, itemId: number, count: number) {
  const result = await db
    .updateTable('points.items')
    .set((eb) => ({ stock: eb('stock', '-', count) }))
    .where('id', '=', itemId)
    .where((eb) => eb.or([eb('stock', 'is', null), eb('stock', '>=', count)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function returnToStock(db: Executor, itemId: number) {
  await db
    .updateTable('points.items')
    .set((eb) => ({ stock: eb('stock', '+', 1) }))
    .where('id', '=', itemId)
    .where('stock', 'is not', null)
    .execute();
}

export function insertVouchers(db: Executor, rows: Array<Insertable<VoucherTable>>) {
  return db
    .insertInto('points.vouchers')
    .values(rows)
    .returning([
      'id',
      'code',
      'qr_token',
      'user_id',
      'item_id',
      'merchant_id',
      'points',
      'cash_value_fen',
      'status',
      'expires_at',
      'created_at',
      'redeemed_at',
      'hold_posting_id',
    ])
    .execute();
}

const voucherColumns = [
  'v.id',
  'v.code',
  'v.qr_token',
  'v.user_id',
  'v.item_id',
  'v.merchant_id',
  'v.points',
  'v.cash_value_fen',
  'v.status',
  'v.expires_at',
  'v.created_at',
  'v.redeemed_at',
  'i.name as item_name',
  'm.name as merchant_name',
  'm.address as merchant_address',
] as const;

function voucherQuery(db: Executor) {
  return db
    .selectFrom('points.vouchers as v')
    .innerJoin('points.items as i', 'i.id', 'v.item_id')
    .innerJoin('points.merchants as m', 'm.id', 'v.merchant_id')
    .select(voucherColumns);
}

export type VoucherRow = NonNullable<Awaited<ReturnType<typeof voucherById>>>;

export function voucherById(db: Executor, id: number) {
  return voucherQuery(db).where('v.id', '=', id).executeTakeFirst();
}

export function voucherByHold(db: Executor, postingId: number) {
  return voucherQuery(db).where('v.hold_posting_id', '=', postingId).executeTakeFirst();
}

export function voucherByCode(db: Executor, code: string) {
  return voucherQuery(db)
    .where((eb) => eb.or([eb('v.code', '=', code), eb('v.qr_token', '=', code)]))
    .executeTakeFirst();
}

export function vouchersOfUser(db: Executor, userId: number, beforeId: number | null, limit: number) {
  let q = voucherQuery(db)
    .where('v.user_id', '=', userId)
    .orderBy('v.id', 'desc')
    .limit(limit + 1);
  if (beforeId !== null) q = q.where('v.id', '<', beforeId);
  return q.execute();
}

/** Marks a held voucher redeemed; false if it was not held any more (someone was first). */
export async function markRedeemed(db: Executor, id: number, postingId: number, by: number, at: Date) {
  const result = await db
    .updateTable('points.vouchers')
    .set({ status: 'redeemed', settle_posting_id: postingId, redeemed_at: at, redeemed_by: by })
    .where('id', '=', id)
    .where('status', '=', 'held')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markReleased(db: Executor, id: number, status: 'released' | 'expired', postingId: number) {
  const result = await db
    .updateTable('points.vouchers')
    .set({ status, settle_posting_id: postingId })
    .where('id', '=', id)
    .where('status', '=', 'held')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function expiredHolds(db: Executor, now: Date, limit: number) {
  return db
    .selectFrom('points.vouchers')
    .select(['id', 'user_id', 'points', 'item_id'])
    .where('status', '=', 'held')
    .where('expires_at', '<', now)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** A merchant's redemptions per local day (in the time zone given). */
export function redemptions(db: Executor, merchantId: number, from: Date, to: Date, timeZone: string) {
  return db
    .selectFrom('points.vouchers')
    .select([
      sql<string>`to_char(redeemed_at at time zone ${timeZone}, 'YYYY-MM-DD')`.as('day'),
      (eb) => eb.fn.countAll<number>().as('count'),
      (eb) => eb.fn.sum<number>('points').as('points'),
      (eb) => eb.fn.sum<number>('cash_value_fen').as('cash_fen'),
    ])
    .where('merchant_id', '=', merchantId)
    .where('status', '=', 'redeemed')
    .where('redeemed_at', '>=', from)
    .where('redeemed_at', '<', to)
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();
}

/** Totals of a community: points issued, spent at merchants, expired; vouchers by status. */
/** Points posted in some communities in a period, by kind of posting. */
export function postingsByKind(db: Executor, communityIds: readonly number[], from: Date, to: Date) {
  const ids = communityIds.length ? [...communityIds] : [-1];
  return db
    .selectFrom('points.postings')
    .select(['kind', (eb) => eb.fn.sum<number>('amount').as('total'), (eb) => eb.fn.countAll<number>().as('count')])
    .where('community_id', 'in', ids)
    .where('value_at', '>=', from)
    .where('value_at', '<', to)
    .groupBy('kind')
    .execute();
}

export async function communityTotals(db: Executor, communityIds: readonly number[], from: Date, to: Date) {
  const ids = communityIds.length ? [...communityIds] : [-1];
  const byKind = await postingsByKind(db, communityIds, from, to);
  const vouchers = await db
    .selectFrom('points.vouchers as v')
    .innerJoin('points.merchants as m', 'm.id', 'v.merchant_id')
    .select([
      'v.status',
      (eb) => eb.fn.countAll<number>().as('count'),
      (eb) => eb.fn.sum<number>('v.cash_value_fen').as('cash_fen'),
    ])
    .where('m.community_id', 'in', ids)
    .where('v.created_at', '>=', from)
    .where('v.created_at', '<', to)
    .groupBy('v.status')
    .execute();
  return { byKind, vouchers };
}

/** Merchants of some communities (all when null), for the credit module's lists. */
export function merchantsIn(db: Executor, communityIds: readonly number[] | null) {
  let q = db
    .selectFrom('points.merchants')
    .select(['id', 'name', 'community_id', 'user_id', 'active'])
    .orderBy('id')
    .limit(20_000);
  if (communityIds) q = q.where('community_id', 'in', communityIds.length ? [...communityIds] : [-1]);
  return q.execute();
}

/** Per merchant: vouchers redeemed, and vouchers left to lapse, in [from, to). */
export async function voucherTally(db: Executor, from: Date, to: Date) {
  const redeemed = await db
    .selectFrom('points.vouchers')
    .select(['merchant_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('status', '=', 'redeemed')
    .where('redeemed_at', '>=', from)
    .where('redeemed_at', '<', to)
    .groupBy('merchant_id')
    .execute();
  const expired = await db
    .selectFrom('points.vouchers')
    .select(['merchant_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('status', '=', 'expired')
    .where('expires_at', '>=', from)
    .where('expires_at', '<', to)
    .groupBy('merchant_id')
    .execute();
  const out = new Map<number, { redeemed: number; expired: number }>();
  for (const r of redeemed) out.set(r.merchant_id, { redeemed: Number(r.n), expired: 0 });
  for (const r of expired) {
    const o = out.get(r.merchant_id) ?? { redeemed: 0, expired: 0 };
    o.expired = Number(r.n);
    out.set(r.merchant_id, o);
  }
  return out;
}
