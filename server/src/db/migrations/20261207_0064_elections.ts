import { sql, type Kysely } from 'kysely';

/**
 * Owners' committee elections (业委会选举, Civil Code art. 278 item 3): an election of a community
 * (or some of its buildings) with its seats, windows and tie rule; its electorate of owner
 * households fixed at creation with their exclusive area; candidates nominated and reviewed;
 * one ballot per household marking up to `seats` candidates, cast online or entered from paper.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists elections`.execute(db);
  await sql`create table elections.elections (
    id serial primary key,
    community_id int not null,
    building_ids int[] not null default '{}',
    title text not null,
    description text not null default '',
    seats int not null check (seats between 1 and 30),
    tie_rule text not null check (tie_rule in ('area', 'lot', 'runoff')),
    nominations_open_at timestamptz not null,
    nominations_close_at timestamptz not null check (nominations_close_at > nominations_open_at),
    voting_opens_at timestamptz not null check (voting_opens_at >= nominations_close_at),
    voting_closes_at timestamptz not null check (voting_closes_at > voting_opens_at),
    electors int not null,
    total_area_centi bigint not null,
    created_by int not null,
    created_at timestamptz not null,
    counted_at timestamptz,
    result jsonb,
    lot_winners int[],
    lot_note text not null default ''
  )`.execute(db);
  await sql`create index elections_community on elections.elections (community_id, id desc)`.execute(db);
  await sql`create table elections.electors (
    election_id int not null references elections.elections(id),
    household_id int not null,
    building_id int,
    area_centi bigint not null,
    person_ids int[] not null,
    primary key (election_id, household_id)
  )`.execute(db);
  await sql`create index elections_electors_persons on elections.electors using gin (person_ids)`.execute(db);
  await sql`create table elections.candidates (
    id serial primary key,
    election_id int not null references elections.elections(id),
    person_id int not null,
    household_id int not null,
    name text not null,
    statement text not null default '',
    photo_url text,
    nominated_by text not null check (nominated_by in ('staff', 'self', 'owner')),
    nominator_user_id int not null,
    status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
    review_note text not null default '',
    reviewed_by int,
    reviewed_at timestamptz,
    created_at timestamptz not null,
    unique (election_id, person_id)
  )`.execute(db);
  await sql`create table elections.ballots (
    election_id int not null references elections.elections(id),
    household_id int not null,
    candidate_ids int[] not null,
    source text not null check (source in ('online', 'paper')),
    cast_by int not null,
    cast_at timestamptz not null,
    primary key (election_id, household_id)
  )`.execute(db);
}
