import { sql, type Kysely } from 'kysely';

/**
 * Alliance units (联建单位: 红色蜂巢, 零工市场联盟, 党建联建 partners): units with their unified social
 * credit code, the division they serve and tags; their members and contacts (phones masked unless
 * revealed). The volunteer module records which unit claimed a wish or took on a project.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists alliance`.execute(db);
  await sql`create table alliance.units (
    id serial primary key,
    division_id int not null,
    name text not null,
    kind text not null check (kind in ('party_partner', 'company', 'public_institution', 'social_organisation', 'merchant', 'gig_alliance')),
    credit_code text,
    address text not null default '',
    tags text[] not null default '{}',
    active boolean not null default true,
    created_by int not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
  )`.execute(db);
  await sql`create unique index alliance_units_credit_code on alliance.units (credit_code) where credit_code is not null`.execute(
    db,
  );
  await sql`create index alliance_units_division on alliance.units (division_id, id desc)`.execute(db);
  await sql`create table alliance.members (
    id serial primary key,
    unit_id int not null references alliance.units(id),
    person_id int,
    name text not null,
    role text not null default '',
    phone text,
    is_contact boolean not null default false,
    created_at timestamptz not null
  )`.execute(db);
  await sql`create index alliance_members_unit on alliance.members (unit_id, id)`.execute(db);
  await sql`alter table volunteer.wishes add column claimed_by_unit_id int`.execute(db);
  await sql`alter table volunteer.projects add column claimed_by_unit_id int`.execute(db);
  await sql`create index volunteer_wishes_unit on volunteer.wishes (claimed_by_unit_id) where claimed_by_unit_id is not null`.execute(
    db,
  );
  await sql`create index volunteer_projects_unit on volunteer.projects (claimed_by_unit_id) where claimed_by_unit_id is not null`.execute(
    db,
  );
}
