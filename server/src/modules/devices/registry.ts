import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import { assertCanRead, assertCanWrite, covers, requirePermission } from '../../platform/access.ts';
import { createdNow } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid, isUniqueViolation } from '../../platform/errors.ts';
import type { Localized } from '../../platform/i18n.ts';
import { offsetAt } from '../../platform/local-time.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import { hashSecret, newSecret, placeOf } from './access.ts';
import { type CareTargetCheck, DAY, type DevicesDeps, dbOf } from './deps.ts';
import { careDeviceView, deviceView, infoOf, iso } from './presenters.ts';
import * as repo from './repository.ts';
import type { TelemetryRuntime } from './runtime.ts';
import type * as S from './schema.ts';
import { READING_BUCKETS, READINGS_MAX_BUCKETS, READINGS_MAX_DAYS } from './schema.ts';
import type { DeviceType } from './tables.ts';
import { type RejectReason, topicOf } from './telemetry.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/**
 * The device registry: devices placed in a household, building or grid, their secrets,
 * the care target they watch, their readings; every write keeps the runtime's cache current.
 */
export class DeviceRegistry {
  private careTargetCheck: CareTargetCheck | null = null;

  constructor(
    private readonly deps: DevicesDeps,
    private readonly runtime: TelemetryRuntime,
  ) {}

  private get db() {
    return dbOf(this.deps);
  }

  setCareTargetCheck(check: CareTargetCheck) {
    this.careTargetCheck = check;
  }

  private async assertCareTarget(
    ctx: RequestContext,
    careTargetId: number | null | undefined,
    place: { communityId: number; gridId: number | null },
  ) {
    if (careTargetId === null || careTargetId === undefined) return;
    const fits = this.careTargetCheck ? await this.careTargetCheck(ctx, careTargetId, place) : false;
    if (!fits)
      throw new AppError('validation_failed', {}, [{ path: 'body.careTargetId', key: 'devices.unknown_care_target' }]);
  }

  private async resolvePlace(body: {
    buildingId?: number | undefined;
    householdId?: number | undefined;
    gridId?: number | undefined;
  }) {
    if (body.householdId !== undefined) {
      const p = await this.deps.org.placeOfHousehold(body.householdId);
      if (!p) throw new AppError('validation_failed', {}, [{ path: 'body.householdId', key: 'devices.unknown_place' }]);
      return {
        communityId: p.communityId,
        gridId: p.gridId,
        buildingId: p.buildingId,
        householdId: p.householdId,
        lat: p.lat,
        lng: p.lng,
        address: p.address,
      };
    }
    if (body.buildingId !== undefined) {
      const p = await this.deps.org.placeOfBuilding(body.buildingId);
      if (!p) throw new AppError('validation_failed', {}, [{ path: 'body.buildingId', key: 'devices.unknown_place' }]);
      return {
        communityId: p.communityId,
        gridId: p.gridId,
        buildingId: p.buildingId,
        householdId: null,
        lat: p.lat,
        lng: p.lng,
        address: p.address,
      };
    }
    const g = await this.deps.org.placeOfGrid(body.gridId!);
    if (!g) throw new AppError('validation_failed', {}, [{ path: 'body.gridId', key: 'devices.unknown_place' }]);
    return {
      communityId: g.divisionId!,
      gridId: g.gridId,
      buildingId: null,
      householdId: null,
      lat: null,
      lng: null,
      address: '',
    };
  }

  private async presentDevices(rows: repo.DeviceRow[]): Promise<Array<View<typeof S.DeviceView>>> {
    const names = await this.deps.org.names({
      divisionIds: rows.map((r) => r.community_id),
      gridIds: rows.map((r) => r.grid_id).filter((g): g is number => g !== null),
    });
    const latest = await repo.latestOf(
      this.db,
      rows.map((r) => r.id),
    );
    return rows.map((d) => deviceView(d, names, latest, this.runtime.lastSeenOf(d.id)));
  }

  async listDevices(ctx: RequestContext, q: z.infer<typeof S.DeviceListQuery>) {
    const scope = requirePermission(ctx.actor, 'devices.read');
    const rows = await repo.listDevices(this.db, scope, q, decodeCursor(q.cursor), q.limit);
    const page = toPage(
      rows,
      q.limit,
      (r) => r,
      (r) => ({ sort: null, id: r.id }),
    );
    return { items: await this.presentDevices(page.items), nextCursor: page.nextCursor };
  }

  async getDevice(ctx: RequestContext, id: number): Promise<View<typeof S.DeviceDetail>> {
    const d = await repo.deviceById(this.db, id);
    assertCanRead(ctx.actor, 'devices.read', d ? placeOf(d) : undefined);
    const [view] = await this.presentDevices([d!]);
    const stored = await repo.rejectionsOf(this.db, id);
    const counts = new Map(
      stored.map((r) => [
        r.reason,
        {
          reason: r.reason as RejectReason,
          count: Number(r.count),
          lastAt: iso(r.last_at)!,
          lastDetail: r.last_detail,
        },
      ]),
    );
    for (const p of this.runtime.rejections.pendingFor(id)) {
      const c = counts.get(p.reason);
      if (c) {
        c.count += p.count;
        c.lastAt = new Date(Math.max(Date.parse(c.lastAt), p.lastAt)).toISOString();
        c.lastDetail = p.detail;
      } else
        counts.set(p.reason, {
          reason: p.reason,
          count: p.count,
          lastAt: new Date(p.lastAt).toISOString(),
          lastDetail: p.detail,
        });
    }
    const activeAlarms = this.runtime.activeAlarmsOf(id);
    return { ...view!, rejections: [...counts.values()], activeAlarms, topic: topicOf(d!.code) };
  }

  async createDevice(
    ctx: RequestContext,
    body: z.infer<typeof S.CreateDeviceBody>,
    secret?: string,
  ): Promise<View<typeof S.DeviceWithSecret>> {
    requirePermission(ctx.actor, 'devices.manage');
    const place = await this.resolvePlace(body);
    assertCanWrite(ctx.actor, 'devices.manage', { divisionId: place.communityId, gridId: place.gridId });
    await this.assertCareTarget(ctx, body.careTargetId, place);
    const plain = secret ?? newSecret();
    try {
      const row = await this.db.transaction().execute(async (trx) => {
        const [r] = await repo.insertDevices(trx, [
          {
            ...createdNow(this.deps.clock.now()),
            secret_rotated_at: this.deps.clock.now(),
            code: body.code,
            type: body.type,
            name: body.name,
            community_id: place.communityId,
            grid_id: place.gridId,
            building_id: place.buildingId,
            household_id: place.householdId,
            lat: body.lat ?? place.lat,
            lng: body.lng ?? place.lng,
            address: body.address ?? place.address ?? '',
            care_target_id: body.careTargetId ?? null,
            secret_hash: hashSecret(plain),
            note: body.note ?? '',
            created_by: ctx.actor!.userId,
          },
        ]);
        await this.deps.audit.record(trx, ctx, {
          action: 'devices.device.create',
          entityType: 'device',
          entityId: r!.id,
          place: placeOf(r!),
          details: { code: body.code, type: body.type },
        });
        return r!;
      });
      this.runtime.cache.remember(infoOf(row));
      this.deps.tell({ topic: 'devices.device', id: row.id, code: row.code });
      return { device: await this.getDevice(ctx, row.id), secret: plain, token: `${row.code}:${plain}` };
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('conflict', { reason: body.code });
      throw e;
    }
  }

  /**
   * Many devices at once, for imports and the benchmark: one insert, no secrets shown.
   * The caller has checked scope (system use only).
   */
  async registerBulk(
    rows: Array<{
      code: string;
      type: DeviceType;
      name: string;
      communityId: number;
      gridId: number | null;
      buildingId: number | null;
      secret: string;
    }>,
  ) {
    const now = this.deps.clock.now();
    const inserted = await repo.insertDevices(
      this.db,
      rows.map((r) => ({
        ...createdNow(now),
        secret_rotated_at: now,
        code: r.code,
        type: r.type,
        name: r.name,
        community_id: r.communityId,
        grid_id: r.gridId,
        building_id: r.buildingId,
        household_id: null,
        lat: null,
        lng: null,
        care_target_id: null,
        secret_hash: hashSecret(r.secret),
        created_by: null,
      })),
    );
    for (const r of inserted) this.runtime.cache.remember(infoOf(r));
    if (inserted.length > 0) this.deps.tell({ topic: 'devices.imported' });
    return inserted.length;
  }

  async updateDevice(ctx: RequestContext, id: number, body: z.infer<typeof S.UpdateDeviceBody>) {
    const d = await repo.deviceById(this.db, id);
    assertCanRead(ctx.actor, 'devices.read', d ? placeOf(d) : undefined);
    assertCanWrite(ctx.actor, 'devices.manage', placeOf(d!));
    const moved = body.buildingId !== undefined || body.householdId !== undefined || body.gridId !== undefined;
    const place = moved ? await this.resolvePlace(body) : null;
    if (place) assertCanWrite(ctx.actor, 'devices.manage', { divisionId: place.communityId, gridId: place.gridId });
    // A new care target, or the one it has when it moves, must fit where it (now) is.
    const careTargetId = body.careTargetId !== undefined ? body.careTargetId : place ? d!.care_target_id : null;
    await this.assertCareTarget(ctx, careTargetId, place ?? { communityId: d!.community_id, gridId: d!.grid_id });
    const row = await this.db.transaction().execute(async (trx) => {
      const r = await repo.updateDevice(
        trx,
        id,
        {
          name: body.name,
          address: body.address ?? (place ? place.address : undefined),
          lat: body.lat !== undefined ? body.lat : place ? place.lat : undefined,
          lng: body.lng !== undefined ? body.lng : place ? place.lng : undefined,
          care_target_id: body.careTargetId,
          active: body.active,
          note: body.note,
          ...(place
            ? {
                community_id: place.communityId,
                grid_id: place.gridId,
                building_id: place.buildingId,
                household_id: place.householdId,
              }
            : {}),
        },
        this.deps.clock.now(),
      );
      await this.deps.audit.record(trx, ctx, {
        action: 'devices.device.update',
        entityType: 'device',
        entityId: id,
        place: placeOf(r!),
        details: { fields: Object.keys(body) },
      });
      return r!;
    });
    this.runtime.forgetDevice(id);
    this.runtime.cache.remember(infoOf(row));
    this.deps.tell({ topic: 'devices.device', id, code: row.code });
    return this.getDevice(ctx, id);
  }

  /** A new secret, shown once; the old one stops working at once. */
  async rotateSecret(ctx: RequestContext, id: number): Promise<View<typeof S.DeviceWithSecret>> {
    const d = await repo.deviceById(this.db, id);
    assertCanRead(ctx.actor, 'devices.read', d ? placeOf(d) : undefined);
    assertCanWrite(ctx.actor, 'devices.manage', placeOf(d!));
    const plain = newSecret();
    const row = await this.db.transaction().execute(async (trx) => {
      const r = await repo.updateDevice(
        trx,
        id,
        { secret_hash: hashSecret(plain), secret_rotated_at: this.deps.clock.now() },
        this.deps.clock.now(),
      );
      await this.deps.audit.record(trx, ctx, {
        action: 'devices.device.rotate_secret',
        entityType: 'device',
        entityId: id,
        place: placeOf(r!),
      });
      return r!;
    });
    this.runtime.forgetDevice(id);
    this.runtime.cache.remember(infoOf(row));
    this.deps.tell({ topic: 'devices.device', id, code: row.code });
    return { device: await this.getDevice(ctx, id), secret: plain, token: `${row.code}:${plain}` };
  }

  async readings(ctx: RequestContext, id: number, q: z.infer<typeof S.ReadingsQuery>) {
    const d = await repo.deviceById(this.db, id);
    assertCanRead(ctx.actor, 'devices.read', d ? placeOf(d) : undefined);
    const { from, to } = readingsRange(q, this.deps.clock.now());
    if (q.bucket) {
      // Buckets start at local midnights and hours (the zone's offset at the range's start).
      const offset = Math.round(offsetAt(from, this.deps.options.timeZone) / 1000);
      const buckets = await repo.readingBuckets(this.db, id, q.metric, from, to, READING_BUCKETS[q.bucket], offset);
      return {
        metric: q.metric,
        bucket: q.bucket,
        items: buckets.map((b) => ({
          ts: iso(new Date(Number(b.bucket) * 1000))!,
          value: Math.round(Number(b.avg) * 1000) / 1000,
          min: Number(b.min),
          max: Number(b.max),
          count: Number(b.count),
        })),
      };
    }
    const rows = await repo.readingsOf(this.db, id, q.metric, from, to, q.limit);
    return { metric: q.metric, bucket: null, items: rows.map((r) => ({ ts: iso(r.ts)!, value: r.value })) };
  }

  async latest(ctx: RequestContext, q: z.infer<typeof S.LatestQuery>) {
    const scope = requirePermission(ctx.actor, 'devices.read');
    let rows: repo.DeviceRow[];
    if (q.deviceIds?.length) {
      rows = (await Promise.all(q.deviceIds.map((id) => repo.deviceById(this.db, id)))).filter(
        (d): d is repo.DeviceRow => Boolean(d) && covers(scope, placeOf(d!)),
      );
    } else {
      rows = await repo.listDevices(
        this.db,
        scope,
        { communityId: q.communityId, gridId: q.gridId, type: q.type, active: true },
        null,
        q.limit - 1,
      );
      rows = rows.slice(0, q.limit);
    }
    const views = await this.presentDevices(rows);
    return {
      items: views.map((v) => ({
        deviceId: v.id,
        code: v.code,
        status: v.status,
        lastSeenAt: v.lastSeenAt,
        latest: v.latest,
      })),
    };
  }

  /** The devices watching a care target (care module). */
  async devicesOfCareTarget(careTargetId: number, db: Executor = this.db) {
    return (await repo.devicesOfCareTarget(db, careTargetId)).map(careDeviceView);
  }
}

const BUCKET_WORDS: Record<keyof typeof READING_BUCKETS, Localized> = {
  '5m': { 'zh-CN': '5 分钟', en: '5 minutes' },
  '1h': { 'zh-CN': '1 小时', en: '1 hour' },
  '1d': { 'zh-CN': '1 天', en: '1 day' },
};

/**
 * The time a readings query covers: to defaults to a minute past now (the server's clock, so a
 * reading just stored is inside), from to a day before to. A backwards range, one past
 * READINGS_MAX_DAYS, or one with more than READINGS_MAX_BUCKETS buckets is refused.
 */
export function readingsRange(q: { from?: string; to?: string; bucket?: keyof typeof READING_BUCKETS }, now: Date) {
  const to = q.to ? new Date(q.to) : new Date(now.getTime() + 60_000);
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - DAY);
  const span = to.getTime() - from.getTime();
  if (span <= 0) throw invalid(q.from ? 'query.from' : 'query.to', 'devices.readings_order');
  if (span > READINGS_MAX_DAYS * DAY)
    throw invalid('query.from', 'devices.readings_range', { days: READINGS_MAX_DAYS });
  if (q.bucket && span / (READING_BUCKETS[q.bucket] * 1000) > READINGS_MAX_BUCKETS)
    throw invalid('query.bucket', 'devices.readings_buckets', {
      bucket: BUCKET_WORDS[q.bucket],
      max: READINGS_MAX_BUCKETS,
    });
  return { from, to };
}
