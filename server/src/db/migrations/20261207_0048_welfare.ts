import { sql, type Kysely } from 'kysely';

/**
 * Courier welfare (骑手福利): offers at partner canteens and shops (康运大运河食堂 down to 3折), kept by
 * community staff, and each use of one (a pass shown at the counter), counted against a daily
 * limit per person and in the monthly figures.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists welfare`.execute(db);
  await sql`create table welfare.offers (
    id serial primary key,
    community_id int not null,
    partner_name text not null,
    kind text not null check (kind in ('canteen', 'shop', 'service')),
    title text not null,
    details text not null default '',
    price_percent int check (price_percent between 1 and 99),
    address text not null default '',
    lat double precision not null,
    lng double precision not null,
    hours_note text not null default '',
    audience text not null check (audience in ('courier', 'everyone')),
    starts_on date not null,
    ends_on date check (ends_on is null or ends_on >= starts_on),
    daily_limit int not null check (daily_limit between 1 and 10),
    active boolean not null default true,
    created_by int not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
  )`.execute(db);
  await sql`create index welfare_offers_community on welfare.offers (community_id, id)`.execute(db);
  await sql`create table welfare.offer_uses (
    id serial primary key,
    offer_id int not null references welfare.offers(id),
    user_id int not null,
    day date not null,
    used_at timestamptz not null
  )`.execute(db);
  await sql`create index welfare_offer_uses_person on welfare.offer_uses (user_id, offer_id, day)`.execute(db);
  await sql`create index welfare_offer_uses_offer on welfare.offer_uses (offer_id, day)`.execute(db);
}
