import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists deliberation`.execute(db);

  // Per community: how many supporters put a topic on the agenda.
  await sql`
    create table deliberation.settings (
      community_id integer primary key,
      support_threshold integer not null check (support_threshold between 1 and 100000),
      updated_by integer,
      updated_at timestamptz not null default now()
    )`.execute(db);

  // Topics (议题) raised by residents or one of the three parties; a scope of the whole
  // community, some buildings, or a grid.
  await sql`
    create table deliberation.topics (
      id integer generated always as identity primary key,
      community_id integer not null,
      scope_kind text not null check (scope_kind in ('community', 'buildings', 'grid')),
      building_ids integer[] not null default '{}',
      grid_id integer,
      title text not null,
      body text not null,
      party text not null check (party in ('resident', 'residents_committee', 'owners_committee', 'property')),
      author_user_id integer not null,
      author_name text not null,
      status text not null default 'open' check (status in ('open', 'on_agenda', 'voting', 'decided', 'rejected', 'withdrawn')),
      supports integer not null default 0,
      threshold integer not null,
      agenda_at timestamptz,
      agenda_by text check (agenda_by in ('threshold', 'staff')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index topics_community on deliberation.topics (community_id, id desc)`.execute(db);
  await sql`
    create table deliberation.supports (
      topic_id integer not null references deliberation.topics(id),
      user_id integer not null,
      created_at timestamptz not null default now(),
      primary key (topic_id, user_id)
    )`.execute(db);

  // Meetings (议事会) and the topics each round took up.
  await sql`
    create table deliberation.meetings (
      id integer generated always as identity primary key,
      community_id integer not null,
      kind text not null check (kind in ('red_tea', 'half_month', 'he_tea', 'tripartite', 'courier_home', 'other')),
      title text not null,
      place text not null default '',
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      series_id integer,
      recurrence text not null default 'none' check (recurrence in ('none', 'weekly', 'semimonthly', 'monthly')),
      status text not null default 'scheduled' check (status in ('scheduled', 'held', 'cancelled')),
      minutes text not null default '',
      created_by integer not null,
      created_at timestamptz not null default now(),
      check (ends_at > starts_at)
    )`.execute(db);
  await sql`create index meetings_community on deliberation.meetings (community_id, starts_at desc)`.execute(db);
  await sql`
    create table deliberation.meeting_topics (
      meeting_id integer not null references deliberation.meetings(id),
      topic_id integer not null references deliberation.topics(id),
      round integer not null,
      outcome text not null default '',
      primary key (meeting_id, topic_id)
    )`.execute(db);
  await sql`create index meeting_topics_topic on deliberation.meeting_topics (topic_id)`.execute(db);
  await sql`
    create table deliberation.participants (
      meeting_id integer not null references deliberation.meetings(id),
      user_id integer not null,
      party text not null default 'resident' check (party in ('resident', 'residents_committee', 'owners_committee', 'property', 'other')),
      attended boolean not null default false,
      attended_at timestamptz,
      primary key (meeting_id, user_id)
    )`.execute(db);

  // Decisions, followed through in public (Decidim's accountability).
  await sql`
    create table deliberation.decisions (
      id integer generated always as identity primary key,
      community_id integer not null,
      topic_id integer references deliberation.topics(id),
      meeting_id integer references deliberation.meetings(id),
      vote_id integer,
      title text not null,
      text text not null,
      status text not null default 'planned' check (status in ('planned', 'in_progress', 'done', 'dropped')),
      progress integer not null default 0 check (progress between 0 and 100),
      created_by integer,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index decisions_community on deliberation.decisions (community_id, id desc)`.execute(db);
  await sql`
    create table deliberation.decision_updates (
      id integer generated always as identity primary key,
      decision_id integer not null references deliberation.decisions(id),
      status text not null,
      progress integer not null,
      note text not null,
      photos jsonb not null default '[]',
      author_user_id integer not null,
      created_at timestamptz not null default now()
    )`.execute(db);

  // 协商铃: consultation desks and mediators with bookable slots.
  await sql`
    create table deliberation.desks (
      id integer generated always as identity primary key,
      community_id integer not null,
      name text not null,
      kind text not null check (kind in ('consultation', 'mediator')),
      host_user_id integer,
      place text not null default '',
      active boolean not null default true,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table deliberation.slots (
      id integer generated always as identity primary key,
      desk_id integer not null references deliberation.desks(id),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      capacity integer not null check (capacity between 1 and 1000),
      cancelled boolean not null default false,
      check (ends_at > starts_at),
      unique (desk_id, starts_at)
    )`.execute(db);
  await sql`create index slots_time on deliberation.slots (starts_at)`.execute(db);
  await sql`
    create table deliberation.bookings (
      id integer generated always as identity primary key,
      slot_id integer not null references deliberation.slots(id),
      user_id integer not null,
      subject text not null,
      status text not null default 'booked' check (status in ('booked', 'cancelled', 'attended', 'no_show')),
      reminded_at timestamptz,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index bookings_once on deliberation.bookings (slot_id, user_id) where status = 'booked'`.execute(
    db,
  );
  await sql`create index bookings_user on deliberation.bookings (user_id, id desc)`.execute(db);

  // Votes (御事厅). The electorate is fixed when the vote is published: one row per
  // voter (a person, or a household / exclusive part with its floor area), with the
  // persons who may cast its ballot. One ballot per voter, by primary key.
  await sql`
    create table deliberation.votes (
      id integer generated always as identity primary key,
      community_id integer not null,
      topic_id integer references deliberation.topics(id),
      title text not null,
      question text not null,
      options jsonb not null,
      electorate text not null check (electorate in ('residents', 'owners')),
      scope_kind text not null check (scope_kind in ('community', 'buildings', 'grid')),
      building_ids integer[] not null default '{}',
      grid_id integer,
      ballot_unit text not null check (ballot_unit in ('person', 'household')),
      allow_change boolean not null default false,
      rule text not null check (rule in ('plurality', 'art278_ordinary', 'art278_special')),
      notice_at timestamptz not null,
      opens_at timestamptz not null,
      closes_at timestamptz not null,
      status text not null default 'published' check (status in ('published', 'cancelled', 'counted')),
      voters integer not null default 0,
      total_area_centi bigint not null default 0,
      result jsonb,
      created_by integer not null,
      created_at timestamptz not null default now(),
      check (notice_at <= opens_at and opens_at < closes_at)
    )`.execute(db);
  await sql`create index votes_community on deliberation.votes (community_id, id desc)`.execute(db);
  await sql`
    create table deliberation.electors (
      vote_id integer not null references deliberation.votes(id),
      voter_key text not null,
      household_id integer,
      area_centi bigint not null default 0,
      person_ids integer[] not null,
      primary key (vote_id, voter_key)
    )`.execute(db);
  await sql`create index electors_person on deliberation.electors using gin (person_ids)`.execute(db);
  await sql`
    create table deliberation.ballots (
      vote_id integer not null,
      voter_key text not null,
      choice text not null,
      cast_by integer not null,
      cast_at timestamptz not null,
      changes integer not null default 0,
      primary key (vote_id, voter_key),
      foreign key (vote_id, voter_key) references deliberation.electors(vote_id, voter_key)
    )`.execute(db);

  // Comments on topics and votes, threaded, with moderation.
  await sql`
    create table deliberation.comments (
      id integer generated always as identity primary key,
      target_type text not null check (target_type in ('topic', 'vote')),
      target_id integer not null,
      community_id integer not null,
      parent_id integer references deliberation.comments(id),
      author_user_id integer not null,
      author_name text not null,
      body text not null,
      status text not null default 'visible' check (status in ('visible', 'hidden')),
      flags integer not null default 0,
      moderated_by integer,
      moderation_reason text,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index comments_target on deliberation.comments (target_type, target_id, id)`.execute(db);
  await sql`create index comments_flagged on deliberation.comments (community_id, flags desc) where flags > 0`.execute(
    db,
  );
  await sql`
    create table deliberation.comment_flags (
      comment_id integer not null references deliberation.comments(id),
      user_id integer not null,
      reason text not null default '',
      created_at timestamptz not null default now(),
      primary key (comment_id, user_id)
    )`.execute(db);
}
