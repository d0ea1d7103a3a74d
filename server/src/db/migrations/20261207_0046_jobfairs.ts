import { sql, type Kysely } from 'kysely';

/**
 * Job fairs (招聘会, 家门口的招聘会): a fair held by a street or community, booths taken by
 * approved odd-job employers with their positions (wage checked against the local minimum),
 * seekers' sign-ups with door sign-in, interviews at a booth with an offer the seeker accepts or
 * declines, and a follow-up 30 days after a hire.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists jobfairs`.execute(db);
  await sql`create table jobfairs.fairs (
    id serial primary key,
    division_id int not null,
    title text not null,
    description text not null default '',
    place_name text not null,
    starts_at timestamptz not null,
    ends_at timestamptz not null,
    capacity int not null check (capacity between 1 and 100000),
    status text not null default 'draft' check (status in ('draft', 'published', 'closed')),
    created_by int not null,
    published_at timestamptz,
    closed_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    check (ends_at > starts_at)
  )`.execute(db);
  await sql`create index jobfairs_fairs_division on jobfairs.fairs (division_id, id desc)`.execute(db);
  await sql`create index jobfairs_fairs_upcoming on jobfairs.fairs (starts_at, id) where status = 'published'`.execute(
    db,
  );
  await sql`create table jobfairs.booths (
    id serial primary key,
    fair_id int not null references jobfairs.fairs(id),
    employer_id int not null,
    employer_user_id int not null,
    employer_name text not null,
    created_at timestamptz not null,
    constraint jobfairs_booths_once unique (fair_id, employer_id)
  )`.execute(db);
  await sql`create index jobfairs_booths_user on jobfairs.booths (employer_user_id, id desc)`.execute(db);
  await sql`create table jobfairs.positions (
    id serial primary key,
    booth_id int not null references jobfairs.booths(id),
    fair_id int not null references jobfairs.fairs(id),
    title text not null,
    headcount int not null check (headcount between 1 and 1000),
    wage_fen int not null check (wage_fen > 0),
    wage_unit text not null check (wage_unit in ('hour', 'day', 'month', 'piece')),
    pieces_per_hour int,
    city text not null,
    minimum_fen int not null,
    created_at timestamptz not null
  )`.execute(db);
  await sql`create index jobfairs_positions_booth on jobfairs.positions (booth_id, id)`.execute(db);
  await sql`create index jobfairs_positions_fair on jobfairs.positions (fair_id)`.execute(db);
  await sql`create table jobfairs.signups (
    id serial primary key,
    fair_id int not null references jobfairs.fairs(id),
    user_id int not null,
    name text not null,
    phone text,
    code text not null,
    signed_in_at timestamptz,
    signed_in_via text check (signed_in_via in ('qr', 'staff')),
    signed_in_by int,
    created_at timestamptz not null,
    constraint jobfairs_signups_once unique (fair_id, user_id),
    constraint jobfairs_signups_code unique (fair_id, code)
  )`.execute(db);
  await sql`create index jobfairs_signups_user on jobfairs.signups (user_id, id desc)`.execute(db);
  await sql`create table jobfairs.interviews (
    id serial primary key,
    fair_id int not null references jobfairs.fairs(id),
    booth_id int not null references jobfairs.booths(id),
    position_id int not null references jobfairs.positions(id),
    signup_id int not null references jobfairs.signups(id),
    seeker_user_id int not null,
    outcome text not null default 'pending' check (outcome in ('pending', 'offer', 'no_offer')),
    response text check (response in ('accepted', 'declined')),
    decided_at timestamptz,
    responded_at timestamptz,
    hired_at timestamptz,
    -- The local date of the hire (TIME_ZONE): the follow-up falls due 30 local days after it.
    hired_on date,
    created_by int not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    constraint jobfairs_interviews_once unique (position_id, signup_id)
  )`.execute(db);
  await sql`create index jobfairs_interviews_fair on jobfairs.interviews (fair_id, id desc)`.execute(db);
  await sql`create index jobfairs_interviews_seeker on jobfairs.interviews (seeker_user_id, id desc)`.execute(db);
  await sql`create index jobfairs_interviews_hired on jobfairs.interviews (hired_on) where hired_on is not null`.execute(
    db,
  );
  await sql`create table jobfairs.followups (
    id serial primary key,
    interview_id int not null unique references jobfairs.interviews(id),
    fair_id int not null references jobfairs.fairs(id),
    employed boolean not null,
    note text not null default '',
    recorded_by int not null,
    recorded_at timestamptz not null
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop schema jobfairs cascade`.execute(db);
}
