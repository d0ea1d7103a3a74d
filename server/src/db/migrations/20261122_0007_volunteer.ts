import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists volunteer`.execute(db);

  // Volunteer teams (微团队: 暖宝, 春燕服务队, 小巷管家, 骑手志愿队, 急救侠).
  await sql`
    create table volunteer.teams (
      id integer generated always as identity primary key,
      community_id integer not null,
      name text not null,
      description text not null default '',
      created_by integer not null,
      created_at timestamptz not null default now(),
      unique (community_id, name)
    )`.execute(db);
  await sql`
    create table volunteer.members (
      team_id integer not null references volunteer.teams(id) on delete cascade,
      user_id integer not null,
      role text not null default 'member' check (role in ('leader', 'member')),
      joined_at timestamptz not null default now(),
      primary key (team_id, user_id)
    )`.execute(db);
  await sql`create index members_user on volunteer.members (user_id)`.execute(db);

  await sql`
    create table volunteer.activities (
      id integer generated always as identity primary key,
      team_id integer not null references volunteer.teams(id),
      community_id integer not null,
      title text not null,
      description text not null default '',
      place text not null default '',
      lat double precision,
      lng double precision,
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      capacity integer not null check (capacity > 0),
      checkin_secret text not null,
      status text not null default 'open' check (status in ('open', 'closed', 'cancelled')),
      created_by integer not null,
      created_at timestamptz not null default now(),
      check (ends_at > starts_at)
    )`.execute(db);
  await sql`create index activities_community on volunteer.activities (community_id, starts_at desc)`.execute(db);

  await sql`
    create table volunteer.signups (
      activity_id integer not null references volunteer.activities(id),
      user_id integer not null,
      status text not null default 'signed_up' check (status in ('signed_up', 'cancelled', 'checked_in', 'checked_out', 'approved', 'rejected')),
      signed_up_at timestamptz not null default now(),
      checked_in_at timestamptz,
      checked_out_at timestamptz,
      minutes integer,
      approved_minutes integer,
      decided_by integer,
      decided_at timestamptz,
      primary key (activity_id, user_id)
    )`.execute(db);
  await sql`create index signups_user on volunteer.signups (user_id, signed_up_at desc)`.execute(db);

  // Good deeds (好人好事): reported with evidence by anyone, verified by staff.
  await sql`
    create table volunteer.good_deeds (
      id integer generated always as identity primary key,
      community_id integer not null,
      reporter_user_id integer not null,
      doer_user_id integer,
      doer_name text not null,
      title text not null,
      description text not null,
      photos text[] not null default '{}',
      occurred_on date not null,
      status text not null default 'reported' check (status in ('reported', 'verified', 'rejected')),
      decided_by integer,
      decided_at timestamptz,
      decision_note text not null default '',
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index good_deeds_community on volunteer.good_deeds (community_id, id desc)`.execute(db);

  // Micro-wishes (微心愿): posted for a resident in need, claimed, fulfilled, thanked.
  await sql`
    create table volunteer.wishes (
      id integer generated always as identity primary key,
      community_id integer not null,
      beneficiary_label text not null,
      beneficiary_person_id integer,
      title text not null,
      description text not null default '',
      posted_by integer not null,
      status text not null default 'open' check (status in ('open', 'claimed', 'fulfilled', 'thanked', 'cancelled')),
      claimed_by_user_id integer,
      claimed_by_unit text,
      claimed_at timestamptz,
      fulfilled_at timestamptz,
      fulfilment_photos text[] not null default '{}',
      thanks_note text not null default '',
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index wishes_community on volunteer.wishes (community_id, id desc)`.execute(db);

  // Key small matters (关键小事 / 先锋领办): projects claimed by a party branch or an alliance unit.
  await sql`
    create table volunteer.projects (
      id integer generated always as identity primary key,
      community_id integer not null,
      title text not null,
      description text not null default '',
      claimed_by_unit text,
      status text not null default 'open' check (status in ('open', 'claimed', 'in_progress', 'done')),
      progress integer not null default 0 check (progress between 0 and 100),
      created_by integer not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table volunteer.project_updates (
      id integer generated always as identity primary key,
      project_id integer not null references volunteer.projects(id) on delete cascade,
      author_user_id integer not null,
      progress integer not null check (progress between 0 and 100),
      note text not null,
      photos text[] not null default '{}',
      created_at timestamptz not null default now()
    )`.execute(db);
}
