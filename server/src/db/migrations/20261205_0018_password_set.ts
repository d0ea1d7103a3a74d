import { sql, type Kysely } from 'kysely';

/**
 * Whether the person has a password of their own. An account made by phone sign-in has none (its
 * hash is of random bytes nobody knows): setting the first one asks for no current password.
 * Accounts made that way before this column are recognised by their generated username and a
 * password never changed since.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table auth.users add column password_set boolean not null default true`.execute(db);
  await sql`
    update auth.users set password_set = false
    where username ~ '^r[0-9a-f]{12}$' and password_changed_at = created_at`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table auth.users drop column password_set`.execute(db);
}
