import { sql, type Kysely } from 'kysely';

/**
 * Compounds (小区) and their file (一小区一档案): the buildings they group, the owners' committee
 * (业委会) with its term and members, the property companies (物业) under contract, and links to the
 * deliberation meetings (三方协调, 半月谈) held about them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists compounds`.execute(db);
  await sql`create table compounds.compounds (
    id serial primary key,
    community_id int not null,
    name text not null,
    kind text not null check (kind in ('commodity', 'resettlement', 'old', 'unmanaged', 'other')),
    address text not null default '',
    committee_term_start date,
    committee_term_end date check (committee_term_end is null or committee_term_start is null or committee_term_end >= committee_term_start),
    committee_elected_on date,
    created_by int not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
  )`.execute(db);
  await sql`create index compounds_community on compounds.compounds (community_id, id)`.execute(db);
  await sql`create table compounds.buildings (
    building_id int primary key,
    compound_id int not null references compounds.compounds(id)
  )`.execute(db);
  await sql`create index compounds_buildings_compound on compounds.buildings (compound_id)`.execute(db);
  await sql`create table compounds.committee_members (
    id serial primary key,
    compound_id int not null references compounds.compounds(id),
    name text not null,
    role text not null check (role in ('director', 'deputy', 'member')),
    phone text,
    created_at timestamptz not null
  )`.execute(db);
  await sql`create index compounds_members_compound on compounds.committee_members (compound_id)`.execute(db);
  await sql`create table compounds.property_contracts (
    id serial primary key,
    compound_id int not null references compounds.compounds(id),
    company_name text not null,
    credit_code text,
    contact text not null default '',
    phone text,
    starts_on date not null,
    ends_on date check (ends_on is null or ends_on >= starts_on),
    fee_fen int check (fee_fen >= 0),
    current boolean not null default true,
    created_at timestamptz not null
  )`.execute(db);
  await sql`create index compounds_contracts_compound on compounds.property_contracts (compound_id, id)`.execute(db);
  await sql`create table compounds.meeting_links (
    compound_id int not null references compounds.compounds(id),
    meeting_id int not null,
    linked_at timestamptz not null,
    primary key (compound_id, meeting_id)
  )`.execute(db);
}
