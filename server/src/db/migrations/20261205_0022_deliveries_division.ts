import { sql, type Kysely } from 'kysely';

/**
 * The place a message was sent for (an alarm's community, a help call's station area, the
 * account whose password was reset), so administrators read the delivery log of their area;
 * null for messages of no place (sign-in codes), which only administrators of a top-level
 * division read.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table notifications.deliveries add column division_id integer`.execute(db);
  await sql`create index deliveries_division on notifications.deliveries (division_id, id desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index notifications.deliveries_division`.execute(db);
  await sql`alter table notifications.deliveries drop column division_id`.execute(db);
}
