import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { type AreaFilter, inArea, inScope, type Scope } from '../../platform/access.ts';
import type { CursorKey } from '../../platform/pagination.ts';
import type { AlarmStatus, AlarmTable, DeviceTable, DeviceType, RuleTable, Severity } from './tables.ts';

export type DeviceRow = Selectable<DeviceTable>;
export type AlarmRow = Selectable<AlarmTable> & {
  device_code: string;
  device_name: string;
  device_type: DeviceType;
  device_lat: number | null;
  device_lng: number | null;
  device_address: string;
};
export type RuleRow = Selectable<RuleTable>;

// ---------- devices ----------

export function deviceById(db: Executor, id: number) {
  return db.selectFrom('devices.devices').selectAll().where('id', '=', id).executeTakeFirst();
}

export function deviceByCode(db: Executor, code: string) {
  return db.selectFrom('devices.devices').selectAll().where('code', '=', code).executeTakeFirst();
}

export function allActiveDevices(db: Executor) {
  return db.selectFrom('devices.devices').selectAll().where('active', '=', true).execute();
}

export function devicesOfCareTarget(db: Executor, careTargetId: number) {
  return db
    .selectFrom('devices.devices')
    .selectAll()
    .where('care_target_id', '=', careTargetId)
    .where('active', '=', true)
    .orderBy('id')
    .execute();
}

export async function insertDevices(db: Executor, rows: Insertable<DeviceTable>[]) {
  if (rows.length === 0) return [];
  return db.insertInto('devices.devices').values(rows).returningAll().execute();
}

export async function updateDevice(db: Executor, id: number, patch: Updateable<DeviceTable>, at: Date) {
  return db
    .updateTable('devices.devices')
    .set({ ...patch, updated_at: at })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export interface DeviceFilter {
  type?: DeviceType | undefined;
  status?: 'unknown' | 'online' | 'offline' | undefined;
  communityId?: number | undefined;
  gridId?: number | undefined;
  buildingId?: number | undefined;
  careTargetId?: number | undefined;
  active?: boolean | undefined;
  q?: string | undefined;
}

export function listDevices(db: Executor, scope: Scope, f: DeviceFilter, after: CursorKey | null, limit: number) {
  let q = db
    .selectFrom('devices.devices as d')
    .selectAll('d')
    .where((eb) => inScope(eb, scope, { division: 'd.community_id', grid: 'd.grid_id' }))
    .orderBy('d.id')
    .limit(limit + 1);
  if (f.type) q = q.where('d.type', '=', f.type);
  if (f.status) q = q.where('d.status', '=', f.status);
  if (f.communityId !== undefined) q = q.where('d.community_id', '=', f.communityId);
  if (f.gridId !== undefined) q = q.where('d.grid_id', '=', f.gridId);
  if (f.buildingId !== undefined) q = q.where('d.building_id', '=', f.buildingId);
  if (f.careTargetId !== undefined) q = q.where('d.care_target_id', '=', f.careTargetId);
  if (f.active !== undefined) q = q.where('d.active', '=', f.active);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([eb('d.code', 'ilike', like), eb('d.name', 'ilike', like), eb('d.address', 'ilike', like)]),
    );
  }
  if (after) q = q.where('d.id', '>', after.id);
  return q.execute();
}

export async function touchLastSeen(db: Executor, seen: Array<{ id: number; at: number }>) {
  if (seen.length === 0) return;
  seen.sort((a, b) => a.id - b.id);
  await sql`
    update devices.devices d set last_seen_at = greatest(d.last_seen_at, to_timestamp(u.t / 1000.0))
    from unnest(${seen.map((s) => s.id)}::int[], ${seen.map((s) => s.at)}::float8[]) as u(id, t)
    where d.id = u.id`.execute(db);
}

/** Online devices not heard from since the given time. */
export function silentSince(db: Executor, before: Date) {
  return db
    .selectFrom('devices.devices')
    .selectAll()
    .where('status', '=', 'online')
    .where('active', '=', true)
    .where('last_seen_at', '<', before)
    .orderBy('id')
    .execute();
}

export async function markOffline(db: Executor, ids: number[], at: Date) {
  if (ids.length === 0) return [];
  return db
    .updateTable('devices.devices')
    .set({ status: 'offline', status_changed_at: at })
    .where('id', 'in', ids)
    .where('status', '=', 'online')
    .returning('id')
    .execute();
}

// ---------- readings ----------

export function latestOf(db: Executor, deviceIds: number[]) {
  if (deviceIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('devices.latest as l')
    .innerJoin('devices.metrics as m', 'm.id', 'l.metric_id')
    .select(['l.device_id', 'm.code as metric', 'l.ts', 'l.value'])
    .where('l.device_id', 'in', deviceIds)
    .orderBy('l.device_id')
    .orderBy('m.code')
    .execute();
}

export function readingsOf(db: Executor, deviceId: number, metric: string, from: Date, to: Date, limit: number) {
  return db
    .selectFrom('devices.readings as r')
    .innerJoin('devices.metrics as m', 'm.id', 'r.metric_id')
    .select(['r.ts', 'r.value'])
    .where('r.device_id', '=', deviceId)
    .where('m.code', '=', metric)
    .where('r.ts', '>=', from)
    .where('r.ts', '<', to)
    .orderBy('r.ts', 'desc')
    .limit(limit)
    .execute();
}

/**
 * A metric's readings summarised into buckets of `seconds`, oldest first. Buckets are aligned to
 * the epoch shifted by `offsetSeconds` (the zone's offset from UTC), so a day's bucket runs from
 * local midnight; `bucket` is its start in epoch seconds. The caller bounds the range
 * (READINGS_MAX_BUCKETS). Plain arithmetic on extract(epoch): no extension (TimescaleDB's
 * time_bucket), and the same answer on PGlite and PostgreSQL.
 */
export function readingBuckets(
  db: Executor,
  deviceId: number,
  metric: string,
  from: Date,
  to: Date,
  seconds: number,
  offsetSeconds = 0,
) {
  // Literals (a width of READING_BUCKETS, a whole offset), so the grouped and the selected expression are the same.
  const width = sql.lit(seconds);
  const shift = sql.lit(Math.trunc(offsetSeconds));
  const bucket = sql<string>`floor((extract(epoch from r.ts) + ${shift}) / ${width}) * ${width} - ${shift}`;
  return db
    .selectFrom('devices.readings as r')
    .innerJoin('devices.metrics as m', 'm.id', 'r.metric_id')
    .select([
      bucket.as('bucket'),
      (eb) => eb.fn.avg<string>('r.value').as('avg'),
      (eb) => eb.fn.min<number>('r.value').as('min'),
      (eb) => eb.fn.max<number>('r.value').as('max'),
      (eb) => eb.fn.countAll<string>().as('count'),
    ])
    .where('r.device_id', '=', deviceId)
    .where('m.code', '=', metric)
    .where('r.ts', '>=', from)
    .where('r.ts', '<', to)
    .groupBy(bucket)
    .orderBy(bucket)
    .execute();
}

export function rejectionsOf(db: Executor, deviceId: number) {
  return db.selectFrom('devices.rejections').selectAll().where('device_id', '=', deviceId).orderBy('reason').execute();
}

export function rejectionTotals(db: Executor) {
  return db
    .selectFrom('devices.rejections')
    .select(['reason', (eb) => eb.fn.sum<number>('count').as('count'), (eb) => eb.fn.max('last_at').as('last_at')])
    .groupBy('reason')
    .execute();
}

const PARTITION = /^readings_(\d{8})$/;
const dayName = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');

/** Daily partitions of the readings (days since the epoch, UTC), made where missing. */
export async function ensurePartitions(db: Executor, days: number[]) {
  const existing = new Set(await partitionDays(db));
  for (const day of [...new Set(days)].sort((a, b) => a - b)) {
    if (existing.has(day)) continue;
    const from = new Date(day * 86_400_000).toISOString();
    const to = new Date((day + 1) * 86_400_000).toISOString();
    try {
      await sql`create table if not exists ${sql.raw(`devices.readings_${dayName(day)}`)} partition of devices.readings for values from (${sql.lit(from)}) to (${sql.lit(to)})`.execute(
        db,
      );
    } catch (e) {
      // Another server made it at the same moment.
      if (!['42P07', '42P17', '23505'].includes((e as { code?: string }).code ?? '')) throw e;
    }
  }
}

export async function partitionDays(db: Executor): Promise<number[]> {
  const rows = await sql<{ name: string }>`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'devices.readings'::regclass`.execute(db);
  return rows.rows
    .map((r) => PARTITION.exec(r.name)?.[1])
    .filter((s): s is string => Boolean(s))
    .map((s) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(4, 6)) - 1, Number(s.slice(6, 8))) / 86_400_000)
    .sort((a, b) => a - b);
}

export async function dropPartitions(db: Executor, days: number[]) {
  for (const day of days) await sql`drop table if exists ${sql.raw(`devices.readings_${dayName(day)}`)}`.execute(db);
}

// ---------- rules ----------

export function allRules(db: Executor) {
  return db.selectFrom('devices.rules').selectAll().orderBy('id').execute();
}

export function ruleById(db: Executor, id: number) {
  return db.selectFrom('devices.rules').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertRules(db: Executor, rows: Insertable<RuleTable>[]) {
  if (rows.length === 0) return [];
  return db.insertInto('devices.rules').values(rows).returningAll().execute();
}

export async function updateRule(db: Executor, id: number, patch: Updateable<RuleTable>, at: Date) {
  return db
    .updateTable('devices.rules')
    .set({ ...patch, updated_at: at })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteRule(db: Executor, id: number) {
  await db.deleteFrom('devices.rules').where('id', '=', id).execute();
}

// ---------- alarms ----------

const alarmBase = (db: Executor) =>
  db
    .selectFrom('devices.alarms as a')
    .innerJoin('devices.devices as d', 'd.id', 'a.device_id')
    .selectAll('a')
    .select([
      'd.code as device_code',
      'd.name as device_name',
      'd.type as device_type',
      'd.lat as device_lat',
      'd.lng as device_lng',
      'd.address as device_address',
    ]);

export function alarmById(db: Executor, id: number): Promise<AlarmRow | undefined> {
  return alarmBase(db).where('a.id', '=', id).executeTakeFirst();
}

export function alarmForUpdate(db: Executor, id: number) {
  return db.selectFrom('devices.alarms').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function activeAlarmForUpdate(db: Executor, deviceId: number, type: string) {
  return db
    .selectFrom('devices.alarms')
    .selectAll()
    .where('device_id', '=', deviceId)
    .where('type', '=', type)
    .where('status', 'in', ['active_unack', 'active_ack'])
    .forUpdate()
    .executeTakeFirst();
}

export function activeAlarmKeys(db: Executor) {
  return db
    .selectFrom('devices.alarms')
    .select(['id', 'device_id', 'type', 'severity'])
    .where('status', 'in', ['active_unack', 'active_ack'])
    .execute();
}

export function alarmByMatter(db: Executor, matterId: number) {
  return db.selectFrom('devices.alarms').selectAll().where('matter_id', '=', matterId).forUpdate().executeTakeFirst();
}

export async function insertAlarm(db: Executor, row: Insertable<AlarmTable>) {
  return db.insertInto('devices.alarms').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateAlarm(db: Executor, id: number, patch: Updateable<AlarmTable>, at: Date) {
  return db
    .updateTable('devices.alarms')
    .set({ ...patch, updated_at: at })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface AlarmFilter {
  status?: AlarmStatus[] | undefined;
  severity?: Severity[] | undefined;
  type?: string | undefined;
  deviceCode?: string | undefined;
  /** Device code, name or address contains. */
  q?: string | undefined;
  communityId?: number | undefined;
  /** The communities of an area (areaId). */
  communityIds?: readonly number[] | undefined;
  gridId?: number | undefined;
  buildingId?: number | undefined;
  /** Only the alarms of devices in these buildings (a compound's). */
  buildingIds?: readonly number[] | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

/** An alarm's place, for area filters: the cockpit's counts and the list it drills into read the same. */
const AREA_COLUMNS = { community: 'a.community_id', grid: 'a.grid_id' };

export function listAlarms(db: Executor, scope: Scope, f: AlarmFilter, after: CursorKey | null, limit: number) {
  let q = alarmBase(db)
    .where((eb) => inScope(eb, scope, { division: 'a.community_id', grid: 'a.grid_id' }))
    .orderBy('a.started_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit + 1);
  if (f.status?.length) q = q.where('a.status', 'in', f.status);
  if (f.severity?.length) q = q.where('a.severity', 'in', f.severity);
  if (f.type) q = q.where('a.type', '=', f.type);
  if (f.deviceCode) q = q.where('d.code', '=', f.deviceCode);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([eb('d.code', 'ilike', like), eb('d.name', 'ilike', like), eb('d.address', 'ilike', like)]),
    );
  }
  if (f.communityId !== undefined) q = q.where('a.community_id', '=', f.communityId);
  if (f.communityIds) q = q.where((eb) => inArea(eb, { communityIds: f.communityIds }, AREA_COLUMNS));
  if (f.gridId !== undefined) q = q.where('a.grid_id', '=', f.gridId);
  if (f.buildingId !== undefined) q = q.where('a.building_id', '=', f.buildingId);
  if (f.buildingIds)
    q = q.where((eb) => (f.buildingIds!.length ? eb('a.building_id', 'in', [...f.buildingIds!]) : eb.lit(false)));
  if (f.from) q = q.where('a.started_at', '>=', f.from);
  if (f.to) q = q.where('a.started_at', '<', f.to);
  if (after) {
    const at = new Date(String(after.sort));
    q = q.where((eb) =>
      eb.or([eb('a.started_at', '<', at), eb.and([eb('a.started_at', '=', at), eb('a.id', '<', after.id)])]),
    );
  }
  return q.execute();
}

/** Active alarms (acknowledged or not) of a scope and area, counted by severity: the cockpit's tile. */
export function countActiveAlarms(db: Executor, scope: Scope, area: AreaFilter) {
  return db
    .selectFrom('devices.alarms as a')
    .select(['a.severity', (eb) => eb.fn.countAll<string>().as('n')])
    .where((eb) => inScope(eb, scope, { division: 'a.community_id', grid: 'a.grid_id' }))
    .where((eb) => inArea(eb, area, AREA_COLUMNS))
    .where('a.status', 'in', ['active_unack', 'active_ack'])
    .groupBy('a.severity')
    .execute();
}

/**
 * Buildings whose devices of a type raised alarms started from `from` to before `to`, with the
 * alarms and where the devices stand: early warning's coincidence rules (数据碰撞) read them.
 */
export function alarmsByBuilding(db: Executor, deviceType: DeviceType, from: Date, to: Date) {
  return db
    .selectFrom('devices.alarms as a')
    .innerJoin('devices.devices as d', 'd.id', 'a.device_id')
    .select([
      'a.building_id',
      'a.community_id',
      (eb) => eb.fn.max('a.grid_id').as('grid_id'),
      (eb) => eb.fn.avg<number>('d.lat').as('lat'),
      (eb) => eb.fn.avg<number>('d.lng').as('lng'),
      sql<number[]>`array_agg(a.id order by a.id)`.as('alarm_ids'),
    ])
    .where('d.type', '=', deviceType)
    .where('a.building_id', 'is not', null)
    .where('a.started_at', '>=', from)
    .where('a.started_at', '<', to)
    .groupBy(['a.building_id', 'a.community_id'])
    .execute();
}

/** Alarms whose matter is still to be opened or resolved (marked in their details by the alarm's transaction). */
export function alarmsAwaitingMatter(db: Executor) {
  return db
    .selectFrom('devices.alarms')
    .select('id')
    .where(
      sql<boolean>`(matter_id is null and details ? 'matterPending') or (matter_id is not null and details ? 'matterResolve')`,
    )
    .orderBy('id')
    .execute();
}

/** Latest values at or after `since`, with their metric's name, per device in time order. */
export function recentLatest(db: Executor, since: Date) {
  return db
    .selectFrom('devices.latest as l')
    .innerJoin('devices.metrics as m', 'm.id', 'l.metric_id')
    .select(['l.device_id', 'm.code as metric', 'l.ts', 'l.value'])
    .where('l.ts', '>=', since)
    .orderBy('l.device_id')
    .orderBy('l.ts')
    .execute();
}

/** The times of alarm transitions at or after `since` (a transition at or after a reading has seen it). */
export function alarmMarksSince(db: Executor, since: Date) {
  return db
    .selectFrom('devices.alarms')
    .select(['device_id', 'type', 'last_at', 'cleared_at'])
    .where((eb) => eb.or([eb('last_at', '>=', since), eb('cleared_at', '>=', since)]))
    .execute();
}

export function alarmPlain(db: Executor, id: number) {
  return db.selectFrom('devices.alarms').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Links an alarm to the matter opened for it, unless one is linked already; removes the mark. */
export function linkMatter(db: Executor, id: number, matterId: number, _at: Date) {
  return db
    .updateTable('devices.alarms')
    .set({ matter_id: matterId, details: sql`details - 'matterPending'` })
    .where('id', '=', id)
    .where('matter_id', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export async function dropAlarmMark(db: Executor, id: number, mark: 'matterPending' | 'matterResolve') {
  await db
    .updateTable('devices.alarms')
    .set({ details: sql`details - ${mark}::text` })
    .where('id', '=', id)
    .execute();
}

/** The active alarms of several (device, type) keys, locked, in id order. */
export function activeAlarmsForUpdate(db: Executor, keys: Array<{ deviceId: number; type: string }>) {
  if (keys.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('devices.alarms')
    .selectAll()
    .where(
      sql<boolean>`(device_id, type) in (select * from unnest(${keys.map((k) => k.deviceId)}::int[], ${keys.map((k) => k.type)}::text[]))`,
    )
    .where('status', 'in', ['active_unack', 'active_ack'])
    .orderBy('id')
    .forUpdate()
    .execute();
}
