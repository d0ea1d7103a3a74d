import { sql, type Kysely } from 'kysely';

/**
 * Supervision (督办/催办, issue 14; kept in step with modules/supervision/tables.ts): orders on a
 * matter or a unit (a department, a community) with a deadline and a three-colour card
 * (瓯海 三色预警), each change of card kept as a row, and the reminders (催办) sent. Matter
 * facts (code, place) are copied from the matters module when the order is made, for scope;
 * timestamps come from the clock.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists supervision`.execute(db);

  await sql`
    create table supervision.orders (
      id integer generated always as identity primary key,
      target_kind text not null check (target_kind in ('matter', 'unit')),
      matter_id integer,
      matter_code text,
      unit_kind text not null check (unit_kind in ('department', 'community')),
      department text,
      unit_division_id integer,
      unit_name text not null,
      division_id integer not null,
      grid_id integer,
      listed boolean not null default false,
      note text not null,
      deadline_at timestamptz not null,
      card text not null default 'green' check (card in ('green', 'yellow', 'red')),
      worst_card text not null default 'green' check (worst_card in ('green', 'yellow', 'red')),
      status text not null default 'open' check (status in ('open', 'done', 'closed')),
      gap_closed_at timestamptz,
      closed_at timestamptz,
      closed_by_user_id integer,
      closed_by_name text,
      close_note text,
      reminders integer not null default 0,
      last_reminded_at timestamptz,
      created_by_user_id integer not null,
      created_by_name text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check ((target_kind = 'matter') = (matter_id is not null)),
      check ((unit_kind = 'department') = (department is not null)),
      check ((status = 'open') = (closed_at is null))
    )`.execute(db);
  // One open order a matter: a second is refused by this index, even when two race.
  await sql`create unique index orders_one_open_matter on supervision.orders (matter_id) where status = 'open' and matter_id is not null`.execute(
    db,
  );
  await sql`create index orders_division on supervision.orders (division_id, id)`.execute(db);
  await sql`create index orders_open on supervision.orders (status, deadline_at) where status = 'open'`.execute(db);
  await sql`create index orders_created on supervision.orders (created_at)`.execute(db);

  // Every change of card, for the counts per unit and the order's history.
  await sql`
    create table supervision.card_changes (
      id integer generated always as identity primary key,
      order_id integer not null references supervision.orders(id) on delete cascade,
      at timestamptz not null,
      from_card text not null,
      to_card text not null,
      reason text not null
    )`.execute(db);
  await sql`create index card_changes_order on supervision.card_changes (order_id, at)`.execute(db);

  await sql`
    create table supervision.reminders (
      id integer generated always as identity primary key,
      order_id integer not null references supervision.orders(id) on delete cascade,
      at timestamptz not null,
      by_user_id integer not null,
      by_name text not null,
      message text not null,
      recipients integer[] not null
    )`.execute(db);
  await sql`create index reminders_order on supervision.reminders (order_id, at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop schema if exists supervision cascade`.execute(db);
}
