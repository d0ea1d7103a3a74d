import { sql, type Kysely } from 'kysely';

/**
 * 智慧平安小区 (smart safe compounds): the people and vehicles registered at a compound's gates,
 * visitor passes (signed QR tokens a gate checks offline), the watch list and its alarms, and every
 * entry through a gate with its decision — partitioned by day on the entry time, with a default
 * partition so that no accepted event time lacks one; a job makes the coming days' partitions and
 * drops those past the retention. Card numbers are kept as a keyed hash and their last 4 digits;
 * no face image or template is ever stored here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists access`.execute(db);
  await sql`create table access.people (
    id serial primary key,
    compound_id int not null,
    community_id int not null,
    person_id int not null,
    kind text not null check (kind in ('resident', 'tenant', 'worker', 'property_staff', 'other')),
    card_hash text,
    card_last4 text,
    active boolean not null default true,
    created_by int not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    unique (compound_id, person_id)
  )`.execute(db);
  await sql`create unique index access_people_card on access.people (compound_id, card_hash) where card_hash is not null`.execute(
    db,
  );
  await sql`create index access_people_person on access.people (person_id)`.execute(db);
  await sql`create table access.vehicles (
    id serial primary key,
    compound_id int not null,
    community_id int not null,
    plate text not null,
    new_energy boolean not null,
    person_id int,
    active boolean not null default true,
    created_by int not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    unique (compound_id, plate)
  )`.execute(db);
  await sql`create table access.passes (
    id serial primary key,
    compound_id int not null,
    community_id int not null,
    visitor_name text not null,
    visitor_phone text,
    valid_from timestamptz not null,
    valid_until timestamptz not null check (valid_until > valid_from),
    created_by int not null,
    created_at timestamptz not null,
    revoked_at timestamptz,
    revoked_by int
  )`.execute(db);
  await sql`create index access_passes_compound on access.passes (compound_id, id)`.execute(db);
  await sql`create index access_passes_creator on access.passes (created_by, id)`.execute(db);
  await sql`create table access.entries (
    id bigserial not null,
    at timestamptz not null,
    event_id text not null,
    device_id int not null,
    device_code text not null,
    compound_id int,
    community_id int not null,
    method text not null check (method in ('card', 'qr', 'plate', 'face')),
    direction text not null check (direction in ('in', 'out')),
    credential text not null,
    allowed boolean not null,
    reason text not null,
    person_id int,
    registry_id int,
    plate text,
    pass_id int,
    primary key (at, id),
    unique (at, event_id)
  ) partition by range (at)`.execute(db);
  await sql`create table access.entries_default partition of access.entries default`.execute(db);
  await sql`create index access_entries_device on access.entries (device_id, at)`.execute(db);
  await sql`create index access_entries_community on access.entries (community_id, at)`.execute(db);
  await sql`create index access_entries_person on access.entries (person_id, at)`.execute(db);
  await sql`create table access.watch (
    id serial primary key,
    community_id int not null,
    person_id int,
    plate text,
    card_hash text,
    card_last4 text,
    reason text not null,
    added_by int not null,
    added_by_name text not null,
    status text not null default 'active' check (status in ('active', 'closed')),
    created_at timestamptz not null,
    closed_at timestamptz,
    closed_by int,
    check (num_nonnulls(person_id, plate, card_hash) = 1)
  )`.execute(db);
  await sql`create index access_watch_community on access.watch (community_id, status)`.execute(db);
  await sql`create table access.alarms (
    id serial primary key,
    watch_id int not null references access.watch(id),
    entry_id bigint not null,
    entry_at timestamptz not null,
    community_id int not null,
    compound_id int,
    device_id int not null,
    device_code text not null,
    method text not null,
    matter_id int,
    created_at timestamptz not null,
    unique (entry_at, entry_id)
  )`.execute(db);
  await sql`create index access_alarms_community on access.alarms (community_id, id)`.execute(db);
  // One care check per absence: an elder's absence is known by the last time they were seen.
  await sql`create table access.absences (
    person_id int not null,
    last_seen_at timestamptz not null,
    raised_at timestamptz not null,
    matter_id int,
    primary key (person_id, last_seen_at)
  )`.execute(db);
}
