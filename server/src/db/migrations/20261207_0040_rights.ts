import { sql, type Kysely } from 'kysely';

/**
 * Rights help (维权): cases from the guided intake with the deadlines they were told and the
 * route taken, their steps, the duty rota of lawyers and counsellors, and bookings of its slots.
 * Personal numbers are stored whole and shown masked (presenters.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists rights`.execute(db);
  await sql`create sequence rights.case_number`.execute(db);
  await sql`create table rights.cases (
    id serial primary key,
    code text not null unique,
    community_id int not null,
    grid_id int,
    source text not null check (source in ('h5', 'hotline', 'walk_in', 'odd_job', 'courier_bell')),
    source_ref jsonb not null default '{}',
    worker_user_id int,
    worker_name text not null,
    worker_phone text not null,
    worker_id_number text,
    migrant_worker boolean not null,
    kind text not null check (kind in ('wage', 'contract', 'injury', 'traffic')),
    relationship text not null check (relationship in ('labour', 'service', 'unsure')),
    facts jsonb not null,
    employer_name text not null default '',
    summary text not null,
    claims jsonb not null default '[]',
    claim_fen bigint not null default 0 check (claim_fen >= 0),
    city text not null,
    minimum_wage_fen int not null,
    deadlines jsonb not null,
    final_award jsonb,
    earliest_deadline date,
    route text not null check (route in ('mediation', 'legal_aid', 'inspection', 'booking')),
    route_ref jsonb not null default '{}',
    means_test_waived boolean not null,
    status text not null default 'routed' check (status in ('routed', 'resolved', 'closed')),
    recovered_fen bigint not null default 0 check (recovered_fen >= 0),
    outcome_note text not null default '',
    created_by int not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    resolved_at timestamptz
  )`.execute(db);
  await sql`create index rights_cases_community on rights.cases (community_id, id desc)`.execute(db);
  await sql`create index rights_cases_worker on rights.cases (worker_user_id, id desc) where worker_user_id is not null`.execute(
    db,
  );
  await sql`create table rights.steps (
    id serial primary key,
    case_id int not null references rights.cases(id) on delete cascade,
    at timestamptz not null,
    action text not null check (action in ('open', 'route', 'resolve', 'close')),
    route text,
    note text not null default '',
    actor_name text not null
  )`.execute(db);
  await sql`create index rights_steps_case on rights.steps (case_id, id)`.execute(db);
  await sql`create table rights.duty_shifts (
    id serial primary key,
    community_id int not null,
    role text not null check (role in ('lawyer', 'counsellor')),
    name text not null,
    place text not null default '',
    starts_at timestamptz not null,
    ends_at timestamptz not null,
    slot_minutes int not null check (slot_minutes between 10 and 240),
    created_by int not null,
    created_at timestamptz not null,
    check (ends_at > starts_at)
  )`.execute(db);
  await sql`create index rights_duty_shifts_community on rights.duty_shifts (community_id, starts_at)`.execute(db);
  await sql`create table rights.bookings (
    id serial primary key,
    shift_id int not null references rights.duty_shifts(id),
    case_id int not null references rights.cases(id) on delete cascade,
    starts_at timestamptz not null,
    created_at timestamptz not null,
    constraint rights_bookings_slot unique (shift_id, starts_at)
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop schema rights cascade`.execute(db);
}
