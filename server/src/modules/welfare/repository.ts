import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type { OfferAudience, OfferKind, OfferTable } from './tables.ts';

export type OfferRow = Selectable<OfferTable>;

export function insertOffer(db: Executor, row: Insertable<OfferTable>): Promise<OfferRow> {
  return db.insertInto('welfare.offers').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateOffer(db: Executor, id: number, set: Updateable<OfferTable>) {
  return db.updateTable('welfare.offers').set(set).where('id', '=', id).execute();
}

export function offerById(db: Executor, id: number, lock = false): Promise<OfferRow | undefined> {
  const q = db.selectFrom('welfare.offers').selectAll().where('id', '=', id);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

const searchable = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Offers current on a local day for the given audiences; few per street, so all are read and sorted here. */
export function currentOffers(
  db: Executor,
  f: { day: string; audiences: readonly OfferAudience[]; kind?: OfferKind | undefined; q?: string | undefined },
): Promise<OfferRow[]> {
  let q = db
    .selectFrom('welfare.offers')
    .selectAll()
    .where('active', '=', true)
    .where('audience', 'in', f.audiences)
    .where('starts_on', '<=', f.day)
    .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', f.day)]));
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.q) {
    const like = searchable(f.q);
    q = q.where((eb) => eb.or([eb('partner_name', 'ilike', like), eb('title', 'ilike', like)]));
  }
  return q.orderBy('id', 'desc').limit(1000).execute();
}

export type OfferStatus = 'current' | 'upcoming' | 'ended' | 'inactive';

export function managedOffers(
  db: Executor,
  f: {
    communityIds: readonly number[];
    day: string;
    status?: OfferStatus | undefined;
    kind?: OfferKind | undefined;
    q?: string | undefined;
    afterId?: number | undefined;
    limit: number;
  },
): Promise<OfferRow[]> {
  let q = db
    .selectFrom('welfare.offers')
    .selectAll()
    .where('community_id', 'in', f.communityIds.length ? f.communityIds : [0]);
  if (f.status === 'inactive') q = q.where('active', '=', false);
  if (f.status === 'upcoming') q = q.where('active', '=', true).where('starts_on', '>', f.day);
  if (f.status === 'ended') q = q.where('active', '=', true).where('ends_on', '<', f.day);
  if (f.status === 'current')
    q = q
      .where('active', '=', true)
      .where('starts_on', '<=', f.day)
      .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', f.day)]));
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.q) {
    const like = searchable(f.q);
    q = q.where((eb) => eb.or([eb('partner_name', 'ilike', like), eb('title', 'ilike', like)]));
  }
  if (f.afterId !== undefined) q = q.where('id', '<', f.afterId);
  return q
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

/** Uses of each offer by one person on a day. */
export async function usesOnDay(
  db: Executor,
  userId: number,
  offerIds: readonly number[],
  day: string,
): Promise<Map<number, number>> {
  if (!offerIds.length) return new Map();
  const rows = await db
    .selectFrom('welfare.offer_uses')
    .select(['offer_id', sql<string>`count(*)`.as('n')])
    .where('user_id', '=', userId)
    .where('offer_id', 'in', offerIds)
    .where('day', '=', day)
    .groupBy('offer_id')
    .execute();
  return new Map(rows.map((r) => [r.offer_id, Number(r.n)]));
}

export async function insertUse(db: Executor, row: { offer_id: number; user_id: number; day: string; used_at: Date }) {
  return (await db.insertInto('welfare.offer_uses').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function usesOfUser(db: Executor, userId: number, afterId: number | undefined, limit: number) {
  let q = db
    .selectFrom('welfare.offer_uses as u')
    .innerJoin('welfare.offers as o', 'o.id', 'u.offer_id')
    .select(['u.id', 'u.offer_id', 'u.used_at', 'o.partner_name', 'o.title', 'o.price_percent'])
    .where('u.user_id', '=', userId);
  if (afterId !== undefined) q = q.where('u.id', '<', afterId);
  return q
    .orderBy('u.id', 'desc')
    .limit(limit + 1)
    .execute();
}

/** Uses per offer between two local days (inclusive), with the different people. */
export async function usesByOffer(db: Executor, offerIds: readonly number[], from: string, to: string) {
  if (!offerIds.length) return [];
  const rows = await db
    .selectFrom('welfare.offer_uses')
    .select(['offer_id', sql<string>`count(*)`.as('uses'), sql<string>`count(distinct user_id)`.as('people')])
    .where('offer_id', 'in', offerIds)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy('offer_id')
    .execute();
  return rows.map((r) => ({ offerId: r.offer_id, uses: Number(r.uses), people: Number(r.people) }));
}

export async function usesByDay(db: Executor, offerIds: readonly number[], from: string, to: string) {
  if (!offerIds.length) return { byDay: [], people: 0 };
  const [byDay, people] = await Promise.all([
    db
      .selectFrom('welfare.offer_uses')
      .select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), sql<string>`count(*)`.as('uses')])
      .where('offer_id', 'in', offerIds)
      .where('day', '>=', from)
      .where('day', '<=', to)
      .groupBy('day')
      .orderBy('day')
      .execute(),
    db
      .selectFrom('welfare.offer_uses')
      .select(sql<string>`count(distinct user_id)`.as('n'))
      .where('offer_id', 'in', offerIds)
      .where('day', '>=', from)
      .where('day', '<=', to)
      .executeTakeFirstOrThrow(),
  ]);
  return { byDay: byDay.map((r) => ({ day: r.day, uses: Number(r.uses) })), people: Number(people.n) };
}

/** Offers of the communities that were current on some day between from and to. */
export function offersCurrentBetween(db: Executor, communityIds: readonly number[], from: string, to: string) {
  return db
    .selectFrom('welfare.offers')
    .selectAll()
    .where('community_id', 'in', communityIds.length ? communityIds : [0])
    .where('starts_on', '<=', to)
    .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', from)]))
    .orderBy('id')
    .execute();
}
