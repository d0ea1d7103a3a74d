import { sql, type Kysely } from 'kysely';

/**
 * A repeat request (重复诉求) is an earlier report by the same person, or at the same place
 * (H3 cell) in the same category, within STATS_REPEAT_DAYS: one index for each way of looking,
 * ending in the time, so each matter's lookup reads only its own few earlier rows.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index matters_repeat_reporter on matters.matters (reporter_user_id, created_at)
    where reporter_user_id is not null`.execute(db);
  await sql`create index matters_repeat_place on matters.matters (h3_r9, category_id, created_at)
    where h3_r9 is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index matters.matters_repeat_reporter`.execute(db);
  await sql`drop index matters.matters_repeat_place`.execute(db);
}
