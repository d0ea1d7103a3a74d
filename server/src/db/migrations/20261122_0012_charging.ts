import { sql, type Kysely } from 'kysely';

/**
 * EV charging (电动自行车/汽车充电): stations, ports, tariff versions and sessions. Kept in
 * step with modules/charging/tables.ts.
 *
 * Units: energy in Wh (integers; meters report kWh to 3 decimals); prices in 0.0001
 * yuan per kWh (grid prices carry 4 decimals: 0.5680); money in fen.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists charging`.execute(db);

  await sql`
    create table charging.stations (
      id integer generated always as identity primary key,
      name text not null,
      community_id integer not null,
      grid_id integer,
      address text not null default '',
      operator text not null default '',
      active boolean not null default true,
      created_by integer not null,
      created_at timestamptz not null default now(),
      unique (community_id, name)
    )`.execute(db);

  // A port is one plug; chargers with several plugs report which one (port) in their events.
  await sql`
    create table charging.ports (
      id integer generated always as identity primary key,
      station_id integer not null references charging.stations(id),
      label text not null,
      device_code text not null,
      device_port integer not null default 1 check (device_port between 1 and 64),
      device_id integer,
      active boolean not null default true,
      unique (station_id, label),
      unique (device_code, device_port)
    )`.execute(db);

  // Tariff versions: time-of-use bands (峰/平/谷) covering the day, and a service fee, from
  // an effective time on. A session is priced by the versions in force while it ran.
  await sql`
    create table charging.tariffs (
      id integer generated always as identity primary key,
      station_id integer not null references charging.stations(id),
      effective_from timestamptz not null,
      bands jsonb not null,
      service_price_e4 integer not null check (service_price_e4 between 0 and 100000),
      note text not null default '',
      created_by integer not null,
      created_at timestamptz not null default now(),
      unique (station_id, effective_from)
    )`.execute(db);

  await sql`
    create table charging.sessions (
      id integer generated always as identity primary key,
      station_id integer not null references charging.stations(id),
      port_id integer not null references charging.ports(id),
      community_id integer not null,
      grid_id integer,
      status text not null default 'charging' check (status in ('charging', 'completed', 'flagged')),
      source text not null check (source in ('device', 'api')),
      session_ref text,
      started_at timestamptz not null,
      stopped_at timestamptz,
      meter_start_wh bigint not null check (meter_start_wh >= 0),
      meter_end_wh bigint,
      energy_wh bigint,
      electricity_fen bigint,
      service_fen bigint,
      total_fen bigint,
      lines jsonb,
      flag_reason text,
      started_by integer,
      stopped_by integer,
      created_at timestamptz not null default now()
    )`.execute(db);
  // At most one session charging on a port; a second start waits for the first to stop.
  await sql`create unique index sessions_port_charging on charging.sessions (port_id) where status = 'charging'`.execute(
    db,
  );
  await sql`create unique index sessions_ref on charging.sessions (port_id, session_ref) where session_ref is not null`.execute(
    db,
  );
  await sql`create index sessions_station_started on charging.sessions (station_id, started_at desc, id desc)`.execute(
    db,
  );
  await sql`create index sessions_community on charging.sessions (community_id, id desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop schema if exists charging cascade`.execute(db);
}
