import { sql, type Kysely } from 'kysely';

/**
 * The grid worker's field record (issue 14; kept in step with modules/field/tables.ts):
 * patrols with their trail, check-ins and findings; visits to people and households; how
 * often each kind of person is to be visited in a community. Places (community, grid) are
 * copied from the org module when recorded, for scope; timestamps come from the clock.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists field`.execute(db);

  await sql`
    create table field.patrols (
      id integer generated always as identity primary key,
      user_id integer not null,
      user_name text not null,
      division_id integer,
      grid_id integer,
      started_at timestamptz not null,
      ended_at timestamptz,
      ended_by text check (ended_by in ('user', 'auto')),
      distance_m integer not null default 0 check (distance_m >= 0),
      check ((ended_at is null) = (ended_by is null)),
      check (ended_at is null or ended_at >= started_at)
    )`.execute(db);
  // One open patrol a person: a second start is refused by this index, even when two race.
  await sql`create unique index patrols_one_open on field.patrols (user_id) where ended_at is null`.execute(db);
  await sql`create index patrols_user on field.patrols (user_id, started_at)`.execute(db);
  await sql`create index patrols_started on field.patrols (started_at)`.execute(db);

  // Location samples from the phone, in WGS-84. A batch sent again (weak signal) adds nothing:
  // a sample is one per patrol and instant.
  await sql`
    create table field.samples (
      patrol_id integer not null references field.patrols(id) on delete cascade,
      sampled_at timestamptz not null,
      lat double precision not null check (lat between -90 and 90),
      lng double precision not null check (lng between -180 and 180),
      accuracy_m real not null check (accuracy_m > 0),
      poor boolean not null,
      primary key (patrol_id, sampled_at)
    )`.execute(db);

  await sql`
    create table field.check_ins (
      id integer generated always as identity primary key,
      patrol_id integer not null references field.patrols(id) on delete cascade,
      building_id integer not null,
      building_name text not null,
      community_id integer not null,
      grid_id integer,
      lat double precision,
      lng double precision,
      at timestamptz not null
    )`.execute(db);
  await sql`create index check_ins_patrol on field.check_ins (patrol_id, at)`.execute(db);

  // What a patrol found, as the matter it became (the matters module holds the rest).
  await sql`
    create table field.findings (
      patrol_id integer not null references field.patrols(id) on delete cascade,
      matter_id integer not null primary key,
      lat double precision not null,
      lng double precision not null,
      at timestamptz not null
    )`.execute(db);
  await sql`create index findings_patrol on field.findings (patrol_id)`.execute(db);

  await sql`
    create table field.visits (
      id integer generated always as identity primary key,
      person_id integer,
      household_id integer,
      subject_name text not null,
      community_id integer not null,
      grid_id integer,
      visitor_user_id integer not null,
      visitor_name text not null,
      visited_at timestamptz not null,
      method text not null check (method in ('home', 'phone', 'video', 'street')),
      notes text not null default '',
      photos text[] not null default '{}',
      matter_ids integer[] not null default '{}',
      created_at timestamptz not null,
      check ((person_id is null) <> (household_id is null))
    )`.execute(db);
  await sql`create index visits_person on field.visits (person_id, visited_at) where person_id is not null`.execute(db);
  await sql`create index visits_household on field.visits (household_id, visited_at) where household_id is not null`.execute(
    db,
  );
  await sql`create index visits_visitor on field.visits (visitor_user_id, visited_at)`.execute(db);

  // How often people with a tag are to be visited in a community, where it differs from the default.
  await sql`
    create table field.visit_rules (
      community_id integer not null,
      tag text not null,
      every_days integer not null check (every_days between 1 and 366),
      updated_by integer not null,
      updated_at timestamptz not null,
      primary key (community_id, tag)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop schema field cascade`.execute(db);
}
