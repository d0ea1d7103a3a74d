import { sql, type Kysely } from 'kysely';

/**
 * Merchant credit (商户信用分, 长庆信用分): dated evidence per merchant, the score computed from it
 * (current and one snapshot per month), appeals and credit repair (信用修复), the regulator's own
 * grades (餐饮量化分级, kept apart and never overwritten), fraud-free pledges (无诈商户) and the
 * tokens of the shops' QR cards. Merchants themselves are the points module's.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists credit`.execute(db);
  await sql`create table credit.evidence (
    id serial primary key,
    merchant_id int not null,
    community_id int not null,
    kind text not null check (kind in ('inspection', 'complaint', 'alarm', 'voucher', 'fix', 'civic', 'repair')),
    occurred_on date not null,
    points int not null check (points between -30 and 30),
    source_module text not null,
    source_ref text not null,
    recorded_by int,
    note text not null default '',
    voided_at timestamptz,
    voided_by int,
    void_reason text,
    created_at timestamptz not null
  )`.execute(db);
  await sql`create index credit_evidence_merchant on credit.evidence (merchant_id, occurred_on)`.execute(db);
  await sql`create index credit_evidence_community on credit.evidence (community_id, merchant_id)`.execute(db);
  // Evidence from another module is kept once however often its event or job runs.
  await sql`create unique index credit_evidence_source on credit.evidence (merchant_id, source_module, source_ref)
    where source_module <> 'staff'`.execute(db);
  await sql`create table credit.appeals (
    id serial primary key,
    merchant_id int not null,
    community_id int not null,
    kind text not null check (kind in ('appeal', 'repair')),
    evidence_id int references credit.evidence(id),
    reason text not null,
    photo_tokens text[] not null default '{}',
    status text not null default 'pending' check (status in ('pending', 'granted', 'rejected')),
    filed_by int not null,
    filed_at timestamptz not null,
    decided_by int,
    decided_at timestamptz,
    decision_note text not null default '',
    repair_evidence_id int references credit.evidence(id)
  )`.execute(db);
  await sql`create index credit_appeals_community on credit.appeals (community_id, status, id)`.execute(db);
  await sql`create index credit_appeals_merchant on credit.appeals (merchant_id, id)`.execute(db);
  await sql`create table credit.scores (
    merchant_id int primary key,
    community_id int not null,
    score int not null check (score between 0 and 100),
    grade text not null check (grade in ('A', 'B', 'C', 'D')),
    raw_hundredths int not null,
    as_of date not null,
    computed_at timestamptz not null
  )`.execute(db);
  await sql`create table credit.snapshots (
    merchant_id int not null,
    month text not null,
    community_id int not null,
    score int not null check (score between 0 and 100),
    grade text not null check (grade in ('A', 'B', 'C', 'D')),
    raw_hundredths int not null,
    as_of date not null,
    computed_at timestamptz not null,
    primary key (merchant_id, month)
  )`.execute(db);
  await sql`create table credit.official_grades (
    id serial primary key,
    merchant_id int not null,
    community_id int not null,
    grade text not null check (grade in ('A', 'B', 'C')),
    graded_on date not null,
    issuer text not null,
    recorded_by int not null,
    recorded_at timestamptz not null
  )`.execute(db);
  await sql`create index credit_official_merchant on credit.official_grades (merchant_id, graded_on)`.execute(db);
  await sql`create table credit.pledges (
    id serial primary key,
    merchant_id int not null,
    community_id int not null,
    kind text not null check (kind in ('fraud_free_shop', 'fraud_free_hotel')),
    text_version text not null,
    signed_on date not null,
    signed_by int not null,
    evidence_id int references credit.evidence(id),
    created_at timestamptz not null,
    unique (merchant_id, kind, text_version)
  )`.execute(db);
  await sql`create table credit.cards (
    merchant_id int primary key,
    token text not null unique,
    created_at timestamptz not null
  )`.execute(db);
}
