import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Failed sign-ins under names that match no account are counted and locked like real
  // accounts, so the answers do not tell which usernames or phone numbers exist.
  await sql`
    create table auth.unknown_login_failures (
      login_hash text primary key,
      failed_logins integer not null default 0,
      locked_until timestamptz,
      updated_at timestamptz not null default now()
    )`.execute(db);
  // An import is claimed for a while by the process running it; another delivery of the
  // same job waits until the claim lapses, so a file is never applied twice.
  await sql`alter table org.import_jobs add column lease_until timestamptz`.execute(db);
}
