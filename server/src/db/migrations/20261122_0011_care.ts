import { sql, type Kysely } from 'kysely';

/** Kept in step with modules/care/tables.ts. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists care`.execute(db);

  // Care targets (关爱对象): a person of the org module, with where they live copied from it
  // (for scope and routing) and the devices that watch them (ids of the devices module).
  await sql`
    create table care.targets (
      id integer generated always as identity primary key,
      person_id integer not null,
      person_name text not null,
      kinds text[] not null check (cardinality(kinds) >= 1 and kinds <@ array['elderly_alone', 'disabled', 'seriously_ill']::text[]),
      community_id integer not null,
      grid_id integer,
      building_id integer,
      household_id integer,
      address text not null default '',
      note text not null default '',
      device_ids integer[] not null default '{}',
      active boolean not null default true,
      created_by integer not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index targets_person on care.targets (person_id) where active`.execute(db);
  await sql`create index targets_community on care.targets (community_id, id)`.execute(db);
  await sql`create index targets_grid on care.targets (grid_id, id)`.execute(db);
  await sql`create index targets_devices on care.targets using gin (device_ids)`.execute(db);

  // Helpers in their order of escalation: a missed check goes to position 1 first.
  await sql`
    create table care.helpers (
      target_id integer not null references care.targets(id) on delete cascade,
      user_id integer not null,
      display_name text not null,
      relation text not null check (relation in ('volunteer', 'grid_worker', 'family', 'neighbour', 'other')),
      position integer not null check (position between 1 and 20),
      primary key (target_id, user_id),
      unique (target_id, position)
    )`.execute(db);
  await sql`create index helpers_user on care.helpers (user_id)`.execute(db);

  // The daily check (窗帘之约): what is expected by when, in local time, every day.
  await sql`
    create table care.check_rules (
      id integer generated always as identity primary key,
      target_id integer not null references care.targets(id) on delete cascade,
      kind text not null check (kind in ('curtain_open', 'curtain_close', 'water_used', 'door_open')),
      window_from time not null default '00:00',
      due_time time not null,
      active boolean not null default true,
      check (window_from < due_time),
      unique (target_id, kind)
    )`.execute(db);

  // One row per rule and local day, made when the day's first look or event comes. The
  // unique (rule, day) makes the minute job safe to run twice.
  await sql`
    create table care.daily_checks (
      id integer generated always as identity primary key,
      target_id integer not null references care.targets(id) on delete cascade,
      rule_id integer not null references care.check_rules(id) on delete cascade,
      day date not null,
      kind text not null,
      window_from_at timestamptz not null,
      due_at timestamptz not null,
      status text not null default 'pending' check (status in ('pending', 'done', 'missed')),
      satisfied_at timestamptz,
      satisfied_by text check (satisfied_by in ('device', 'helper')),
      satisfied_device_id integer,
      satisfied_user_id integer,
      satisfied_user_name text,
      satisfied_note text not null default '',
      late boolean not null default false,
      missed_at timestamptz,
      matter_id integer,
      responder_user_id integer,
      responder_name text,
      responder_position integer,
      notified_at timestamptz,
      acknowledged_at timestamptz,
      acknowledged_by integer,
      acknowledged_name text,
      escalations integer not null default 0,
      exhausted boolean not null default false,
      unique (rule_id, day)
    )`.execute(db);
  await sql`create index daily_checks_target_day on care.daily_checks (target_id, day)`.execute(db);
  await sql`create index daily_checks_due on care.daily_checks (due_at) where status = 'pending'`.execute(db);
  await sql`create index daily_checks_unacknowledged on care.daily_checks (notified_at) where status = 'missed' and acknowledged_at is null and not exhausted`.execute(
    db,
  );
  await sql`create index daily_checks_matter on care.daily_checks (matter_id) where matter_id is not null`.execute(db);

  // What happened to a missed check: opened, told, escalated, acknowledged, confirmed.
  await sql`
    create table care.check_log (
      id bigint generated always as identity primary key,
      check_id integer not null references care.daily_checks(id) on delete cascade,
      at timestamptz not null default now(),
      action text not null,
      user_id integer,
      user_name text,
      note text not null default ''
    )`.execute(db);
  await sql`create index check_log_check on care.check_log (check_id, id)`.execute(db);

  // Visit plans (every N days, by whom) and visit records (走访).
  await sql`
    create table care.visit_plans (
      target_id integer primary key references care.targets(id) on delete cascade,
      every_days integer not null check (every_days between 1 and 366),
      visitor_user_id integer,
      visitor_name text,
      starts_on date not null,
      updated_by integer not null,
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table care.visits (
      id integer generated always as identity primary key,
      target_id integer not null references care.targets(id) on delete cascade,
      visitor_user_id integer not null,
      visitor_name text not null,
      visited_at timestamptz not null,
      method text not null default 'home' check (method in ('home', 'phone', 'video')),
      findings text not null default '',
      photos text[] not null default '{}',
      concern boolean not null default false,
      matter_id integer,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index visits_target on care.visits (target_id, visited_at desc, id desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop schema if exists care cascade`.execute(db);
}
