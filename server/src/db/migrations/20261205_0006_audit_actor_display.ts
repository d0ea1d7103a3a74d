import { sql, type Kysely } from 'kysely';

/**
 * The audit log names who acted as people know them (网格员 李婷), beside the account name that
 * identifies them; rows from before have only the account name.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table platform.audit_log add column actor_display text`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table platform.audit_log drop column actor_display`.execute(db);
}
