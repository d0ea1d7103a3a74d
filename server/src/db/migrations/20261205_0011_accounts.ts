import { sql, type Kysely } from 'kysely';

/**
 * Accounts administered by people: a password that must be changed at the next sign-in
 * (new accounts, resets), failures counted per account so an administrator can unlock one,
 * and the one-time links that create the first administrator of a fresh install.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table auth.users add column must_change_password boolean not null default false`.execute(db);
  await sql`alter table auth.login_failures add column user_id integer`.execute(db);
  await sql`create index login_failures_user on auth.login_failures (user_id) where user_id is not null`.execute(db);
  await sql`
    create table auth.setup_tokens (
      token_hash text primary key,
      created_at timestamptz not null,
      used_at timestamptz
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table auth.setup_tokens`.execute(db);
  await sql`drop index auth.login_failures_user`.execute(db);
  await sql`alter table auth.login_failures drop column user_id`.execute(db);
  await sql`alter table auth.users drop column must_change_password`.execute(db);
}
