import { sql, type Kysely } from 'kysely';

/**
 * Assessment (考核, issue 15; kept in step with modules/assessment/tables.ts): per-district
 * schemes, each change a new version kept for good; monthly runs scoring grid workers or
 * departments from work already recorded by other modules; each score with its lines (value,
 * points and the ids of the records behind them); appeals (申诉) on one line with the
 * reviewer's decision. Timestamps come from the clock.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists assessment`.execute(db);

  await sql`
    create table assessment.schemes (
      id integer generated always as identity primary key,
      district_id integer not null,
      subject_kind text not null check (subject_kind in ('grid_worker', 'department')),
      name text not null,
      current_version integer not null default 1,
      archived boolean not null default false,
      created_by_user_id integer not null,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`.execute(db);
  await sql`create index schemes_district on assessment.schemes (district_id, id)`.execute(db);

  // A version is never changed once written: a month scored with it keeps pointing at it.
  await sql`
    create table assessment.scheme_versions (
      id integer generated always as identity primary key,
      scheme_id integer not null references assessment.schemes(id) on delete cascade,
      version integer not null,
      effective_from text not null check (effective_from ~ '^[0-9]{4}-[0-9]{2}$'),
      indicators jsonb not null,
      workload jsonb not null,
      note text not null,
      created_by_user_id integer not null,
      created_by_name text not null,
      created_at timestamptz not null,
      unique (scheme_id, version)
    )`.execute(db);

  await sql`
    create table assessment.runs (
      id integer generated always as identity primary key,
      scheme_id integer not null references assessment.schemes(id) on delete cascade,
      version_id integer not null references assessment.scheme_versions(id),
      month text not null check (month ~ '^[0-9]{4}-[0-9]{2}$'),
      subjects integer not null,
      trigger text not null check (trigger in ('job', 'route')),
      by_user_id integer,
      by_name text,
      at timestamptz not null
    )`.execute(db);
  await sql`create index runs_scheme_month on assessment.runs (scheme_id, month, id)`.execute(db);

  // The current score of a subject for a month under a scheme; a re-run replaces it in place.
  await sql`
    create table assessment.scores (
      id integer generated always as identity primary key,
      scheme_id integer not null references assessment.schemes(id) on delete cascade,
      version_id integer not null references assessment.scheme_versions(id),
      run_id integer not null references assessment.runs(id),
      month text not null,
      subject_kind text not null check (subject_kind in ('grid_worker', 'department')),
      subject_key text not null,
      subject_user_id integer,
      subject_name text not null,
      division_id integer not null,
      grid_id integer,
      peer_group text not null,
      residents integer,
      raw_points numeric not null,
      workload_factor numeric not null,
      score numeric not null,
      rank integer not null,
      peer_size integer not null,
      flags jsonb not null,
      workload jsonb not null,
      computed_at timestamptz not null,
      unique (scheme_id, month, subject_key)
    )`.execute(db);
  await sql`create index scores_month on assessment.scores (month, subject_kind, peer_group)`.execute(db);
  await sql`create index scores_division on assessment.scores (division_id)`.execute(db);

  await sql`
    create table assessment.score_lines (
      id integer generated always as identity primary key,
      score_id integer not null references assessment.scores(id) on delete cascade,
      indicator text not null,
      weight numeric not null,
      target numeric,
      value numeric,
      numerator integer,
      denominator integer,
      points numeric not null,
      deduction numeric not null default 0,
      refs jsonb not null,
      appeal_id integer,
      granted_points numeric,
      unique (score_id, indicator)
    )`.execute(db);

  await sql`
    create table assessment.appeals (
      id integer generated always as identity primary key,
      score_id integer not null references assessment.scores(id) on delete cascade,
      line_id integer not null references assessment.score_lines(id) on delete cascade,
      scheme_id integer not null,
      month text not null,
      indicator text not null,
      division_id integer not null,
      subject_name text not null,
      appellant_user_id integer not null,
      appellant_name text not null,
      reason text not null,
      status text not null default 'pending' check (status in ('pending', 'granted', 'refused')),
      points_before numeric not null,
      adjusted_value numeric,
      adjusted_points numeric,
      decided_by_user_id integer,
      decided_by_name text,
      decision_reason text,
      decided_at timestamptz,
      created_at timestamptz not null,
      check ((status = 'pending') = (decided_at is null)),
      check (status <> 'granted' or adjusted_points is not null)
    )`.execute(db);
  await sql`create index appeals_division on assessment.appeals (division_id, status, id)`.execute(db);
  // One open appeal a line at a time.
  await sql`create unique index appeals_one_pending on assessment.appeals (line_id) where status = 'pending'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop schema if exists assessment cascade`.execute(db);
}
