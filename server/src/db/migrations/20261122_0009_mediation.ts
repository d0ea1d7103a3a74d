import { sql, type Kysely } from 'kysely';

/** Kept in step with modules/mediation/tables.ts (the codes) and catalogue.ts (their labels). */
const CATEGORIES = [
  'marriage_family',
  'neighbour',
  'housing_land',
  'contract',
  'business',
  'damages',
  'labour',
  'consumer',
  'medical',
  'traffic',
  'property_management',
  'land_demolition',
  'environment',
  'other',
];
const STATUSES = ['accepted', 'investigating', 'mediating', 'agreed', 'performing', 'closed', 'failed', 'withdrawn'];
const list = (values: string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists mediation`.execute(db);

  // Mediation venues and brands (调解工作室, 百姓说事点, 调委会, 法治e站), each serving a
  // community or a whole street.
  await sql`
    create table mediation.studios (
      id integer generated always as identity primary key,
      division_id integer not null,
      name text not null,
      kind text not null default 'studio' check (kind in ('studio', 'talk_point', 'committee', 'legal_station')),
      address text not null default '',
      phone text not null default '',
      description text not null default '',
      manager_user_id integer,
      active boolean not null default true,
      created_by integer not null,
      created_at timestamptz not null default now(),
      unique (division_id, name)
    )`.execute(db);
  await sql`
    create table mediation.mediators (
      studio_id integer not null references mediation.studios(id),
      user_id integer not null,
      display_name text not null,
      title text not null default '',
      specialities text[] not null default '{}',
      active boolean not null default true,
      joined_at timestamptz not null default now(),
      primary key (studio_id, user_id)
    )`.execute(db);
  await sql`create index mediators_user on mediation.mediators (user_id) where active`.execute(db);

  // Dispute cases (矛盾纠纷案件). The due date is 30 days after acceptance unless extended.
  await sql`create sequence mediation.case_code_seq`.execute(db);
  await sql`
    create table mediation.cases (
      id integer generated always as identity primary key,
      code text not null unique,
      community_id integer not null,
      grid_id integer,
      studio_id integer references mediation.studios(id),
      matter_id integer,
      source text not null check (source in ('matter', 'walk_in', 'phone', 'patrol', 'referral', 'other')),
      category text not null check (category in (${list(CATEGORIES)})),
      summary text not null,
      facts text not null default '',
      issues text not null default '',
      amount_fen bigint not null default 0 check (amount_fen >= 0),
      people_count integer not null default 2 check (people_count >= 1),
      group_dispute boolean not null default false,
      risk text not null default 'low' check (risk in ('low', 'medium', 'high')),
      status text not null default 'accepted' check (status in (${list(STATUSES)})),
      mediator_user_id integer,
      mediator_name text,
      accepted_at timestamptz not null,
      due_at timestamptz not null,
      extended_days integer not null default 0,
      overdue boolean not null default false,
      escalated_at timestamptz,
      agreed_at timestamptz,
      performed_at timestamptz,
      follow_up_due_on date,
      follow_up_reminded boolean not null default false,
      ended_at timestamptz,
      outcome text check (outcome in ('agreed', 'failed', 'withdrawn')),
      end_reason text not null default '',
      referral_kind text check (referral_kind in ('court', 'arbitration', 'legal_aid', 'other')),
      referral_to text not null default '',
      created_by integer not null,
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index cases_community on mediation.cases (community_id, id desc)`.execute(db);
  await sql`create index cases_studio on mediation.cases (studio_id, id desc) where studio_id is not null`.execute(db);
  await sql`create index cases_mediator on mediation.cases (mediator_user_id, id desc) where mediator_user_id is not null`.execute(
    db,
  );
  await sql`create index cases_accepted on mediation.cases (community_id, accepted_at)`.execute(db);
  await sql`create index cases_agreed on mediation.cases (community_id, agreed_at) where agreed_at is not null`.execute(
    db,
  );
  await sql`create index cases_ended on mediation.cases (community_id, ended_at) where ended_at is not null`.execute(
    db,
  );
  // The overdue scan reads only cases still being mediated and not yet flagged.
  await sql`create index cases_due on mediation.cases (due_at) where not overdue and status in ('accepted', 'investigating', 'mediating')`.execute(
    db,
  );
  await sql`create index cases_follow_up on mediation.cases (follow_up_due_on) where not follow_up_reminded and status in ('agreed', 'performing')`.execute(
    db,
  );
  // A matter becomes at most one case under way at a time.
  await sql`create unique index cases_open_matter on mediation.cases (matter_id) where matter_id is not null and status not in ('closed', 'failed', 'withdrawn')`.execute(
    db,
  );
  await sql`create index cases_summary_trgm on mediation.cases using gin (summary gin_trgm_ops)`.execute(db);

  // Parties (当事人): persons or organisations; numbers stored whole, shown masked.
  await sql`
    create table mediation.parties (
      id integer generated always as identity primary key,
      case_id integer not null references mediation.cases(id) on delete cascade,
      position integer not null,
      role text not null check (role in ('applicant', 'respondent', 'third_party')),
      kind text not null check (kind in ('person', 'organisation')),
      name text not null,
      id_number text,
      phone text,
      address text not null default '',
      representative text not null default '',
      person_id integer,
      user_id integer,
      unique (case_id, position)
    )`.execute(db);
  await sql`create index parties_user on mediation.parties (user_id) where user_id is not null`.execute(db);
  await sql`create index parties_person on mediation.parties (person_id) where person_id is not null`.execute(db);
  await sql`create index parties_name_trgm on mediation.parties using gin (name gin_trgm_ops)`.execute(db);

  // A task force (专班) on a case: police, mediators, property staff, lawyers.
  await sql`
    create table mediation.task_force (
      id integer generated always as identity primary key,
      case_id integer not null references mediation.cases(id) on delete cascade,
      user_id integer,
      name text not null,
      role text not null check (role in ('police', 'mediator', 'property', 'lawyer', 'other')),
      organisation text not null default '',
      added_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index task_force_case on mediation.task_force (case_id)`.execute(db);
  await sql`create index task_force_user on mediation.task_force (user_id) where user_id is not null`.execute(db);

  await sql`
    create table mediation.sessions (
      id integer generated always as identity primary key,
      case_id integer not null references mediation.cases(id) on delete cascade,
      held_at timestamptz not null,
      place text not null default '',
      attendees jsonb not null default '[]',
      notes text not null,
      recorded_by integer not null,
      recorded_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index sessions_case on mediation.sessions (case_id, held_at)`.execute(db);

  // The agreement (人民调解协议书) and its instalments, each with what has been paid.
  await sql`
    create table mediation.agreements (
      case_id integer primary key references mediation.cases(id) on delete cascade,
      terms text[] not null,
      facts text not null,
      total_fen bigint not null default 0 check (total_fen >= 0),
      performance_method text not null,
      performance_deadline date not null,
      signed_on date not null,
      copies integer not null default 3 check (copies between 1 and 20),
      recorded_by integer not null,
      recorded_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table mediation.instalments (
      case_id integer not null references mediation.agreements(case_id) on delete cascade,
      seq integer not null check (seq >= 1),
      due_on date not null,
      amount_fen bigint not null check (amount_fen > 0),
      paid_fen bigint not null default 0 check (paid_fen >= 0 and paid_fen <= amount_fen),
      paid_on date,
      primary key (case_id, seq)
    )`.execute(db);

  await sql`
    create table mediation.follow_ups (
      id integer generated always as identity primary key,
      case_id integer not null references mediation.cases(id) on delete cascade,
      visited_at timestamptz not null,
      visited_by_user_id integer not null,
      visited_by_name text not null,
      findings text not null,
      satisfied boolean not null,
      recorded_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index follow_ups_case on mediation.follow_ups (case_id, visited_at)`.execute(db);

  // The register of claims of a group dispute, filled in on household visits (逐户走访登记诉求).
  await sql`
    create table mediation.claims (
      id integer generated always as identity primary key,
      case_id integer not null references mediation.cases(id) on delete cascade,
      claimant_name text not null,
      phone text,
      address text not null default '',
      amount_fen bigint not null check (amount_fen >= 0),
      description text not null default '',
      documents text[] not null default '{}',
      visited_at timestamptz not null,
      visited_by_user_id integer not null,
      visited_by_name text not null,
      recorded_at timestamptz not null default now(),
      unique (case_id, claimant_name, address)
    )`.execute(db);

  await sql`
    create table mediation.timeline (
      id integer generated always as identity primary key,
      case_id integer not null references mediation.cases(id) on delete cascade,
      at timestamptz not null,
      actor_user_id integer,
      actor_name text not null,
      action text not null,
      from_status text,
      to_status text,
      note text not null default '',
      details jsonb not null default '{}'
    )`.execute(db);
  await sql`create index timeline_case on mediation.timeline (case_id, id)`.execute(db);
}
