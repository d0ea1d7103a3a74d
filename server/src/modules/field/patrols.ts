import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import { covers, requirePermission, scopeFor } from '../../platform/access.ts';
import { type RequestContext, systemContext } from '../../platform/context.ts';
import { AppError, invalid, isUniqueViolation } from '../../platform/errors.ts';
import { addDays, localInstant } from '../../platform/local-time.ts';
import { withinChina } from '../org/geo.ts';
import { patrolFor, patrolPlace } from './access.ts';
import type { FieldDeps } from './deps.ts';
import { placesWith } from './places.ts';
import { presentCheckIn, presentPatrolSummary, trailOf } from './presenters.ts';
import * as repo from './repository.ts';
import { GRID_BUILDINGS_LIMIT } from './schema.ts';
import type * as S from './schema.ts';
import { toWgs84, trailMeters } from './trail.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/** A phone's clock runs a little ahead or behind the server's; samples this far either side still count. */
const CLOCK_SLACK_MS = 2 * 60_000;
/** Patrols one day's map answers with at most. */
const DAY_LIMIT = 500;
/** Patrols the auto-close job ends in one run. */
const CLOSE_BATCH = 200;

/** Rows by a key, each group in the rows' order. */
function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** A time the phone gives, held between two bounds (a phone's clock is not the record). */
function within(at: Date | undefined, from: Date, to: Date): Date {
  if (!at) return to;
  return new Date(Math.min(Math.max(at.getTime(), from.getTime()), to.getTime()));
}

const conflict = (key: 'field.patrol_open' | 'field.patrol_ended') => new AppError('conflict', {}, [{ key }]);

/**
 * Patrols (巡查, 每日巡): one open at a time per worker; location samples in batches, sent
 * again safely; check-ins at buildings of the worker's area; findings that become matters
 * (实时报); the distance along the trail; closed by the worker, or by the job when left open.
 */
export class Patrols {
  constructor(private readonly d: FieldDeps) {}

  private now() {
    return this.d.clock.now();
  }

  async start(ctx: RequestContext): Promise<View<typeof S.PatrolView>> {
    requirePermission(ctx.actor, 'field.patrol');
    const actor = ctx.actor!;
    const [place] = await placesWith(this.d.org, actor, 'field.patrol');
    const now = this.now();
    try {
      const patrol = await this.d.db.transaction().execute(async (trx) => {
        const p = await repo.insertPatrol(trx, {
          user_id: actor.userId,
          user_name: actor.displayName,
          division_id: place?.divisionId ?? null,
          grid_id: place?.gridId ?? null,
          started_at: now,
          ended_at: null,
          ended_by: null,
        });
        await this.d.audit.record(trx, ctx, {
          action: 'field.patrol.start',
          entityType: 'patrol',
          entityId: p.id,
          place: patrolPlace(p),
        });
        return p;
      });
      return this.present(ctx, patrol);
    } catch (e) {
      if (isUniqueViolation(e, 'patrols_one_open')) throw conflict('field.patrol_open');
      throw e;
    }
  }

  /** The open patrol, locked, for a change by its worker. */
  private async openForUpdate(trx: Executor, id: number) {
    const p = await repo.patrolForUpdate(trx, id);
    if (!p) throw new AppError('not_found');
    if (p.ended_at !== null) throw conflict('field.patrol_ended');
    return p;
  }

  async addSamples(ctx: RequestContext, id: number, body: z.infer<typeof S.SampleBody>) {
    const { patrol } = await patrolFor(this.d.db, ctx, id, 'act');
    if (patrol.ended_at !== null) throw conflict('field.patrol_ended');
    const now = this.now();
    // Every sample is checked before any is kept: a bad batch changes nothing.
    const rows = body.samples.map((s, i) => {
      const p = toWgs84({ lat: s.lat, lng: s.lng, datum: body.datum });
      if (!withinChina(p.lat, p.lng)) throw invalid(`body.samples.${i}`, 'org.outside_china');
      const t = s.at.getTime();
      if (t < patrol.started_at.getTime() - CLOCK_SLACK_MS || t > now.getTime() + CLOCK_SLACK_MS)
        throw invalid(`body.samples.${i}.at`, 'field.sample_time');
      return {
        patrol_id: id,
        sampled_at: s.at,
        lat: p.lat,
        lng: p.lng,
        accuracy_m: s.accuracy,
        poor: s.accuracy > this.d.options.maxAccuracyM,
      };
    });
    return this.d.db.transaction().execute(async (trx) => {
      const p = await this.openForUpdate(trx, id);
      const added = await repo.insertSamples(trx, rows);
      const distance = Math.round(trailMeters(await repo.samplesOf(trx, [id])));
      await repo.setDistance(trx, id, distance);
      const poor = added.filter((a) => a.poor).length;
      await this.d.audit.record(trx, ctx, {
        action: 'field.patrol.samples',
        entityType: 'patrol',
        entityId: id,
        place: patrolPlace(p),
        details: { sent: rows.length, received: added.length, poor },
      });
      return { received: added.length, poor, distanceMeters: distance };
    });
  }

  async checkIn(ctx: RequestContext, id: number, body: z.infer<typeof S.CheckInBody>) {
    const { patrol, actor } = await patrolFor(this.d.db, ctx, id, 'act');
    if (patrol.ended_at !== null) throw conflict('field.patrol_ended');
    if ((body.lat === undefined) !== (body.lng === undefined)) throw invalid('body.lat', 'matters.location_required');
    const building = await this.d.org.placeOfBuilding(body.buildingId);
    if (!building) throw invalid('body.buildingId', 'field.unknown_building');
    const place = { divisionId: building.communityId, gridId: building.gridId };
    if (!covers(scopeFor(actor, 'field.patrol'), place))
      throw new AppError('forbidden', {}, [{ path: 'body.buildingId', key: 'field.building_outside_area' }]);
    const stood =
      body.lat !== undefined && body.lng !== undefined
        ? toWgs84({ lat: body.lat, lng: body.lng, datum: body.datum })
        : null;
    if (stood && !withinChina(stood.lat, stood.lng)) throw invalid('body.lat', 'org.outside_china');
    await this.d.db.transaction().execute(async (trx) => {
      const p = await this.openForUpdate(trx, id);
      const c = await repo.insertCheckIn(trx, {
        patrol_id: id,
        building_id: building.buildingId,
        building_name: building.name,
        community_id: building.communityId,
        grid_id: building.gridId,
        lat: building.lat ?? stood?.lat ?? null,
        lng: building.lng ?? stood?.lng ?? null,
        // Taken with no network and sent later: recorded when it was taken.
        at: within(body.at, p.started_at, this.now()),
      });
      await this.d.audit.record(trx, ctx, {
        action: 'field.patrol.check_in',
        entityType: 'patrol',
        entityId: id,
        place,
        details: { checkInId: c.id, buildingId: building.buildingId },
      });
    });
    return this.view(ctx, id);
  }

  /** Something found on the way becomes a matter where the worker stands (随手拍 by staff), linked to the patrol. */
  async finding(ctx: RequestContext, id: number, body: z.infer<typeof S.FindingBody>) {
    const { patrol } = await patrolFor(this.d.db, ctx, id, 'act');
    if (patrol.ended_at !== null) throw conflict('field.patrol_ended');
    const at = toWgs84(body);
    if (!withinChina(at.lat, at.lng)) throw invalid('body.lat', 'org.outside_china');
    // Through the matters module's own intake: category, photos, routing and duplicates as for any report.
    const matter = await this.d.matters.report(ctx, {
      categoryId: body.categoryId,
      description: body.description,
      lat: at.lat,
      lng: at.lng,
      address: body.address,
      photos: body.photos,
      urgency: body.urgency,
      anonymous: false,
      attributes: {},
      resolvedOnSpot: false,
      note: '',
    });
    await this.d.db.transaction().execute(async (trx) => {
      await repo.insertFinding(trx, {
        patrol_id: id,
        matter_id: matter.id,
        lat: at.lat,
        lng: at.lng,
        at: within(body.at, patrol.started_at, this.now()),
      });
      await this.d.audit.record(trx, ctx, {
        action: 'field.patrol.finding',
        entityType: 'patrol',
        entityId: id,
        place: patrolPlace(patrol),
        details: { matterId: matter.id, code: matter.code },
      });
    });
    return { matterId: matter.id, matterCode: matter.code, patrolId: id };
  }

  /** Ends the patrol now, or when the phone says the worker stopped (kept offline), not before what it recorded. */
  async stop(ctx: RequestContext, id: number, body: { at?: Date | undefined } = {}) {
    await patrolFor(this.d.db, ctx, id, 'act');
    await this.d.db.transaction().execute(async (trx) => {
      const p = await this.openForUpdate(trx, id);
      const distance = Math.round(trailMeters(await repo.samplesOf(trx, [id])));
      const endedAt = body.at ? within(body.at, await repo.lastActivity(trx, p), this.now()) : this.now();
      await repo.endPatrol(trx, id, endedAt, 'user', distance);
      await this.d.audit.record(trx, ctx, {
        action: 'field.patrol.stop',
        entityType: 'patrol',
        entityId: id,
        place: patrolPlace(p),
        details: { distanceMeters: distance },
      });
    });
    return this.view(ctx, id);
  }

  /**
   * The job: patrols open longer than FIELD_PATROL_MAX_HOURS end at the last thing recorded
   * on them, so a forgotten stop adds no hours to the work log.
   */
  async closeStale(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - this.d.options.patrolMaxHours * 3_600_000);
    const stale = await repo.openPatrolsBefore(this.d.db, cutoff, CLOSE_BATCH);
    let closed = 0;
    for (const s of stale) {
      await this.d.db.transaction().execute(async (trx) => {
        const p = await repo.patrolForUpdate(trx, s.id);
        if (!p || p.ended_at !== null) return;
        const endAt = await repo.lastActivity(trx, p);
        const distance = Math.round(trailMeters(await repo.samplesOf(trx, [p.id])));
        await repo.endPatrol(trx, p.id, endAt, 'auto', distance);
        await this.d.audit.record(trx, systemContext(), {
          action: 'field.patrol.auto_close',
          entityType: 'patrol',
          entityId: p.id,
          place: patrolPlace(p),
          details: { userId: p.user_id, endedAt: endAt.toISOString() },
        });
        closed++;
      });
    }
    return closed;
  }

  // ---------- reading ----------

  async view(ctx: RequestContext, id: number) {
    const { patrol } = await patrolFor(this.d.db, ctx, id, 'read');
    return this.present(ctx, patrol);
  }

  async current(ctx: RequestContext) {
    requirePermission(ctx.actor, 'field.patrol');
    const p = await repo.openPatrolOf(this.d.db, ctx.actor!.userId);
    return { patrol: p ? await this.present(ctx, p) : null };
  }

  private async present(ctx: RequestContext, p: repo.PatrolRow): Promise<View<typeof S.PatrolView>> {
    const [samples, checkIns, findings] = await Promise.all([
      repo.samplesOf(this.d.db, [p.id]),
      repo.checkInsOf(this.d.db, [p.id]),
      repo.findingsOf(this.d.db, [p.id]),
    ]);
    return {
      ...presentPatrolSummary(p, this.now()),
      trail: trailOf(samples),
      poorSamples: samples
        .filter((s) => s.poor)
        .map((s) => ({ lat: s.lat, lng: s.lng, accuracy: s.accuracy_m, at: s.sampled_at.toISOString() })),
      sampleCount: samples.length,
      checkIns: checkIns.map(presentCheckIn),
      findings: findings.map((f) => ({ matterId: f.matter_id, lat: f.lat, lng: f.lng, at: f.at.toISOString() })),
      canAct: p.user_id === ctx.actor?.userId && p.ended_at === null,
    };
  }

  /** A grid's buildings through the org module, as far as the caller may read them (none without org.read). */
  private async buildingsOfGrid(ctx: RequestContext, gridId: number) {
    try {
      return await this.d.org.listBuildings(ctx, { gridId, limit: GRID_BUILDINGS_LIMIT, withTotal: true });
    } catch (e) {
      if (e instanceof AppError && (e.code === 'forbidden' || e.code === 'not_found')) return null;
      throw e;
    }
  }

  /** The patrols begun on a local day in the caller's area, with trails, and per grid the buildings they reached. */
  async day(ctx: RequestContext, q: z.infer<typeof S.DayQuery>): Promise<View<typeof S.DayMap>> {
    const scope = requirePermission(ctx.actor, 'field.read');
    const tz = this.d.options.timeZone;
    const from = localInstant(q.date, 0, tz);
    const to = localInstant(addDays(q.date, 1), 0, tz);
    const rows = await repo.patrolsBetween(
      this.d.db,
      from,
      to,
      { scope, userId: q.userId, communityId: q.communityId, gridId: q.gridId },
      DAY_LIMIT + 1,
    );
    const patrols = rows.slice(0, DAY_LIMIT);
    const ids = patrols.map((p) => p.id);
    const [samples, checkIns] = await Promise.all([
      repo.samplesOf(this.d.db, ids).then((rows) => groupBy(rows, (s) => s.patrol_id)),
      repo.checkInsOf(this.d.db, ids).then((rows) => groupBy(rows, (c) => c.patrol_id)),
    ]);
    const now = this.now();
    const byGrid = new Map<number | null, Map<number, View<typeof S.DayMap>['grids'][number]['buildings'][number]>>();
    for (const p of patrols) {
      const reached = byGrid.get(p.grid_id) ?? new Map();
      byGrid.set(p.grid_id, reached);
      for (const c of checkIns.get(p.id) ?? []) {
        const b = reached.get(c.building_id);
        if (b) b.checkIns++;
        else
          reached.set(c.building_id, {
            buildingId: c.building_id,
            buildingName: c.building_name,
            lat: c.lat,
            lng: c.lng,
            firstAt: c.at.toISOString(),
            checkIns: 1,
          });
      }
    }
    const gridIds = [...byGrid.keys()].filter((g): g is number => g !== null);
    const [names, gridBuildings] = await Promise.all([
      this.d.org.names({ gridIds }),
      Promise.all(gridIds.map((gridId) => this.buildingsOfGrid(ctx, gridId))).then(
        (lists) => new Map(gridIds.map((g, i) => [g, lists[i]!])),
      ),
    ]);
    return {
      date: q.date,
      patrols: patrols.map((p) => ({
        ...presentPatrolSummary(p, now),
        trail: trailOf(samples.get(p.id) ?? []),
        checkIns: (checkIns.get(p.id) ?? []).map(presentCheckIn),
      })),
      grids: [...byGrid.entries()].map(([gridId, reached]) => ({
        gridId,
        gridName: gridId !== null ? (names.grids.get(gridId)?.name ?? null) : null,
        buildings: [...reached.values()],
        buildingCount: gridId !== null ? (gridBuildings.get(gridId)?.total ?? null) : null,
        notReached:
          gridId !== null
            ? (gridBuildings.get(gridId)?.items ?? [])
                .filter((b) => !reached.has(b.id))
                .map((b) => ({ buildingId: b.id, buildingName: b.name, lat: b.lat, lng: b.lng }))
            : [],
      })),
      truncated: rows.length > DAY_LIMIT,
    };
  }
}
