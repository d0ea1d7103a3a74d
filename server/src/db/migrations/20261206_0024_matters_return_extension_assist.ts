import { sql, type Kysely } from 'kysely';

/**
 * The desk's share of the work with departments (issue 14): return (退单) to whoever sent a
 * matter — so who escalated it, from which level, and who dispatched it are kept — with a
 * status of its own (returned, 退回); requests for more time (延期申请), granted or refused;
 * and joint handling (协办), one row per assisting department with its task and reply.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table matters.matters
      add column escalated_by_user_id integer,
      add column escalated_by_name text,
      add column escalated_from_level text check (escalated_from_level in ('grid', 'community', 'street', 'department')),
      add column dispatched_by_user_id integer,
      add column dispatched_by_name text`.execute(db);
  await sql`alter table matters.matters drop constraint matters_status_check`.execute(db);
  await sql`
    alter table matters.matters add constraint matters_status_check check (status in ('reported', 'accepted',
      'dispatched', 'in_progress', 'resolved', 'closed', 'rejected', 'duplicate', 'escalated', 'reopened', 'returned'))`.execute(
    db,
  );
  // A returned matter waits to be taken again, as a reported or escalated one does.
  await sql`drop index matters.matters_accept_due`.execute(db);
  await sql`
    create index matters_accept_due on matters.matters (accept_due_at)
    where status in ('reported', 'escalated', 'reopened', 'returned')`.execute(db);

  await sql`
    create table matters.extensions (
      id bigint generated always as identity primary key,
      matter_id bigint not null references matters.matters(id) on delete cascade,
      status text not null default 'pending' check (status in ('pending', 'granted', 'refused', 'lapsed')),
      until timestamptz not null,
      previous_due_at timestamptz,
      reason text not null,
      requested_by_user_id integer not null,
      requested_by_name text not null default '',
      requested_at timestamptz not null,
      decided_by_user_id integer,
      decided_by_name text,
      decided_at timestamptz,
      decision_note text not null default ''
    )`.execute(db);
  await sql`create index extensions_matter on matters.extensions (matter_id, id)`.execute(db);
  // One request waits at a time on a matter.
  await sql`create unique index extensions_one_pending on matters.extensions (matter_id) where status = 'pending'`.execute(
    db,
  );

  await sql`
    create table matters.assists (
      id bigint generated always as identity primary key,
      matter_id bigint not null references matters.matters(id) on delete cascade,
      department text not null,
      task text not null,
      status text not null default 'open' check (status in ('open', 'answered', 'unanswered')),
      requested_by_user_id integer not null,
      requested_by_name text not null default '',
      created_at timestamptz not null,
      reply text,
      photos text[] not null default '{}',
      replied_by_user_id integer,
      replied_by_name text,
      replied_at timestamptz,
      closed_at timestamptz
    )`.execute(db);
  await sql`create index assists_matter on matters.assists (matter_id, id)`.execute(db);
  await sql`create index assists_open on matters.assists (department, matter_id) where status = 'open'`.execute(db);
  await sql`create unique index assists_one_open on matters.assists (matter_id, department) where status = 'open'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table matters.assists`.execute(db);
  await sql`drop table matters.extensions`.execute(db);
  await sql`update matters.matters set status = 'escalated' where status = 'returned'`.execute(db);
  await sql`drop index matters.matters_accept_due`.execute(db);
  await sql`
    create index matters_accept_due on matters.matters (accept_due_at)
    where status in ('reported', 'escalated', 'reopened')`.execute(db);
  await sql`alter table matters.matters drop constraint matters_status_check`.execute(db);
  await sql`
    alter table matters.matters add constraint matters_status_check check (status in ('reported', 'accepted',
      'dispatched', 'in_progress', 'resolved', 'closed', 'rejected', 'duplicate', 'escalated', 'reopened'))`.execute(
    db,
  );
  await sql`
    alter table matters.matters
      drop column escalated_by_user_id, drop column escalated_by_name, drop column escalated_from_level,
      drop column dispatched_by_user_id, drop column dispatched_by_name`.execute(db);
}
