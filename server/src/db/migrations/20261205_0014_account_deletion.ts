import { sql, type Kysely } from 'kysely';

/** Requests to delete one's account (个人信息保护法 art. 47), reviewed by staff of the person's area. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table auth.deletion_requests (
      id integer generated always as identity primary key,
      user_id integer not null references auth.users(id),
      reason text not null default '',
      status text not null default 'requested' check (status in ('requested', 'approved', 'rejected', 'withdrawn')),
      requested_at timestamptz not null,
      decided_at timestamptz,
      decided_by integer,
      note text not null default ''
    )`.execute(db);
  await sql`create unique index deletion_requests_open on auth.deletion_requests (user_id) where status = 'requested'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table auth.deletion_requests`.execute(db);
}
