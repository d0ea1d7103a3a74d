import { sql, type Kysely } from 'kysely';

/**
 * Keys the server makes for itself (platform/secrets.ts): the odd-job market's check-in codes and
 * the courses' certificate signing key. In the database, not in a file or the process, so they
 * outlive a restart and are the same for every app process on the same database.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table platform.secrets (
      name text primary key check (length(name) between 1 and 100),
      value text not null,
      created_at timestamptz not null
    )`.execute(db);
}
