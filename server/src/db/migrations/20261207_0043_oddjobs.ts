import { sql, type Kysely } from 'kysely';

/**
 * The odd-job market (零工市场): employers verified by their unified social credit code and
 * staff review, their postings (wage checked against the local minimum, placed by H3 cell),
 * seekers' profiles, applications from apply to hire with QR attendance, pay confirmation and
 * ratings, and the exposures that cap how many seekers a posting is shown to per day.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists oddjobs`.execute(db);
  await sql`create table oddjobs.employers (
    id serial primary key,
    user_id int not null unique,
    name text not null,
    credit_code text not null unique,
    community_id int not null,
    contact_name text not null,
    contact_phone text not null,
    status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
    review_note text not null default '',
    reviewed_by int,
    reviewed_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null
  )`.execute(db);
  await sql`create index oddjobs_employers_queue on oddjobs.employers (community_id, status, id)`.execute(db);
  await sql`create table oddjobs.postings (
    id serial primary key,
    employer_id int not null references oddjobs.employers(id),
    community_id int not null,
    title text not null,
    description text not null,
    kind text not null check (kind in ('odd_job', 'day_paid', 'short_term', 'long_term')),
    wage_fen int not null check (wage_fen > 0),
    wage_unit text not null check (wage_unit in ('hour', 'day', 'month', 'piece')),
    pieces_per_hour int,
    hourly_fen int not null,
    city text not null,
    minimum_fen int not null,
    lat double precision not null,
    lng double precision not null,
    cell7 text not null,
    place_name text not null,
    starts_at timestamptz not null,
    ends_at timestamptz not null,
    weekday smallint not null check (weekday between 1 and 7),
    skills text[] not null default '{}',
    certificates text[] not null default '{}',
    headcount int not null check (headcount between 1 and 1000),
    hired_count int not null default 0,
    status text not null default 'open' check (status in ('open', 'filled', 'closed')),
    exposure_day date,
    exposure_count int not null default 0,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    check (ends_at > starts_at)
  )`.execute(db);
  // The match list's prefilter: open postings by H3 cell (r7, ~1.2 km) and end time.
  await sql`create index oddjobs_postings_open_cell on oddjobs.postings (cell7, ends_at) where status = 'open'`.execute(
    db,
  );
  await sql`create index oddjobs_postings_skills on oddjobs.postings using gin (skills) where status = 'open'`.execute(
    db,
  );
  await sql`create index oddjobs_postings_employer on oddjobs.postings (employer_id, id desc)`.execute(db);
  await sql`create index oddjobs_postings_community on oddjobs.postings (community_id, id desc)`.execute(db);
  await sql`create table oddjobs.seekers (
    id serial primary key,
    user_id int not null unique,
    community_id int not null,
    skills text[] not null default '{}',
    certificates text[] not null default '{}',
    lat double precision not null,
    lng double precision not null,
    cell7 text not null,
    radius_m int not null check (radius_m between 500 and 20000),
    expected_hourly_fen int not null default 0,
    weekdays int not null default 127,
    created_at timestamptz not null,
    updated_at timestamptz not null
  )`.execute(db);
  // The reverse match (who to tell of a new posting): seekers by cell, with skills.
  await sql`create index oddjobs_seekers_cell on oddjobs.seekers (cell7)`.execute(db);
  await sql`create table oddjobs.applications (
    id serial primary key,
    posting_id int not null references oddjobs.postings(id),
    seeker_id int not null references oddjobs.seekers(id),
    status text not null default 'applied'
      check (status in ('applied', 'interview', 'hired', 'rejected', 'checked_in', 'checked_out', 'paid')),
    note text not null default '',
    check_in_at timestamptz,
    check_out_at timestamptz,
    due_fen int,
    employer_pay_fen int,
    seeker_pay_fen int,
    employer_rating smallint check (employer_rating between 1 and 5),
    employer_comment text not null default '',
    seeker_rating smallint check (seeker_rating between 1 and 5),
    seeker_comment text not null default '',
    rights_case_id int,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    constraint oddjobs_applications_once unique (posting_id, seeker_id)
  )`.execute(db);
  await sql`create index oddjobs_applications_seeker on oddjobs.applications (seeker_id, id desc)`.execute(db);
  // One row per posting shown to a seeker per local day: the exposure cap counts distinct seekers.
  await sql`create table oddjobs.exposures (
    posting_id int not null references oddjobs.postings(id),
    seeker_id int not null,
    day date not null,
    primary key (posting_id, day, seeker_id)
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop schema oddjobs cascade`.execute(db);
}
