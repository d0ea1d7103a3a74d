import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists matters`.execute(db);

  // The two-level catalogue (数字城管 事件/部件 classes and community classes).
  await sql`
    create table matters.categories (
      id integer generated always as identity primary key,
      parent_id integer references matters.categories(id),
      code text not null unique,
      name_zh text not null,
      name_en text not null,
      kind text not null check (kind in ('report', 'help', 'suggestion', 'alarm', 'care')),
      dispute boolean not null default false,
      department text not null,
      accept_amount integer not null,
      accept_unit text not null check (accept_unit in ('minutes', 'hours', 'working_hours', 'working_days')),
      resolve_amount integer not null,
      resolve_unit text not null check (resolve_unit in ('minutes', 'hours', 'working_hours', 'working_days')),
      fields jsonb not null default '[]'::jsonb,
      keywords text[] not null default '{}',
      examples text[] not null default '{}',
      active boolean not null default true,
      sort integer not null default 0,
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index categories_parent on matters.categories (parent_id, sort)`.execute(db);

  await sql`create sequence matters.matter_code_seq`.execute(db);
  await sql`
    create table matters.matters (
      id bigint generated always as identity primary key,
      code text not null unique,
      category_id integer not null references matters.categories(id),
      kind text not null,
      status text not null check (status in ('reported', 'accepted', 'dispatched', 'in_progress', 'resolved', 'closed',
        'rejected', 'duplicate', 'escalated', 'reopened')),
      level text not null default 'grid' check (level in ('grid', 'community', 'street', 'department')),
      department text,
      urgency text not null default 'normal' check (urgency in ('normal', 'urgent', 'critical')),
      source text not null,
      description text not null,
      reporter_user_id integer,
      reporter_name text not null default '',
      reporter_phone text,
      anonymous boolean not null default false,
      lat double precision,
      lng double precision,
      address text not null default '',
      h3_r5 text,
      h3_r7 text,
      h3_r9 text,
      division_id integer not null,
      grid_id integer,
      station_id integer,
      assignee_user_id integer,
      assignee_name text,
      attributes jsonb not null default '{}'::jsonb,
      photos text[] not null default '{}',
      accept_due_at timestamptz,
      resolve_due_at timestamptz,
      warned_at timestamptz,
      overdue boolean not null default false,
      accepted_at timestamptz,
      dispatched_at timestamptz,
      started_at timestamptz,
      resolved_at timestamptz,
      closed_at timestamptz,
      rating smallint check (rating between 1 and 5),
      rating_comment text,
      reopen_count integer not null default 0,
      duplicate_of bigint references matters.matters(id),
      adopted boolean,
      reply text,
      source_entity_type text,
      source_entity_id text,
      open311_client_id integer,
      open311_token text unique,
      version integer not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  const open = `status not in ('closed', 'rejected', 'duplicate')`;
  await sql.raw(`create index matters_grid_open on matters.matters (grid_id, id) where ${open}`).execute(db);
  await sql
    .raw(`create index matters_assignee_open on matters.matters (assignee_user_id, id) where ${open}`)
    .execute(db);
  await sql.raw(`create index matters_division_open on matters.matters (division_id, id) where ${open}`).execute(db);
  await sql.raw(`create index matters_due on matters.matters (resolve_due_at) where ${open}`).execute(db);
  await sql
    .raw(
      `create index matters_accept_due on matters.matters (accept_due_at) where status in ('reported', 'escalated', 'reopened')`,
    )
    .execute(db);
  await sql.raw(`create index matters_nearby on matters.matters (h3_r9, category_id) where ${open}`).execute(db);
  await sql`create index matters_resolved on matters.matters (resolved_at) where status = 'resolved'`.execute(db);
  await sql`create index matters_division on matters.matters (division_id, id)`.execute(db);
  await sql`create index matters_grid on matters.matters (grid_id, id)`.execute(db);
  await sql`create index matters_reporter on matters.matters (reporter_user_id, id)`.execute(db);
  await sql`create index matters_created on matters.matters (created_at)`.execute(db);
  await sql`create index matters_source_entity on matters.matters (source_entity_type, source_entity_id) where source_entity_type is not null`.execute(
    db,
  );

  // Every step of a matter (立案, 派遣, 处置, 反馈, 核查结案, 评价), in order.
  await sql`
    create table matters.timeline (
      id bigint generated always as identity primary key,
      matter_id bigint not null references matters.matters(id) on delete cascade,
      at timestamptz not null default now(),
      actor_user_id integer,
      actor_name text not null default '',
      action text not null,
      from_status text,
      to_status text,
      note text not null default '',
      internal boolean not null default false,
      photos text[] not null default '{}',
      details jsonb not null default '{}'::jsonb
    )`.execute(db);
  await sql`create index timeline_matter on matters.timeline (matter_id, id)`.execute(db);

  await sql`
    create table matters.followers (
      matter_id bigint not null references matters.matters(id) on delete cascade,
      user_id integer not null,
      since timestamptz not null default now(),
      primary key (matter_id, user_id)
    )`.execute(db);
  await sql`create index followers_user on matters.followers (user_id)`.execute(db);

  // Counts of matters per H3 cell, kept with every change, so the map can cluster a
  // million matters by reading a few hundred rows.
  await sql`
    create table matters.cell_counts (
      res smallint not null,
      cell text not null,
      division_id integer not null,
      grid_id integer not null default 0,
      open_count integer not null default 0,
      total_count integer not null default 0,
      lat_sum double precision not null default 0,
      lng_sum double precision not null default 0,
      primary key (res, division_id, grid_id, cell)
    )`.execute(db);

  // Service stations (党群服务中心, 暖心驿站, 小哥暖心站, 调解室, 法治e站).
  await sql`
    create table matters.stations (
      id integer generated always as identity primary key,
      kind text not null check (kind in ('party_service_center', 'warm_station', 'courier_station', 'mediation_room', 'legal_station', 'fire_station')),
      name text not null,
      division_id integer not null,
      lat double precision not null,
      lng double precision not null,
      h3_r8 text not null,
      address text not null default '',
      phone text not null default '',
      facilities text[] not null default '{}',
      opening_hours jsonb not null default '{"always": true}'::jsonb,
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index stations_cell on matters.stations (h3_r8) where active`.execute(db);
  await sql`create index stations_division on matters.stations (division_id, id)`.execute(db);

  // Who is on duty in a grid when (值班); help requests go to them first.
  await sql`
    create table matters.duty (
      id integer generated always as identity primary key,
      grid_id integer not null,
      user_id integer not null,
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      check (ends_at > starts_at)
    )`.execute(db);
  await sql`create index duty_grid on matters.duty (grid_id, starts_at)`.execute(db);

  // Open311 clients, each with an API key issued by an admin.
  await sql`
    create table matters.open311_clients (
      id integer generated always as identity primary key,
      name text not null,
      api_key_hash text not null unique,
      division_id integer not null,
      created_by integer not null,
      created_at timestamptz not null default now(),
      revoked_at timestamptz
    )`.execute(db);
}
