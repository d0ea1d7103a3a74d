import { sql, type Kysely } from 'kysely';

/** Anti-fraud lessons (category anti_fraud) say which kind of fraud they teach to spot (冒充公检法, 刷单返利 …). */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table courses.courses add column fraud_type text`.execute(db);
}
