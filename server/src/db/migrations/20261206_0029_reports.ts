import { sql, type Kysely } from 'kysely';

/**
 * Monthly reports (月度通报, issue 15; kept in step with modules/reports/tables.ts): one report a
 * street or district and calendar month, written by the monthly job or on demand. Generating
 * again makes a new version; the earlier one is kept, marked superseded. The printable HTML and
 * the PDF are kept in the database beside the row (reports.files), so a report is one backup
 * with the rest. Timestamps come from the clock.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists reports`.execute(db);
  await sql`
    create table reports.reports (
      id integer generated always as identity primary key,
      unit_kind text not null check (unit_kind in ('street', 'district')),
      division_id integer not null,
      unit_name text not null,
      month text not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      version integer not null check (version >= 1),
      status text not null check (status in ('queued', 'running', 'done', 'failed')),
      trigger text not null check (trigger in ('schedule', 'manual')),
      requested_by_user_id integer,
      requested_by_name text,
      figures jsonb,
      html_bytes integer,
      pdf_bytes integer,
      pdf_note text,
      failure text,
      duration_ms integer,
      lease_until timestamptz,
      created_at timestamptz not null,
      started_at timestamptz,
      finished_at timestamptz,
      superseded_at timestamptz,
      unique (division_id, month, version),
      check ((status in ('done', 'failed')) = (finished_at is not null))
    )`.execute(db);
  // One generation under way a unit and month: a second request, even racing, is refused here.
  await sql`create unique index reports_one_pending on reports.reports (division_id, month) where status in ('queued', 'running')`.execute(
    db,
  );
  await sql`create index reports_month on reports.reports (month desc, id desc)`.execute(db);

  await sql`
    create table reports.files (
      report_id integer not null references reports.reports(id) on delete cascade,
      kind text not null check (kind in ('html', 'pdf')),
      content bytea not null,
      sha256 text not null,
      primary key (report_id, kind)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop schema if exists reports cascade`.execute(db);
}
