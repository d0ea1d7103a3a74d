import { sql, type Kysely } from 'kysely';

/**
 * People who need special attention (重点人群): a restricted register, readable only with
 * special.read. Configurable categories (with the minimal fields each needs and a visit
 * interval), entries for registered people, and the visits made to them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // The safety officer (综治专干) is a role of its own: the only one that holds the register.
  await sql`alter table auth.role_grants drop constraint role_grants_role_check`.execute(db);
  await sql`alter table auth.role_grants add constraint role_grants_role_check check (role in ('resident', 'courier',
    'grid_worker', 'mediator', 'safety_officer', 'merchant', 'dept_staff', 'community_admin', 'street_admin',
    'district_admin'))`.execute(db);
  await sql`create schema if not exists special`.execute(db);
  await sql`create table special.categories (
    id serial primary key,
    code text not null unique,
    name_zh text not null,
    name_en text not null,
    fields jsonb not null default '[]',
    visit_days int not null check (visit_days between 1 and 366),
    active boolean not null default true
  )`.execute(db);
  await sql`insert into special.categories (code, name_zh, name_en, fields, visit_days) values
    ('community_correction', '社区矫正', 'Community correction', '["supervision_end","case_officer"]', 30),
    ('drug_rehab', '戒毒康复', 'Drug rehabilitation', '["supervision_end","case_officer"]', 30),
    ('resettlement', '安置帮教', 'Resettlement after release', '["supervision_end"]', 90),
    ('severe_mental', '严重精神障碍', 'Severe mental disorder', '["risk_level","guardian_contact"]', 30)`.execute(db);
  await sql`create table special.entries (
    id serial primary key,
    person_id int not null,
    community_id int not null,
    category_id int not null references special.categories(id),
    starts_on date not null,
    ends_on date check (ends_on is null or ends_on >= starts_on),
    worker_id int not null,
    fields jsonb not null default '{}',
    status text not null check (status in ('active', 'closed')),
    last_visit_on date,
    warned_due date,
    created_by int not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
  )`.execute(db);
  await sql`create index special_entries_community on special.entries (community_id, id)`.execute(db);
  await sql`create table special.visits (
    id serial primary key,
    entry_id int not null references special.entries(id),
    visited_on date not null,
    note text not null default '',
    recorded_by int not null,
    recorded_at timestamptz not null
  )`.execute(db);
  await sql`create index special_visits_entry on special.visits (entry_id, visited_on)`.execute(db);
}
