import { sql, type Kysely } from 'kysely';

/**
 * Recurring activities (每周二 小区服务日): a series is an activity template with an RFC 5545
 * recurrence rule in local time, its skipped dates (EXDATE); its occurrences are ordinary
 * activities (series_id, occurrence_date), so sign-ups, check-ins and points work per occurrence.
 * An occurrence moved or cancelled by hand is detached: editing the series leaves it alone.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table volunteer.activity_series (
    id serial primary key,
    team_id int not null references volunteer.teams(id),
    community_id int not null,
    title text not null,
    description text not null default '',
    place text not null default '',
    lat double precision,
    lng double precision,
    rrule text not null,
    start_date date not null,
    start_time text not null,
    duration_minutes int not null check (duration_minutes > 0),
    capacity int not null check (capacity > 0),
    exdates text[] not null default '{}',
    active boolean not null default true,
    created_by int not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
  )`.execute(db);
  await sql`create index volunteer_activity_series_community on volunteer.activity_series (community_id, id desc)`.execute(
    db,
  );
  await sql`alter table volunteer.activities
    add column series_id int references volunteer.activity_series(id),
    add column occurrence_date date,
    add column detached boolean not null default false,
    add column cancel_reason text not null default ''`.execute(db);
  await sql`create unique index volunteer_activities_occurrence on volunteer.activities (series_id, occurrence_date)
    where series_id is not null`.execute(db);
}
