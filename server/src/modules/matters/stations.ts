import type { z } from 'zod';
import { covers, requireActor, requirePermission, scopeFor } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { distanceMeters } from '../../platform/geo.ts';
import { localParts, timeToSeconds, weekday } from '../../platform/local-time.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import type { MattersDependencies } from './dependencies.ts';
import { presentStation } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { OpeningHours, StationTable } from './tables.ts';
import type { Selectable } from 'kysely';
import type { Executor } from '../../db/connection.ts';

/** Whether a station is open at a moment, by its weekly hours in local time. */
export function isOpen(hours: OpeningHours, at: Date, timeZone: string): boolean {
  if (hours.always) return true;
  const { date, seconds } = localParts(at, timeZone);
  return (hours.weekly?.[String(weekday(date))] ?? []).some(
    ([from, to]) => seconds >= timeToSeconds(from) && seconds < timeToSeconds(to),
  );
}

/** Which stations a nearest-stations search keeps, and how many. */
export interface NearestStationsOptions {
  kind?: string | undefined;
  facility?: string | undefined;
  service?: string | undefined;
  openNow: boolean;
  limit: number;
}

/** Service stations (服务站点) on the map, and the grid workers' duty rota (值班表). */
export class Stations {
  constructor(private readonly deps: MattersDependencies) {}

  private present(s: Selectable<StationTable>, now: Date, distance?: number) {
    return presentStation(s, isOpen(s.opening_hours, now, this.deps.timeZone), distance);
  }

  /**
   * Stations by distance. The GiST index yields them nearest first by distance in
   * degrees, which stretches east–west by 1/cos(latitude); the true distances of the
   * candidates are worked out, and more are fetched until every station that could be
   * nearer than the last one kept has been seen.
   */
  async nearestStations(lat: number, lng: number, options: NearestStationsOptions, db: Executor = this.deps.db) {
    const now = this.deps.clock.now();
    const local = localParts(now, this.deps.timeZone);
    const openAt = options.openNow ? { weekday: weekday(local.date), hhmm: local.time } : undefined;
    const metersPerDegree = 111_320 * Math.cos((lat * Math.PI) / 180);
    for (let fetch = Math.max(8, options.limit * 4); ; fetch *= 4) {
      const rows = await repo.stationsNearestFirst(
        db,
        lat,
        lng,
        { kind: options.kind, facility: options.facility, service: options.service, openAt },
        fetch,
      );
      const ranked = rows.map((s) => ({ s, d: distanceMeters(lat, lng, s.lat, s.lng) })).sort((a, b) => a.d - b.d);
      const kept = ranked.slice(0, options.limit);
      const exhausted = rows.length < fetch;
      // A station not fetched lies farther (in degrees) than the last fetched; in metres at least that times metersPerDegree.
      const reach = rows.length ? Number(rows[rows.length - 1]!.degrees) * metersPerDegree : Infinity;
      if (exhausted || (kept.length === options.limit && kept[kept.length - 1]!.d <= reach)) {
        return kept.map(({ s, d }) => this.present(s, now, d));
      }
    }
  }

  async nearest(ctx: RequestContext, q: z.infer<typeof S.NearestStationsQuery>) {
    requireActor(ctx.actor);
    return { items: await this.nearestStations(q.lat, q.lng, q) };
  }

  async list(ctx: RequestContext, q: z.infer<typeof S.StationListQuery>) {
    requireActor(ctx.actor);
    // Stations are public places; anyone signed in may look them up. Filters narrow by area.
    const divisionIds = q.communityId ? [q.communityId] : undefined;
    const after = decodeCursor(q.cursor);
    const rows = await repo.listStations(
      this.deps.db,
      { divisionIds, kind: q.kind, q: q.q },
      after?.id ?? null,
      q.limit,
    );
    const now = this.deps.clock.now();
    return toPage(
      rows,
      q.limit,
      (s) => this.present(s, now),
      (s) => ({ sort: null, id: s.id }),
    );
  }

  async create(ctx: RequestContext, body: z.infer<typeof S.CreateStationBody>) {
    const { db, clock, audit } = this.deps;
    const scope = requirePermission(ctx.actor, 'matters.manage');
    const place = { divisionId: body.divisionId, gridId: null };
    if (!covers(scope, place)) throw new AppError('forbidden');
    const now = clock.now();
    const id = await db.transaction().execute(async (trx) => {
      const stationId = await repo.insertStation(
        trx,
        {
          kind: body.kind,
          name: body.name,
          division_id: body.divisionId,
          lat: body.lat,
          lng: body.lng,
          address: body.address,
          phone: body.phone,
          facilities: body.facilities,
          services: body.services,
          capacity: body.capacity,
          opening_hours: JSON.stringify(body.openingHours),
          active: body.active,
        },
        now,
      );
      await audit.record(trx, ctx, {
        action: 'matters.station.create',
        entityType: 'station',
        entityId: stationId,
        place,
        details: { name: body.name },
      });
      return stationId;
    });
    return this.present((await repo.stationById(db, id))!, now);
  }

  async update(ctx: RequestContext, id: number, body: z.infer<typeof S.UpdateStationBody>) {
    const { db, clock, audit } = this.deps;
    const s = await repo.stationById(db, id);
    if (!s) throw new AppError('not_found');
    const scope = requirePermission(ctx.actor, 'matters.manage');
    if (!covers(scope, { divisionId: s.division_id, gridId: null })) throw new AppError('forbidden');
    if (body.divisionId !== undefined && !covers(scope, { divisionId: body.divisionId, gridId: null }))
      throw new AppError('forbidden');
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      await repo.updateStation(
        trx,
        id,
        {
          kind: body.kind,
          name: body.name,
          division_id: body.divisionId,
          lat: body.lat ?? s.lat,
          lng: body.lng ?? s.lng,
          address: body.address,
          phone: body.phone,
          facilities: body.facilities,
          services: body.services,
          capacity: body.capacity,
          ...(body.openingHours ? { opening_hours: JSON.stringify(body.openingHours) } : {}),
          active: body.active,
        },
        now,
      );
      await audit.record(trx, ctx, {
        action: 'matters.station.update',
        entityType: 'station',
        entityId: id,
        place: { divisionId: s.division_id, gridId: null },
        details: { fields: Object.keys(body) },
      });
    });
    return this.present((await repo.stationById(db, id))!, now);
  }

  async addDuty(ctx: RequestContext, body: z.infer<typeof S.DutyBody>): Promise<z.infer<typeof S.DutyView>> {
    const { db, org, auth, audit } = this.deps;
    const place = await org.placeOfGrid(body.gridId);
    if (!place) throw new AppError('not_found');
    const scope = requirePermission(ctx.actor, 'matters.manage');
    if (!covers(scope, place)) throw new AppError('forbidden');
    if (body.endsAt <= body.startsAt)
      throw new AppError('validation_failed', {}, [{ path: 'body.endsAt', key: 'matters.duty_order' }]);
    const worker = await auth.actorOf(body.userId);
    if (!worker?.grants.some((g) => g.role === 'grid_worker' && g.gridId === body.gridId)) {
      throw new AppError('validation_failed', {}, [{ path: 'body.userId', key: 'matters.bad_assignee' }]);
    }
    const id = await db.transaction().execute(async (trx) => {
      const dutyId = await repo.insertDuty(trx, {
        grid_id: body.gridId,
        user_id: body.userId,
        starts_at: body.startsAt,
        ends_at: body.endsAt,
      });
      await audit.record(trx, ctx, {
        action: 'matters.duty.create',
        entityType: 'duty',
        entityId: dutyId,
        place,
        details: { userId: body.userId },
      });
      return dutyId;
    });
    return {
      id,
      gridId: body.gridId,
      userId: body.userId,
      userName: worker.displayName,
      startsAt: body.startsAt.toISOString(),
      endsAt: body.endsAt.toISOString(),
    };
  }

  async listDuty(ctx: RequestContext, q: z.infer<typeof S.DutyQuery>): Promise<z.infer<typeof S.DutyList>> {
    const { db, org, auth } = this.deps;
    const place = await org.placeOfGrid(q.gridId);
    if (!place || !covers(requirePermission(ctx.actor, 'matters.read'), place)) throw new AppError('not_found');
    const rows = await repo.dutyOfGrids(db, [q.gridId], q.from, q.to);
    const workers = new Map(
      (await auth.usersWithRole(['grid_worker'], { gridIds: [q.gridId] })).map((w) => [w.userId, w.displayName]),
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        gridId: r.grid_id,
        userId: r.user_id,
        userName: workers.get(r.user_id) ?? '',
        startsAt: r.starts_at.toISOString(),
        endsAt: r.ends_at.toISOString(),
      })),
    };
  }

  async removeDuty(ctx: RequestContext, id: number) {
    const { db, org, audit } = this.deps;
    const duty = await repo.dutyById(db, id);
    const place = duty ? await org.placeOfGrid(duty.grid_id) : null;
    if (!duty || !place) throw new AppError('not_found');
    if (!covers(requirePermission(ctx.actor, 'matters.manage'), place)) throw new AppError('forbidden');
    await db.transaction().execute(async (trx) => {
      await repo.deleteDuty(trx, id);
      await audit.record(trx, ctx, { action: 'matters.duty.delete', entityType: 'duty', entityId: id, place });
    });
  }

  // ---------- duty at a station ----------

  /** A station's place for scope checks: its division. */
  private async stationPlace(stationId: number) {
    const station = await repo.stationById(this.deps.db, stationId);
    return station ? { station, place: { divisionId: station.division_id, gridId: null } } : null;
  }

  /** Puts a member of staff on duty at a station: a help call there during the period reaches them. */
  async addStationDuty(
    ctx: RequestContext,
    stationId: number,
    body: z.infer<typeof S.StationDutyBody>,
  ): Promise<z.infer<typeof S.StationDutyView>> {
    const { db, auth, audit } = this.deps;
    const found = await this.stationPlace(stationId);
    if (!found) throw new AppError('not_found');
    if (!covers(requirePermission(ctx.actor, 'matters.manage'), found.place)) throw new AppError('forbidden');
    if (body.endsAt <= body.startsAt)
      throw new AppError('validation_failed', {}, [{ path: 'body.endsAt', key: 'matters.duty_order' }]);
    // Staff only (网格员, 调解员, 部门工作人员, 社区工作者 …), not residents.
    const staff = await auth.staffAmong([body.userId]);
    const person = staff.has(body.userId) ? await auth.actorOf(body.userId) : null;
    if (!person) throw new AppError('validation_failed', {}, [{ path: 'body.userId', key: 'matters.bad_assignee' }]);
    const id = await db.transaction().execute(async (trx) => {
      const dutyId = await repo.insertStationDuty(trx, {
        station_id: stationId,
        user_id: body.userId,
        starts_at: body.startsAt,
        ends_at: body.endsAt,
      });
      await audit.record(trx, ctx, {
        action: 'matters.duty.create',
        entityType: 'station',
        entityId: stationId,
        place: found.place,
        details: { userId: body.userId, stationDuty: dutyId },
      });
      return dutyId;
    });
    return {
      id,
      stationId,
      userId: body.userId,
      userName: person.displayName,
      startsAt: body.startsAt.toISOString(),
      endsAt: body.endsAt.toISOString(),
    };
  }

  async listStationDuty(
    ctx: RequestContext,
    stationId: number,
    q: z.infer<typeof S.StationDutyQuery>,
  ): Promise<z.infer<typeof S.StationDutyList>> {
    const { db, auth } = this.deps;
    const found = await this.stationPlace(stationId);
    if (!found || !covers(requirePermission(ctx.actor, 'matters.read'), found.place)) throw new AppError('not_found');
    const rows = await repo.stationDutyBetween(db, stationId, q.from, q.to);
    const names = new Map<number, string>();
    for (const userId of new Set(rows.map((r) => r.user_id)))
      names.set(userId, (await auth.contactOf(userId))?.name ?? '');
    return {
      items: rows.map((r) => ({
        id: r.id,
        stationId,
        userId: r.user_id,
        userName: names.get(r.user_id) ?? '',
        startsAt: r.starts_at.toISOString(),
        endsAt: r.ends_at.toISOString(),
      })),
    };
  }

  async removeStationDuty(ctx: RequestContext, dutyId: number) {
    const { db, audit } = this.deps;
    const duty = await repo.stationDutyById(db, dutyId);
    const found = duty ? await this.stationPlace(duty.station_id) : null;
    if (!duty || !found) throw new AppError('not_found');
    if (!covers(requirePermission(ctx.actor, 'matters.manage'), found.place)) throw new AppError('forbidden');
    await db.transaction().execute(async (trx) => {
      await repo.deleteStationDuty(trx, dutyId);
      await audit.record(trx, ctx, {
        action: 'matters.duty.delete',
        entityType: 'station',
        entityId: duty.station_id,
        place: found.place,
        details: { stationDuty: dutyId },
      });
    });
  }

  /** The stations I am on duty at now, whose facilities I keep current. */
  async myDutyStations(ctx: RequestContext): Promise<z.infer<typeof S.MyDutyStations>> {
    const actor = requireActor(ctx.actor);
    const now = this.deps.clock.now();
    const rows = await repo.dutyStationsOfUser(this.deps.db, actor.userId, now);
    return { items: rows.map((s) => ({ ...this.present(s, now), dutyEndsAt: s.duty_ends_at.toISOString() })) };
  }

  /**
   * The facilities a station has in working order, confirmed by the staff on duty there now (or
   * by staff who manage the station): couriers see the list and how fresh it is.
   */
  async confirmFacilities(ctx: RequestContext, id: number, body: z.infer<typeof S.StationFacilitiesBody>) {
    const { db, clock, audit } = this.deps;
    const actor = requireActor(ctx.actor);
    const found = await this.stationPlace(id);
    if (!found) throw new AppError('not_found');
    const onDuty = (await this.onDutyAt(id)).includes(actor.userId);
    if (!onDuty && !covers(scopeFor(actor, 'matters.manage'), found.place)) {
      // Those who may read the station's duty rota learn that they may not change it; others learn nothing.
      throw new AppError(covers(scopeFor(actor, 'matters.read'), found.place) ? 'forbidden' : 'not_found');
    }
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      await repo.updateStation(
        trx,
        id,
        { facilities: body.facilities, facilities_checked_at: now, facilities_checked_by: actor.userId },
        now,
      );
      await audit.record(trx, ctx, {
        action: 'matters.station.facilities',
        entityType: 'station',
        entityId: id,
        place: found.place,
        details: { before: found.station.facilities, after: body.facilities, onDuty },
      });
    });
    return this.present((await repo.stationById(db, id))!, now);
  }

  /** Who is on duty at a station now (a help call there tells them). */
  async onDutyAt(stationId: number, db: Executor = this.deps.db) {
    return (await repo.stationOnDuty(db, stationId, this.deps.clock.now())).map((r) => r.user_id);
  }
}
