import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { secretMatches } from './access.ts';
import type { AlarmPath } from './alarms.ts';
import { AlarmWriter } from './alarm-writer.ts';
import { DAY, type DevicesDeps, dbOf } from './deps.ts';
import { DeviceCache } from './device-cache.ts';
import { MqttGateway } from './gateway.ts';
import { IngestPipeline, RejectionCounter, type Accepted, type DeviceInfo } from './ingest.ts';
import { infoOf, iso, ruleOf } from './presenters.ts';
import * as repo from './repository.ts';
import { OFFLINE_ALARM, RuleEngine, type AlarmAction } from './rules.ts';
import type * as S from './schema.ts';
import { checkMessage, parsePayload, type RejectReason, type Telemetry } from './telemetry.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/** On start, latest values this recent that no alarm reflects yet are run through the rules. */
const CATCH_UP_MINUTES = 10;
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

/**
 * The long-lived telemetry side of the module: the MQTT gateway (embedded broker or
 * subscription), HTTP ingest, the checked messages' batches (ingest.ts), the rules with
 * their state in memory (rules.ts), the alarm writer, last-seen times and rejection
 * counts. Devices and rules are held in memory (DeviceCache, RuleEngine) and kept current
 * by the request-facing parts, which call in here; nothing here answers a person.
 */
export class TelemetryRuntime {
  readonly engine = new RuleEngine();
  readonly cache: DeviceCache;
  readonly writer: AlarmWriter;
  readonly gateway: MqttGateway;
  readonly pipeline: IngestPipeline;
  readonly rejections: RejectionCounter;
  private readonly lastSeen = new Map<number, number>();
  private lastSeenTimer: NodeJS.Timeout | null = null;
  private loaded: Promise<void> | null = null;
  /**
   * Another server process runs the gateway (platform/leases.ts): this one takes no telemetry,
   * since the rules' state must live in one process only.
   */
  private standby = false;

  constructor(private readonly deps: DevicesDeps) {
    const { database, jobs, clock, options } = deps;
    const onError = (error: unknown, context: string) => deps.log(error, context);
    this.cache = new DeviceCache(deps);
    this.writer = new AlarmWriter(deps, this.cache);
    this.rejections = new RejectionCounter(() => this.db, 1000, onError);
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
        handle: (code, payload, _via, urgent) => this.handlePayload(code, payload, urgent),
        room: (urgent) => this.pipeline.room(urgent),
        refuse: (code, reason, detail) =>
          this.refuse(code ? (this.cache.cachedByCode(code)?.id ?? null) : null, reason, detail),
        onError,
      },
      {
        url: options.mqttUrl,
        port: options.mqttPort,
        host: options.mqttHost,
        clientId: options.mqttClientId,
        topic: options.mqttTopic,
        // One reading a message at least: the broker never sends more than the backlog bound.
        receiveMaximum: this.pipeline.highWater,
      },
    );
  }

  private get db() {
    return dbOf(this.deps);
  }

  /** Active alarms, committed and expected (alarms.ts). */
  get alarms(): AlarmPath {
    return this.writer.path;
  }

  /** A device changed or moved: the cache and the rules' state forget it. */
  forgetDevice(id: number) {
    this.cache.forget(id);
    this.engine.forget(id);
  }

  /** The last message time held in memory and not yet written to the registry. */
  lastSeenOf(id: number) {
    return this.lastSeen.get(id);
  }

  activeAlarmsOf(deviceId: number) {
    return [...this.alarms.active.keys()].filter((k) => k.startsWith(`${deviceId}:`)).length;
  }

  /**
   * Rules and active alarms into memory; then what a crash may have left half done: the
   * recent latest values no alarm reflects go through the rules (catchUp), and alarms
   * still waiting for their matter get it. Once; messages wait for it.
   */
  ready(): Promise<void> {
    this.loaded ??= (async () => {
      await this.reloadRules();
      await this.writer.reloadActive();
      await this.pipeline.loadMetrics();
      await this.catchUp();
      await this.writer.openPendingMatters();
    })().catch((e) => {
      this.loaded = null;
      throw e;
    });
    return this.loaded;
  }

  /** Starts the MQTT side (embedded broker or subscription) with the registry loaded. */
  async startGateway(overrides: { port?: number; url?: string } = {}) {
    await this.ready();
    await this.maintainPartitions(this.deps.clock.now());
    await this.cache.loadAllActive();
    await this.gateway.start(overrides);
  }

  /**
   * This process gives the gateway up: it takes no more messages (the broker keeps those not
   * acknowledged and hands them to the next holder) and stores what it took.
   */
  async standDown() {
    this.standby = true;
    await this.gateway.stop();
    await this.settle();
    await this.flushLastSeen().catch((e) => this.deps.log(e, 'devices.last-seen'));
  }

  /**
   * This process runs the gateway, after another may have: what it held in memory is rebuilt
   * from the database (rules, active alarms, devices) and the recent values run through the
   * rules again, as after a restart (ready()).
   */
  async takeOver(options: { mqtt: boolean }) {
    this.standby = false;
    this.loaded = null;
    this.engine.forgetAll();
    this.cache.clear();
    if (options.mqtt) await this.startGateway();
    else await this.ready();
  }

  /** Marks this process as one that does not run the gateway (several server processes). */
  waitForGateway() {
    this.standby = true;
  }

  get runsGateway() {
    return !this.standby;
  }

  async shutdown() {
    await this.gateway.stop();
    await this.pipeline.stop();
    await this.alarms.idle();
    await this.writer.mattersSettled();
    await this.flushLastSeen().catch((e) => this.deps.log(e, 'devices.last-seen'));
    await this.rejections.flush().catch((e) => this.deps.log(e, 'devices.rejections'));
    this.rejections.stop();
    if (this.lastSeenTimer) clearTimeout(this.lastSeenTimer);
    this.lastSeenTimer = null;
  }

  /** Waits until what was received is stored and its alarms are written (for tests and tools). */
  async settle() {
    await this.pipeline.drain();
    await this.alarms.idle();
    await this.writer.mattersSettled();
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
    const since = new Date(this.deps.clock.now().getTime() - CATCH_UP_MINUTES * 60_000);
    const latest = await repo.recentLatest(this.db, since);
    if (latest.length === 0) return;
    const seen = new Map<string, number>();
    for (const m of await repo.alarmMarksSince(this.db, since)) {
      const k = `${m.device_id}:${m.type}`;
      const at = Math.max(new Date(m.last_at).getTime(), m.cleared_at ? new Date(m.cleared_at).getTime() : 0);
      seen.set(k, Math.max(seen.get(k) ?? 0, at));
    }
    await this.cache.loadAllActive();
    const done: Array<Promise<void>> = [];
    let i = 0;
    while (i < latest.length) {
      const deviceId = latest[i]!.device_id;
      const device = this.cache.cachedById(deviceId);
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

  private refuse(deviceId: number | null, reason: RejectReason, detail: string) {
    this.rejections.count(deviceId, reason, detail, this.deps.clock.now().getTime());
  }

  private oldestAccepted(now: number) {
    return (Math.floor(now / DAY) - this.deps.options.retentionDays) * DAY;
  }

  async authenticate(
    code: string,
    secret: string,
  ): Promise<{ ok: true } | { ok: false; reason: 'unknown_device' | 'bad_secret' | 'inactive' }> {
    const device = await this.cache.byCodeOrLoad(code);
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

  /** One MQTT payload for a device (urgent: off its alarm topic): checked, then stored; settles when stored or refused. */
  async handlePayload(code: string, payload: Buffer, urgent = false): Promise<void> {
    const receivedAt = Date.now();
    await this.ready();
    const device = await this.cache.byCodeOrLoad(code);
    if (!device) return this.refuse(null, 'unknown_device', code.slice(0, 64));
    if (!device.active) return this.refuse(device.id, 'inactive', 'device retired');
    const now = this.deps.clock.now().getTime();
    const parsed = parsePayload(payload, now, this.oldestAccepted(now));
    if (!parsed.ok) return this.refuse(device.id, parsed.reason, parsed.detail);
    if (!this.admitMetrics(parsed.message))
      return this.refuse(device.id, 'too_many_metrics', this.tooManyDetail(parsed.message));
    await this.accept(device, parsed.message, receivedAt, urgent);
  }

  /**
   * One checked message: its rules are evaluated now, on arrival, in arrival order; its
   * readings go into the next batch; an alarm transition it causes is written at once on
   * the alarm path (alarms.ts), which does not wait behind reading batches. It settles
   * (and so is acknowledged) when the reading is stored and its alarm transition, if
   * any, has committed: an acknowledged message's alarm is never lost to a crash. A message
   * off the alarm topic, an event, or a reading that moved an alarm goes into the urgent
   * lane of the batches (ingest.ts), so it is stored (and acknowledged) ahead of a backlog.
   */
  private accept(device: DeviceInfo, message: Telemetry, receivedAt: number, urgent = false): Promise<void> {
    if ((this.lastSeen.get(device.id) ?? 0) < message.ts) this.lastSeen.set(device.id, message.ts);
    this.scheduleLastSeen();
    const actions = this.engine.evaluate(device, message, (type) => this.alarms.isActive(device.id, type));
    const stored = this.pipeline.submit(device, message, urgent || actions.length > 0 || message.event !== null);
    if (actions.length === 0) return stored;
    const alarmed = this.alarms.apply(actions, { publishedAt: message.ts, receivedAt, evaluatedAt: Date.now() });
    return Promise.all([stored, alarmed]).then(() => undefined);
  }

  /** POST /api/ingest/readings: a device's batch over HTTP, with its token `code:secret`. */
  async ingestHttp(authorization: string | undefined, readings: unknown[]): Promise<View<typeof S.IngestResult>> {
    // Not stored: 503, and the device sends them again (the load balancer sends them to the gateway's process).
    if (this.standby) throw new AppError('gateway_elsewhere');
    await this.ready();
    const token = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim() ?? '';
    const colon = token.indexOf(':');
    if (colon <= 0) throw new AppError('unauthenticated');
    const auth = await this.authenticate(token.slice(0, colon), token.slice(colon + 1));
    if (!auth.ok) throw new AppError('unauthenticated');
    const device = this.cache.cachedByCode(token.slice(0, colon))!;
    const now = this.deps.clock.now().getTime();
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
      this.deps.log(e, 'devices.ingest.http');
      throw new AppError('unavailable');
    });
    return { accepted: good.length, rejected: problems.length, problems: problems.slice(0, 100) };
  }

  /** Metric names are free-form; their number in all is bounded (DEVICE_METRICS_MAX). */
  private admitMetrics(message: Telemetry) {
    return this.pipeline.admitMetrics(message.metrics, this.deps.options.metricsMax);
  }

  private tooManyDetail(message: Telemetry) {
    return `more than ${this.deps.options.metricsMax} distinct metrics: ${message.metrics.map(([n]) => n).join(',')}`.slice(
      0,
      200,
    );
  }

  /** After a batch is stored: devices that came online (the rules ran on arrival). */
  private async afterBatch(_items: Accepted[], cameOnline: number[]) {
    for (const id of cameOnline) {
      const d = this.cache.cachedById(id);
      if (d) d.status = 'online';
    }
  }

  private scheduleLastSeen() {
    if (this.lastSeenTimer || this.lastSeen.size === 0) return;
    this.lastSeenTimer = setTimeout(() => {
      this.lastSeenTimer = null;
      void this.flushLastSeen().catch((e) => this.deps.log(e, 'devices.last-seen'));
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

  // Absence and partitions (timed)
  // =====================================================================

  /** Devices silent past their absence window go offline (with an alarm where a rule says so). */
  async checkAbsence(now: Date): Promise<{ offline: number }> {
    await this.ready();
    await this.reloadRules();
    await this.writer.reloadActive();
    await this.flushLastSeen();
    const windows = [this.deps.options.offlineMinutes, ...this.engine.allAbsenceMinutes()];
    const shortest = Math.min(...windows);
    const candidates = await repo.silentSince(this.db, new Date(now.getTime() - shortest * 60_000));
    const gone: number[] = [];
    const actions: AlarmAction[] = [];
    for (const row of candidates) {
      const device = infoOf(row);
      const rule = this.engine.absenceRule(device);
      const minutes = rule?.absenceMinutes ?? this.deps.options.offlineMinutes;
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
      const d = this.cache.cachedById(id);
      if (d) d.status = 'offline';
    }
    const markedIds = new Set(marked.map((m) => m.id));
    const todo = actions.filter((a) => markedIds.has(a.deviceId));
    if (todo.length > 0) await this.writer.apply(todo);
    await this.writer.openPendingMatters();
    return { offline: marked.length };
  }

  /** Partitions for yesterday to three days ahead; those older than the retention dropped. */
  async maintainPartitions(now: Date): Promise<{ created: number; dropped: number }> {
    const today = Math.floor(now.getTime() / DAY);
    const before = new Set(await repo.partitionDays(this.db));
    await repo.ensurePartitions(this.db, [today - 1, today, today + 1, today + 2, today + 3]);
    const after = await repo.partitionDays(this.db);
    const old = after.filter((d) => d < today - this.deps.options.retentionDays);
    await repo.dropPartitions(this.db, old);
    return { created: after.filter((d) => !before.has(d)).length, dropped: old.length };
  }

  // =====================================================================
  // Rules
  // =====================================================================

  async reloadRules() {
    this.engine.setRules((await repo.allRules(this.db)).map(ruleOf));
  }

  /** The gateway's, the ingest pipeline's and the alarm path's counters, for the operators' page. */
  async stats(): Promise<View<typeof S.GatewayStats>> {
    await this.rejections.flush().catch((e) => this.deps.log(e, 'devices.rejections'));
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
        urgentBatches: c.urgentBatches,
        backlogRows: this.pipeline.backlogRows,
        highWaterRows: this.pipeline.highWater,
        maxBacklogRows: c.maxBacklogRows,
        paused: c.paused,
      },
      rejectedSinceStart: Object.fromEntries(this.rejections.totals),
      rejectedTotal: totals.map((t) => ({
        reason: t.reason,
        count: Number(t.count),
        lastAt: iso(t.last_at as Date | null),
      })),
      unknownDevices: unknown.reduce((n, r) => n + Number(r.count), 0),
      partitions: { oldest: dayIso(days[0]), newest: dayIso(days[days.length - 1]), count: days.length },
      retentionDays: this.deps.options.retentionDays,
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
}
