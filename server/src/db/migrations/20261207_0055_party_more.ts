import { sql, type Kysely } from 'kysely';

/** Party organisations get a secretary (书记), named as staff type it; may be empty. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table party.organizations add column secretary text not null default ''`.execute(db);
}
