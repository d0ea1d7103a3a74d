/** Matters' SQL, continued: service stations, duty rosters and Open311 clients. */
import { sql, type Insertable, type SqlBool, type Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { KIND_SERVICES, type MatterStatus, type Open311ClientTable, type StationTable } from './tables.ts';
import { containsLike } from '../../platform/sql.ts';

// ---------- stations ----------

type NewStation = Omit<Insertable<StationTable>, 'location' | 'created_at' | 'updated_at'>;
// A station offers its kind's services unless told otherwise (seeds and imports name only the kind).
const stationRow = (row: NewStation, now: Date): Insertable<StationTable> => ({
  ...row,
  services: row.services ?? [...KIND_SERVICES[row.kind]],
  location: `(${row.lng},${row.lat})`,
  created_at: now,
  updated_at: now,
});

export async function insertStation(db: Executor, row: NewStation, now: Date) {
  return (
    await db.insertInto('matters.stations').values(stationRow(row, now)).returning('id').executeTakeFirstOrThrow()
  ).id;
}

export async function insertStations(db: Executor, rows: NewStation[], now: Date) {
  for (let i = 0; i < rows.length; i += 1000)
    await db
      .insertInto('matters.stations')
      .values(rows.slice(i, i + 1000).map((r) => stationRow(r, now)))
      .execute();
}

export async function updateStation(
  db: Executor,
  id: number,
  patch: Omit<Updateable<StationTable>, 'location' | 'updated_at'>,
  now: Date,
) {
  const location =
    patch.lat !== undefined && patch.lng !== undefined ? { location: `(${patch.lng},${patch.lat})` } : {};
  await db
    .updateTable('matters.stations')
    .set({ ...patch, ...location, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export function stationById(db: Executor, id: number) {
  return db.selectFrom('matters.stations').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Active stations nearest first by the GiST index (distance in degrees, for ordering),
 * with the filters applied in the scan: kind, a facility, a service, and open at a moment (weekday
 * 0–6 and HH:MM in local time, against the weekly hours).
 */
export function stationsNearestFirst(
  db: Executor,
  lat: number,
  lng: number,
  filter: {
    kind?: string | undefined;
    facility?: string | undefined;
    service?: string | undefined;
    openAt?: { weekday: number; hhmm: string } | undefined;
  },
  limit: number,
) {
  let q = db
    .selectFrom('matters.stations as s')
    .selectAll()
    .select(sql<number>`s.location <-> point(${lng}, ${lat})`.as('degrees'))
    .where('s.active', '=', true)
    .orderBy(sql`s.location <-> point(${lng}, ${lat})`)
    .limit(limit);
  if (filter.kind) q = q.where('s.kind', '=', filter.kind as StationTable['kind']);
  if (filter.facility) q = q.where(sql<SqlBool>`s.facilities @> ${sql.val([filter.facility])}::text[]`);
  if (filter.service) q = q.where(sql<SqlBool>`s.services @> ${sql.val([filter.service])}::text[]`);
  if (filter.openAt) {
    const { weekday, hhmm } = filter.openAt;
    q = q.where(sql<SqlBool>`(coalesce((s.opening_hours->>'always')::boolean, false) or exists (
      select 1 from jsonb_array_elements(coalesce(s.opening_hours->'weekly'->${String(weekday)}, '[]'::jsonb)) r
      where r->>0 <= ${hhmm} and r->>1 > ${hhmm}))`);
  }
  return q.execute();
}

export function listStations(
  db: Executor,
  filter: { divisionIds?: readonly number[] | undefined; kind?: string | undefined; q?: string | undefined },
  afterId: number | null,
  limit: number,
) {
  let q = db
    .selectFrom('matters.stations')
    .selectAll()
    .orderBy('id')
    .limit(limit + 1);
  if (filter.divisionIds) q = q.where('division_id', 'in', filter.divisionIds.length ? [...filter.divisionIds] : [-1]);
  if (filter.kind) q = q.where('kind', '=', filter.kind as StationTable['kind'] & string);
  if (filter.q) q = q.where('name', 'ilike', containsLike(filter.q));
  if (afterId !== null) q = q.where('id', '>', afterId);
  return q.execute();
}

/**
 * Active stations offering any service, within a box (the GiST index on location answers
 * `<@ box`), for the service map.
 */
export function activeStationsInBox(db: Executor, box: { south: number; west: number; north: number; east: number }) {
  return db
    .selectFrom('matters.stations as s')
    .select(['s.id', 's.name', 's.kind', 's.services', 's.capacity', 's.lat', 's.lng'])
    .where('s.active', '=', true)
    .where(sql<SqlBool>`s.location <@ box(point(${box.west}, ${box.south}), point(${box.east}, ${box.north}))`)
    .where(sql<SqlBool>`cardinality(s.services) > 0`)
    .orderBy('s.id')
    .execute();
}

// ---------- duty ----------

export function onDuty(db: Executor, gridId: number, at: Date) {
  return db
    .selectFrom('matters.duty')
    .select(['user_id', 'starts_at', 'ends_at'])
    .where('grid_id', '=', gridId)
    .where('starts_at', '<=', at)
    .where('ends_at', '>', at)
    .orderBy('starts_at')
    .execute();
}

export async function insertDuty(
  db: Executor,
  row: { grid_id: number; user_id: number; starts_at: Date; ends_at: Date },
) {
  return (await db.insertInto('matters.duty').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function dutyOfGrids(db: Executor, gridIds: readonly number[], from: Date, to: Date) {
  if (gridIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('matters.duty')
    .selectAll()
    .where('grid_id', 'in', [...gridIds])
    .where('ends_at', '>', from)
    .where('starts_at', '<', to)
    .orderBy('starts_at')
    .execute();
}

export function dutyById(db: Executor, id: number) {
  return db.selectFrom('matters.duty').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteDuty(db: Executor, id: number) {
  await db.deleteFrom('matters.duty').where('id', '=', id).execute();
}

// ---------- Open311 clients ----------

export async function insertOpen311Client(db: Executor, row: Insertable<Open311ClientTable>) {
  return db
    .insertInto('matters.open311_clients')
    .values(row)
    .returning(['id', 'name', 'division_id', 'created_at'])
    .executeTakeFirstOrThrow();
}

export function open311ClientByKeyHash(db: Executor, hash: string) {
  return db
    .selectFrom('matters.open311_clients')
    .selectAll()
    .where('api_key_hash', '=', hash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export function open311Clients(db: Executor, divisionIds: readonly number[]) {
  if (divisionIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('matters.open311_clients')
    .select(['id', 'name', 'division_id', 'created_at', 'revoked_at'])
    .where('division_id', 'in', [...divisionIds])
    .orderBy('id')
    .execute();
}

export async function revokeOpen311Client(db: Executor, id: number, at: Date) {
  await db.updateTable('matters.open311_clients').set({ revoked_at: at }).where('id', '=', id).execute();
}

export function open311ClientById(db: Executor, id: number) {
  return db.selectFrom('matters.open311_clients').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Matters as Open311 lists them: by service, status, time; public fields only are used. */
export function open311Requests(
  db: Executor,
  filter: { ids?: number[]; categoryIds?: number[]; open?: boolean; from?: Date; to?: Date },
  limit: number,
) {
  let q = db
    .selectFrom('matters.matters as m')
    .innerJoin('matters.categories as c', 'c.id', 'm.category_id')
    .select([
      'm.id',
      'm.status',
      'm.description',
      'm.address',
      'm.lat',
      'm.lng',
      'm.department',
      'm.level',
      'm.photos',
      'm.created_at',
      'm.updated_at',
      'm.resolve_due_at',
      'm.reply',
      'm.open311_token',
      'm.attributes',
      'c.code as service_code',
      'c.name_zh as service_name',
      'c.department as category_department',
    ])
    .orderBy('m.id', 'desc')
    .limit(limit);
  if (filter.ids) q = q.where('m.id', 'in', filter.ids.length ? filter.ids : [-1]);
  if (filter.categoryIds) q = q.where('m.category_id', 'in', filter.categoryIds.length ? filter.categoryIds : [-1]);
  // For Open311 a resolved request is closed: the city has done its part.
  if (filter.open !== undefined) {
    const done: MatterStatus[] = ['resolved', 'closed', 'rejected', 'duplicate'];
    q = filter.open ? q.where('m.status', 'not in', done) : q.where('m.status', 'in', done);
  }
  if (filter.from) q = q.where('m.created_at', '>=', filter.from);
  if (filter.to) q = q.where('m.created_at', '<=', filter.to);
  return q.execute();
}

/**
 * The latest note each matter's handlers addressed to the public, for Open311 status_notes:
 * only from replying, resolving, rejecting or closing — a reporter's own words or a
 * worker's working note are not the city's answer.
 */
export async function latestPublicNotes(db: Executor, matterIds: readonly number[]) {
  if (matterIds.length === 0) return new Map<number, string>();
  const rows = await db
    .selectFrom('matters.timeline')
    .select(['matter_id', 'note'])
    .where('matter_id', 'in', [...matterIds])
    .where('internal', '=', false)
    .where('action', 'in', ['reply', 'resolve', 'resolve_on_spot', 'reject', 'close'])
    .where('note', '<>', '')
    .orderBy('matter_id')
    .orderBy('id', 'desc')
    .execute();
  const map = new Map<number, string>();
  for (const r of rows) if (!map.has(r.matter_id)) map.set(r.matter_id, r.note);
  return map;
}

// ---------- duty at a station ----------

export function stationOnDuty(db: Executor, stationId: number, at: Date) {
  return db
    .selectFrom('matters.station_duty')
    .select(['user_id'])
    .where('station_id', '=', stationId)
    .where('starts_at', '<=', at)
    .where('ends_at', '>', at)
    .orderBy('starts_at')
    .execute();
}

/** The stations a user is on duty at, at a moment, with when each duty ends. */
export function dutyStationsOfUser(db: Executor, userId: number, at: Date) {
  return db
    .selectFrom('matters.station_duty as d')
    .innerJoin('matters.stations as s', 's.id', 'd.station_id')
    .selectAll('s')
    .select(sql<Date>`max(d.ends_at)`.as('duty_ends_at'))
    .where('d.user_id', '=', userId)
    .where('d.starts_at', '<=', at)
    .where('d.ends_at', '>', at)
    .groupBy('s.id')
    .orderBy('s.name')
    .execute();
}

export async function insertStationDuty(
  db: Executor,
  row: { station_id: number; user_id: number; starts_at: Date; ends_at: Date },
) {
  return (await db.insertInto('matters.station_duty').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function stationDutyBetween(db: Executor, stationId: number, from: Date, to: Date) {
  return db
    .selectFrom('matters.station_duty')
    .selectAll()
    .where('station_id', '=', stationId)
    .where('ends_at', '>', from)
    .where('starts_at', '<', to)
    .orderBy('starts_at')
    .execute();
}

export function stationDutyById(db: Executor, id: number) {
  return db.selectFrom('matters.station_duty').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteStationDuty(db: Executor, id: number) {
  await db.deleteFrom('matters.station_duty').where('id', '=', id).execute();
}
