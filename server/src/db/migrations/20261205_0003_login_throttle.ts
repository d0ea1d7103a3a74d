import { sql, type Kysely } from 'kysely';

/**
 * Failed sign-ins counted per account and source address (a lock that only the source
 * guessing meets) and per account across all sources (a slowdown, never a lock-out of the
 * owner); one table for accounts that exist and names that do not, so the answers do not
 * tell them apart. The per-user counters and the table of unknown names it replaces go.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table auth.login_failures (
    key text primary key,
    failed_logins integer not null,
    locked_until timestamptz,
    last_failed_at timestamptz,
    updated_at timestamptz not null
  )`.execute(db);
  await sql`create index login_failures_updated on auth.login_failures (updated_at)`.execute(db);
  await sql`drop table auth.unknown_login_failures`.execute(db);
  await sql`alter table auth.users drop column failed_logins, drop column locked_until`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table auth.users add column failed_logins integer not null default 0, add column locked_until timestamptz`.execute(
    db,
  );
  await sql`create table auth.unknown_login_failures (
    login_hash text primary key, failed_logins integer not null default 0, locked_until timestamptz, updated_at timestamptz not null
  )`.execute(db);
  await sql`drop table auth.login_failures`.execute(db);
}
