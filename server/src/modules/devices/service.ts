import type { z } from 'zod';
import type { Database, Executor } from '../../db/connection.ts';
import { type AreaFilter, requirePermission } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { DomainEvent, Jobs } from '../../platform/jobs.ts';
import type { LiveHub } from '../../platform/live.ts';
import type { Page } from '../../platform/pagination.ts';
import type { AuditService } from '../audit/service.ts';
import type { MattersService } from '../matters/service.ts';
import type { OrgService } from '../org/service.ts';
import { AlarmDesk } from './alarm-desk.ts';
import type { CareTargetCheck, DevicesDeps, DevicesOptions } from './deps.ts';
import { DeviceRegistry } from './registry.ts';
import type { AlarmAction } from './rules.ts';
import { RuleBook } from './rule-book.ts';
import { TelemetryRuntime } from './runtime.ts';
import { type DeviceSignal, shareDeviceChanges } from './cluster-sync.ts';
import type { ProcessSignals } from '../../platform/process-signals.ts';
import type * as S from './schema.ts';
import * as repo from './repository.ts';
import type { DeviceType } from './tables.ts';

export type { CareTargetCheck, DevicesOptions } from './deps.ts';
export { hashSecret } from './access.ts';
export { ALARM_LABELS, alarmLabel, infoOf } from './presenters.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/**
 * Devices, telemetry, rules and alarms. This class is the module's face. The long-lived
 * telemetry runtime (runtime.ts: gateway, ingest, rules in memory, the alarm writer) is
 * apart from the request-facing parts, which are cut by concern: the registry
 * (registry.ts), the alarm rules (rule-book.ts) and alarms as people handle them
 * (alarm-desk.ts). Alarms open matters through the matters service and follow them back.
 */
export class DevicesService {
  private readonly runtime: TelemetryRuntime;
  private readonly registry: DeviceRegistry;
  private readonly ruleBook: RuleBook;
  private readonly desk: AlarmDesk;

  /** @param signals what server processes tell each other (cluster-sync.ts). */
  constructor(
    private readonly database: Database,
    clock: Clock,
    audit: AuditService,
    jobs: Jobs,
    live: LiveHub,
    signals: ProcessSignals,
    org: OrgService,
    matters: MattersService,
    options: DevicesOptions,
    log: (error: unknown, context: string) => void,
  ) {
    let tell: (signal: DeviceSignal) => void = () => {};
    const deps: DevicesDeps = { database, clock, audit, jobs, live, org, matters, options, log, tell: (s) => tell(s) };
    this.runtime = new TelemetryRuntime(deps);
    tell = shareDeviceChanges(signals, this.runtime, log);
    this.registry = new DeviceRegistry(deps, this.runtime);
    this.ruleBook = new RuleBook(deps, this.runtime);
    this.desk = new AlarmDesk(deps, this.runtime);
  }

  // ----- the runtime: start, stop, telemetry, timed work -----

  get engine() {
    return this.runtime.engine;
  }

  get gateway() {
    return this.runtime.gateway;
  }

  get pipeline() {
    return this.runtime.pipeline;
  }

  get rejections() {
    return this.runtime.rejections;
  }

  get alarms() {
    return this.runtime.alarms;
  }

  /** Rules, active alarms and metrics into memory, and what a crash left half done made good; once. */
  ready(): Promise<void> {
    return this.runtime.ready();
  }

  /** Starts the MQTT side (embedded broker or subscription) with the registry loaded. */
  startGateway(overrides: { port?: number; url?: string } = {}) {
    return this.runtime.startGateway(overrides);
  }

  /**
   * With several server processes, one runs the gateway (the holder of DEVICE_GATEWAY_LEASE):
   * the others wait, refusing HTTP telemetry so that the load balancer's retry finds the holder.
   */
  waitForGateway() {
    this.runtime.waitForGateway();
  }

  /** This process now holds the gateway's lease; another may have run it until now. Without mqtt, HTTP telemetry only. */
  takeOverGateway(options: { mqtt: boolean }) {
    return this.runtime.takeOver(options);
  }

  /** This process lost the gateway's lease or gives it up. */
  standDownGateway() {
    return this.runtime.standDown();
  }

  get runsGateway() {
    return this.runtime.runsGateway;
  }

  shutdown() {
    return this.runtime.shutdown();
  }

  /** Waits until what was received is stored and its alarms are written (for tests and tools). */
  settle() {
    return this.runtime.settle();
  }

  authenticate(code: string, secret: string) {
    return this.runtime.authenticate(code, secret);
  }

  /** One MQTT payload for a device: checked, then stored; settles when stored or refused. */
  handlePayload(code: string, payload: Buffer): Promise<void> {
    return this.runtime.handlePayload(code, payload);
  }

  /** POST /api/ingest/readings: a device's batch over HTTP, with its token `code:secret`. */
  ingestHttp(authorization: string | undefined, readings: unknown[]): Promise<View<typeof S.IngestResult>> {
    return this.runtime.ingestHttp(authorization, readings);
  }

  /** Applies alarm actions on the alarm path, after those decided before them; settles when committed. */
  applyActions(actions: AlarmAction[]): Promise<void> {
    return this.runtime.writer.apply(actions);
  }

  openPendingMatters() {
    return this.runtime.writer.openPendingMatters();
  }

  /** Devices silent past their absence window go offline (with an alarm where a rule says so). */
  checkAbsence(now: Date): Promise<{ offline: number }> {
    return this.runtime.checkAbsence(now);
  }

  /** Partitions for yesterday to three days ahead; those older than the retention dropped. */
  maintainPartitions(now: Date): Promise<{ created: number; dropped: number }> {
    return this.runtime.maintainPartitions(now);
  }

  reloadRules() {
    return this.runtime.reloadRules();
  }

  async gatewayStats(ctx: RequestContext): Promise<View<typeof S.GatewayStats>> {
    requirePermission(ctx.actor, 'devices.manage');
    return this.runtime.stats();
  }

  // ----- alarms -----

  /** `buildingIds` narrows the list for another module (a compound's page). */
  listAlarms(
    ctx: RequestContext,
    q: z.infer<typeof S.AlarmListQuery>,
    buildingIds?: readonly number[],
  ): Promise<Page<View<typeof S.AlarmView>>> {
    return this.desk.listAlarms(ctx, q, buildingIds);
  }

  /** For early warning's coincidence rules: per building, the alarms of a device type in a window. */
  async alarmsByBuilding(deviceType: DeviceType, from: Date, to: Date) {
    const rows = await repo.alarmsByBuilding(this.database.db, deviceType, from, to);
    return rows.map((r) => ({
      buildingId: r.building_id!,
      communityId: r.community_id,
      gridId: r.grid_id,
      lat: r.lat === null ? null : Number(r.lat),
      lng: r.lng === null ? null : Number(r.lng),
      alarmIds: r.alarm_ids,
    }));
  }

  activeAlarmCounts(ctx: RequestContext, area: AreaFilter) {
    return this.desk.activeAlarmCounts(ctx, area);
  }

  getAlarm(ctx: RequestContext, id: number) {
    return this.desk.getAlarm(ctx, id);
  }

  /** Acknowledge (确认): someone has seen it and is on it. */
  ack(ctx: RequestContext, id: number, note = '') {
    return this.desk.ack(ctx, id, note);
  }

  /** Clear (解除) by hand: the matter it opened is resolved with it. */
  clear(ctx: RequestContext, id: number, note = '') {
    return this.desk.clear(ctx, id, note);
  }

  /** The matter side of the link (taken up → acknowledged; resolved or closed → cleared). */
  onMatterStatusChanged(
    event: DomainEvent<{
      matterId: number;
      to: string;
      sourceEntityType: string | null;
      sourceEntityId: string | null;
    }>,
  ) {
    return this.desk.onMatterStatusChanged(event);
  }

  // ----- rules -----

  listRules(ctx: RequestContext, q: z.infer<typeof S.RuleListQuery>) {
    return this.ruleBook.listRules(ctx, q);
  }

  createRule(ctx: RequestContext, body: z.infer<typeof S.RuleBody>) {
    return this.ruleBook.createRule(ctx, body);
  }

  updateRule(ctx: RequestContext, id: number, body: z.infer<typeof S.RulePatch>) {
    return this.ruleBook.updateRule(ctx, id, body);
  }

  deleteRule(ctx: RequestContext, id: number) {
    return this.ruleBook.deleteRule(ctx, id);
  }

  /** Rules for the seed and tools, without a caller's scope. */
  insertDefaultRules(rules: Array<z.infer<typeof S.RuleBody>>) {
    return this.ruleBook.insertDefaultRules(rules);
  }

  // ----- the registry -----

  /** Wires the care module's answer (app.ts); without it no care target is accepted. */
  setCareTargetCheck(check: CareTargetCheck) {
    this.registry.setCareTargetCheck(check);
  }

  listDevices(ctx: RequestContext, q: z.infer<typeof S.DeviceListQuery>) {
    return this.registry.listDevices(ctx, q);
  }

  getDevice(ctx: RequestContext, id: number): Promise<View<typeof S.DeviceDetail>> {
    return this.registry.getDevice(ctx, id);
  }

  createDevice(
    ctx: RequestContext,
    body: z.infer<typeof S.CreateDeviceBody>,
    secret?: string,
  ): Promise<View<typeof S.DeviceWithSecret>> {
    return this.registry.createDevice(ctx, body, secret);
  }

  /** Many devices at once, for imports and the benchmark: one insert, no secrets shown (system use only). */
  registerBulk(rows: Parameters<DeviceRegistry['registerBulk']>[0]) {
    return this.registry.registerBulk(rows);
  }

  updateDevice(ctx: RequestContext, id: number, body: z.infer<typeof S.UpdateDeviceBody>) {
    return this.registry.updateDevice(ctx, id, body);
  }

  /** A new secret, shown once; the old one stops working at once. */
  rotateSecret(ctx: RequestContext, id: number): Promise<View<typeof S.DeviceWithSecret>> {
    return this.registry.rotateSecret(ctx, id);
  }

  readings(ctx: RequestContext, id: number, q: z.infer<typeof S.ReadingsQuery>) {
    return this.registry.readings(ctx, id, q);
  }

  latest(ctx: RequestContext, q: z.infer<typeof S.LatestQuery>) {
    return this.registry.latest(ctx, q);
  }

  /** The devices watching a care target (care module). */
  devicesOfCareTarget(careTargetId: number, db?: Executor) {
    return this.registry.devicesOfCareTarget(careTargetId, db);
  }
}
