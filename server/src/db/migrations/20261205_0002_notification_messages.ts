import { sql, type Kysely } from 'kysely';

/**
 * Notifications stored as messages (a key and its parameters), rendered in each reader's
 * language when read or pushed; the text columns stay for rows written before.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table notifications.notifications
    add column title_key text,
    add column title_params jsonb,
    add column body_key text,
    add column body_params jsonb`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table notifications.notifications drop column title_key, drop column title_params, drop column body_key, drop column body_params`.execute(
    db,
  );
}
