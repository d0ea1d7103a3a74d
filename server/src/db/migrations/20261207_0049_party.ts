import { sql, type Kysely } from 'kysely';

/**
 * Party organisation (党建引领): organisations bound to the org tree (社区党委 down to 党员中心户),
 * members from the people registry with their branch (流动党员 in a second, residence branch),
 * and 在职党员 reporting (报到) to the community where they live.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists party`.execute(db);
  await sql`create table party.organizations (
    id serial primary key,
    kind text not null check (kind in ('committee', 'general_branch', 'branch', 'group', 'center_household')),
    name text not null,
    parent_id int references party.organizations(id),
    community_id int not null,
    grid_id int,
    building_id int,
    household_id int,
    created_by int not null,
    created_at timestamptz not null,
    check (kind <> 'center_household' or household_id is not null)
  )`.execute(db);
  await sql`create index party_organizations_community on party.organizations (community_id, id)`.execute(db);
  await sql`create index party_organizations_building on party.organizations (building_id)`.execute(db);
  await sql`create table party.members (
    id serial primary key,
    person_id int not null unique,
    kind text not null check (kind in ('regular', 'floating', 'in_service')),
    primary_org_id int not null references party.organizations(id),
    residence_org_id int references party.organizations(id),
    joined_on date not null,
    created_by int not null,
    created_at timestamptz not null,
    check (residence_org_id is null or residence_org_id <> primary_org_id)
  )`.execute(db);
  await sql`create index party_members_primary on party.members (primary_org_id, id)`.execute(db);
  await sql`create index party_members_residence on party.members (residence_org_id, id)`.execute(db);
  await sql`create table party.reports (
    id serial primary key,
    member_id int not null unique references party.members(id),
    user_id int not null,
    community_id int not null,
    status text not null default 'requested' check (status in ('requested', 'confirmed')),
    requested_at timestamptz not null,
    confirmed_at timestamptz,
    confirmed_by int
  )`.execute(db);
  await sql`create index party_reports_community on party.reports (community_id, status)`.execute(db);
}
