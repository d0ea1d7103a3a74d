import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import { covers, requireActor, requirePermission, scopeFor, type OrgPlace } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import { systemContext, type RequestContext } from '../../platform/context.ts';
import type { DeviceEventPayload } from '../../platform/device-events.ts';
import { AppError, invalid, isUniqueViolation, type ErrorDetail } from '../../platform/errors.ts';
import type { DomainEvent, Jobs } from '../../platform/jobs.ts';
import { addDays, localInstant, localParts } from '../../platform/local-time.ts';
import { decodeCursor, toPage, type Page } from '../../platform/pagination.ts';
import type { AuditService } from '../audit/service.ts';
import type { DevicesService } from '../devices/service.ts';
import type { OrgService } from '../org/service.ts';
import {
  bandProblem,
  e7ToYuan,
  fenToYuan,
  NoTariffError,
  priceE4ToYuan,
  priceSession,
  whToKwh,
  type TariffVersion,
} from './billing.ts';
import { receiptHtml } from './receipt.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { Band, BandKind, BillLine } from './tables.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

export const BAND_NAMES: Record<BandKind, { zh: string; en: string }> = {
  sharp: { zh: '尖', en: 'Sharp peak' },
  peak: { zh: '峰', en: 'Peak' },
  flat: { zh: '平', en: 'Flat' },
  valley: { zh: '谷', en: 'Valley' },
};

export const ROUNDING_RULE = {
  zh: '电量按时段时长比例分摊（整瓦时，最大余数法），各时段电费与服务费按 0.0001 元/千瓦时单价精确计算，电费合计与服务费合计各四舍五入到分一次（0.005 元进为 0.01 元），合计为两者之和。',
  en: 'Energy is shared among the bands in proportion to time (whole Wh, largest remainder); each band is priced exactly at its 0.0001 yuan/kWh price; the electricity total and the service total are each rounded once to the fen, half up (0.005 yuan → 0.01); the total is their sum.',
};

const conflict = (key: ErrorDetail['key'], params?: Record<string, string | number>) =>
  new AppError('conflict', {}, [{ key, ...(params ? { params } : {}) }]);

/** "0.5680" → 5680 (0.0001 yuan), by the digits, no floats. */
export function parsePriceE4(price: string): number {
  const [whole, frac = ''] = price.split('.');
  return Number(whole) * 10_000 + Number(frac.padEnd(4, '0'));
}

const toWh = (kwh: number) => Math.round(kwh * 1000);

/**
 * EV charging (充电): stations with their ports (each a plug of an ev_charger device),
 * tariff versions of time-of-use electricity bands plus a service fee, and sessions
 * started and stopped by the chargers' events (or by hand), billed for the energy the
 * meter says was delivered, electricity and service itemised, rounded once to the fen.
 */
export class ChargingService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly jobs: Jobs,
    private readonly org: OrgService,
    private readonly devices: DevicesService,
    private readonly options: { timeZone: string; fullChargeWh: number },
  ) {}

  private place(s: { community_id: number; grid_id: number | null }): OrgPlace {
    return { divisionId: s.community_id, gridId: s.grid_id };
  }

  private async readableStation(ctx: RequestContext, id: number) {
    const s = await repo.stationById(this.db, id);
    if (!s || !covers(scopeFor(requireActor(ctx.actor), 'charging.read'), this.place(s)))
      throw new AppError('not_found');
    return s;
  }

  private async writableStation(ctx: RequestContext, id: number, db: Executor = this.db) {
    const s = await repo.stationById(db, id);
    if (!s) throw new AppError('not_found');
    const actor = requireActor(ctx.actor);
    if (!covers(scopeFor(actor, 'charging.manage'), this.place(s))) {
      throw new AppError(covers(scopeFor(actor, 'charging.read'), this.place(s)) ? 'forbidden' : 'not_found');
    }
    return s;
  }

  // =====================================================================
  // Stations, ports, tariffs
  // =====================================================================

  async createStation(ctx: RequestContext, body: z.infer<typeof S.StationBody>) {
    const scope = requirePermission(ctx.actor, 'charging.manage');
    const division = await this.org.getDivision(ctx, body.communityId).catch(() => null);
    if (!division) throw new AppError('not_found');
    if (division.level !== 'community') throw invalid('body.communityId', 'charging.not_community');
    if (body.gridId !== undefined && !(await this.org.liesIn(body.communityId, { gridId: body.gridId })))
      throw invalid('body.gridId', 'charging.grid_not_in_community');
    const place = { divisionId: body.communityId, gridId: body.gridId ?? null };
    if (!covers(scope, place)) throw new AppError('forbidden');
    try {
      const station = await this.db.transaction().execute(async (trx) => {
        const s = await repo.insertStation(trx, {
          created_at: this.clock.now(),
          name: body.name,
          community_id: body.communityId,
          grid_id: body.gridId ?? null,
          address: body.address,
          operator: body.operator,
          created_by: ctx.actor!.userId,
        });
        await this.audit.record(trx, ctx, {
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
    const rows = await repo.listStations(this.db, scope, q, decodeCursor(q.cursor), q.limit);
    const names = await this.org.names({ divisionIds: rows.map((r) => r.community_id) });
    return toPage(
      rows,
      q.limit,
      (r) => ({
        ...this.stationHead(r, names.divisions.get(r.community_id) ?? null),
        portCount: Number(r.port_count ?? 0),
      }),
      (r) => ({ sort: null, id: r.id }),
    );
  }

  private stationHead(s: repo.StationRow, communityName: string | null) {
    return {
      id: s.id,
      name: s.name,
      communityId: s.community_id,
      communityName,
      gridId: s.grid_id,
      address: s.address,
      operator: s.operator,
      active: s.active,
    };
  }

  async getStation(ctx: RequestContext, id: number): Promise<View<typeof S.StationView>> {
    const s = await this.readableStation(ctx, id);
    const [ports, tariffs, names] = await Promise.all([
      repo.portsOf(this.db, [id]),
      repo.tariffsOf(this.db, id),
      this.org.names({ divisionIds: [s.community_id] }),
    ]);
    const busy = new Set(
      (
        await this.db
          .selectFrom('charging.sessions')
          .select('port_id')
          .where('station_id', '=', id)
          .where('status', '=', 'charging')
          .execute()
      ).map((r) => r.port_id),
    );
    const now = this.clock.now().getTime();
    const inForce = tariffs.find((t) => t.effective_from.getTime() <= now)?.id ?? null;
    return {
      ...this.stationHead(s, names.divisions.get(s.community_id) ?? null),
      ports: ports.map((p) => ({
        id: p.id,
        label: p.label,
        deviceCode: p.device_code,
        devicePort: p.device_port,
        deviceId: p.device_id,
        active: p.active,
        charging: busy.has(p.id),
      })),
      tariffs: tariffs.map((t) => this.presentTariff(t, ctx.locale, t.id === inForce)),
    };
  }

  private presentTariff(t: repo.TariffRow, locale: 'zh-CN' | 'en', inForce: boolean): View<typeof S.TariffView> {
    return {
      id: t.id,
      effectiveFrom: t.effective_from.toISOString(),
      bands: t.bands.map((b) => ({
        kind: b.kind,
        name: BAND_NAMES[b.kind][locale === 'en' ? 'en' : 'zh'],
        start: b.start,
        end: b.end,
        price: priceE4ToYuan(b.priceE4),
        priceE4: b.priceE4,
      })),
      servicePrice: priceE4ToYuan(t.service_price_e4),
      servicePriceE4: t.service_price_e4,
      note: t.note,
      inForce,
    };
  }

  async updateStation(ctx: RequestContext, id: number, body: z.infer<typeof S.StationPatch>) {
    const s = await this.writableStation(ctx, id);
    try {
      await this.db.transaction().execute(async (trx) => {
        await repo.updateStation(trx, id, body);
        await this.audit.record(trx, ctx, {
          action: 'charging.station.update',
          entityType: 'charging_station',
          entityId: id,
          place: this.place(s),
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
    const port = await repo.portById(this.db, portId);
    if (!port || port.station_id !== stationId) throw new AppError('not_found');
    try {
      await this.db.transaction().execute(async (trx) => {
        await repo.updatePort(trx, portId, body);
        await this.audit.record(trx, ctx, {
          action: 'charging.port.update',
          entityType: 'charging_port',
          entityId: portId,
          place: this.place(s),
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
      device = await this.devices.getDevice(ctx, body.deviceId).catch(unseen);
      if (!device) throw invalid(path, 'charging.unknown_device');
      if (device.code !== code) throw invalid(path, 'charging.device_mismatch', { code });
    } else {
      // The devices list searches codes by "contains": page on until the exact code turns up.
      let cursor: string | undefined;
      do {
        const page = await this.devices
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
      await this.db.transaction().execute(async (trx) => {
        const p = await repo.insertPort(trx, {
          station_id: stationId,
          label: body.label,
          device_code: body.deviceCode,
          device_port: body.devicePort,
          device_id: deviceId,
        });
        await this.audit.record(trx, ctx, {
          action: 'charging.port.create',
          entityType: 'charging_port',
          entityId: p.id,
          place: this.place(s),
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
      await this.db.transaction().execute(async (trx) => {
        await repo.lockStation(trx, stationId);
        const billed = await repo.lastBilledStop(trx, stationId);
        if (billed && body.effectiveFrom < billed)
          throw invalid('body.effectiveFrom', 'charging.tariff_behind_bills', { at: billed.toISOString() });
        const t = await repo.insertTariff(trx, {
          created_at: this.clock.now(),
          station_id: stationId,
          effective_from: body.effectiveFrom,
          bands: JSON.stringify(bands),
          service_price_e4: parsePriceE4(body.servicePrice),
          note: body.note,
          created_by: ctx.actor!.userId,
        });
        await this.audit.record(trx, ctx, {
          action: 'charging.tariff.create',
          entityType: 'charging_tariff',
          entityId: t.id,
          place: this.place(s),
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

  // =====================================================================
  // Sessions
  // =====================================================================

  private checkTime(at: Date | undefined, path: string): Date {
    const now = this.clock.now();
    if (!at) return now;
    if (at.getTime() > now.getTime() + 60_000) throw invalid(path, 'charging.future_time');
    return at;
  }

  /** Starts a session on a port by hand (tests, the admin console when a charger cannot report). */
  async start(ctx: RequestContext, portId: number, body: z.infer<typeof S.StartBody>) {
    const actor = requireActor(ctx.actor);
    const port = await repo.portById(this.db, portId);
    if (!port) throw new AppError('not_found');
    const s = await this.writableStation(ctx, port.station_id);
    const at = this.checkTime(body.at, 'body.at');
    const session = await this.db
      .transaction()
      .execute(async (trx) => {
        if (await repo.chargingOnPort(trx, portId)) throw conflict('charging.port_busy');
        const row = await this.insertSession(trx, s, port, {
          at,
          meterWh: toWh(body.meterKwh),
          source: 'api',
          ref: body.sessionRef ?? null,
          userId: actor.userId,
        });
        await this.audit.record(trx, ctx, {
          action: 'charging.session.start',
          entityType: 'charging_session',
          entityId: row.id,
          place: this.place(s),
          details: { port: port.label, meterWh: row.meter_start_wh },
        });
        return row;
      })
      .catch((e) => {
        // The unique indexes decide races the check above cannot: a session reference used
        // before on the port, or another start on the port committed meanwhile.
        if (isUniqueViolation(e, 'sessions_ref'))
          throw conflict('charging.session_ref_taken', { ref: body.sessionRef ?? '' });
        if (isUniqueViolation(e, 'sessions_port_charging')) throw conflict('charging.port_busy');
        throw e;
      });
    return this.getSession(ctx, session.id);
  }

  /** Stops a session by hand and bills it; a meter below the start reading is refused and nothing changes. */
  async stop(ctx: RequestContext, id: number, body: z.infer<typeof S.StopBody>) {
    const actor = requireActor(ctx.actor);
    const found = await repo.sessionById(this.db, id);
    if (!found) throw new AppError('not_found');
    await this.writableStation(ctx, found.station_id);
    const at = this.checkTime(body.at, 'body.at');
    const meterWh = toWh(body.meterKwh);
    const tariffs = await this.tariffVersions(found.station_id);
    await this.db.transaction().execute(async (trx) => {
      const s = await repo.sessionForUpdate(trx, id);
      if (s?.status !== 'charging') throw conflict('charging.not_charging');
      if (meterWh < s.meter_start_wh)
        throw invalid('body.meterKwh', 'charging.meter_backwards', { start: whToKwh(s.meter_start_wh) });
      if (at < s.started_at) throw invalid('body.at', 'charging.before_start');
      const bill = this.bill(s, at, meterWh, tariffs);
      const done = await repo.updateSession(trx, id, { ...bill, stopped_by: actor.userId });
      await this.audit.record(trx, ctx, {
        action: 'charging.session.stop',
        entityType: 'charging_session',
        entityId: id,
        place: this.place(s),
        details: { meterWh, energyWh: done.energy_wh, totalFen: done.total_fen },
      });
      await this.publishCompleted(trx, done);
    });
    return this.getSession(ctx, id);
  }

  private async insertSession(
    trx: Executor,
    station: repo.StationRow,
    port: repo.PortRow,
    s: { at: Date; meterWh: number; source: 'device' | 'api'; ref: string | null; userId: number | null },
  ) {
    return repo.insertSession(trx, {
      created_at: s.at,
      station_id: station.id,
      port_id: port.id,
      community_id: station.community_id,
      grid_id: station.grid_id,
      source: s.source,
      session_ref: s.ref,
      started_at: s.at,
      meter_start_wh: s.meterWh,
      started_by: s.userId,
    });
  }

  private async tariffVersions(stationId: number, db: Executor = this.db): Promise<TariffVersion[]> {
    return (await repo.tariffsOf(db, stationId)).map((t) => ({
      id: t.id,
      effectiveFrom: t.effective_from,
      bands: t.bands,
      servicePriceE4: t.service_price_e4,
    }));
  }

  /** The columns of a stopped, billed session. */
  private bill(s: repo.SessionRow, at: Date, meterWh: number, tariffs: TariffVersion[]) {
    try {
      const bill = priceSession({
        startedAt: s.started_at,
        stoppedAt: at,
        energyWh: meterWh - s.meter_start_wh,
        tariffs,
        timeZone: this.options.timeZone,
      });
      return {
        status: 'completed' as const,
        stopped_at: at,
        meter_end_wh: meterWh,
        energy_wh: bill.energyWh,
        electricity_fen: bill.electricityFen,
        service_fen: bill.serviceFen,
        total_fen: bill.totalFen,
        lines: JSON.stringify(bill.lines),
      };
    } catch (e) {
      if (e instanceof NoTariffError) throw conflict('charging.no_tariff', { at: e.at.toISOString() });
      throw e;
    }
  }

  private async publishCompleted(trx: Executor, s: repo.SessionRow) {
    await this.jobs.publish(trx, 'charging.session_completed', {
      sessionId: s.id,
      stationId: s.station_id,
      portId: s.port_id,
      energyWh: s.energy_wh,
      electricityFen: s.electricity_fen,
      serviceFen: s.service_fen,
      totalFen: s.total_fen,
    });
  }

  /**
   * A charger's charge_start or charge_stop (device.event). Safe to receive twice: a
   * start with a session reference already seen, or a stop with no session charging on
   * the port, changes nothing. A stop whose meter is below the start reading flags the
   * session and bills nothing; a start on a port still charging flags the session left
   * open (its stop was never heard).
   */
  async onDeviceEvent(
    event: DomainEvent<DeviceEventPayload>,
    trx: Executor,
  ): Promise<'started' | 'stopped' | 'flagged' | 'ignored'> {
    const p = event.payload;
    if (p.event !== 'charge_start' && p.event !== 'charge_stop') return 'ignored';
    const portNo = Number(p.data?.port ?? 1);
    const meterKwh = Number(p.data?.meterKwh);
    const at = new Date(p.at);
    const ref =
      typeof p.data?.sessionRef === 'string' && p.data.sessionRef ? String(p.data.sessionRef).slice(0, 64) : null;
    if (!Number.isInteger(portNo) || !Number.isFinite(meterKwh) || meterKwh < 0 || Number.isNaN(at.getTime()))
      return 'ignored';
    const port = await repo.portByDevice(trx, { code: p.deviceCode, port: portNo, id: p.deviceId ?? null });
    if (!port?.active) return 'ignored';
    const station = (await repo.stationById(trx, port.station_id))!;
    // A charger reports for its own community's stations only (ports are bound so; this holds if it moves).
    if (p.communityId !== station.community_id) return 'ignored';
    const meterWh = toWh(meterKwh);
    const system = systemContext();
    const open = await repo.chargingOnPort(trx, port.id);

    if (p.event === 'charge_start') {
      if (ref && (await repo.sessionByRef(trx, port.id, ref))) return 'ignored';
      if (open) {
        if (!ref && open.started_at.getTime() === at.getTime() && open.meter_start_wh === meterWh) return 'ignored';
        await repo.updateSession(trx, open.id, { status: 'flagged', flag_reason: 'no_stop', stopped_at: at });
        await this.audit.record(trx, system, {
          action: 'charging.session.flag',
          entityType: 'charging_session',
          entityId: open.id,
          place: this.place(station),
          details: { reason: 'no_stop' },
        });
      }
      const row = await this.insertSession(trx, station, port, { at, meterWh, source: 'device', ref, userId: null });
      await this.audit.record(trx, system, {
        action: 'charging.session.start',
        entityType: 'charging_session',
        entityId: row.id,
        place: this.place(station),
        details: { port: port.label, meterWh, device: p.deviceCode },
      });
      return 'started';
    }

    if (!open || (ref && open.session_ref && open.session_ref !== ref)) return 'ignored';
    if (meterWh < open.meter_start_wh || at < open.started_at) {
      const reason = meterWh < open.meter_start_wh ? 'meter_backwards' : 'stop_before_start';
      await repo.updateSession(trx, open.id, {
        status: 'flagged',
        flag_reason: reason,
        stopped_at: at,
        meter_end_wh: meterWh,
      });
      await this.audit.record(trx, system, {
        action: 'charging.session.flag',
        entityType: 'charging_session',
        entityId: open.id,
        place: this.place(station),
        details: { reason, meterWh },
      });
      return 'flagged';
    }
    let bill: ReturnType<ChargingService['bill']>;
    try {
      bill = this.bill(open, at, meterWh, await this.tariffVersions(station.id, trx));
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      await repo.updateSession(trx, open.id, {
        status: 'flagged',
        flag_reason: 'no_tariff',
        stopped_at: at,
        meter_end_wh: meterWh,
      });
      await this.audit.record(trx, system, {
        action: 'charging.session.flag',
        entityType: 'charging_session',
        entityId: open.id,
        place: this.place(station),
        details: { reason: 'no_tariff', meterWh, device: p.deviceCode },
      });
      return 'flagged';
    }
    const done = await repo.updateSession(trx, open.id, bill);
    await this.audit.record(trx, system, {
      action: 'charging.session.stop',
      entityType: 'charging_session',
      entityId: open.id,
      place: this.place(station),
      details: { meterWh, energyWh: done.energy_wh, totalFen: done.total_fen, device: p.deviceCode },
    });
    await this.publishCompleted(trx, done);
    return 'stopped';
  }

  private async presentSessions(
    rows: repo.SessionRow[],
    locale: 'zh-CN' | 'en',
  ): Promise<View<typeof S.SessionView>[]> {
    const [stations, ports] = await Promise.all([
      repo.stationNames(this.db, [...new Set(rows.map((r) => r.station_id))]),
      repo.portsOf(this.db, [...new Set(rows.map((r) => r.station_id))]),
    ]);
    const stationName = new Map(stations.map((s) => [s.id, s.name]));
    const portLabel = new Map(ports.map((p) => [p.id, p.label]));
    return rows.map((s) => ({
      id: s.id,
      stationId: s.station_id,
      stationName: stationName.get(s.station_id) ?? '',
      portId: s.port_id,
      portLabel: portLabel.get(s.port_id) ?? '',
      status: s.status,
      source: s.source,
      sessionRef: s.session_ref,
      startedAt: s.started_at.toISOString(),
      stoppedAt: s.stopped_at?.toISOString() ?? null,
      meterStartKwh: whToKwh(s.meter_start_wh),
      meterEndKwh: s.meter_end_wh === null ? null : whToKwh(s.meter_end_wh),
      energyKwh: s.energy_wh === null ? null : whToKwh(s.energy_wh),
      electricityFen: s.electricity_fen,
      serviceFen: s.service_fen,
      totalFen: s.total_fen,
      flagReason: s.flag_reason,
      lines: (s.lines ?? []).map((l) => this.presentLine(l, locale)),
    }));
  }

  private presentLine(l: BillLine, locale: 'zh-CN' | 'en'): View<typeof S.BillLineView> {
    return {
      band: l.band,
      bandName: BAND_NAMES[l.band][locale === 'en' ? 'en' : 'zh'],
      period: `${l.start}–${l.end}`,
      tariffId: l.tariffId,
      minutes: Math.round(l.seconds / 60),
      energyKwh: whToKwh(l.energyWh),
      price: priceE4ToYuan(l.priceE4),
      electricity: e7ToYuan(l.electricityE7),
      servicePrice: priceE4ToYuan(l.servicePriceE4),
      service: e7ToYuan(l.serviceE7),
    };
  }

  private async readableSession(ctx: RequestContext, id: number) {
    const s = await repo.sessionById(this.db, id);
    if (!s || !covers(scopeFor(requireActor(ctx.actor), 'charging.read'), this.place(s)))
      throw new AppError('not_found');
    return s;
  }

  async getSession(ctx: RequestContext, id: number) {
    const s = await this.readableSession(ctx, id);
    return (await this.presentSessions([s], ctx.locale))[0]!;
  }

  async listSessions(ctx: RequestContext, q: z.infer<typeof S.SessionListQuery>) {
    const scope = requirePermission(ctx.actor, 'charging.read');
    const rows = await repo.listSessions(this.db, scope, q, decodeCursor(q.cursor), q.limit);
    const page = toPage(
      rows,
      q.limit,
      (r) => r,
      (r) => ({ sort: null, id: r.id }),
    );
    return { ...page, items: await this.presentSessions(page.items, ctx.locale) };
  }

  async receipt(ctx: RequestContext, id: number): Promise<View<typeof S.ReceiptView>> {
    const s = await this.readableSession(ctx, id);
    if (s.status !== 'completed') throw conflict('charging.no_receipt');
    const station = (await repo.stationById(this.db, s.station_id))!;
    const port = (await repo.portById(this.db, s.port_id))!;
    const local = (d: Date) => {
      const p = localParts(d, this.options.timeZone);
      return `${p.date} ${p.time}`;
    };
    const en = ctx.locale === 'en';
    return {
      sessionId: s.id,
      station: station.name,
      operator: station.operator,
      address: station.address,
      port: port.label,
      startedAt: local(s.started_at),
      stoppedAt: local(s.stopped_at!),
      meterStartKwh: whToKwh(s.meter_start_wh),
      meterEndKwh: whToKwh(s.meter_end_wh!),
      energyKwh: whToKwh(s.energy_wh!),
      lines: (s.lines ?? []).map((l) => this.presentLine(l, ctx.locale)),
      electricityFee: fenToYuan(s.electricity_fen!),
      serviceFee: fenToYuan(s.service_fen!),
      total: fenToYuan(s.total_fen!),
      electricityFen: s.electricity_fen!,
      serviceFen: s.service_fen!,
      totalFen: s.total_fen!,
      rounding: en ? ROUNDING_RULE.en : ROUNDING_RULE.zh,
    };
  }

  async receiptPage(ctx: RequestContext, id: number): Promise<string> {
    return receiptHtml(await this.receipt(ctx, id), ctx.locale);
  }

  /**
   * Per station and month (local, by when sessions stopped): sessions, energy, fees, the
   * average price per kWh, and the average cost of a full charge. A "full charge" is a
   * session that delivered at least CHARGING_FULL_CHARGE_KWH (an e-bike battery, 48 V ×
   * 20 Ah ≈ 1 kWh); top-ups below it would drag the average down and are left out of it.
   */
  async stats(ctx: RequestContext, q: z.infer<typeof S.StatsQuery>): Promise<View<typeof S.StatsView>> {
    const scope = requirePermission(ctx.actor, 'charging.read');
    const tz = this.options.timeZone;
    const thisMonth = localParts(this.clock.now(), tz).date.slice(0, 7);
    const from = q.from ?? thisMonth;
    const to = q.to ?? from;
    if (to < from) throw invalid('query.to', 'charging.month_order');
    const months: string[] = [];
    for (let m = from; m <= to; m = addDays(`${m}-28`, 5).slice(0, 7)) {
      months.push(m);
      if (months.length > 36) throw invalid('query.to', 'charging.month_range');
    }
    const start = localInstant(`${from}-01`, 0, tz);
    const end = localInstant(`${addDays(`${to}-28`, 5).slice(0, 7)}-01`, 0, tz);
    const rows = await repo.monthlyTotals(this.db, scope, q, {
      from: start,
      to: end,
      timeZone: tz,
      fullChargeWh: this.options.fullChargeWh,
    });
    const names = new Map(
      (await repo.stationNames(this.db, [...new Set(rows.map((r) => r.station_id))])).map((s) => [s.id, s.name]),
    );
    // Half-up division of whole numbers: ⌊(2a + b) / 2b⌋.
    const div = (a: number, b: number) => (b === 0 ? null : Math.floor((2 * a + b) / (2 * b)));
    return {
      fullChargeKwh: whToKwh(this.options.fullChargeWh),
      months,
      rows: rows.map((r) => {
        const energy = Number(r.energy_wh);
        const total = Number(r.total_fen);
        return {
          stationId: r.station_id,
          stationName: names.get(r.station_id) ?? '',
          month: r.month,
          sessions: Number(r.sessions),
          energyKwh: whToKwh(energy),
          electricityFen: Number(r.electricity_fen),
          serviceFen: Number(r.service_fen),
          totalFen: total,
          averagePerKwhFen: energy === 0 ? null : div(total * 1000, energy),
          fullCharges: Number(r.full_charges),
          averagePerFullChargeFen: div(Number(r.full_total_fen), Number(r.full_charges)),
          flagged: Number(r.flagged),
        };
      }),
    };
  }
}
