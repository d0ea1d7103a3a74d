import { sql, type Kysely } from 'kysely';

/**
 * Corrections of points as requests: one within POINTS_CORRECTION_APPROVAL_ABOVE is posted at
 * once (and kept here with its posting), a larger one waits for a second member of staff.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table points.corrections (
    id serial primary key,
    community_id integer not null,
    user_id integer not null,
    amount integer not null check (amount <> 0),
    reason text not null,
    idempotency_key text not null unique,
    status text not null check (status in ('pending', 'posted', 'rejected')),
    requested_by integer not null,
    decided_by integer,
    decided_at timestamptz,
    decision_note text not null default '',
    posting_id bigint,
    created_at timestamptz not null,
    updated_at timestamptz not null
  )`.execute(db);
  await sql`create index corrections_community on points.corrections (community_id, status, id desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table points.corrections`.execute(db);
}
