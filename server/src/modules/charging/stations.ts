import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import { covers, requirePermission } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid, isUniqueViolation } from '../../platform/errors.ts';
import { decodeCursor, toPage, type Page } from '../../platform/pagination.ts';
import { assertManageable, assertReadable, placeOf } from './access.ts';
import { bandProblem } from './billing.ts';
import { type ChargingDeps, conflict, parsePriceE4 } from './deps.ts';
import { stationHead, tariffView } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { Band } from './tables.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/** 128 random bits in hex: a port's code cannot be guessed from another's. */
const newPortCode = () => randomBytes(16).toString('hex');

/** Stations, their ports (each a plug of an ev_charger device) and tariff versions. */
export class ChargingStations {
  constructor(private readonly d: ChargingDeps) {}

  async readableStation(ctx: RequestContext, id: number) {
    const s = await repo.stationById(this.d.db, id);
    if (!s) throw new AppError('not_found');
    assertReadable(ctx.actor, s);
    return s;
  }

  async writableStation(ctx: RequestContext, id: number, db: Executor = this.d.db) {
    const s = await repo.stationById(db, id);
    if (!s) throw new AppError('not_found');
    assertManageable(ctx.actor, s);
    return s;
  }

  async createStation(ctx: RequestContext, body: z.infer<typeof S.StationBody>) {
    const scope = requirePermission(ctx.actor, 'charging.manage');
    const division = await this.d.org.getDivision(ctx, body.communityId).catch(() => null);
    if (!division) throw new AppError('not_found');
    if (division.level !== 'community') throw invalid('body.communityId', 'charging.not_community');
    if (body.gridId !== undefined && !(await this.d.org.liesIn(body.communityId, { gridId: body.gridId })))
      throw invalid('body.gridId', 'charging.grid_not_in_community');
    const place = { divisionId: body.communityId, gridId: body.gridId ?? null };
    if (!covers(scope, place)) throw new AppError('forbidden');
    try {
      const station = await this.d.db.transaction().execute(async (trx) => {
        const s = await repo.insertStation(trx, {
          created_at: this.d.clock.now(),
          name: body.name,
          community_id: body.communityId,
          grid_id: body.gridId ?? null,
          address: body.address,
          operator: body.operator,
          created_by: ctx.actor!.userId,
        });
        await this.d.audit.record(trx, ctx, {
          action: 'charging.station.create',
          entityType: 'charging_station',
          entityId: s.id,
          place,
          details: { name: s.name },
        });
        return s;
      });
      return this.getStation(ctx, station.id);
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('charging.station_exists');
      throw e;
    }
  }

  async listStations(
    ctx: RequestContext,
    q: z.infer<typeof S.StationListQuery>,
  ): Promise<Page<View<typeof S.StationListItem>>> {
    const scope = requirePermission(ctx.actor, 'charging.read');
    const rows = await repo.listStations(this.d.db, scope, q, decodeCursor(q.cursor), q.limit);
    const names = await this.d.org.names({ divisionIds: rows.map((r) => r.community_id) });
    return toPage(
      rows,
      q.limit,
      (r) => ({
        ...stationHead(r, names.divisions.get(r.community_id) ?? null),
        portCount: Number(r.port_count ?? 0),
      }),
      (r) => ({ sort: null, id: r.id }),
    );
  }

  async getStation(ctx: RequestContext, id: number): Promise<View<typeof S.StationView>> {
    const s = await this.readableStation(ctx, id);
    const [ports, tariffs, names] = await Promise.all([
      repo.portsOf(this.d.db, [id]),
      repo.tariffsOf(this.d.db, id),
      this.d.org.names({ divisionIds: [s.community_id] }),
    ]);
    const busy = await repo.busyPorts(this.d.db, id);
    const now = this.d.clock.now().getTime();
    const inForce = tariffs.find((t) => t.effective_from.getTime() <= now)?.id ?? null;
    return {
      ...stationHead(s, names.divisions.get(s.community_id) ?? null),
      ports: ports.map((p) => ({
        id: p.id,
        label: p.label,
        deviceCode: p.device_code,
        devicePort: p.device_port,
        deviceId: p.device_id,
        active: p.active,
        charging: busy.has(p.id),
        code: p.code,
      })),
      tariffs: tariffs.map((t) => tariffView(t, ctx.locale, t.id === inForce)),
    };
  }

  async updateStation(ctx: RequestContext, id: number, body: z.infer<typeof S.StationPatch>) {
    const s = await this.writableStation(ctx, id);
    try {
      await this.d.db.transaction().execute(async (trx) => {
        await repo.updateStation(trx, id, body);
        await this.d.audit.record(trx, ctx, {
          action: 'charging.station.update',
          entityType: 'charging_station',
          entityId: id,
          place: placeOf(s),
          details: { ...body },
        });
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('charging.station_exists');
      throw e;
    }
    return this.getStation(ctx, id);
  }

  async updatePort(ctx: RequestContext, stationId: number, portId: number, body: z.infer<typeof S.PortPatch>) {
    const s = await this.writableStation(ctx, stationId);
    const port = await repo.portById(this.d.db, portId);
    if (!port || port.station_id !== stationId) throw new AppError('not_found');
    try {
      await this.d.db.transaction().execute(async (trx) => {
        await repo.updatePort(trx, portId, body);
        await this.d.audit.record(trx, ctx, {
          action: 'charging.port.update',
          entityType: 'charging_port',
          entityId: portId,
          place: placeOf(s),
          details: { ...body },
        });
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('charging.port_taken');
      throw e;
    }
    return this.getStation(ctx, stationId);
  }

  /**
   * The charger a port is bound to, checked through the devices module: it must exist and
   * be within the caller's reach (as the devices module decides it), be an ev_charger, and
   * be of the station's community. By code, or by id when one is given (then the code must
   * be that device's). Returns its id.
   */
  private async checkCharger(
    ctx: RequestContext,
    station: repo.StationRow,
    body: { deviceCode: string; deviceId?: number | undefined },
  ): Promise<number> {
    const code = body.deviceCode;
    const unseen = (e: unknown) => {
      if (e instanceof AppError && (e.code === 'not_found' || e.code === 'forbidden')) return null;
      throw e;
    };
    let device: { id: number; code: string; type: string; communityId: number } | null | undefined;
    const path = body.deviceId !== undefined ? 'body.deviceId' : 'body.deviceCode';
    if (body.deviceId !== undefined) {
      device = await this.d.devices.getDevice(ctx, body.deviceId).catch(unseen);
      if (!device) throw invalid(path, 'charging.unknown_device');
      if (device.code !== code) throw invalid(path, 'charging.device_mismatch', { code });
    } else {
      // The devices list searches codes by "contains": page on until the exact code turns up.
      let cursor: string | undefined;
      do {
        const page = await this.d.devices
          .listDevices(ctx, { q: code, limit: 200, ...(cursor ? { cursor } : {}) })
          .catch(unseen);
        device = page?.items.find((d) => d.code === code);
        cursor = page?.nextCursor ?? undefined;
      } while (!device && cursor);
      if (!device) throw invalid(path, 'charging.unknown_charger', { code });
    }
    if (device.type !== 'ev_charger') throw invalid(path, 'charging.not_charger', { code });
    if (device.communityId !== station.community_id) throw invalid(path, 'charging.charger_other_community', { code });
    return device.id;
  }

  async addPort(ctx: RequestContext, stationId: number, body: z.infer<typeof S.PortBody>) {
    const s = await this.writableStation(ctx, stationId);
    const deviceId = await this.checkCharger(ctx, s, body);
    try {
      await this.d.db.transaction().execute(async (trx) => {
        const p = await repo.insertPort(trx, {
          station_id: stationId,
          label: body.label,
          device_code: body.deviceCode,
          device_port: body.devicePort,
          device_id: deviceId,
          code: newPortCode(),
        });
        await this.d.audit.record(trx, ctx, {
          action: 'charging.port.create',
          entityType: 'charging_port',
          entityId: p.id,
          place: placeOf(s),
          details: { label: p.label, deviceCode: p.device_code, devicePort: p.device_port },
        });
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('charging.port_taken');
      throw e;
    }
    return this.getStation(ctx, stationId);
  }

  /**
   * A new tariff version from its effective time on. It may not reach behind a bill
   * already made at the station (bills are final); sessions running across its start
   * are priced by both versions, split at that instant.
   */
  async addTariff(ctx: RequestContext, stationId: number, body: z.infer<typeof S.TariffBody>) {
    const s = await this.writableStation(ctx, stationId);
    const bands: Band[] = body.bands.map((b) => ({
      kind: b.kind,
      start: b.start,
      end: b.end,
      priceE4: parsePriceE4(b.price),
    }));
    const problem = bandProblem(bands);
    if (problem) throw invalid('body.bands', 'charging.bad_bands', { problem });
    try {
      await this.d.db.transaction().execute(async (trx) => {
        await repo.lockStation(trx, stationId);
        const billed = await repo.lastBilledStop(trx, stationId);
        if (billed && body.effectiveFrom < billed)
          throw invalid('body.effectiveFrom', 'charging.tariff_behind_bills', { at: billed.toISOString() });
        const t = await repo.insertTariff(trx, {
          created_at: this.d.clock.now(),
          station_id: stationId,
          effective_from: body.effectiveFrom,
          bands: JSON.stringify(bands),
          service_price_e4: parsePriceE4(body.servicePrice),
          note: body.note,
          created_by: ctx.actor!.userId,
        });
        await this.d.audit.record(trx, ctx, {
          action: 'charging.tariff.create',
          entityType: 'charging_tariff',
          entityId: t.id,
          place: placeOf(s),
          details: {
            stationId,
            effectiveFrom: body.effectiveFrom.toISOString(),
            bands,
            servicePriceE4: t.service_price_e4,
          },
        });
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('charging.tariff_exists');
      throw e;
    }
    return this.getStation(ctx, stationId);
  }
}
