import type { z } from 'zod';
import { requireActor } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, isUniqueViolation } from '../../platform/errors.ts';
import { addDays, localInstant, localParts } from '../../platform/local-time.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import { placeOf } from './access.ts';
import { fenToYuan, NoTariffError, priceSession, whToKwh } from './billing.ts';
import { type ChargingDeps, conflict } from './deps.ts';
import { tariffView, walletEntryView } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { ChargingSessions } from './sessions.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/**
 * Charging as a person (实充实付): a resident or courier scans a port's code, starts a session
 * that is theirs (the payer), watches it, and stops it; the bill is the module's itemised
 * bill, read where the charger's meter stands. A payer reaches only their own sessions: any
 * other answers 404, whether it exists or not.
 */
export class ChargingPayers {
  constructor(
    private readonly d: ChargingDeps,
    private readonly sessions: ChargingSessions,
  ) {}

  /** The port behind a QR code, its prices now, and my session on it (what the scan page shows). */
  async port(ctx: RequestContext, code: string): Promise<View<typeof S.ChargePortView>> {
    const actor = requireActor(ctx.actor);
    const port = await repo.portByCode(this.d.db, code);
    if (!port) throw new AppError('not_found');
    const station = (await repo.stationById(this.d.db, port.station_id))!;
    const now = this.d.clock.now().getTime();
    const [tariffs, busy, open, balanceFen] = await Promise.all([
      repo.tariffsOf(this.d.db, station.id),
      repo.chargingOnPort(this.d.db, port.id),
      repo.openSessionOfPayer(this.d.db, actor.userId),
      repo.balanceOf(this.d.db, actor.userId),
    ]);
    const inForce = tariffs.find((t) => t.effective_from.getTime() <= now);
    const mine = open?.port_id === port.id ? (await this.present([open], ctx))[0]! : null;
    return {
      code: port.code,
      portId: port.id,
      portLabel: port.label,
      stationId: station.id,
      stationName: station.name,
      address: station.address,
      operator: station.operator,
      open: port.active && station.active,
      busy: busy !== undefined,
      tariff: inForce ? tariffView(inForce, ctx.locale, true) : null,
      mine,
      balanceFen,
      minStartBalanceFen: this.d.options.minStartBalanceFen,
    };
  }

  /**
   * Starts a session on the scanned port with me as its payer, from the meter the charger
   * last reported. Refused (409, nothing changed): the port closed or busy, no tariff, a
   * meter never heard, a session of mine still charging or unpaid, a balance below the minimum.
   */
  async start(ctx: RequestContext, body: z.infer<typeof S.ScanStartBody>) {
    const actor = requireActor(ctx.actor);
    const found = await repo.portByCode(this.d.db, body.portCode);
    if (!found) throw new AppError('not_found');
    const station = (await repo.stationById(this.d.db, found.station_id))!;
    if (!found.active || !station.active) throw conflict('charging.port_closed');
    const at = this.d.clock.now();
    const tariffs = await this.sessions.tariffVersions(station.id);
    if (!tariffs.some((t) => t.effectiveFrom <= at)) throw conflict('charging.no_tariff', { at: at.toISOString() });
    const id = await this.d.db
      .transaction()
      .execute(async (trx) => {
        const wallet = await repo.walletForUpdate(trx, actor.userId, at);
        if (await repo.openSessionOfPayer(trx, actor.userId)) throw conflict('charging.payer_busy');
        if (wallet.balance_fen < this.d.options.minStartBalanceFen)
          throw conflict('charging.balance_low', { need: fenToYuan(this.d.options.minStartBalanceFen) });
        const port = (await repo.portForUpdate(trx, found.id))!;
        if (port.meter_wh === null) throw conflict('charging.meter_unknown');
        if (await repo.chargingOnPort(trx, port.id)) throw conflict('charging.port_busy');
        const row = await repo.insertSession(trx, {
          created_at: at,
          station_id: station.id,
          port_id: port.id,
          community_id: station.community_id,
          grid_id: station.grid_id,
          source: 'api',
          session_ref: null,
          started_at: at,
          meter_start_wh: port.meter_wh,
          started_by: actor.userId,
          payer_id: actor.userId,
        });
        await this.d.audit.record(trx, ctx, {
          action: 'charging.session.start',
          entityType: 'charging_session',
          entityId: row.id,
          place: placeOf(station),
          details: { port: port.label, meterWh: row.meter_start_wh, payer: actor.userId },
        });
        return row.id;
      })
      .catch((e) => {
        if (isUniqueViolation(e, 'sessions_port_charging')) throw conflict('charging.port_busy');
        throw e;
      });
    return this.mySession(ctx, id);
  }

  /** Stops my session where the meter stands now and bills it (the module's itemised bill). */
  async stop(ctx: RequestContext, id: number) {
    const actor = requireActor(ctx.actor);
    const found = await this.mine(actor.userId, id);
    const at = this.d.clock.now();
    const tariffs = await this.sessions.tariffVersions(found.station_id);
    await this.d.db.transaction().execute(async (trx) => {
      const s = (await repo.sessionForUpdate(trx, id))!;
      if (s.status !== 'charging') throw conflict('charging.not_charging');
      const port = (await repo.portForUpdate(trx, s.port_id))!;
      const meterWh = port.meter_wh ?? s.meter_start_wh;
      if (meterWh < s.meter_start_wh) throw conflict('charging.meter_backwards', { start: whToKwh(s.meter_start_wh) });
      const done = await repo.updateSession(trx, id, {
        ...this.sessions.bill(s, at, meterWh, tariffs),
        stopped_by: actor.userId,
      });
      await this.d.audit.record(trx, ctx, {
        action: 'charging.session.stop',
        entityType: 'charging_session',
        entityId: id,
        place: placeOf(s),
        details: { meterWh, energyWh: done.energy_wh, totalFen: done.total_fen, payer: actor.userId },
      });
      await this.sessions.publishCompleted(trx, done);
    });
    return this.mySession(ctx, id);
  }

  async mySession(ctx: RequestContext, id: number): Promise<View<typeof S.MySessionView>> {
    const s = await this.mine(requireActor(ctx.actor).userId, id);
    return (await this.present([s], ctx))[0]!;
  }

  async mySessions(ctx: RequestContext, q: z.infer<typeof S.MySessionListQuery>) {
    const actor = requireActor(ctx.actor);
    const rows = await repo.sessionsOfPayer(this.d.db, actor.userId, {}, decodeCursor(q.cursor), q.limit);
    const page = toPage(
      rows,
      q.limit,
      (r) => r,
      (r) => ({ sort: null, id: r.id }),
    );
    return { ...page, items: await this.present(page.items, ctx) };
  }

  /** My month (local): the sessions billed in it (by when they stopped), what they came to, what I paid, topped up, got back. */
  async statement(ctx: RequestContext, q: z.infer<typeof S.StatementQuery>): Promise<View<typeof S.StatementView>> {
    const actor = requireActor(ctx.actor);
    const tz = this.d.options.timeZone;
    const month = q.month ?? localParts(this.d.clock.now(), tz).date.slice(0, 7);
    const from = localInstant(`${month}-01`, 0, tz);
    const to = localInstant(`${addDays(`${month}-28`, 5).slice(0, 7)}-01`, 0, tz);
    const [rows, entries] = await Promise.all([
      repo.sessionsOfPayer(this.d.db, actor.userId, { stoppedFrom: from, stoppedTo: to }, null, 1000),
      repo.walletEntries(this.d.db, actor.userId, { from, to }, 1000),
    ]);
    const billed = rows.filter((r) => r.status === 'completed');
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    return {
      month,
      sessions: billed.length,
      energyKwh: whToKwh(sum(billed.map((r) => r.energy_wh!))),
      electricityFen: sum(billed.map((r) => r.electricity_fen!)),
      serviceFen: sum(billed.map((r) => r.service_fen!)),
      totalFen: sum(billed.map((r) => r.total_fen!)),
      paidFen: sum(billed.filter((r) => r.paid_at !== null).map((r) => r.total_fen!)),
      topUpFen: sum(entries.filter((e) => e.kind === 'top_up').map((e) => e.amount_fen)),
      refundFen: -sum(entries.filter((e) => e.kind === 'refund').map((e) => e.amount_fen)),
      items: await this.present(rows, ctx),
      entries: entries.map(walletEntryView),
    };
  }

  /** My session, or 404 (someone else's session looks the same as none). */
  async mine(userId: number, id: number) {
    const s = await repo.sessionById(this.d.db, id);
    if (!s || s.payer_id !== userId) throw new AppError('not_found');
    return s;
  }

  private async present(rows: repo.SessionRow[], ctx: RequestContext): Promise<View<typeof S.MySessionView>[]> {
    const views = await this.sessions.presentSessions(rows, ctx.locale);
    const now = this.d.clock.now();
    return Promise.all(
      rows.map(async (s, i) => ({
        ...views[i]!,
        paidAt: s.paid_at?.toISOString() ?? null,
        live: s.status === 'charging' ? await this.live(s, now) : null,
      })),
    );
  }

  /** How far a session has got: energy from the port's last meter reading, priced as if stopped now. */
  private async live(s: repo.SessionRow, now: Date): Promise<View<typeof S.LiveView>> {
    const port = (await repo.portById(this.d.db, s.port_id))!;
    const meterWh = Math.max(port.meter_wh ?? s.meter_start_wh, s.meter_start_wh);
    const energyWh = meterWh - s.meter_start_wh;
    let runningFen: number | null = null;
    try {
      runningFen = priceSession({
        startedAt: s.started_at,
        stoppedAt: now,
        energyWh,
        tariffs: await this.sessions.tariffVersions(s.station_id),
        timeZone: this.d.options.timeZone,
      }).totalFen;
    } catch (e) {
      if (!(e instanceof NoTariffError)) throw e;
    }
    return {
      meterKwh: whToKwh(meterWh),
      meterAt: port.meter_at?.toISOString() ?? null,
      energyKwh: whToKwh(energyWh),
      minutes: Math.max(0, Math.floor((now.getTime() - s.started_at.getTime()) / 60_000)),
      runningFen,
    };
  }
}
