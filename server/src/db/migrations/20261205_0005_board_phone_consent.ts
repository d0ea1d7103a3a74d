import { sql, type Kysely } from 'kysely';

/**
 * A responsible person's phone on the 三亮一做 board is published whole only when they chose
 * to publish it (a work phone), with their consent recorded; otherwise it is shown masked.
 * Rows from before have no recorded consent, so they start masked.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table org.assignments
    add column phone_published boolean not null default false,
    add column phone_consent_at timestamptz,
    add column phone_consent_by integer`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table org.assignments drop column phone_published, drop column phone_consent_at, drop column phone_consent_by`.execute(
    db,
  );
}
