import { sql, type Kysely } from 'kysely';

/**
 * Surveys (问卷): a community's survey with its questions (jsonb), audience (the whole community,
 * some grids or buildings, narrowed by person tags), open and close times, anonymous or named;
 * and one response per person. A response keeps a keyed hash of (survey, person) so nobody
 * answers twice; an anonymous one keeps nothing else that leads back to the person.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists surveys`.execute(db);
  await sql`create table surveys.surveys (
    id serial primary key,
    community_id int not null,
    title text not null,
    description text not null default '',
    grid_ids int[] not null default '{}',
    building_ids int[] not null default '{}',
    audience_tags text[] not null default '{}',
    anonymous boolean not null,
    questions jsonb not null,
    opens_at timestamptz not null,
    closes_at timestamptz not null check (closes_at > opens_at),
    published_at timestamptz,
    notified int not null default 0,
    created_by int not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
  )`.execute(db);
  await sql`create index surveys_surveys_community on surveys.surveys (community_id, id desc)`.execute(db);
  await sql`create table surveys.responses (
    id serial primary key,
    survey_id int not null references surveys.surveys(id),
    respondent_hash text not null,
    person_id int,
    user_id int,
    respondent_name text,
    answers jsonb not null,
    submitted_at timestamptz not null,
    unique (survey_id, respondent_hash)
  )`.execute(db);
  await sql`create index surveys_responses_survey on surveys.responses (survey_id, id)`.execute(db);
}
