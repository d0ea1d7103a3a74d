import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { z } from 'zod';
import type { Database, Executor } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import {
  assertCanRead,
  assertCanWrite,
  covers,
  requirePermission,
  scopeFor,
  type OrgPlace,
} from '../../platform/access.ts';
import { type Clock, createdNow } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, isUniqueViolation } from '../../platform/errors.ts';
import type { DomainEvent, Jobs } from '../../platform/jobs.ts';
import { LIVE_CHANNEL, type LiveHub, type LiveMessage } from '../../platform/live.ts';
import { decodeCursor, toPage, type Page } from '../../platform/pagination.ts';
import type { AuditService } from '../audit/service.ts';
import type { MattersService } from '../matters/service.ts';
import type { OrgService } from '../org/service.ts';
import { MqttGateway } from './gateway.ts';
import { AlarmPath } from './alarms.ts';
import { IngestPipeline, RejectionCounter, type Accepted, type DeviceInfo } from './ingest.ts';
import * as repo from './repository.ts';
import { OFFLINE_ALARM, RuleEngine, severityRank, type AlarmAction, type Rule } from './rules.ts';
import type * as S from './schema.ts';
import type { AlarmStatus, DeviceType, Severity } from './tables.ts';
import { checkMessage, parsePayload, topicOf, type RejectReason, type Telemetry } from './telemetry.ts';

/** A rule as inserted, without the stamps the service adds. */
type NewRule = Omit<Parameters<typeof repo.insertRules>[1][number], 'created_at' | 'updated_at'>;

type View<T extends z.ZodTypeAny> = z.infer<T>;

/**
 * Whether a device at a place may watch a care target (the target exists, the caller may
 * see it, it is of the device's community). The care module answers it; it is bound late
 * (app.ts) because care depends on this module, not the other way round.
 */
export type CareTargetCheck = (
  ctx: RequestContext,
  careTargetId: number,
  place: { communityId: number; gridId: number | null },
) => Promise<boolean>;

export interface DevicesOptions {
  mqttUrl: string | undefined;
  mqttPort: number;
  mqttHost: string;
  mqttClientId: string;
  mqttTopic: string;
  retentionDays: number;
  batchRows: number;
  flushMs: number;
  flushConcurrency: number;
  offlineMinutes: number;
  /** Distinct metric names in all (DEVICE_METRICS_MAX). */
  metricsMax: number;
}

/** Names of alarm types, for matters and the board. */
export const ALARM_LABELS: Record<string, { zh: string; en: string }> = {
  fire: { zh: '烟雾火警', en: 'Smoke (fire)' },
  high_temp: { zh: '温度过高', en: 'High temperature' },
  temp_rise: { zh: '温度骤升', en: 'Fast temperature rise' },
  leakage: { zh: '漏电（剩余电流超限）', en: 'Leakage current' },
  box_overheat: { zh: '电表箱过热', en: 'Electric box overheating' },
  overcurrent: { zh: '过流', en: 'Overcurrent' },
  smoking: { zh: '吸烟行为', en: 'Smoking detected' },
  [OFFLINE_ALARM]: { zh: '设备离线', en: 'Device offline' },
};
export const alarmLabel = (type: string) => ALARM_LABELS[type]?.zh ?? type;

export const hashSecret = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');
const newSecret = () => randomBytes(24).toString('base64url');

function secretMatches(secret: string, hash: string) {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

const DAY = 86_400_000;
/** Alarm transactions written at once on PostgreSQL (devices spread over lanes by id). */
const ALARM_LANES = 3;
/** Matters of new alarms opened at once, each in its own transaction, right after the alarm's. */
const MATTER_CONCURRENCY = 2;
/** On start, latest values this recent that no alarm reflects yet are run through the rules. */
const CATCH_UP_MINUTES = 10;
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const placeOf = (row: { community_id: number; grid_id: number | null }): OrgPlace => ({
  divisionId: row.community_id,
  gridId: row.grid_id,
});

export function infoOf(d: repo.DeviceRow): DeviceInfo {
  return {
    id: d.id,
    code: d.code,
    type: d.type,
    name: d.name,
    communityId: d.community_id,
    gridId: d.grid_id,
    buildingId: d.building_id,
    householdId: d.household_id,
    careTargetId: d.care_target_id,
    lat: d.lat,
    lng: d.lng,
    address: d.address,
    secretHash: d.secret_hash,
    active: d.active,
    status: d.status,
  };
}

function ruleOf(r: repo.RuleRow): Rule {
  return {
    id: r.id,
    deviceType: r.device_type,
    deviceId: r.device_id,
    name: r.name,
    kind: r.kind,
    metric: r.metric,
    op: r.op,
    value: r.value,
    clearValue: r.clear_value,
    durationSeconds: r.duration_seconds,
    consecutive: r.consecutive,
    event: r.event,
    clearEvent: r.clear_event,
    absenceMinutes: r.absence_minutes,
    alarmType: r.alarm_type,
    severity: r.severity,
    matterCategory: r.matter_category,
    enabled: r.enabled,
  };
}

/**
 * Devices, telemetry, rules and alarms. The registry and alarms are ordinary scoped
 * records; telemetry takes the hot path: devices and rules are held in memory, checked
 * messages are written in batches (ingest.ts), and rules run on each batch once it is
 * stored. Alarms open matters through the matters service and follow them back.
 */
export class DevicesService {
  readonly engine = new RuleEngine();
  readonly gateway: MqttGateway;
  readonly pipeline: IngestPipeline;
  readonly rejections: RejectionCounter;
  private readonly byCode = new Map<string, DeviceInfo>();
  private readonly byId = new Map<number, DeviceInfo>();
  private readonly unknownCodes = new LRUCache<string, true>({ max: 10_000, ttl: 10_000 });
  /** Alarm transitions, written apart from the reading batches; active alarms. */
  readonly alarms: AlarmPath;
  private readonly lastSeen = new Map<number, number>();
  private lastSeenTimer: NodeJS.Timeout | null = null;
  private matterQueue: number[] = [];
  private readonly liveSinks = new WeakMap<Executor, LiveMessage[]>();
  private mattersRunning = 0;
  private mattersIdle: Array<() => void> = [];
  private loaded: Promise<void> | null = null;
  private careTargetCheck: CareTargetCheck | null = null;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly jobs: Jobs,
    private readonly live: LiveHub,
    private readonly org: OrgService,
    private readonly matters: MattersService,
    private readonly options: DevicesOptions,
    private readonly log: (error: unknown, context: string) => void,
  ) {
    const onError = (error: unknown, context: string) => this.log(error, context);
    this.rejections = new RejectionCounter(() => this.db, 1000, onError);
    this.alarms = new AlarmPath(
      (actions) => this.applyNow(actions),
      onError,
      database.kind === 'pglite' ? 1 : ALARM_LANES,
    );
    this.pipeline = new IngestPipeline(
      database,
      jobs,
      clock,
      {
        batchRows: options.batchRows,
        flushMs: options.flushMs,
        concurrency: database.kind === 'pglite' ? 1 : options.flushConcurrency,
      },
      { committed: (items, cameOnline) => this.afterBatch(items, cameOnline), onError },
      (days) => repo.ensurePartitions(this.db, days),
    );
    this.gateway = new MqttGateway(
      {
        authenticate: (code, secret) => this.authenticate(code, secret),
        handle: (code, payload) => this.handlePayload(code, payload),
        refuse: (code, reason, detail) =>
          this.refuse(code ? (this.byCode.get(code)?.id ?? null) : null, reason, detail),
        onError,
      },
      {
        url: options.mqttUrl,
        port: options.mqttPort,
        host: options.mqttHost,
        clientId: options.mqttClientId,
        topic: options.mqttTopic,
      },
    );
  }

  private get db(): Kysely<DB> {
    return this.database.db;
  }

  // =====================================================================
  // Start and stop
  // =====================================================================

  /**
   * Rules and active alarms into memory; then what a crash may have left half done: the
   * recent latest values no alarm reflects go through the rules (catchUp), and alarms
   * still waiting for their matter get it. Once; messages wait for it.
   */
  ready(): Promise<void> {
    this.loaded ??= (async () => {
      await this.reloadRules();
      await this.reloadActive();
      await this.pipeline.loadMetrics();
      await this.catchUp();
      await this.openPendingMatters();
    })().catch((e) => {
      this.loaded = null;
      throw e;
    });
    return this.loaded;
  }

  /** Starts the MQTT side (embedded broker or subscription) with the registry loaded. */
  async startGateway(overrides: { port?: number; url?: string } = {}) {
    await this.ready();
    await this.maintainPartitions(this.clock.now());
    for (const d of await repo.allActiveDevices(this.db)) this.remember(infoOf(d));
    await this.gateway.start(overrides);
  }

  async shutdown() {
    await this.gateway.stop();
    await this.pipeline.stop();
    await this.alarms.idle();
    await this.mattersSettled();
    await this.flushLastSeen().catch((e) => this.log(e, 'devices.last-seen'));
    await this.rejections.flush().catch((e) => this.log(e, 'devices.rejections'));
    this.rejections.stop();
    if (this.lastSeenTimer) clearTimeout(this.lastSeenTimer);
    this.lastSeenTimer = null;
  }

  /** Waits until what was received is stored and its alarms are written (for tests and tools). */
  async settle() {
    await this.pipeline.drain();
    await this.alarms.idle();
    await this.mattersSettled();
  }

  /**
   * The rules keep their state in memory, so a restart forgets it; and a batch of
   * readings may have been stored by a server that died before their alarm committed
   * (the message was then not acknowledged, and a broker sends it again; a device over
   * HTTP or QoS 0 may not). So on start the latest values of the last CATCH_UP_MINUTES
   * are run through the rules once, oldest first, as if they came now: an alarm that
   * no transition at or after that reading already reflects is raised or cleared, and
   * rates and counts start from them. A value older than an alarm's last transition
   * (the alarm was raised, updated or cleared by hand since) changes nothing.
   */
  private async catchUp() {
    const since = new Date(this.clock.now().getTime() - CATCH_UP_MINUTES * 60_000);
    const latest = await repo.recentLatest(this.db, since);
    if (latest.length === 0) return;
    const seen = new Map<string, number>();
    for (const m of await repo.alarmMarksSince(this.db, since)) {
      const k = `${m.device_id}:${m.type}`;
      const at = Math.max(new Date(m.last_at).getTime(), m.cleared_at ? new Date(m.cleared_at).getTime() : 0);
      seen.set(k, Math.max(seen.get(k) ?? 0, at));
    }
    for (const d of await repo.allActiveDevices(this.db)) this.remember(infoOf(d));
    const done: Array<Promise<void>> = [];
    let i = 0;
    while (i < latest.length) {
      const deviceId = latest[i]!.device_id;
      const device = this.byId.get(deviceId);
      // One message per device and time, oldest first.
      const messages = new Map<number, Array<[string, number]>>();
      for (; i < latest.length && latest[i]!.device_id === deviceId; i++) {
        const l = latest[i]!;
        const ts = new Date(l.ts).getTime();
        const list = messages.get(ts) ?? [];
        list.push([l.metric, l.value]);
        messages.set(ts, list);
      }
      if (!device?.active) continue;
      for (const [ts, metrics] of messages) {
        if ((this.lastSeen.get(deviceId) ?? 0) < ts) this.lastSeen.set(deviceId, ts);
        const actions = this.engine
          .evaluate(device, { ts, metrics }, (type) => this.alarms.isActive(deviceId, type))
          .filter((a) => (seen.get(`${deviceId}:${a.alarmType}`) ?? -Infinity) < ts);
        if (actions.length > 0) done.push(this.alarms.apply(actions));
      }
    }
    await Promise.all(done);
  }

  // =====================================================================
  // Registry cache
  // =====================================================================

  private remember(d: DeviceInfo) {
    const prior = this.byId.get(d.id);
    if (prior && prior.code !== d.code) this.byCode.delete(prior.code);
    this.byCode.set(d.code, d);
    this.byId.set(d.id, d);
    this.unknownCodes.delete(d.code);
  }

  private forgetDevice(id: number) {
    const d = this.byId.get(id);
    if (d) this.byCode.delete(d.code);
    this.byId.delete(id);
    this.engine.forget(id);
  }

  private async deviceByCode(code: string): Promise<DeviceInfo | null> {
    const cached = this.byCode.get(code);
    if (cached) return cached;
    if (this.unknownCodes.has(code)) return null;
    const row = await repo.deviceByCode(this.db, code);
    if (!row) {
      this.unknownCodes.set(code, true);
      return null;
    }
    const info = infoOf(row);
    this.remember(info);
    return info;
  }

  private async deviceInfoById(id: number, db: Executor = this.db): Promise<DeviceInfo | null> {
    const cached = this.byId.get(id);
    if (cached) return cached;
    const row = await repo.deviceById(db, id);
    if (!row) return null;
    const info = infoOf(row);
    this.remember(info);
    return info;
  }

  // =====================================================================
  // Telemetry
  // =====================================================================

  private refuse(deviceId: number | null, reason: RejectReason, detail: string) {
    this.rejections.count(deviceId, reason, detail, this.clock.now().getTime());
  }

  private oldestAccepted(now: number) {
    return (Math.floor(now / DAY) - this.options.retentionDays) * DAY;
  }

  async authenticate(
    code: string,
    secret: string,
  ): Promise<{ ok: true } | { ok: false; reason: 'unknown_device' | 'bad_secret' | 'inactive' }> {
    const device = await this.deviceByCode(code);
    if (!device) {
      this.refuse(null, 'unknown_device', code.slice(0, 64));
      return { ok: false, reason: 'unknown_device' };
    }
    if (!secretMatches(secret, device.secretHash)) {
      this.refuse(device.id, 'bad_secret', 'wrong secret');
      return { ok: false, reason: 'bad_secret' };
    }
    if (!device.active) {
      this.refuse(device.id, 'inactive', 'device retired');
      return { ok: false, reason: 'inactive' };
    }
    return { ok: true };
  }

  /** One MQTT payload for a device: checked, then stored; settles when stored or refused. */
  async handlePayload(code: string, payload: Buffer): Promise<void> {
    const receivedAt = Date.now();
    await this.ready();
    const device = await this.deviceByCode(code);
    if (!device) return this.refuse(null, 'unknown_device', code.slice(0, 64));
    if (!device.active) return this.refuse(device.id, 'inactive', 'device retired');
    const now = this.clock.now().getTime();
    const parsed = parsePayload(payload, now, this.oldestAccepted(now));
    if (!parsed.ok) return this.refuse(device.id, parsed.reason, parsed.detail);
    if (!this.admitMetrics(parsed.message))
      return this.refuse(device.id, 'too_many_metrics', this.tooManyDetail(parsed.message));
    await this.accept(device, parsed.message, receivedAt);
  }

  /**
   * One checked message: its rules are evaluated now, on arrival, in arrival order; its
   * readings go into the next batch; an alarm transition it causes is written at once on
   * the alarm path (alarms.ts), which does not wait behind reading batches. It settles
   * (and so is acknowledged) when the reading is stored and its alarm transition, if
   * any, has committed: an acknowledged message's alarm is never lost to a crash.
   */
  private accept(device: DeviceInfo, message: Telemetry, receivedAt: number): Promise<void> {
    if ((this.lastSeen.get(device.id) ?? 0) < message.ts) this.lastSeen.set(device.id, message.ts);
    this.scheduleLastSeen();
    const actions = this.engine.evaluate(device, message, (type) => this.alarms.isActive(device.id, type));
    const stored = this.pipeline.submit(device, message);
    if (actions.length === 0) return stored;
    const alarmed = this.alarms.apply(actions, { publishedAt: message.ts, receivedAt, evaluatedAt: Date.now() });
    return Promise.all([stored, alarmed]).then(() => undefined);
  }

  /** POST /api/ingest/readings: a device's batch over HTTP, with its token `code:secret`. */
  async ingestHttp(authorization: string | undefined, readings: unknown[]): Promise<View<typeof S.IngestResult>> {
    await this.ready();
    const token = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim() ?? '';
    const colon = token.indexOf(':');
    if (colon <= 0) throw new AppError('unauthenticated');
    const auth = await this.authenticate(token.slice(0, colon), token.slice(colon + 1));
    if (!auth.ok) throw new AppError('unauthenticated');
    const device = this.byCode.get(token.slice(0, colon))!;
    const now = this.clock.now().getTime();
    const oldest = this.oldestAccepted(now);
    const problems: Array<{ index: number; reason: RejectReason; detail: string }> = [];
    const good = [];
    for (let i = 0; i < readings.length; i++) {
      let parsed = checkMessage(readings[i], now, oldest);
      if (parsed.ok && !this.admitMetrics(parsed.message))
        parsed = { ok: false, reason: 'too_many_metrics', detail: this.tooManyDetail(parsed.message) };
      if (parsed.ok) good.push(parsed.message);
      else {
        problems.push({ index: i, reason: parsed.reason, detail: parsed.detail });
        this.refuse(device.id, parsed.reason, parsed.detail);
      }
    }
    const receivedAt = Date.now();
    // Not stored (the batch was given up): 503, and the device sends them again.
    await Promise.all(good.map((m) => this.accept(device, m, receivedAt))).catch((e) => {
      this.log(e, 'devices.ingest.http');
      throw new AppError('unavailable');
    });
    return { accepted: good.length, rejected: problems.length, problems: problems.slice(0, 100) };
  }

  /** Metric names are free-form; their number in all is bounded (DEVICE_METRICS_MAX). */
  private admitMetrics(message: Telemetry) {
    return this.pipeline.admitMetrics(message.metrics, this.options.metricsMax);
  }

  private tooManyDetail(message: Telemetry) {
    return `more than ${this.options.metricsMax} distinct metrics: ${message.metrics.map(([n]) => n).join(',')}`.slice(
      0,
      200,
    );
  }

  /** After a batch is stored: devices that came online (the rules ran on arrival). */
  private async afterBatch(_items: Accepted[], cameOnline: number[]) {
    for (const id of cameOnline) {
      const d = this.byId.get(id);
      if (d) d.status = 'online';
    }
  }

  private scheduleLastSeen() {
    if (this.lastSeenTimer || this.lastSeen.size === 0) return;
    this.lastSeenTimer = setTimeout(() => {
      this.lastSeenTimer = null;
      void this.flushLastSeen().catch((e) => this.log(e, 'devices.last-seen'));
    }, 15_000);
    this.lastSeenTimer.unref();
  }

  private async flushLastSeen() {
    if (this.lastSeen.size === 0) return;
    const seen = [...this.lastSeen].map(([id, at]) => ({ id, at }));
    this.lastSeen.clear();
    await repo.touchLastSeen(this.db, seen);
  }

  // =====================================================================
  // Alarms from rules
  // =====================================================================

  /** Applies alarm actions on the alarm path, after those decided before them; settles when committed. */
  applyActions(actions: AlarmAction[]): Promise<void> {
    return this.alarms.apply(actions);
  }

  private async applyNow(actions: AlarmAction[]) {
    // Per device and type, in order; a run of raises becomes one write.
    const groups = new Map<string, AlarmAction[]>();
    for (const a of actions) {
      const key = `${a.deviceId}:${a.alarmType}`;
      const list = groups.get(key) ?? [];
      list.push(a);
      groups.set(key, list);
    }
    const after: Array<() => void> = [];
    const newMatters: number[] = [];
    await this.db.transaction().execute(async (trx) => {
      newMatters.length = 0;
      // Few round trips, whatever the group's size: the active rows of all its keys locked
      // with one query, the live messages sent with one statement at the end.
      const keys = [...groups].sort(([a], [b]) => (a < b ? -1 : 1));
      const activeRows = new Map(
        (
          await repo.activeAlarmsForUpdate(
            trx,
            keys.map(([, list]) => ({ deviceId: list[0]!.deviceId, type: list[0]!.alarmType })),
          )
        ).map((r) => [`${r.device_id}:${r.type}`, r]),
      );
      const notes: LiveMessage[] = [];
      this.liveSinks.set(trx, notes);
      for (const [key, list] of keys) {
        const device = await this.deviceInfoById(list[0]!.deviceId, trx);
        if (!device) continue;
        let row = activeRows.get(key);
        const acc: {
          pending: { count: number; value: number | null; at: number; severity: Severity; escalated: boolean } | null;
        } = { pending: null };
        const writePending = async () => {
          const pending = acc.pending;
          if (!row || !pending) return;
          row = await repo.updateAlarm(
            trx,
            row.id,
            {
              count: row.count + pending.count,
              last_value: pending.value ?? row.last_value,
              last_at: new Date(pending.at),
              severity: pending.severity,
            },
            this.clock.now(),
          );
          await this.announce(trx, row, device, pending.escalated ? 'escalated' : 'updated');
          acc.pending = null;
        };
        for (const a of list) {
          if (a.kind === 'raise') {
            if (!row) {
              row = await this.raise(trx, device, a, newMatters);
              const r = row;
              after.push(() => this.alarms.active.set(key, { id: r.id, severity: r.severity }));
            } else {
              const prior = acc.pending;
              const base: Severity = prior?.severity ?? row.severity;
              const escalated = severityRank(a.severity) > severityRank(base);
              acc.pending = {
                count: (prior?.count ?? 0) + 1,
                value: a.value,
                at: a.at,
                severity: escalated ? a.severity : base,
                escalated: (prior?.escalated ?? false) || escalated,
              };
              const severity = acc.pending.severity;
              const id = row.id;
              after.push(() => this.alarms.active.set(key, { id, severity }));
            }
          } else if (row) {
            await writePending();
            await this.clearRow(trx, row, device, {
              reason: a.reason,
              value: a.value,
              by: null,
              at: new Date(a.at),
              deferMatter: newMatters,
            });
            row = undefined;
            after.push(() => this.alarms.active.delete(key));
          } else after.push(() => this.alarms.active.delete(key));
        }
        await writePending();
      }
      this.liveSinks.delete(trx);
      if (notes.length > 0)
        await sql`select pg_notify(${LIVE_CHANNEL}, m) from unnest(${notes.map((n) => JSON.stringify(n))}::text[]) as m`.execute(
          trx,
        );
    });
    for (const f of after) f();
    this.matterQueue.push(...newMatters);
    this.pumpMatters();
  }

  private async raise(
    trx: Executor,
    device: DeviceInfo,
    a: Extract<AlarmAction, { kind: 'raise' }>,
    matters: number[],
  ) {
    // The matter follows in its own transaction right after this one commits (openPendingMatters);
    // the mark in the row is what makes it certain: a server that dies in between opens it on start.
    const wantsMatter =
      a.matterCategory !== null && (device.gridId !== null || (device.lat !== null && device.lng !== null));
    const at = new Date(a.at);
    const row = await repo.insertAlarm(trx, {
      ...createdNow(at),
      device_id: device.id,
      type: a.alarmType,
      severity: a.severity,
      status: 'active_unack',
      rule_id: a.ruleId,
      community_id: device.communityId,
      grid_id: device.gridId,
      building_id: device.buildingId,
      household_id: device.householdId,
      first_value: a.value,
      last_value: a.value,
      details: JSON.stringify(
        wantsMatter ? { reason: a.reason, matterPending: a.matterCategory } : { reason: a.reason },
      ),
      started_at: at,
      last_at: at,
    });
    await this.jobs.publish(trx, 'alarm.raised', {
      alarmId: row.id,
      deviceId: device.id,
      deviceCode: device.code,
      deviceType: device.type,
      type: row.type,
      severity: row.severity,
      communityId: row.community_id,
      gridId: row.grid_id,
      buildingId: row.building_id,
      householdId: row.household_id,
      careTargetId: device.careTargetId,
      matterId: row.matter_id,
      at: at.toISOString(),
    });
    await this.announce(trx, row, device, 'raised');
    if (wantsMatter) matters.push(row.id);
    return row;
  }

  /**
   * Opens the matters of alarms marked as waiting for one, each in its own transaction:
   * the alarm row is locked, the matter opened (and resolved at once if the alarm has
   * cleared meanwhile, so that the incident is on record either way), the mark removed,
   * and an `updated` live event sent. Runs right after the alarm transactions that queue
   * them, on start, and with the absence check every minute (any left by a crash).
   */
  private pumpMatters() {
    while (this.mattersRunning < MATTER_CONCURRENCY && this.matterQueue.length > 0) {
      const id = this.matterQueue.shift()!;
      this.mattersRunning++;
      void this.openMatterOf(id)
        .catch((e) => this.log(e, 'devices.alarm-matter'))
        .finally(() => {
          this.mattersRunning--;
          this.pumpMatters();
          if (this.mattersRunning === 0 && this.matterQueue.length === 0) {
            const waiting = this.mattersIdle;
            this.mattersIdle = [];
            for (const w of waiting) w();
          }
        });
    }
  }

  private mattersSettled(): Promise<void> {
    if (this.mattersRunning === 0 && this.matterQueue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.mattersIdle.push(resolve));
  }

  async openPendingMatters() {
    for (const { id } of await repo.alarmsAwaitingMatter(this.db))
      if (!this.matterQueue.includes(id)) this.matterQueue.push(id);
    this.pumpMatters();
    await this.mattersSettled();
  }

  private async openMatterOf(alarmId: number) {
    const started = performance.now();
    // The alarm row is read without a lock and written last, so that the alarm path (a
    // clear of this alarm) never waits for a matter being opened; a row another server
    // linked meanwhile rolls this one back.
    const superseded = new Error('superseded');
    await this.db
      .transaction()
      .execute(async (trx) => {
        const row = await repo.alarmPlain(trx, alarmId);
        const details = (row?.details ?? {}) as Record<string, unknown>;
        if (row && row.matter_id !== null && details.matterResolve) {
          // The alarm cleared by its rule: its matter is resolved.
          await this.matters.resolveFromSystem(trx, row.matter_id, `告警已解除：${row.clear_reason ?? ''}`);
          await repo.dropAlarmMark(trx, row.id, 'matterResolve');
          return;
        }
        if (!row || row.matter_id !== null || typeof details.matterPending !== 'string') return;
        const device = await this.deviceInfoById(row.device_id, trx);
        if (!device) return;
        const matter = await this.matters.openFromSystem(trx, {
          categoryCode: details.matterPending,
          description: `${alarmLabel(row.type)}：${device.name}（${device.code}）${String(details.reason ?? '')}`,
          // The device's grid routes the matter; its point and address put it on the map.
          gridId: row.grid_id,
          lat: device.lat,
          lng: device.lng,
          address: device.address,
          urgency: row.severity === 'critical' ? 'critical' : row.severity === 'major' ? 'urgent' : 'normal',
          source: 'device',
          sourceEntity: { type: 'device_alarm', id: String(row.id) },
        });
        const updated = await repo.linkMatter(trx, row.id, matter.id, this.clock.now());
        if (!updated) throw superseded;
        // Cleared meanwhile (its clear saw no matter yet): the matter is resolved at once, the incident on record.
        const active = updated.status === 'active_unack' || updated.status === 'active_ack';
        if (!active) await this.matters.resolveFromSystem(trx, matter.id, `告警已解除：${updated.clear_reason ?? ''}`);
        await this.jobs.publish(trx, 'alarm.matter_opened', {
          alarmId: row.id,
          deviceId: device.id,
          type: row.type,
          matterId: matter.id,
          resolved: !active,
          at: this.clock.now().toISOString(),
        });
        await this.announce(trx, updated, device, 'updated');
      })
      .catch((e) => {
        if (e !== superseded) throw e;
      });
    this.alarms.noteMatter(performance.now() - started);
  }

  private async clearRow(
    trx: Executor,
    row: repo.AlarmRow | (Awaited<ReturnType<typeof repo.activeAlarmForUpdate>> & object),
    device: DeviceInfo,
    o: {
      reason: string;
      value: number | null;
      by: number | null;
      at: Date;
      fromMatter?: boolean;
      deferMatter?: number[];
    },
  ) {
    const acked = row.status === 'active_ack' || o.fromMatter === true;
    // On the alarm path the matter is resolved in a transaction of its own right after (marked in the row, as for opening).
    const defer = o.deferMatter !== undefined && row.matter_id !== null && !o.fromMatter;
    const updated = await repo.updateAlarm(
      trx,
      row.id,
      {
        status: acked ? 'cleared_ack' : 'cleared_unack',
        cleared_at: o.at,
        cleared_by: o.by,
        clear_reason: o.reason,
        ...(o.value !== null ? { last_value: o.value } : {}),
        ...(o.fromMatter && row.acked_at === null ? { acked_at: o.at } : {}),
        ...(defer
          ? { details: JSON.stringify({ ...((row.details ?? {}) as Record<string, unknown>), matterResolve: true }) }
          : {}),
      },
      o.at,
    );
    if (defer) o.deferMatter!.push(row.id);
    else if (row.matter_id !== null && !o.fromMatter)
      await this.matters.resolveFromSystem(trx, row.matter_id, `告警已解除：${o.reason}`);
    await this.jobs.publish(
      trx,
      'alarm.cleared',
      {
        alarmId: row.id,
        deviceId: device.id,
        deviceCode: device.code,
        type: row.type,
        reason: o.reason,
        matterId: row.matter_id,
        at: o.at.toISOString(),
      },
      o.by,
    );
    await this.announce(trx, updated, device, 'cleared');
    return updated;
  }

  private async announce(
    trx: Executor,
    row: {
      id: number;
      community_id: number;
      grid_id: number | null;
      status: AlarmStatus;
      severity: Severity;
      type: string;
    },
    device: DeviceInfo,
    change: string,
  ) {
    const message: LiveMessage = {
      topic: 'alarm',
      id: row.id,
      divisionId: row.community_id,
      gridId: row.grid_id,
      change,
      status: row.status,
      severity: row.severity,
      type: row.type,
      deviceCode: device.code,
      at: this.clock.now().toISOString(),
    };
    // In an alarm-path transaction, sent with the others at its end (applyNow); else now.
    const sink = this.liveSinks.get(trx);
    if (sink) sink.push(message);
    else await this.live.publish(trx, message);
  }

  // =====================================================================
  // Alarms: reading and acting
  // =====================================================================

  private async presentAlarms(rows: repo.AlarmRow[]): Promise<Array<View<typeof S.AlarmView>>> {
    const names = await this.org.names({
      divisionIds: rows.map((r) => r.community_id),
      gridIds: rows.map((r) => r.grid_id).filter((g): g is number => g !== null),
    });
    return rows.map((r) => ({
      id: r.id,
      type: r.type,
      severity: r.severity,
      status: r.status,
      active: r.status === 'active_unack' || r.status === 'active_ack',
      acknowledged: r.status === 'active_ack' || r.status === 'cleared_ack',
      device: { id: r.device_id, code: r.device_code, name: r.device_name, type: r.device_type },
      lat: r.device_lat,
      lng: r.device_lng,
      address: r.device_address,
      communityId: r.community_id,
      communityName: names.divisions.get(r.community_id) ?? null,
      gridId: r.grid_id,
      gridName: r.grid_id !== null ? (names.grids.get(r.grid_id)?.name ?? null) : null,
      buildingId: r.building_id,
      householdId: r.household_id,
      ruleId: r.rule_id,
      count: r.count,
      firstValue: r.first_value,
      lastValue: r.last_value,
      details: (r.details ?? {}) as Record<string, unknown>,
      startedAt: iso(r.started_at)!,
      lastAt: iso(r.last_at)!,
      ackedAt: iso(r.acked_at),
      clearedAt: iso(r.cleared_at),
      clearReason: r.clear_reason,
      matterId: r.matter_id,
    }));
  }

  async listAlarms(ctx: RequestContext, q: z.infer<typeof S.AlarmListQuery>): Promise<Page<View<typeof S.AlarmView>>> {
    const scope = requirePermission(ctx.actor, 'devices.read');
    const rows = await repo.listAlarms(
      this.db,
      scope,
      {
        status: q.status,
        severity: q.severity,
        type: q.type,
        deviceCode: q.deviceId,
        q: q.q,
        communityId: q.communityId,
        gridId: q.gridId,
        buildingId: q.buildingId,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
      },
      decodeCursor(q.cursor),
      q.limit,
    );
    const page = toPage(
      rows,
      q.limit,
      (r) => r,
      (r) => ({ sort: new Date(r.started_at).toISOString(), id: r.id }),
    );
    return { items: await this.presentAlarms(page.items), nextCursor: page.nextCursor };
  }

  async getAlarm(ctx: RequestContext, id: number) {
    const row = await repo.alarmById(this.db, id);
    assertCanRead(ctx.actor, 'devices.read', row ? placeOf(row) : undefined);
    return (await this.presentAlarms([row!]))[0]!;
  }

  /** Acknowledge (确认): someone has seen it and is on it. */
  async ack(ctx: RequestContext, id: number, note = '') {
    const found = await repo.alarmById(this.db, id);
    assertCanRead(ctx.actor, 'devices.read', found ? placeOf(found) : undefined);
    assertCanWrite(ctx.actor, 'devices.handle', placeOf(found!));
    await this.db.transaction().execute(async (trx) => {
      const row = (await repo.alarmForUpdate(trx, id))!;
      if (row.status === 'active_ack' || row.status === 'cleared_ack')
        throw new AppError('conflict', { reason: row.status });
      const now = this.clock.now();
      const updated = await repo.updateAlarm(
        trx,
        id,
        {
          status: row.status === 'active_unack' ? 'active_ack' : 'cleared_ack',
          acked_at: now,
          acked_by: ctx.actor!.userId,
        },
        now,
      );
      await this.audit.record(trx, ctx, {
        action: 'devices.alarm.ack',
        entityType: 'alarm',
        entityId: id,
        place: placeOf(row),
        details: { note },
      });
      await this.jobs.publish(
        trx,
        'alarm.acknowledged',
        { alarmId: id, deviceId: row.device_id, type: row.type, matterId: row.matter_id, at: now.toISOString() },
        ctx.actor!.userId,
      );
      const device = (await this.deviceInfoById(row.device_id, trx))!;
      await this.announce(trx, updated, device, 'acknowledged');
    });
    return this.getAlarm(ctx, id);
  }

  /** Clear (解除) by hand: the matter it opened is resolved with it. */
  async clear(ctx: RequestContext, id: number, note = '') {
    const found = await repo.alarmById(this.db, id);
    assertCanRead(ctx.actor, 'devices.read', found ? placeOf(found) : undefined);
    assertCanWrite(ctx.actor, 'devices.handle', placeOf(found!));
    await this.db.transaction().execute(async (trx) => {
      const row = (await repo.alarmForUpdate(trx, id))!;
      if (row.status !== 'active_unack' && row.status !== 'active_ack')
        throw new AppError('conflict', { reason: row.status });
      const device = (await this.deviceInfoById(row.device_id, trx))!;
      await this.clearRow(trx, row, device, {
        reason: note || `${ctx.actor!.displayName} 手动解除`,
        value: null,
        by: ctx.actor!.userId,
        at: this.clock.now(),
      });
      await this.audit.record(trx, ctx, {
        action: 'devices.alarm.clear',
        entityType: 'alarm',
        entityId: id,
        place: placeOf(row),
        details: { note },
      });
    });
    this.forgetActive(found!);
    return this.getAlarm(ctx, id);
  }

  /**
   * The matter side of the link: a matter an alarm opened was taken up (→ acknowledged) or
   * resolved or closed (→ the alarm is cleared). Runs in the event's transaction.
   */
  async onMatterStatusChanged(
    event: DomainEvent<{
      matterId: number;
      to: string;
      sourceEntityType: string | null;
      sourceEntityId: string | null;
    }>,
  ) {
    const p = event.payload;
    if (p.sourceEntityType !== 'device_alarm' || !p.sourceEntityId) return;
    // In a transaction of its own (the subscription has ownTransactions), so that the
    // in-memory active alarms change only once the clear has committed; a repeat of the
    // event finds the alarm cleared and does nothing.
    const cleared = await this.db.transaction().execute(async (trx) => {
      const row = await repo.alarmForUpdate(trx, Number(p.sourceEntityId));
      if (!row || row.matter_id !== p.matterId) return null;
      const device = await this.deviceInfoById(row.device_id, trx);
      if (!device) return null;
      const now = this.clock.now();
      const isActive = row.status === 'active_unack' || row.status === 'active_ack';
      if (['resolved', 'closed'].includes(p.to) && isActive) {
        await this.clearRow(trx, row, device, {
          reason: `事项已办结（${p.to === 'closed' ? '关闭' : '解决'}）`,
          value: null,
          by: event.actorId,
          at: now,
          fromMatter: true,
        });
        return row;
      }
      if (['accepted', 'in_progress'].includes(p.to) && row.status === 'active_unack') {
        const updated = await repo.updateAlarm(
          trx,
          row.id,
          { status: 'active_ack', acked_at: now, acked_by: event.actorId },
          now,
        );
        await this.jobs.publish(
          trx,
          'alarm.acknowledged',
          { alarmId: row.id, deviceId: row.device_id, type: row.type, matterId: row.matter_id, at: now.toISOString() },
          event.actorId,
        );
        await this.announce(trx, updated, device, 'acknowledged');
      }
      return null;
    });
    if (cleared) this.forgetActive(cleared);
  }

  /** After a clear has committed: the alarm is no longer active (unless a newer one of its device and type is). */
  private forgetActive(row: { id: number; device_id: number; type: string }) {
    const key = `${row.device_id}:${row.type}`;
    if (this.alarms.active.get(key)?.id === row.id) this.alarms.active.delete(key);
  }

  private async reloadActive() {
    const rows = await repo.activeAlarmKeys(this.db);
    this.alarms.active.clear();
    for (const r of rows) this.alarms.active.set(`${r.device_id}:${r.type}`, { id: r.id, severity: r.severity });
  }

  // =====================================================================
  // Absence and partitions (timed)
  // =====================================================================

  /** Devices silent past their absence window go offline (with an alarm where a rule says so). */
  async checkAbsence(now: Date): Promise<{ offline: number }> {
    await this.ready();
    await this.reloadRules();
    await this.reloadActive();
    await this.flushLastSeen();
    const windows = [this.options.offlineMinutes, ...this.engine.allAbsenceMinutes()];
    const shortest = Math.min(...windows);
    const candidates = await repo.silentSince(this.db, new Date(now.getTime() - shortest * 60_000));
    const gone: number[] = [];
    const actions: AlarmAction[] = [];
    for (const row of candidates) {
      const device = infoOf(row);
      const rule = this.engine.absenceRule(device);
      const minutes = rule?.absenceMinutes ?? this.options.offlineMinutes;
      if (new Date(row.last_seen_at!).getTime() > now.getTime() - minutes * 60_000) continue;
      gone.push(device.id);
      if (rule?.severity) {
        actions.push({
          kind: 'raise',
          deviceId: device.id,
          alarmType: rule.alarmType ?? OFFLINE_ALARM,
          severity: rule.severity,
          ruleId: rule.id,
          value: null,
          at: now.getTime(),
          matterCategory: rule.matterCategory,
          reason: `${minutes} 分钟无消息`,
        });
      }
    }
    const marked = await repo.markOffline(this.db, gone, now);
    for (const { id } of marked) {
      const d = this.byId.get(id);
      if (d) d.status = 'offline';
    }
    const markedIds = new Set(marked.map((m) => m.id));
    const todo = actions.filter((a) => markedIds.has(a.deviceId));
    if (todo.length > 0) await this.applyActions(todo);
    await this.openPendingMatters();
    return { offline: marked.length };
  }

  /** Partitions for yesterday to three days ahead; those older than the retention dropped. */
  async maintainPartitions(now: Date): Promise<{ created: number; dropped: number }> {
    const today = Math.floor(now.getTime() / DAY);
    const before = new Set(await repo.partitionDays(this.db));
    await repo.ensurePartitions(this.db, [today - 1, today, today + 1, today + 2, today + 3]);
    const after = await repo.partitionDays(this.db);
    const old = after.filter((d) => d < today - this.options.retentionDays);
    await repo.dropPartitions(this.db, old);
    return { created: after.filter((d) => !before.has(d)).length, dropped: old.length };
  }

  // =====================================================================
  // Rules
  // =====================================================================

  async reloadRules() {
    this.engine.setRules((await repo.allRules(this.db)).map(ruleOf));
  }

  private presentRule(r: repo.RuleRow): View<typeof S.RuleView> {
    return ruleOf(r);
  }

  async listRules(ctx: RequestContext, q: z.infer<typeof S.RuleListQuery>) {
    requirePermission(ctx.actor, 'devices.read');
    const scope = scopeFor(ctx.actor, 'devices.read');
    const rows = await repo.allRules(this.db);
    const items = [];
    for (const r of rows) {
      if (q.deviceType && r.device_type !== q.deviceType) continue;
      if (q.deviceId && r.device_id !== q.deviceId) continue;
      if (r.device_id !== null) {
        const d = await this.deviceInfoById(r.device_id);
        if (!d || !covers(scope, { divisionId: d.communityId, gridId: d.gridId })) continue;
      }
      items.push(this.presentRule(r));
    }
    return { items };
  }

  /** Write access to a rule's target: its device's place, or (a whole device type) district admins only. */
  private async assertRuleTarget(ctx: RequestContext, deviceId: number | null) {
    if (deviceId !== null) {
      const d = await repo.deviceById(this.db, deviceId);
      assertCanWrite(ctx.actor, 'devices.manage', d ? placeOf(d) : undefined);
      return;
    }
    // Rules for a whole device type apply everywhere: district admins only.
    const scope = requirePermission(ctx.actor, 'devices.manage');
    const isDistrict = ctx.actor!.grants.some((g) => g.role === 'district_admin');
    if (!isDistrict || scope.divisionIds.length === 0) throw new AppError('forbidden');
  }

  private async checkRule(ctx: RequestContext, body: z.infer<typeof S.RulePatch>, existing?: repo.RuleRow) {
    const merged = {
      deviceType: body.deviceType !== undefined ? body.deviceType : (existing?.device_type ?? null),
      deviceId: body.deviceId !== undefined ? body.deviceId : (existing?.device_id ?? null),
      kind: body.kind ?? existing?.kind,
      matterCategory: body.matterCategory !== undefined ? body.matterCategory : (existing?.matter_category ?? null),
    };
    if ((merged.deviceType === null) === (merged.deviceId === null))
      throw new AppError('validation_failed', {}, [{ path: 'body.deviceType', key: 'devices.rule_target' }]);
    // Whoever changes or removes a rule must be allowed to write the rule as it is (its
    // current target) and as it will be: otherwise a community admin could take over a
    // type-wide rule by pointing it at one of their devices.
    if (existing) await this.assertRuleTarget(ctx, existing.device_id);
    await this.assertRuleTarget(ctx, merged.deviceId);
    if (merged.matterCategory) {
      const { list } = await this.matters.categoryMap();
      if (!list.some((c) => c.code === merged.matterCategory))
        throw new AppError('validation_failed', {}, [{ path: 'body.matterCategory', key: 'devices.unknown_category' }]);
    }
  }

  /** A rule's columns from a body; a body that creates one has been checked complete (RuleBody). */
  private ruleRow(body: z.infer<typeof S.RulePatch>) {
    return {
      device_type: body.deviceType,
      device_id: body.deviceId,
      name: body.name,
      kind: body.kind,
      metric: body.metric,
      op: body.op,
      value: body.value,
      clear_value: body.clearValue,
      duration_seconds: body.durationSeconds,
      consecutive: body.consecutive,
      event: body.event,
      clear_event: body.clearEvent,
      absence_minutes: body.absenceMinutes,
      alarm_type: body.alarmType,
      severity: body.severity,
      matter_category: body.matterCategory,
      enabled: body.enabled,
    };
  }

  private async writeRule(fn: (trx: Executor) => Promise<repo.RuleRow | undefined>) {
    try {
      const row = await this.db.transaction().execute(fn);
      await this.reloadRules();
      return row;
    } catch (e) {
      if ((e as { code?: string }).code === '23514')
        throw new AppError('validation_failed', {}, [{ path: 'body', key: 'devices.rule_incomplete' }]);
      throw e;
    }
  }

  async createRule(ctx: RequestContext, body: z.infer<typeof S.RuleBody>) {
    await this.checkRule(ctx, body);
    const row = await this.writeRule(async (trx) => {
      const [r] = await repo.insertRules(trx, [
        { ...(this.ruleRow(body) as NewRule), ...createdNow(this.clock.now()), created_by: ctx.actor!.userId },
      ]);
      await this.audit.record(trx, ctx, {
        action: 'devices.rule.create',
        entityType: 'device_rule',
        entityId: r!.id,
        details: { name: body.name, kind: body.kind },
      });
      return r;
    });
    return this.presentRule(row!);
  }

  async updateRule(ctx: RequestContext, id: number, body: z.infer<typeof S.RulePatch>) {
    const existing = await repo.ruleById(this.db, id);
    if (!existing) throw new AppError('not_found');
    await this.checkRule(ctx, body, existing);
    const patch = Object.fromEntries(Object.entries(this.ruleRow(body)).filter(([, v]) => v !== undefined));
    const row = await this.writeRule(async (trx) => {
      const r = await repo.updateRule(trx, id, patch, this.clock.now());
      await this.audit.record(trx, ctx, {
        action: 'devices.rule.update',
        entityType: 'device_rule',
        entityId: id,
        details: { fields: Object.keys(body) },
      });
      return r;
    });
    return this.presentRule(row!);
  }

  async deleteRule(ctx: RequestContext, id: number) {
    const existing = await repo.ruleById(this.db, id);
    if (!existing) throw new AppError('not_found');
    await this.checkRule(ctx, {}, existing);
    await this.writeRule(async (trx) => {
      await repo.deleteRule(trx, id);
      await this.audit.record(trx, ctx, {
        action: 'devices.rule.delete',
        entityType: 'device_rule',
        entityId: id,
        details: { name: existing.name },
      });
      return existing;
    });
  }

  /** Rules for the seed and tools, without a caller's scope. */
  async insertDefaultRules(rules: Array<z.infer<typeof S.RuleBody>>) {
    const now = this.clock.now();
    await this.db.transaction().execute((trx) =>
      repo.insertRules(
        trx,
        rules.map((r) => ({ ...(this.ruleRow(r) as NewRule), ...createdNow(now) })),
      ),
    );
    await this.reloadRules();
  }

  // =====================================================================
  // Registry
  // =====================================================================

  /** Wires the care module's answer (app.ts); without it no care target is accepted. */
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
      const p = await this.org.placeOfHousehold(body.householdId);
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
      const p = await this.org.placeOfBuilding(body.buildingId);
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
    const g = await this.org.placeOfGrid(body.gridId!);
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
    const names = await this.org.names({
      divisionIds: rows.map((r) => r.community_id),
      gridIds: rows.map((r) => r.grid_id).filter((g): g is number => g !== null),
    });
    const latest = await repo.latestOf(
      this.db,
      rows.map((r) => r.id),
    );
    return rows.map((d) => ({
      id: d.id,
      code: d.code,
      type: d.type,
      name: d.name,
      communityId: d.community_id,
      communityName: names.divisions.get(d.community_id) ?? null,
      gridId: d.grid_id,
      gridName: d.grid_id !== null ? (names.grids.get(d.grid_id)?.name ?? null) : null,
      buildingId: d.building_id,
      householdId: d.household_id,
      lat: d.lat,
      lng: d.lng,
      address: d.address,
      careTargetId: d.care_target_id,
      active: d.active,
      status: d.status,
      lastSeenAt: iso(
        this.lastSeen.has(d.id)
          ? new Date(Math.max(this.lastSeen.get(d.id)!, d.last_seen_at ? new Date(d.last_seen_at).getTime() : 0))
          : d.last_seen_at,
      ),
      statusChangedAt: iso(d.status_changed_at),
      secretRotatedAt: iso(d.secret_rotated_at)!,
      note: d.note,
      latest: latest
        .filter((l) => l.device_id === d.id)
        .map((l) => ({ metric: l.metric, value: l.value, ts: iso(l.ts)! })),
      createdAt: iso(d.created_at)!,
    }));
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
    for (const p of this.rejections.pendingFor(id)) {
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
    const activeAlarms = [...this.alarms.active.keys()].filter((k) => k.startsWith(`${id}:`)).length;
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
            ...createdNow(this.clock.now()),
            secret_rotated_at: this.clock.now(),
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
        await this.audit.record(trx, ctx, {
          action: 'devices.device.create',
          entityType: 'device',
          entityId: r!.id,
          place: placeOf(r!),
          details: { code: body.code, type: body.type },
        });
        return r!;
      });
      this.remember(infoOf(row));
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
    const now = this.clock.now();
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
    for (const r of inserted) this.remember(infoOf(r));
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
        this.clock.now(),
      );
      await this.audit.record(trx, ctx, {
        action: 'devices.device.update',
        entityType: 'device',
        entityId: id,
        place: placeOf(r!),
        details: { fields: Object.keys(body) },
      });
      return r!;
    });
    this.forgetDevice(id);
    this.remember(infoOf(row));
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
        { secret_hash: hashSecret(plain), secret_rotated_at: this.clock.now() },
        this.clock.now(),
      );
      await this.audit.record(trx, ctx, {
        action: 'devices.device.rotate_secret',
        entityType: 'device',
        entityId: id,
        place: placeOf(r!),
      });
      return r!;
    });
    this.forgetDevice(id);
    this.remember(infoOf(row));
    return { device: await this.getDevice(ctx, id), secret: plain, token: `${row.code}:${plain}` };
  }

  async readings(ctx: RequestContext, id: number, q: z.infer<typeof S.ReadingsQuery>) {
    const d = await repo.deviceById(this.db, id);
    assertCanRead(ctx.actor, 'devices.read', d ? placeOf(d) : undefined);
    const to = q.to ? new Date(q.to) : new Date(this.clock.now().getTime() + 60_000);
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - DAY);
    const rows = await repo.readingsOf(this.db, id, q.metric, from, to, q.limit);
    return { metric: q.metric, items: rows.map((r) => ({ ts: iso(r.ts)!, value: r.value })) };
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

  async gatewayStats(ctx: RequestContext): Promise<View<typeof S.GatewayStats>> {
    requirePermission(ctx.actor, 'devices.manage');
    await this.rejections.flush().catch((e) => this.log(e, 'devices.rejections'));
    const totals = await repo.rejectionTotals(this.db);
    const unknown = await repo.rejectionsOf(this.db, 0);
    const days = await repo.partitionDays(this.db);
    const dayIso = (d: number | undefined) => (d === undefined ? null : new Date(d * DAY).toISOString().slice(0, 10));
    const c = this.pipeline.counters;
    return {
      mqtt: {
        mode: this.gateway.mode,
        port: this.gateway.port,
        connected: this.gateway.isConnected,
        ...this.gateway.counters,
      },
      ingest: {
        messages: c.messages,
        readings: c.readings,
        events: c.events,
        batches: c.batches,
        failedBatches: c.failedBatches,
        givenUpBatches: c.givenUpBatches,
        givenUpMessages: c.givenUpMessages,
        pending: this.pipeline.pendingMessages,
        lastBatchRows: c.lastBatchRows,
        lastBatchMs: c.lastBatchMs,
        maxBatchMs: c.maxBatchMs,
      },
      rejectedSinceStart: Object.fromEntries(this.rejections.totals),
      rejectedTotal: totals.map((t) => ({
        reason: t.reason,
        count: Number(t.count),
        lastAt: iso(t.last_at as Date | null),
      })),
      unknownDevices: unknown.reduce((n, r) => n + Number(r.count), 0),
      partitions: { oldest: dayIso(days[0]), newest: dayIso(days[days.length - 1]), count: days.length },
      retentionDays: this.options.retentionDays,
      alarms: this.alarms.stats(),
      eventLoopDelayMs: {
        p50: loopDelay.percentile(50) / 1e6,
        p99: loopDelay.percentile(99) / 1e6,
        max: loopDelay.max / 1e6,
      },
    };
  }

  // =====================================================================
  // For other modules
  // =====================================================================

  /** The devices watching a care target (care module). */
  async devicesOfCareTarget(careTargetId: number, db: Executor = this.db) {
    const rows = await repo.devicesOfCareTarget(db, careTargetId);
    return rows.map((d) => ({
      id: d.id,
      code: d.code,
      type: d.type,
      name: d.name,
      status: d.status,
      lastSeenAt: iso(d.last_seen_at),
      buildingId: d.building_id,
      householdId: d.household_id,
      gridId: d.grid_id,
      communityId: d.community_id,
    }));
  }
}
