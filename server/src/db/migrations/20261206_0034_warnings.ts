import { sql, type Kysely } from 'kysely';

/**
 * Early warning (预警): the warnings the detectors raise, each with its explanation and the
 * matter (of the new kind `warning`) that routes it to the owning unit, and the verdicts staff
 * give them. `case_ids` are the matters a warning counts, so that an ongoing one notifies
 * again only when new cases join it; `fingerprint` finds the ongoing warning of a signal.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table matters.categories drop constraint categories_kind_check`.execute(db);
  await sql`alter table matters.categories add constraint categories_kind_check
    check (kind in ('report', 'help', 'suggestion', 'alarm', 'care', 'warning'))`.execute(db);
  await sql`create schema if not exists warnings`.execute(db);
  await sql`create table warnings.warnings (
    id serial primary key,
    method text not null check (method in ('rise', 'cluster', 'hotspot', 'coincidence')),
    fingerprint text not null,
    status text not null default 'open' check (status in ('open', 'ended')),
    community_id int not null,
    grid_id int,
    category_id int,
    cells text[] not null default '{}',
    window_from date not null,
    window_to date not null,
    observed int not null,
    expected double precision not null,
    relative_risk double precision,
    p_value double precision,
    recurrence_days double precision,
    explanation jsonb not null default '{}',
    case_ids int[] not null default '{}',
    matter_id int,
    notified int not null default 1,
    verdict text check (verdict in ('confirmed', 'known', 'false')),
    verdict_note text not null default '',
    verdict_by int,
    verdict_by_name text,
    verdict_at timestamptz,
    first_at timestamptz not null,
    last_at timestamptz not null
  )`.execute(db);
  await sql`create unique index warnings_open_fingerprint on warnings.warnings (fingerprint) where status = 'open'`.execute(
    db,
  );
  await sql`create index warnings_community on warnings.warnings (community_id, id desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop schema warnings cascade`.execute(db);
  await sql`alter table matters.categories drop constraint categories_kind_check`.execute(db);
  await sql`alter table matters.categories add constraint categories_kind_check
    check (kind in ('report', 'help', 'suggestion', 'alarm', 'care')) not valid`.execute(db);
}
