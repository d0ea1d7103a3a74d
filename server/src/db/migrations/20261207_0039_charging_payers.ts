import { sql, type Kysely } from 'kysely';

/**
 * Charging as a person (实充实付 for a resident or courier): a port's code for its QR sticker,
 * the port's last meter reading heard from the charger, the payer of a session started by
 * scanning, and a prepaid balance per user with its entries (top-ups, payments, refunds).
 * Kept in step with modules/charging/tables.ts. Money in fen.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // An unguessable code per port (the QR points at /h5/charge/<code>); existing ports get one here.
  await sql`alter table charging.ports add column code text`.execute(db);
  await sql`update charging.ports set code = replace(gen_random_uuid()::text, '-', '')`.execute(db);
  await sql`alter table charging.ports alter column code set not null`.execute(db);
  await sql`create unique index ports_code on charging.ports (code)`.execute(db);
  // The meter as the charger last reported it (charge_start, charge_meter, charge_stop): a
  // session started by scanning starts there, and its live amount is read from it.
  await sql`alter table charging.ports add column meter_wh bigint check (meter_wh >= 0)`.execute(db);
  await sql`alter table charging.ports add column meter_at timestamptz`.execute(db);
  await sql`
    update charging.ports p set meter_wh = s.meter_wh, meter_at = s.at
    from (
      select distinct on (port_id) port_id, coalesce(meter_end_wh, meter_start_wh) as meter_wh,
        coalesce(stopped_at, started_at) as at
      from charging.sessions order by port_id, coalesce(stopped_at, started_at) desc, id desc
    ) s where s.port_id = p.id`.execute(db);

  await sql`alter table charging.sessions add column payer_id integer`.execute(db);
  await sql`alter table charging.sessions add column paid_at timestamptz`.execute(db);
  await sql`create index sessions_payer on charging.sessions (payer_id, id desc) where payer_id is not null`.execute(
    db,
  );

  // One prepaid balance per user; it never goes below zero.
  await sql`
    create table charging.wallets (
      user_id integer primary key,
      balance_fen bigint not null default 0 check (balance_fen >= 0),
      updated_at timestamptz not null
    )`.execute(db);
  // Every change of a balance: top_up (+), payment (−, one per session), refund (−).
  await sql`
    create table charging.wallet_entries (
      id integer generated always as identity primary key,
      user_id integer not null references charging.wallets(user_id),
      kind text not null check (kind in ('top_up', 'payment', 'refund')),
      amount_fen bigint not null check (amount_fen <> 0),
      balance_after_fen bigint not null check (balance_after_fen >= 0),
      session_id integer references charging.sessions(id),
      provider text,
      provider_ref text,
      created_at timestamptz not null
    )`.execute(db);
  await sql`create unique index wallet_entries_payment on charging.wallet_entries (session_id) where kind = 'payment'`.execute(
    db,
  );
  await sql`create index wallet_entries_user on charging.wallet_entries (user_id, created_at, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table charging.wallet_entries`.execute(db);
  await sql`drop table charging.wallets`.execute(db);
  await sql`alter table charging.sessions drop column payer_id, drop column paid_at`.execute(db);
  await sql`alter table charging.ports drop column code, drop column meter_wh, drop column meter_at`.execute(db);
}
