import { sql, type Kysely } from 'kysely';

/**
 * Satisfaction follow-ups (回访) of closed matters: one per matter, due some hours after it
 * closed; answered by the reporter on the H5 form, or recorded by staff after a call (reached
 * or not). followed_up_at is when it was answered or the call reached the reporter: the
 * statistics count follow-ups by it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table matters.follow_ups (
    id serial primary key,
    matter_id int not null unique references matters.matters(id),
    division_id int not null,
    grid_id int,
    closed_at timestamptz not null,
    due_at timestamptz not null,
    overdue_at timestamptz not null,
    channel text check (channel in ('form', 'call')),
    outcome text check (outcome in ('answered', 'reached', 'not_reached')),
    attempts int not null default 0,
    rating int check (rating between 1 and 5),
    resolved boolean,
    comment text not null default '',
    recorded_by int,
    recorded_by_name text,
    followed_up_at timestamptz,
    last_attempt_at timestamptz,
    created_at timestamptz not null
  )`.execute(db);
  await sql`create index matters_follow_ups_open on matters.follow_ups (division_id, due_at) where followed_up_at is null`.execute(
    db,
  );
  await sql`create index matters_follow_ups_done on matters.follow_ups (followed_up_at) where followed_up_at is not null`.execute(
    db,
  );
}
