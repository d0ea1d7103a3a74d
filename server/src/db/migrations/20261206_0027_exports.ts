import { sql, type Kysely } from 'kysely';

/**
 * Exports (导出, issue 15; kept in step with modules/exports/tables.ts): a spreadsheet of a list
 * with its filters, written in the background. The file lives under DATA_DIR/exports until
 * expires_at; the row stays as the record of who exported what. Timestamps come from the clock.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists exports`.execute(db);
  await sql`
    create table exports.jobs (
      id integer generated always as identity primary key,
      user_id integer not null,
      kind text not null,
      filters jsonb not null,
      locale text not null,
      status text not null check (status in ('queued', 'running', 'done', 'failed', 'expired')),
      rows_written integer not null default 0 check (rows_written >= 0),
      rows_total integer check (rows_total >= 0),
      file_name text not null,
      file_path text,
      file_bytes integer,
      failure text,
      lease_until timestamptz,
      created_at timestamptz not null,
      started_at timestamptz,
      finished_at timestamptz,
      expires_at timestamptz,
      check ((status in ('done', 'failed', 'expired')) = (finished_at is not null))
    )`.execute(db);
  await sql`create index jobs_user on exports.jobs (user_id, id desc)`.execute(db);
  await sql`create index jobs_expiring on exports.jobs (expires_at) where status = 'done'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop schema if exists exports cascade`.execute(db);
}
