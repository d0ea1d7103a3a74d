import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { DeviceEventPayload } from '../../platform/device-events.ts';
import type { DomainEvent, Jobs } from '../../platform/jobs.ts';
import type { Page } from '../../platform/pagination.ts';
import type { AuditService } from '../audit/service.ts';
import type { DevicesService } from '../devices/service.ts';
import type { OrgService } from '../org/service.ts';
import type { ChargingDeps, ChargingOptions } from './deps.ts';
import { ChargingPayers } from './payers.ts';
import type { PaymentProvider } from './payments.ts';
import type * as S from './schema.ts';
import { ChargingSessions } from './sessions.ts';
import { ChargingStations } from './stations.ts';
import { ChargingWallet } from './wallet.ts';

export { parsePriceE4 } from './deps.ts';
export { BAND_NAMES, ROUNDING_RULE } from './presenters.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/**
 * EV charging (充电): stations with their ports (each a plug of an ev_charger device),
 * tariff versions of time-of-use electricity bands plus a service fee, and sessions
 * started and stopped by the chargers' events (or by hand), billed for the energy the
 * meter says was delivered, electricity and service itemised, rounded once to the fen.
 * This class is the module's face; the work is in stations.ts and sessions.ts.
 */
export class ChargingService {
  private readonly stations: ChargingStations;
  private readonly sessions: ChargingSessions;
  private readonly payers: ChargingPayers;
  private readonly wallets: ChargingWallet;

  constructor(
    db: Kysely<DB>,
    clock: Clock,
    audit: AuditService,
    jobs: Jobs,
    org: OrgService,
    devices: DevicesService,
    payments: PaymentProvider,
    options: ChargingOptions,
  ) {
    const deps: ChargingDeps = { db, clock, audit, jobs, org, devices, payments, options };
    this.stations = new ChargingStations(deps);
    this.sessions = new ChargingSessions(deps, this.stations);
    this.payers = new ChargingPayers(deps, this.sessions);
    this.wallets = new ChargingWallet(deps, this.payers);
  }

  // ----- stations, ports, tariffs -----

  createStation(ctx: RequestContext, body: z.infer<typeof S.StationBody>) {
    return this.stations.createStation(ctx, body);
  }

  listStations(
    ctx: RequestContext,
    q: z.infer<typeof S.StationListQuery>,
  ): Promise<Page<View<typeof S.StationListItem>>> {
    return this.stations.listStations(ctx, q);
  }

  getStation(ctx: RequestContext, id: number): Promise<View<typeof S.StationView>> {
    return this.stations.getStation(ctx, id);
  }

  updateStation(ctx: RequestContext, id: number, body: z.infer<typeof S.StationPatch>) {
    return this.stations.updateStation(ctx, id, body);
  }

  updatePort(ctx: RequestContext, stationId: number, portId: number, body: z.infer<typeof S.PortPatch>) {
    return this.stations.updatePort(ctx, stationId, portId, body);
  }

  addPort(ctx: RequestContext, stationId: number, body: z.infer<typeof S.PortBody>) {
    return this.stations.addPort(ctx, stationId, body);
  }

  /** A new tariff version from its effective time on; never behind a bill already made. */
  addTariff(ctx: RequestContext, stationId: number, body: z.infer<typeof S.TariffBody>) {
    return this.stations.addTariff(ctx, stationId, body);
  }

  // ----- sessions -----

  /** Starts a session on a port by hand (tests, the admin console when a charger cannot report). */
  start(ctx: RequestContext, portId: number, body: z.infer<typeof S.StartBody>) {
    return this.sessions.start(ctx, portId, body);
  }

  /** Stops a session by hand and bills it. */
  stop(ctx: RequestContext, id: number, body: z.infer<typeof S.StopBody>) {
    return this.sessions.stop(ctx, id, body);
  }

  /** A charger's charge_start or charge_stop (device.event), in the event's transaction; safe to receive twice. */
  onDeviceEvent(
    event: DomainEvent<DeviceEventPayload>,
    trx: Executor,
  ): Promise<'started' | 'stopped' | 'flagged' | 'metered' | 'ignored'> {
    return this.sessions.onDeviceEvent(event, trx);
  }

  getSession(ctx: RequestContext, id: number) {
    return this.sessions.getSession(ctx, id);
  }

  listSessions(ctx: RequestContext, q: z.infer<typeof S.SessionListQuery>) {
    return this.sessions.listSessions(ctx, q);
  }

  receipt(ctx: RequestContext, id: number): Promise<View<typeof S.ReceiptView>> {
    return this.sessions.receipt(ctx, id);
  }

  receiptPage(ctx: RequestContext, id: number): Promise<string> {
    return this.sessions.receiptPage(ctx, id);
  }

  /** Per station and month: sessions, energy, fees, the average price per kWh and per full charge. */
  stats(ctx: RequestContext, q: z.infer<typeof S.StatsQuery>): Promise<View<typeof S.StatsView>> {
    return this.sessions.stats(ctx, q);
  }

  // ----- charging as a person: scan a port, charge, pay from a prepaid balance -----

  /** The port behind a QR code with its prices now and my session on it. */
  chargePort(ctx: RequestContext, code: string): Promise<View<typeof S.ChargePortView>> {
    return this.payers.port(ctx, code);
  }

  /** Starts a session on the scanned port, me its payer. */
  startMine(ctx: RequestContext, body: z.infer<typeof S.ScanStartBody>) {
    return this.payers.start(ctx, body);
  }

  stopMine(ctx: RequestContext, id: number) {
    return this.payers.stop(ctx, id);
  }

  mySession(ctx: RequestContext, id: number) {
    return this.payers.mySession(ctx, id);
  }

  mySessions(ctx: RequestContext, q: z.infer<typeof S.MySessionListQuery>) {
    return this.payers.mySessions(ctx, q);
  }

  myStatement(ctx: RequestContext, q: z.infer<typeof S.StatementQuery>) {
    return this.payers.statement(ctx, q);
  }

  wallet(ctx: RequestContext) {
    return this.wallets.wallet(ctx);
  }

  topUp(ctx: RequestContext, body: z.infer<typeof S.TopUpBody>) {
    return this.wallets.topUp(ctx, body);
  }

  /** Pays my billed session from my balance, to the fen. */
  pay(ctx: RequestContext, id: number) {
    return this.wallets.pay(ctx, id);
  }

  /** Pays back what is left on my balance. */
  refund(ctx: RequestContext) {
    return this.wallets.refund(ctx);
  }
}
