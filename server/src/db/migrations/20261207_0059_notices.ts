import { sql, type Kysely } from 'kysely';

/**
 * Notices (通知公告, 反诈预警, 普法): one model with the fields of the Common Alerting Protocol
 * (CAP 1.2), the recipients resolved when a notice is published with their sent, delivered, read
 * and acknowledged (我已知晓) times, and visit tasks for grid workers when an elder living alone
 * has not acknowledged an anti-fraud alert in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists notices`.execute(db);
  await sql`create table notices.notices (
    id serial primary key,
    identifier text not null unique,
    sender_division_id int not null,
    sender_user_id int not null,
    sent timestamptz not null,
    status text not null check (status in ('actual', 'exercise', 'test')),
    msg_type text not null check (msg_type in ('alert', 'update', 'cancel')),
    references_id int references notices.notices(id),
    superseded_by int references notices.notices(id),
    category text not null,
    topic text not null,
    fraud_type text,
    urgency text not null,
    severity text not null,
    certainty text not null,
    headline text not null,
    description text not null default '',
    instruction text not null default '',
    area_division_ids int[] not null,
    audience_roles text[] not null default '{}',
    audience_tags text[] not null default '{}',
    effective timestamptz not null,
    expires timestamptz not null check (expires > effective),
    visit_after_hours double precision not null,
    created_at timestamptz not null
  )`.execute(db);
  await sql`create index notices_sender on notices.notices (sender_division_id, id)`.execute(db);
  await sql`create table notices.recipients (
    id serial primary key,
    notice_id int not null references notices.notices(id),
    person_id int,
    user_id int,
    name text not null,
    community_id int,
    grid_id int,
    tags text[] not null default '{}',
    channel text not null check (channel in ('app', 'sms', 'none')),
    delivery_id int,
    sent_at timestamptz,
    delivered_at timestamptz,
    read_at timestamptz,
    acknowledged_at timestamptz,
    ack_method text check (ack_method in ('app', 'phoned', 'visited')),
    ack_by_user_id int,
    ack_note text not null default '',
    sends int not null default 0,
    last_sent_at timestamptz
  )`.execute(db);
  await sql`create index notices_recipients_notice on notices.recipients (notice_id, id)`.execute(db);
  await sql`create index notices_recipients_user on notices.recipients (user_id, notice_id)`.execute(db);
  await sql`create table notices.visit_tasks (
    id serial primary key,
    notice_id int not null references notices.notices(id),
    recipient_id int not null references notices.recipients(id),
    person_id int not null,
    community_id int not null,
    grid_id int,
    status text not null check (status in ('open', 'done', 'cancelled')),
    due_at timestamptz not null,
    created_at timestamptz not null,
    closed_at timestamptz,
    closed_by int,
    method text check (method in ('visited', 'phoned')),
    note text not null default '',
    unique (notice_id, person_id)
  )`.execute(db);
  await sql`create index notices_visit_tasks_grid on notices.visit_tasks (grid_id, status, id)`.execute(db);
  await sql`create index notices_visit_tasks_community on notices.visit_tasks (community_id, status, id)`.execute(db);
}
