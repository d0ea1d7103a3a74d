import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import { requireActor, requirePermission } from '../../platform/access.ts';
import { systemContext, type RequestContext } from '../../platform/context.ts';
import type { DeviceEventPayload } from '../../platform/device-events.ts';
import { AppError, invalid, isUniqueViolation } from '../../platform/errors.ts';
import type { DomainEvent } from '../../platform/jobs.ts';
import { addDays, localInstant, localParts } from '../../platform/local-time.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import { assertReadable, placeOf } from './access.ts';
import { fenToYuan, NoTariffError, priceSession, whToKwh, type TariffVersion } from './billing.ts';
import { type ChargingDeps, conflict, toWh } from './deps.ts';
import { billLineView, ROUNDING_RULE, sessionView } from './presenters.ts';
import { receiptHtml } from './receipt.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { ChargingStations } from './stations.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/**
 * Charging sessions: started and stopped by the chargers' events (or by hand), billed for
 * the energy the meter says was delivered by the tariff versions in force, receipts, and the
 * monthly figures.
 */
export class ChargingSessions {
  constructor(
    private readonly d: ChargingDeps,
    private readonly stations: ChargingStations,
  ) {}

  private checkTime(at: Date | undefined, path: string): Date {
    const now = this.d.clock.now();
    if (!at) return now;
    if (at.getTime() > now.getTime() + 60_000) throw invalid(path, 'charging.future_time');
    return at;
  }

  /** Starts a session on a port by hand (tests, the admin console when a charger cannot report). */
  async start(ctx: RequestContext, portId: number, body: z.infer<typeof S.StartBody>) {
    const actor = requireActor(ctx.actor);
    const port = await repo.portById(this.d.db, portId);
    if (!port) throw new AppError('not_found');
    const s = await this.stations.writableStation(ctx, port.station_id);
    const at = this.checkTime(body.at, 'body.at');
    const session = await this.d.db
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
        await repo.notePortMeter(trx, portId, row.meter_start_wh, at);
        await this.d.audit.record(trx, ctx, {
          action: 'charging.session.start',
          entityType: 'charging_session',
          entityId: row.id,
          place: placeOf(s),
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
    const found = await repo.sessionById(this.d.db, id);
    if (!found) throw new AppError('not_found');
    await this.stations.writableStation(ctx, found.station_id);
    const at = this.checkTime(body.at, 'body.at');
    const meterWh = toWh(body.meterKwh);
    const tariffs = await this.tariffVersions(found.station_id);
    await this.d.db.transaction().execute(async (trx) => {
      const s = await repo.sessionForUpdate(trx, id);
      if (s?.status !== 'charging') throw conflict('charging.not_charging');
      if (meterWh < s.meter_start_wh)
        throw invalid('body.meterKwh', 'charging.meter_backwards', { start: whToKwh(s.meter_start_wh) });
      if (at < s.started_at) throw invalid('body.at', 'charging.before_start');
      const bill = this.bill(s, at, meterWh, tariffs);
      const done = await repo.updateSession(trx, id, { ...bill, stopped_by: actor.userId });
      await repo.notePortMeter(trx, s.port_id, meterWh, at);
      await this.d.audit.record(trx, ctx, {
        action: 'charging.session.stop',
        entityType: 'charging_session',
        entityId: id,
        place: placeOf(s),
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

  async tariffVersions(stationId: number, db: Executor = this.d.db): Promise<TariffVersion[]> {
    return (await repo.tariffsOf(db, stationId)).map((t) => ({
      id: t.id,
      effectiveFrom: t.effective_from,
      bands: t.bands,
      servicePriceE4: t.service_price_e4,
    }));
  }

  /** The columns of a stopped, billed session. */
  bill(s: repo.SessionRow, at: Date, meterWh: number, tariffs: TariffVersion[]) {
    try {
      const bill = priceSession({
        startedAt: s.started_at,
        stoppedAt: at,
        energyWh: meterWh - s.meter_start_wh,
        tariffs,
        timeZone: this.d.options.timeZone,
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

  async publishCompleted(trx: Executor, s: repo.SessionRow) {
    await this.d.jobs.publish(trx, 'charging.session_completed', {
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
   * A charger's charge_start, charge_meter (a reading while charging, kept on the port for
   * the payer's live view) or charge_stop (device.event). Safe to receive twice: a
   * start with a session reference already seen, or a stop with no session charging on
   * the port, changes nothing. A stop whose meter is below the start reading flags the
   * session and bills nothing; a start on a port still charging flags the session left
   * open (its stop was never heard).
   */
  async onDeviceEvent(
    event: DomainEvent<DeviceEventPayload>,
    trx: Executor,
  ): Promise<'started' | 'stopped' | 'flagged' | 'metered' | 'ignored'> {
    const p = event.payload;
    if (p.event !== 'charge_start' && p.event !== 'charge_stop' && p.event !== 'charge_meter') return 'ignored';
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
    await repo.notePortMeter(trx, port.id, meterWh, at);
    // A reading while charging: the payer's live view reads it from the port.
    if (p.event === 'charge_meter') return 'metered';

    if (p.event === 'charge_start') {
      if (ref && (await repo.sessionByRef(trx, port.id, ref))) return 'ignored';
      // The charger confirming a session a payer started by scanning: theirs, billed from where it started.
      if (open && open.payer_id !== null) return 'ignored';
      if (open) {
        if (!ref && open.started_at.getTime() === at.getTime() && open.meter_start_wh === meterWh) return 'ignored';
        await repo.updateSession(trx, open.id, { status: 'flagged', flag_reason: 'no_stop', stopped_at: at });
        await this.d.audit.record(trx, system, {
          action: 'charging.session.flag',
          entityType: 'charging_session',
          entityId: open.id,
          place: placeOf(station),
          details: { reason: 'no_stop' },
        });
      }
      const row = await this.insertSession(trx, station, port, { at, meterWh, source: 'device', ref, userId: null });
      await this.d.audit.record(trx, system, {
        action: 'charging.session.start',
        entityType: 'charging_session',
        entityId: row.id,
        place: placeOf(station),
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
      await this.d.audit.record(trx, system, {
        action: 'charging.session.flag',
        entityType: 'charging_session',
        entityId: open.id,
        place: placeOf(station),
        details: { reason, meterWh },
      });
      return 'flagged';
    }
    let bill: ReturnType<ChargingSessions['bill']>;
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
      await this.d.audit.record(trx, system, {
        action: 'charging.session.flag',
        entityType: 'charging_session',
        entityId: open.id,
        place: placeOf(station),
        details: { reason: 'no_tariff', meterWh, device: p.deviceCode },
      });
      return 'flagged';
    }
    const done = await repo.updateSession(trx, open.id, bill);
    await this.d.audit.record(trx, system, {
      action: 'charging.session.stop',
      entityType: 'charging_session',
      entityId: open.id,
      place: placeOf(station),
      details: { meterWh, energyWh: done.energy_wh, totalFen: done.total_fen, device: p.deviceCode },
    });
    await this.publishCompleted(trx, done);
    return 'stopped';
  }

  async presentSessions(rows: repo.SessionRow[], locale: 'zh-CN' | 'en'): Promise<View<typeof S.SessionView>[]> {
    const [stations, ports] = await Promise.all([
      repo.stationNames(this.d.db, [...new Set(rows.map((r) => r.station_id))]),
      repo.portsOf(this.d.db, [...new Set(rows.map((r) => r.station_id))]),
    ]);
    const stationName = new Map(stations.map((s) => [s.id, s.name]));
    const portLabel = new Map(ports.map((p) => [p.id, p.label]));
    return rows.map((s) => sessionView(s, stationName.get(s.station_id) ?? '', portLabel.get(s.port_id) ?? '', locale));
  }

  /** Staff of the area read a session; so does its payer (their receipt), and nobody else. */
  private async readableSession(ctx: RequestContext, id: number) {
    const s = await repo.sessionById(this.d.db, id);
    if (!s) throw new AppError('not_found');
    if (s.payer_id !== null && s.payer_id === ctx.actor?.userId) return s;
    assertReadable(ctx.actor, s);
    return s;
  }

  async getSession(ctx: RequestContext, id: number) {
    const s = await this.readableSession(ctx, id);
    return (await this.presentSessions([s], ctx.locale))[0]!;
  }

  async listSessions(ctx: RequestContext, q: z.infer<typeof S.SessionListQuery>) {
    const scope = requirePermission(ctx.actor, 'charging.read');
    const rows = await repo.listSessions(this.d.db, scope, q, decodeCursor(q.cursor), q.limit);
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
    const station = (await repo.stationById(this.d.db, s.station_id))!;
    const port = (await repo.portById(this.d.db, s.port_id))!;
    const local = (d: Date) => {
      const p = localParts(d, this.d.options.timeZone);
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
      lines: (s.lines ?? []).map((l) => billLineView(l, ctx.locale)),
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
    const tz = this.d.options.timeZone;
    const thisMonth = localParts(this.d.clock.now(), tz).date.slice(0, 7);
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
    const communityIds = q.areaId === undefined ? undefined : await this.d.org.divisionsUnder(q.areaId);
    const rows = await repo.monthlyTotals(
      this.d.db,
      scope,
      { ...q, communityIds },
      {
        from: start,
        to: end,
        timeZone: tz,
        fullChargeWh: this.d.options.fullChargeWh,
      },
    );
    const names = new Map(
      (await repo.stationNames(this.d.db, [...new Set(rows.map((r) => r.station_id))])).map((s) => [s.id, s.name]),
    );
    // Half-up division of whole numbers: ⌊(2a + b) / 2b⌋.
    const div = (a: number, b: number) => (b === 0 ? null : Math.floor((2 * a + b) / (2 * b)));
    return {
      fullChargeKwh: whToKwh(this.d.options.fullChargeWh),
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
