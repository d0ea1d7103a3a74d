import { sql, type Kysely } from 'kysely';

/**
 * A category whose matters a clearing reading does not resolve: someone on site confirms with a
 * photo. On for the fire alarm categories, where a detector back to normal says nothing of
 * whether the fire is out.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table matters.categories add column confirm_on_site boolean not null default false`.execute(db);
  await sql`
    update matters.categories set confirm_on_site = true
    where code in ('community.fire_safety.alarm', 'community.fire_safety.electric_alarm')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table matters.categories drop column confirm_on_site`.execute(db);
}
