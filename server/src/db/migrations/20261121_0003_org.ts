import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists org`.execute(db);

  // Administrative divisions (行政区划). path holds the ids from the root, '/1/4/9/',
  // so "everything under X" is a prefix match.
  await sql`
    create table org.divisions (
      id integer generated always as identity primary key,
      parent_id integer references org.divisions(id),
      level text not null check (level in ('province', 'city', 'district', 'street', 'community')),
      code text not null unique,
      code_official boolean not null default false,
      name text not null,
      path text not null,
      lat double precision,
      lng double precision,
      sort integer not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index divisions_parent on org.divisions (parent_id, sort, id)`.execute(db);
  await sql`create index divisions_path on org.divisions (path text_pattern_ops)`.execute(db);

  // Grids (网格). polygon is GeoJSON (WGS-84, [lng, lat]); bbox lets a GiST index
  // find the few candidate grids for a point before the exact test.
  await sql`
    create table org.grids (
      id integer generated always as identity primary key,
      community_id integer not null references org.divisions(id),
      code text not null unique,
      name text not null,
      kind text not null check (kind in ('resident', 'special', 'mobile')),
      polygon jsonb,
      bbox box,
      center_lat double precision,
      center_lng double precision,
      description text not null default '',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index grids_community on org.grids (community_id, id)`.execute(db);
  await sql`create index grids_bbox on org.grids using gist (bbox)`.execute(db);

  await sql`
    create table org.buildings (
      id integer generated always as identity primary key,
      community_id integer not null references org.divisions(id),
      grid_id integer references org.grids(id),
      code text not null unique,
      name text not null,
      address text not null default '',
      kind text not null default 'residential' check (kind in ('residential', 'commercial', 'mixed', 'public', 'industrial')),
      floors integer,
      lat double precision,
      lng double precision,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (community_id, name)
    )`.execute(db);
  await sql`create index buildings_grid on org.buildings (grid_id, id)`.execute(db);

  await sql`
    create table org.units (
      id integer generated always as identity primary key,
      building_id integer not null references org.buildings(id) on delete cascade,
      name text not null,
      unique (building_id, name)
    )`.execute(db);

  await sql`
    create table org.households (
      id integer generated always as identity primary key,
      building_id integer not null references org.buildings(id) on delete cascade,
      unit_id integer references org.units(id) on delete cascade,
      room text not null,
      floor_area_m2 numeric(10, 2),
      created_at timestamptz not null default now(),
      unique nulls not distinct (building_id, unit_id, room)
    )`.execute(db);

  await sql`
    create table org.persons (
      id integer generated always as identity primary key,
      community_id integer not null references org.divisions(id),
      grid_id integer references org.grids(id),
      building_id integer references org.buildings(id),
      household_id integer references org.households(id),
      name text not null,
      gender text not null default 'unknown' check (gender in ('male', 'female', 'unknown')),
      birth_date date,
      id_number text,
      phone text,
      tags text[] not null default '{}',
      is_owner boolean not null default false,
      address text not null default '',
      note text not null default '',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index persons_id_number on org.persons (id_number) where id_number is not null`.execute(db);
  await sql`create index persons_community on org.persons (community_id, id)`.execute(db);
  await sql`create index persons_grid on org.persons (grid_id, id)`.execute(db);
  await sql`create index persons_building on org.persons (building_id)`.execute(db);
  await sql`create index persons_household on org.persons (household_id)`.execute(db);
  await sql`create index persons_phone on org.persons (phone)`.execute(db);
  await sql`create index persons_tags on org.persons using gin (tags)`.execute(db);
  await sql`create index persons_name_trgm on org.persons using gin (name gin_trgm_ops)`.execute(db);

  // 包联: who answers for a grid or a building, shown on the public board (三亮一做).
  await sql`
    create table org.assignments (
      id integer generated always as identity primary key,
      kind text not null check (kind in ('grid_leader', 'grid_worker', 'building_leader', 'party_member',
        'legal_grid_worker', 'red_steward', 'alley_steward')),
      community_id integer not null references org.divisions(id),
      grid_id integer references org.grids(id) on delete cascade,
      building_id integer references org.buildings(id) on delete cascade,
      person_id integer references org.persons(id) on delete set null,
      user_id integer,
      name text not null,
      contact_phone text not null default '',
      duty text not null default '',
      pledge text not null default '',
      photo_url text not null default '',
      created_at timestamptz not null default now(),
      check (grid_id is not null or building_id is not null)
    )`.execute(db);
  await sql`create index assignments_grid on org.assignments (grid_id)`.execute(db);
  await sql`create index assignments_building on org.assignments (building_id)`.execute(db);
  await sql`create index assignments_community on org.assignments (community_id)`.execute(db);

  // A CSV import keeps its file until it has been applied, so a restart resumes it.
  await sql`
    create table org.import_jobs (
      id integer generated always as identity primary key,
      kind text not null check (kind in ('persons', 'buildings')),
      status text not null default 'queued' check (status in ('queued', 'validating', 'writing', 'succeeded', 'failed')),
      file_name text not null,
      content text,
      total_rows integer not null default 0,
      processed_rows integer not null default 0,
      inserted_rows integer not null default 0,
      updated_rows integer not null default 0,
      row_errors jsonb not null default '[]'::jsonb,
      error_count integer not null default 0,
      failure text,
      -- The importer's reach when the file was accepted; rows outside it are refused.
      scope jsonb not null,
      created_by integer not null,
      created_by_name text not null,
      locale text not null default 'zh-CN',
      created_at timestamptz not null default now(),
      started_at timestamptz,
      finished_at timestamptz
    )`.execute(db);
  await sql`create index import_jobs_creator on org.import_jobs (created_by, id desc)`.execute(db);
}
