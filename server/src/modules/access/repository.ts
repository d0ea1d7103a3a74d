import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type { EntryMethod, EntryTable, PassTable, PersonTable, VehicleTable, WatchTable } from './tables.ts';

export type PersonRow = Selectable<PersonTable>;
export type VehicleRow = Selectable<VehicleTable>;
export type PassRow = Selectable<PassTable>;
export type EntryRow = Selectable<EntryTable>;
export type WatchRow = Selectable<WatchTable>;

const DAY = 86_400_000;

// ---------- people and vehicles ----------

export function insertPerson(db: Executor, row: Insertable<PersonTable>) {
  return db.insertInto('access.people').values(row).returningAll().executeTakeFirstOrThrow();
}
export function updatePerson(db: Executor, id: number, set: Updateable<PersonTable>) {
  return db.updateTable('access.people').set(set).where('id', '=', id).execute();
}
export function personById(db: Executor, id: number) {
  return db.selectFrom('access.people').selectAll().where('id', '=', id).executeTakeFirst();
}
export function peopleOf(db: Executor, compoundId: number, afterId: number | undefined, limit: number) {
  let q = db.selectFrom('access.people').selectAll().where('compound_id', '=', compoundId);
  if (afterId !== undefined) q = q.where('id', '<', afterId);
  return q
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
}
/** The active registrations of a person (an org person) as a resident or tenant. */
export function residencesOf(db: Executor, personId: number) {
  return db
    .selectFrom('access.people')
    .selectAll()
    .where('person_id', '=', personId)
    .where('active', '=', true)
    .where('kind', 'in', ['resident', 'tenant'])
    .execute();
}
export function personByCard(db: Executor, compoundId: number, hash: string) {
  return db
    .selectFrom('access.people')
    .selectAll()
    .where('compound_id', '=', compoundId)
    .where('card_hash', '=', hash)
    .executeTakeFirst();
}

export function insertVehicle(db: Executor, row: Insertable<VehicleTable>) {
  return db.insertInto('access.vehicles').values(row).returningAll().executeTakeFirstOrThrow();
}
export function updateVehicle(db: Executor, id: number, set: Updateable<VehicleTable>) {
  return db.updateTable('access.vehicles').set(set).where('id', '=', id).execute();
}
export function vehicleById(db: Executor, id: number) {
  return db.selectFrom('access.vehicles').selectAll().where('id', '=', id).executeTakeFirst();
}
export function vehiclesOf(db: Executor, compoundId: number, afterId: number | undefined, limit: number) {
  let q = db.selectFrom('access.vehicles').selectAll().where('compound_id', '=', compoundId);
  if (afterId !== undefined) q = q.where('id', '<', afterId);
  return q
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
}
export function vehicleByPlate(db: Executor, compoundId: number, plate: string) {
  return db
    .selectFrom('access.vehicles')
    .selectAll()
    .where('compound_id', '=', compoundId)
    .where('plate', '=', plate)
    .executeTakeFirst();
}

// ---------- passes ----------

export function insertPass(db: Executor, row: Insertable<PassTable>) {
  return db.insertInto('access.passes').values(row).returningAll().executeTakeFirstOrThrow();
}
export function passById(db: Executor, id: number, lock = false) {
  const q = db.selectFrom('access.passes').selectAll().where('id', '=', id);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}
export function revokePass(db: Executor, id: number, at: Date, by: number) {
  return db.updateTable('access.passes').set({ revoked_at: at, revoked_by: by }).where('id', '=', id).execute();
}
export function passesOf(
  db: Executor,
  f: {
    compoundId?: number | undefined;
    communityIds?: readonly number[];
    createdBy?: number;
    afterId?: number;
    limit: number;
  },
) {
  let q = db.selectFrom('access.passes').selectAll();
  if (f.compoundId !== undefined) q = q.where('compound_id', '=', f.compoundId);
  if (f.communityIds) q = q.where('community_id', 'in', f.communityIds.length ? f.communityIds : [0]);
  if (f.createdBy !== undefined) q = q.where('created_by', '=', f.createdBy);
  if (f.afterId !== undefined) q = q.where('id', '<', f.afterId);
  return q
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

// ---------- entries and their partitions ----------

export const dayOf = (at: Date) => Math.floor(at.getTime() / DAY);
const dayName = (day: number) => new Date(day * DAY).toISOString().slice(0, 10).replaceAll('-', '');
const PARTITION = /^entries_(\d{8})$/;

export async function partitionDays(db: Executor): Promise<number[]> {
  const rows = await sql<{ name: string }>`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'access.entries'::regclass`.execute(db);
  return rows.rows
    .map((r) => PARTITION.exec(r.name)?.[1])
    .filter((s): s is string => Boolean(s))
    .map((s) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(4, 6)) - 1, Number(s.slice(6, 8))) / DAY)
    .sort((a, b) => a - b);
}

/**
 * Makes a day's partition (UTC day) inside the caller's transaction, under a savepoint so that one
 * made by another server at the same moment costs nothing. Rows of that day already in the default
 * partition (made while the day had none) are moved into it.
 */
export async function ensurePartition(trx: Executor, day: number) {
  const name = sql.raw(`access.entries_${dayName(day)}`);
  const from = sql.lit(new Date(day * DAY).toISOString());
  const to = sql.lit(new Date((day + 1) * DAY).toISOString());
  const attached = await sql<{ n: number }>`
    select 1 as n from pg_inherits where inhrelid = to_regclass(${`access.entries_${dayName(day)}`})`.execute(trx);
  if (attached.rows.length > 0) return;
  await sql`savepoint access_partition`.execute(trx);
  try {
    await sql`create table if not exists ${name} (like access.entries including defaults including constraints)`.execute(
      trx,
    );
    await sql`with moved as (delete from access.entries_default where at >= ${from} and at < ${to} returning *)
      insert into ${name} select * from moved`.execute(trx);
    await sql`alter table access.entries attach partition ${name} for values from (${from}) to (${to})`.execute(trx);
    await sql`release savepoint access_partition`.execute(trx);
  } catch (e) {
    await sql`rollback to savepoint access_partition`.execute(trx);
    // Made by another server at the same moment, or attached already.
    if (!['42P07', '42P17', '23505', '42710'].includes((e as { code?: string }).code ?? '')) throw e;
  }
}

export async function dropPartitions(db: Executor, days: number[]) {
  for (const day of days) await sql`drop table if exists ${sql.raw(`access.entries_${dayName(day)}`)}`.execute(db);
}

/** Rows past the retention that landed in the default partition. */
export async function purgeDefault(db: Executor, before: Date) {
  await sql`delete from access.entries_default where at < ${before}`.execute(db);
}

export async function insertEntry(db: Executor, row: Insertable<EntryTable>) {
  return db
    .insertInto('access.entries')
    .values(row)
    .onConflict((oc) => oc.columns(['at', 'event_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export interface EntryFilter {
  communityIds: readonly number[];
  compoundId?: number | undefined;
  deviceId?: number | undefined;
  method?: EntryMethod | undefined;
  allowed?: boolean | undefined;
  plate?: string | undefined;
  personId?: number | undefined;
  from: Date;
  to: Date;
}

function filtered(db: Executor, f: EntryFilter) {
  let q = db
    .selectFrom('access.entries')
    .where('community_id', 'in', f.communityIds.length ? f.communityIds : [0])
    .where('at', '>=', f.from)
    .where('at', '<', f.to);
  if (f.compoundId !== undefined) q = q.where('compound_id', '=', f.compoundId);
  if (f.deviceId !== undefined) q = q.where('device_id', '=', f.deviceId);
  if (f.method) q = q.where('method', '=', f.method);
  if (f.allowed !== undefined) q = q.where('allowed', '=', f.allowed);
  if (f.plate) q = q.where('plate', '=', f.plate);
  if (f.personId !== undefined) q = q.where('person_id', '=', f.personId);
  return q;
}

export function searchEntries(db: Executor, f: EntryFilter, after: { at: Date; id: number } | null, limit: number) {
  let q = filtered(db, f).selectAll();
  if (after)
    q = q.where((eb) =>
      eb.or([eb('at', '<', after.at), eb.and([eb('at', '=', after.at), eb('id', '<', String(after.id))])]),
    );
  return q
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
}

/** Entries per gate and hour (UTC hours; the caller shows them in local time). */
export async function hourly(db: Executor, f: EntryFilter) {
  const rows = await filtered(db, f)
    .select([
      'device_id',
      'device_code',
      sql<string>`to_char(date_trunc('hour', at at time zone 'UTC'), 'YYYY-MM-DD"T"HH24:00:00"Z"')`.as('hour'),
      sql<string>`count(*)`.as('n'),
      sql<string>`count(*) filter (where not allowed)`.as('refused'),
    ])
    .groupBy(['device_id', 'device_code', sql`3`])
    .orderBy('device_id')
    .orderBy(sql`3`)
    .execute();
  return rows.map((r) => ({
    deviceId: r.device_id,
    deviceCode: r.device_code,
    hour: r.hour,
    entries: Number(r.n),
    refused: Number(r.refused),
  }));
}

/** The last time each person was let through a gate, at or before `now`. */
export async function lastSeen(db: Executor, personIds: readonly number[], now: Date) {
  if (personIds.length === 0) return new Map<number, Date>();
  const rows = await db
    .selectFrom('access.entries')
    .select(['person_id', sql<Date>`max(at)`.as('at')])
    .where('person_id', 'in', personIds)
    .where('allowed', '=', true)
    .where('at', '<=', now)
    .groupBy('person_id')
    .execute();
  return new Map(rows.map((r) => [r.person_id!, new Date(r.at)]));
}

// ---------- watch list and alarms ----------

export function insertWatch(db: Executor, row: Insertable<WatchTable>) {
  return db.insertInto('access.watch').values(row).returningAll().executeTakeFirstOrThrow();
}
export function watchById(db: Executor, id: number) {
  return db.selectFrom('access.watch').selectAll().where('id', '=', id).executeTakeFirst();
}
export function closeWatch(db: Executor, id: number, at: Date, by: number) {
  return db
    .updateTable('access.watch')
    .set({ status: 'closed', closed_at: at, closed_by: by })
    .where('id', '=', id)
    .execute();
}
export function watchList(
  db: Executor,
  f: { communityIds: readonly number[]; status?: 'active' | 'closed' | undefined; afterId?: number; limit: number },
) {
  let q = db
    .selectFrom('access.watch')
    .selectAll()
    .where('community_id', 'in', f.communityIds.length ? f.communityIds : [0]);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.afterId !== undefined) q = q.where('id', '<', f.afterId);
  return q
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
}
/** Active watches of a community an entry matches: its person, plate or card. */
export function watchMatches(
  db: Executor,
  communityId: number,
  m: { personId: number | null; plate: string | null; cardHash: string | null },
) {
  return db
    .selectFrom('access.watch')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('status', '=', 'active')
    .where((eb) =>
      eb.or([
        ...(m.personId !== null ? [eb('person_id', '=', m.personId)] : []),
        ...(m.plate !== null ? [eb('plate', '=', m.plate)] : []),
        ...(m.cardHash !== null ? [eb('card_hash', '=', m.cardHash)] : []),
        eb.val(false),
      ]),
    )
    .orderBy('id')
    .execute();
}

export function alarmsOf(db: Executor, communityIds: readonly number[], afterId: number | undefined, limit: number) {
  let q = db
    .selectFrom('access.alarms as a')
    .innerJoin('access.watch as w', 'w.id', 'a.watch_id')
    .select([
      'a.id',
      'a.watch_id',
      'a.entry_at',
      'a.community_id',
      'a.compound_id',
      'a.device_code',
      'a.method',
      'a.matter_id',
      'a.created_at',
      'w.reason',
      'w.plate',
      'w.person_id',
      'w.card_last4',
    ])
    .where('a.community_id', 'in', communityIds.length ? communityIds : [0]);
  if (afterId !== undefined) q = q.where('a.id', '<', afterId);
  return q
    .orderBy('a.id', 'desc')
    .limit(limit + 1)
    .execute();
}
