import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists auth`.execute(db);
  await sql`
    create table auth.users (
      id integer generated always as identity primary key,
      username text not null,
      phone text,
      display_name text not null,
      password_hash text not null,
      person_id integer,
      locale text not null default 'zh-CN' check (locale in ('zh-CN', 'en')),
      status text not null default 'active' check (status in ('active', 'disabled')),
      failed_logins integer not null default 0,
      locked_until timestamptz,
      password_changed_at timestamptz not null default now(),
      last_login_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index users_username on auth.users (lower(username))`.execute(db);
  await sql`create unique index users_phone on auth.users (phone) where phone is not null`.execute(db);

  // A role held over an org unit: a division (street, community, ...) or a grid.
  await sql`
    create table auth.role_grants (
      id integer generated always as identity primary key,
      user_id integer not null references auth.users(id) on delete cascade,
      role text not null check (role in ('resident', 'courier', 'grid_worker', 'mediator', 'merchant',
        'dept_staff', 'community_admin', 'street_admin', 'district_admin')),
      division_id integer,
      grid_id integer,
      created_at timestamptz not null default now(),
      check (division_id is not null or grid_id is not null)
    )`.execute(db);
  await sql`create unique index role_grants_unique on auth.role_grants (user_id, role, coalesce(division_id, 0), coalesce(grid_id, 0))`.execute(
    db,
  );
  await sql`create index role_grants_grid on auth.role_grants (grid_id) where grid_id is not null`.execute(db);

  // Only the SHA-256 of a session token is kept, so a leaked table opens no session.
  await sql`
    create table auth.sessions (
      token_hash text primary key,
      user_id integer not null references auth.users(id) on delete cascade,
      csrf_token text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      ip text,
      user_agent text
    )`.execute(db);
  await sql`create index sessions_user on auth.sessions (user_id)`.execute(db);
  await sql`create index sessions_expires on auth.sessions (expires_at)`.execute(db);
}
