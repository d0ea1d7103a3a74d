import { sql, type Kysely } from 'kysely';

/** Kept in step with modules/devices/tables.ts. */
const TYPES = [
  'smoke',
  'thermal_camera',
  'electric_meter',
  'door_sensor',
  'curtain_sensor',
  'water_meter',
  'ev_charger',
  'access_gate',
];
const SEVERITIES = ['critical', 'major', 'minor', 'warning'];
const ALARM_STATUSES = ['active_unack', 'active_ack', 'cleared_unack', 'cleared_ack'];
const list = (values: string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists devices`.execute(db);

  // The registry. A device sits in a building, a household or a grid (a garage is a special
  // grid); its community and grid are resolved through the org service when it is saved.
  // One secret per device, kept as a SHA-256 digest (the secrets are 256-bit random values,
  // so a slow password hash would add nothing but cost on the hot path).
  await sql`
    create table devices.devices (
      id integer generated always as identity primary key,
      code text not null unique check (code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{1,63}$'),
      type text not null check (type in (${list(TYPES)})),
      name text not null,
      community_id integer not null,
      grid_id integer,
      building_id integer,
      household_id integer,
      lat double precision,
      lng double precision,
      address text not null default '',
      care_target_id integer,
      secret_hash text not null,
      secret_rotated_at timestamptz not null default now(),
      active boolean not null default true,
      status text not null default 'unknown' check (status in ('unknown', 'online', 'offline')),
      last_seen_at timestamptz,
      status_changed_at timestamptz,
      note text not null default '',
      created_by integer,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index devices_community on devices.devices (community_id, id)`.execute(db);
  await sql`create index devices_grid on devices.devices (grid_id, id)`.execute(db);
  await sql`create index devices_building on devices.devices (building_id) where building_id is not null`.execute(db);
  await sql`create index devices_care_target on devices.devices (care_target_id) where care_target_id is not null`.execute(
    db,
  );
  await sql`create index devices_online on devices.devices (last_seen_at) where status = 'online' and active`.execute(
    db,
  );

  // Metric names, numbered so that a reading row is four narrow columns.
  await sql`
    create table devices.metrics (
      id smallint generated always as identity primary key,
      code text not null unique
    )`.execute(db);

  // Readings, partitioned by day (UTC) on their time; a scheduled job creates the coming
  // days' partitions and drops those past the retention. The key makes a redelivered
  // message (MQTT QoS 1 is at-least-once) a no-op.
  await sql`
    create table devices.readings (
      device_id integer not null,
      metric_id smallint not null,
      ts timestamptz not null,
      value double precision not null,
      primary key (device_id, metric_id, ts)
    ) partition by range (ts)`.execute(db);

  // The last value of each metric of each device, for dashboards.
  await sql`
    create table devices.latest (
      device_id integer not null,
      metric_id smallint not null,
      ts timestamptz not null,
      value double precision not null,
      primary key (device_id, metric_id)
    )`.execute(db);

  // Refused telemetry, counted per device and reason (device 0: unknown devices).
  await sql`
    create table devices.rejections (
      device_id integer not null,
      reason text not null,
      count bigint not null default 0,
      last_at timestamptz not null,
      last_detail text not null default '',
      primary key (device_id, reason)
    )`.execute(db);

  // Rules, for a device type or for one device (which then replaces the type's rule of the same alarm type and kind).
  await sql`
    create table devices.rules (
      id integer generated always as identity primary key,
      device_type text check (device_type in (${list(TYPES)})),
      device_id integer references devices.devices(id) on delete cascade,
      name text not null,
      kind text not null check (kind in ('threshold', 'rate', 'absence', 'event')),
      metric text,
      op text check (op in ('>=', '<=')),
      value double precision,
      clear_value double precision,
      duration_seconds integer not null default 0 check (duration_seconds >= 0),
      consecutive integer not null default 1 check (consecutive >= 1),
      event text,
      clear_event text,
      absence_minutes integer check (absence_minutes >= 1),
      alarm_type text,
      severity text check (severity in (${list(SEVERITIES)})),
      matter_category text,
      enabled boolean not null default true,
      created_by integer,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((device_type is null) <> (device_id is null)),
      check (kind <> 'threshold' or (metric is not null and op is not null and value is not null)),
      check (kind <> 'rate' or (metric is not null and value is not null)),
      check (kind <> 'event' or event is not null),
      check (kind <> 'absence' or absence_minutes is not null),
      check (kind = 'absence' or (alarm_type is not null and severity is not null)),
      check ((alarm_type is null) = (severity is null))
    )`.execute(db);
  await sql`create index rules_device on devices.rules (device_id) where device_id is not null`.execute(db);

  // Alarms as ThingsBoard models them. At most one active alarm per device and type:
  // a repeat updates it. Each carries the places it propagates to.
  await sql`
    create table devices.alarms (
      id integer generated always as identity primary key,
      device_id integer not null references devices.devices(id),
      type text not null,
      severity text not null check (severity in (${list(SEVERITIES)})),
      status text not null check (status in (${list(ALARM_STATUSES)})),
      rule_id integer,
      community_id integer not null,
      grid_id integer,
      building_id integer,
      household_id integer,
      count integer not null default 1,
      first_value double precision,
      last_value double precision,
      details jsonb not null default '{}',
      started_at timestamptz not null,
      last_at timestamptz not null,
      acked_at timestamptz,
      acked_by integer,
      cleared_at timestamptz,
      cleared_by integer,
      clear_reason text,
      matter_id integer,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index alarms_one_active on devices.alarms (device_id, type) where status in ('active_unack', 'active_ack')`.execute(
    db,
  );
  await sql`create index alarms_community on devices.alarms (community_id, started_at desc, id desc)`.execute(db);
  await sql`create index alarms_grid on devices.alarms (grid_id, started_at desc, id desc)`.execute(db);
  await sql`create index alarms_device on devices.alarms (device_id, started_at desc, id desc)`.execute(db);
  await sql`create index alarms_matter on devices.alarms (matter_id) where matter_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop schema devices cascade`.execute(db);
}
