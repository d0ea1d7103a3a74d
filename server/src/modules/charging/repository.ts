import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { inArea, inScope, type Scope } from '../../platform/access.ts';
import type { CursorKey } from '../../platform/pagination.ts';
import { containsLike } from '../../platform/sql.ts';
import type { PortTable, SessionTable, StationTable, TariffTable, WalletEntryTable } from './tables.ts';
import { hasChanges } from '../../platform/sql.ts';

export type StationRow = Selectable<StationTable>;
export type PortRow = Selectable<PortTable>;
export type TariffRow = Selectable<TariffTable>;
export type SessionRow = Selectable<SessionTable>;
export type WalletEntryRow = Selectable<WalletEntryTable>;

export async function insertStation(db: Executor, row: Insertable<StationTable>) {
  return db.insertInto('charging.stations').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function stationById(db: Executor, id: number) {
  return db.selectFrom('charging.stations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listStations(
  db: Executor,
  scope: Scope,
  filter: { communityId?: number | undefined; q?: string | undefined },
  after: CursorKey | null,
  limit: number,
) {
  let q = db
    .selectFrom('charging.stations as s')
    .selectAll('s')
    .select((eb) =>
      eb
        .selectFrom('charging.ports as p')
        .whereRef('p.station_id', '=', 's.id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('port_count'),
    )
    .where((eb) => inScope(eb, scope, { division: 's.community_id', grid: 's.grid_id' }))
    .orderBy('s.id')
    .limit(limit + 1);
  if (filter.communityId) q = q.where('s.community_id', '=', filter.communityId);
  if (filter.q) q = q.where('s.name', 'ilike', containsLike(filter.q));
  if (after) q = q.where('s.id', '>', after.id);
  return q.execute();
}

export async function portsOf(db: Executor, stationIds: number[]) {
  if (stationIds.length === 0) return [];
  return db.selectFrom('charging.ports').selectAll().where('station_id', 'in', stationIds).orderBy('label').execute();
}

export async function insertPort(db: Executor, row: Insertable<PortTable>) {
  return db.insertInto('charging.ports').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateStation(db: Executor, id: number, patch: Updateable<StationTable>) {
  if (!hasChanges(patch)) return;
  await db.updateTable('charging.stations').set(patch).where('id', '=', id).execute();
}

export async function updatePort(db: Executor, id: number, patch: Updateable<PortTable>) {
  if (!hasChanges(patch)) return;
  await db.updateTable('charging.ports').set(patch).where('id', '=', id).execute();
}

export async function portById(db: Executor, id: number) {
  return db.selectFrom('charging.ports').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function portByDevice(db: Executor, device: { code: string; port: number; id: number | null }) {
  const byCode = await db
    .selectFrom('charging.ports')
    .selectAll()
    .where('device_code', '=', device.code)
    .where('device_port', '=', device.port)
    .executeTakeFirst();
  if (byCode || device.id === null) return byCode;
  return db
    .selectFrom('charging.ports')
    .selectAll()
    .where('device_id', '=', device.id)
    .where('device_port', '=', device.port)
    .executeTakeFirst();
}

export async function tariffsOf(db: Executor, stationId: number) {
  return db
    .selectFrom('charging.tariffs')
    .selectAll()
    .where('station_id', '=', stationId)
    .orderBy('effective_from', 'desc')
    .execute();
}

export async function insertTariff(db: Executor, row: Insertable<TariffTable>) {
  return db.insertInto('charging.tariffs').values(row).returningAll().executeTakeFirstOrThrow();
}

/** The latest time a bill of the station was made for (a new tariff may not reach behind it). */
export async function lastBilledStop(db: Executor, stationId: number): Promise<Date | null> {
  const row = await db
    .selectFrom('charging.sessions')
    .select((eb) => eb.fn.max('stopped_at').as('at'))
    .where('station_id', '=', stationId)
    .where('status', '=', 'completed')
    .executeTakeFirst();
  return (row?.at as Date | null | undefined) ?? null;
}

export async function lockStation(db: Executor, id: number) {
  return db.selectFrom('charging.stations').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function chargingOnPort(db: Executor, portId: number) {
  return db
    .selectFrom('charging.sessions')
    .selectAll()
    .where('port_id', '=', portId)
    .where('status', '=', 'charging')
    .forUpdate()
    .executeTakeFirst();
}

export async function sessionByRef(db: Executor, portId: number, ref: string) {
  return db
    .selectFrom('charging.sessions')
    .selectAll()
    .where('port_id', '=', portId)
    .where('session_ref', '=', ref)
    .executeTakeFirst();
}

export async function insertSession(db: Executor, row: Insertable<SessionTable>) {
  return db.insertInto('charging.sessions').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function sessionForUpdate(db: Executor, id: number) {
  return db.selectFrom('charging.sessions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function sessionById(db: Executor, id: number) {
  return db.selectFrom('charging.sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateSession(db: Executor, id: number, patch: Updateable<SessionTable>) {
  return db.updateTable('charging.sessions').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function listSessions(
  db: Executor,
  scope: Scope,
  filter: {
    stationId?: number | undefined;
    status?: string | undefined;
    from?: Date | undefined;
    to?: Date | undefined;
  },
  after: CursorKey | null,
  limit: number,
) {
  let q = db
    .selectFrom('charging.sessions')
    .selectAll()
    .where((eb) => inScope(eb, scope, { division: 'community_id', grid: 'grid_id' }))
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (filter.stationId) q = q.where('station_id', '=', filter.stationId);
  if (filter.status) q = q.where('status', '=', filter.status as SessionRow['status']);
  if (filter.from) q = q.where('started_at', '>=', filter.from);
  if (filter.to) q = q.where('started_at', '<', filter.to);
  if (after) q = q.where('id', '<', after.id);
  return q.execute();
}

/**
 * Sessions that stopped in a period, summed per station and local month (the month the
 * session stopped in, in the given time zone), for the monthly statistics.
 */
export async function monthlyTotals(
  db: Executor,
  scope: Scope,
  filter: { stationId?: number | undefined; communityId?: number | undefined; communityIds?: readonly number[] },
  period: { from: Date; to: Date; timeZone: string; fullChargeWh: number },
) {
  let q = db
    .selectFrom('charging.sessions')
    .select([
      'station_id',
      sql<string>`to_char(stopped_at at time zone ${period.timeZone}, 'YYYY-MM')`.as('month'),
      sql<number>`count(*) filter (where status = 'completed')`.as('sessions'),
      sql<number>`coalesce(sum(energy_wh) filter (where status = 'completed'), 0)`.as('energy_wh'),
      sql<number>`coalesce(sum(electricity_fen) filter (where status = 'completed'), 0)`.as('electricity_fen'),
      sql<number>`coalesce(sum(service_fen) filter (where status = 'completed'), 0)`.as('service_fen'),
      sql<number>`coalesce(sum(total_fen) filter (where status = 'completed'), 0)`.as('total_fen'),
      sql<number>`count(*) filter (where status = 'completed' and energy_wh >= ${period.fullChargeWh})`.as(
        'full_charges',
      ),
      sql<number>`coalesce(sum(total_fen) filter (where status = 'completed' and energy_wh >= ${period.fullChargeWh}), 0)`.as(
        'full_total_fen',
      ),
      sql<number>`count(*) filter (where status = 'flagged')`.as('flagged'),
    ])
    .where((eb) => inScope(eb, scope, { division: 'community_id', grid: 'grid_id' }))
    .where('status', 'in', ['completed', 'flagged'])
    .where('stopped_at', '>=', period.from)
    .where('stopped_at', '<', period.to)
    .groupBy(['station_id', sql`2`])
    .orderBy('station_id')
    .orderBy(sql`2`);
  if (filter.stationId) q = q.where('station_id', '=', filter.stationId);
  if (filter.communityId) q = q.where('community_id', '=', filter.communityId);
  if (filter.communityIds)
    q = q.where((eb) =>
      inArea(eb, { communityIds: filter.communityIds }, { community: 'community_id', grid: 'grid_id' }),
    );
  return q.execute();
}

export async function stationNames(db: Executor, ids: number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('charging.stations').select(['id', 'name']).where('id', 'in', ids).execute();
}

/** The ports of a station with a session charging now. */
export async function busyPorts(db: Executor, stationId: number) {
  const rows = await db
    .selectFrom('charging.sessions')
    .select('port_id')
    .where('station_id', '=', stationId)
    .where('status', '=', 'charging')
    .execute();
  return new Set(rows.map((r) => r.port_id));
}

// ---------- payers: ports by code, meters, balances ----------

export async function portByCode(db: Executor, code: string) {
  return db.selectFrom('charging.ports').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function portForUpdate(db: Executor, id: number) {
  return db.selectFrom('charging.ports').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Keeps a charger's meter reading for the port, unless a later one is kept already. */
export async function notePortMeter(db: Executor, portId: number, meterWh: number, at: Date) {
  await db
    .updateTable('charging.ports')
    .set({ meter_wh: meterWh, meter_at: at })
    .where('id', '=', portId)
    .where((eb) => eb.or([eb('meter_at', 'is', null), eb('meter_at', '<=', at)]))
    .execute();
}

export async function sessionsOfPayer(
  db: Executor,
  payerId: number,
  filter: { stoppedFrom?: Date; stoppedTo?: Date },
  after: CursorKey | null,
  limit: number,
) {
  let q = db
    .selectFrom('charging.sessions')
    .selectAll()
    .where('payer_id', '=', payerId)
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (filter.stoppedFrom) q = q.where('stopped_at', '>=', filter.stoppedFrom);
  if (filter.stoppedTo) q = q.where('stopped_at', '<', filter.stoppedTo);
  if (after) q = q.where('id', '<', after.id);
  return q.execute();
}

/** A session of the payer still charging, or billed and not paid. */
export async function openSessionOfPayer(db: Executor, payerId: number) {
  return db
    .selectFrom('charging.sessions')
    .selectAll()
    .where('payer_id', '=', payerId)
    .where((eb) =>
      eb.or([eb('status', '=', 'charging'), eb.and([eb('status', '=', 'completed'), eb('paid_at', 'is', null)])]),
    )
    .orderBy('id')
    .executeTakeFirst();
}

/** The user's balance row, locked; made (empty) on first use. */
export async function walletForUpdate(db: Executor, userId: number, at: Date) {
  await db
    .insertInto('charging.wallets')
    .values({ user_id: userId, updated_at: at })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
  return db
    .selectFrom('charging.wallets')
    .selectAll()
    .where('user_id', '=', userId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export async function balanceOf(db: Executor, userId: number): Promise<number> {
  const row = await db
    .selectFrom('charging.wallets')
    .select('balance_fen')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.balance_fen ?? 0;
}

/** Moves a locked balance by a signed amount and records the entry. */
export async function addWalletEntry(
  db: Executor,
  entry: Omit<Insertable<WalletEntryTable>, 'balance_after_fen'>,
  balanceBeforeFen: number,
) {
  const after = balanceBeforeFen + Number(entry.amount_fen);
  await db
    .updateTable('charging.wallets')
    .set({ balance_fen: after, updated_at: entry.created_at })
    .where('user_id', '=', entry.user_id)
    .execute();
  return db
    .insertInto('charging.wallet_entries')
    .values({ ...entry, balance_after_fen: after })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function walletEntries(db: Executor, userId: number, period: { from?: Date; to?: Date }, limit: number) {
  let q = db
    .selectFrom('charging.wallet_entries')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit);
  if (period.from) q = q.where('created_at', '>=', period.from);
  if (period.to) q = q.where('created_at', '<', period.to);
  return q.execute();
}
