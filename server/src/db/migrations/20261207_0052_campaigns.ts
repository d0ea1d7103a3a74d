import { sql, type Kysely } from 'kysely';

/**
 * Inspection campaigns (专项整治): a checklist, targets and a task force; inspections record a
 * result per target and item; findings issue rectification notices (整改通知书) numbered per
 * campaign and year without gaps; re-checks close or escalate them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists campaigns`.execute(db);
  await sql`create table campaigns.campaigns (
    id serial primary key,
    division_id int not null,
    title text not null,
    starts_on date not null,
    ends_on date not null check (ends_on >= starts_on),
    status text not null check (status in ('active', 'closed')),
    member_ids int[] not null default '{}',
    created_by int not null,
    created_at timestamptz not null
  )`.execute(db);
  await sql`create index campaigns_division on campaigns.campaigns (division_id, id)`.execute(db);
  await sql`create table campaigns.items (
    id serial primary key,
    campaign_id int not null references campaigns.campaigns(id),
    position int not null,
    code text not null,
    text text not null,
    legal_basis text,
    unique (campaign_id, code)
  )`.execute(db);
  await sql`create table campaigns.targets (
    id serial primary key,
    campaign_id int not null references campaigns.campaigns(id),
    kind text not null check (kind in ('building', 'shop', 'garage', 'other')),
    building_id int,
    name text not null,
    address text not null default '',
    responsible_party text not null default '',
    lat double precision,
    lng double precision
  )`.execute(db);
  await sql`create index campaigns_targets_campaign on campaigns.targets (campaign_id, id)`.execute(db);
  await sql`create table campaigns.notices (
    id serial primary key,
    campaign_id int not null references campaigns.campaigns(id),
    target_id int not null references campaigns.targets(id),
    year int not null,
    seq int not null,
    number text not null,
    deadline timestamptz not null,
    status text not null check (status in ('open', 'escalated', 'closed')),
    escalations int not null default 0,
    escalated_deadline timestamptz,
    matter_id int,
    issued_by int not null,
    issued_at timestamptz not null,
    closed_at timestamptz,
    unique (campaign_id, year, seq)
  )`.execute(db);
  await sql`create index campaigns_notices_due on campaigns.notices (deadline) where status <> 'closed'`.execute(db);
  await sql`create table campaigns.notice_counters (
    campaign_id int not null references campaigns.campaigns(id),
    year int not null,
    last int not null,
    primary key (campaign_id, year)
  )`.execute(db);
  await sql`create table campaigns.checks (
    id serial primary key,
    campaign_id int not null references campaigns.campaigns(id),
    target_id int not null references campaigns.targets(id),
    item_id int not null references campaigns.items(id),
    result text not null check (result in ('pass', 'finding', 'not_applicable')),
    description text not null default '',
    photo_tokens text[] not null default '{}',
    notice_id int references campaigns.notices(id),
    matter_id int,
    checked_by int not null,
    checked_at timestamptz not null,
    unique (target_id, item_id)
  )`.execute(db);
  await sql`create table campaigns.rechecks (
    id serial primary key,
    notice_id int not null references campaigns.notices(id),
    passed boolean not null,
    note text not null default '',
    checked_by int not null,
    checked_at timestamptz not null
  )`.execute(db);
}
