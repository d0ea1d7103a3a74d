import { sql, type Kysely } from 'kysely';

/**
 * Courses (骑士学院, 党群夜校): the catalogue, sessions at a station with sign-ups and check-ins,
 * each learner's progress (watched intervals of the online lesson, the quiz, the session
 * attended), and the training certificates with their stable verification code.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists courses`.execute(db);
  await sql`create table courses.courses (
    id serial primary key,
    community_id int not null,
    category text not null,
    title text not null,
    summary text not null default '',
    lesson_seconds int check (lesson_seconds is null or lesson_seconds between 10 and 36000),
    lesson_url text not null default '',
    lesson_text text not null default '',
    quiz jsonb not null default '[]',
    pass_percent int not null default 60 check (pass_percent between 1 and 100),
    requires_session boolean not null default false,
    certificate boolean not null default true,
    official_url text not null default '',
    status text not null default 'published' check (status in ('draft', 'published', 'archived')),
    created_by int not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
  )`.execute(db);
  await sql`create index courses_courses_community on courses.courses (community_id, id desc)`.execute(db);
  await sql`create table courses.sessions (
    id serial primary key,
    course_id int not null references courses.courses(id),
    community_id int not null,
    station_id int,
    place text not null,
    starts_at timestamptz not null,
    ends_at timestamptz not null,
    capacity int not null check (capacity between 1 and 10000),
    created_by int not null,
    created_at timestamptz not null,
    check (ends_at > starts_at)
  )`.execute(db);
  await sql`create index courses_sessions_course on courses.sessions (course_id, starts_at)`.execute(db);
  await sql`create table courses.signups (
    session_id int not null references courses.sessions(id),
    user_id int not null,
    signed_up_at timestamptz not null,
    checked_in_at timestamptz,
    primary key (session_id, user_id)
  )`.execute(db);
  await sql`create table courses.enrollments (
    id serial primary key,
    course_id int not null references courses.courses(id),
    user_id int not null,
    watched jsonb not null default '[]',
    watched_seconds int not null default 0,
    heartbeat_at timestamptz,
    quiz_percent int,
    quiz_passed boolean not null default false,
    attended_session_id int,
    completed_at timestamptz,
    points_awarded int not null default 0,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    unique (course_id, user_id)
  )`.execute(db);
  await sql`create index courses_enrollments_user on courses.enrollments (user_id, id desc)`.execute(db);
  await sql`create index courses_enrollments_completed on courses.enrollments (completed_at) where completed_at is not null`.execute(
    db,
  );
  await sql`create table courses.certificates (
    id serial primary key,
    code uuid not null unique,
    enrollment_id int not null unique references courses.enrollments(id),
    course_id int not null references courses.courses(id),
    user_id int not null,
    holder_name text not null,
    course_title text not null,
    issued_at timestamptz not null,
    credential text not null,
    revoked_at timestamptz,
    revoked_reason text not null default '',
    revoked_by int
  )`.execute(db);
  await sql`create index courses_certificates_course on courses.certificates (course_id, id desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop schema courses cascade`.execute(db);
}
