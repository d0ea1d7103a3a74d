import { sql, type Kysely } from 'kysely';

/** A person's steps on matters over a period (the field module's work log asks the matters module for them). */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index timeline_actor on matters.timeline (actor_user_id, at) where actor_user_id is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index matters.timeline_actor`.execute(db);
}
