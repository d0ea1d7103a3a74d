import { sql, type Kysely } from 'kysely';

/** When staff last reminded a vote's non-voters (催票), so a reminder is not sent twice in a row. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table deliberation.votes add column reminded_at timestamptz, add column reminders integer not null default 0`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table deliberation.votes drop column reminded_at, drop column reminders`.execute(db);
}
