import { sql } from 'kysely';
import type { Database, Executor } from '../../db/connection.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Jobs } from '../../platform/jobs.ts';
import { keptEventData } from '../../platform/device-events.ts';
import type { DeviceType } from './tables.ts';
import type { RejectReason, Telemetry } from './telemetry.ts';

/**
 * The write path of telemetry. Accepted messages go into a buffer, written in batches
 * (every flushMs or batchRows rows, whichever first): readings with one multi-row insert
 * from arrays (unnest), the latest value per device and metric with one upsert, devices
 * that came back online, and each event message as a `device.event` domain event, all in
 * one transaction. A message's promise settles only when its batch has committed, so the
 * MQTT acknowledgement (and the HTTP answer) means "stored". A batch that fails is tried
 * again a few times (a missing partition is made first); one that still fails is given
 * up: its messages' promises reject, so they are NOT acknowledged (the embedded broker
 * drops the device's connection, the subscription to an external broker reconnects, an
 * HTTP sender gets 503) and the device or broker sends them again. Nothing acknowledged
 * is lost, and a batch the database refuses no longer holds its lane for ever.
 *
 * Overload (issue 21): the work in flight is bounded. `room()` tells the gateway whether
 * it may take the next message off a connection: over a high-water mark of readings not
 * yet stored (a few batches' worth) it waits until a batch's worth has been stored, so what
 * is offered beyond what the database can store stays at the broker (or in the device's
 * socket), not in this process. Urgent messages (an alarm topic's, an event, a reading
 * whose rules decided an alarm transition) go into a lane of their own: cut at once,
 * written ahead of the waiting reading batches, with a writer kept free for them.
 */

export interface DeviceInfo {
  id: number;
  code: string;
  type: DeviceType;
  name: string;
  communityId: number;
  gridId: number | null;
  buildingId: number | null;
  householdId: number | null;
  careTargetId: number | null;
  lat: number | null;
  lng: number | null;
  address: string;
  secretHash: string;
  active: boolean;
  status: 'unknown' | 'online' | 'offline';
}

export interface Accepted {
  device: DeviceInfo;
  message: Telemetry;
}

interface Pending extends Accepted {
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Batch {
  items: Pending[];
  urgent: boolean;
}

/** Tries of a batch that fails for another reason than a missing partition, before it is given up. */
export const BATCH_ATTEMPTS = 3;

export interface IngestOptions {
  batchRows: number;
  flushMs: number;
  concurrency: number;
}

export interface IngestHooks {
  /** After a batch commits, in the order batches were taken, never two at once. */
  committed(items: Accepted[], cameOnline: number[]): Promise<void>;
  onError(error: unknown, context: string): void;
}

const isMissingPartition = (e: unknown) =>
  (e as { code?: string })?.code === '23514' && /partition/i.test(String((e as Error).message));

/** The backlog bound, in batches of batchRows readings beyond those being written. */
const HIGH_WATER_BATCHES = 3;
/** The urgent lane's bound, as a multiple of the backlog bound. */
const URGENT_HIGH_WATER_FACTOR = 4;

export class IngestPipeline {
  private buffer: Pending[] = [];
  private bufferedRows = 0;
  private timer: NodeJS.Timeout | null = null;
  private urgentBuffer: Pending[] = [];
  private urgentScheduled = false;
  private inFlight = 0;
  private readonly waitingBatches: Batch[] = [];
  /** Readings submitted and not yet stored (or given up): the backlog that room() bounds. */
  private unsettledRows = 0;
  private roomWaiters: Array<() => void> = [];
  private postChain: Promise<void> = Promise.resolve();
  private readonly metricIds = new Map<string, number>();
  /** Metric names admitted (see admitMetrics) whose batch has not committed yet. */
  private readonly admitted = new Set<string>();
  private idle: Array<() => void> = [];
  readonly counters = {
    messages: 0,
    readings: 0,
    events: 0,
    batches: 0,
    failedBatches: 0,
    givenUpBatches: 0,
    givenUpMessages: 0,
    lastBatchRows: 0,
    lastBatchMs: 0,
    maxBatchMs: 0,
    urgentBatches: 0,
    /** Times room() made a connection wait, and the largest backlog seen (readings). */
    paused: 0,
    maxBacklogRows: 0,
  };

  constructor(
    private readonly database: Database,
    private readonly jobs: Jobs,
    private readonly clock: Clock,
    private readonly options: IngestOptions,
    private readonly hooks: IngestHooks,
    private readonly ensurePartitions: (days: number[]) => Promise<void>,
  ) {}

  /** The metric names stored so far, with their ids (on start). */
  async loadMetrics() {
    const rows = await sql<{ id: number; code: string }>`select id, code from devices.metrics`.execute(
      this.database.db,
    );
    for (const r of rows.rows) this.metricIds.set(r.code, r.id);
  }

  /**
   * Whether a message's metric names fit under the bound on distinct names: names known
   * or admitted before always do; new ones only while the total stays within max. (Each
   * server counts for itself what it has not seen committed: several servers may go
   * over by what they admit at the same moment.)
   */
  admitMetrics(names: Array<[string, number]>, max: number): boolean {
    const fresh = names.map(([n]) => n).filter((n) => !this.metricIds.has(n) && !this.admitted.has(n));
    if (fresh.length === 0) return true;
    if (new Set([...this.metricIds.keys(), ...this.admitted, ...fresh]).size > max) return false;
    for (const n of fresh) this.admitted.add(n);
    return true;
  }

  /**
   * Queues one checked message; settles when it is stored. An urgent one goes into the
   * urgent lane: its batch is cut at once and written before the waiting reading batches.
   */
  submit(device: DeviceInfo, message: Telemetry, urgent = false): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const rows = Math.max(1, message.metrics.length);
      this.unsettledRows += rows;
      if (this.unsettledRows > this.counters.maxBacklogRows) this.counters.maxBacklogRows = this.unsettledRows;
      const settle = () => {
        this.unsettledRows -= rows;
        if (this.roomWaiters.length > 0 && this.unsettledRows <= this.lowWater) {
          const waiters = this.roomWaiters;
          this.roomWaiters = [];
          for (const w of waiters) w();
        }
      };
      const pending: Pending = {
        device,
        message,
        resolve: () => {
          settle();
          resolve();
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      };
      if (urgent) {
        this.urgentBuffer.push(pending);
        if (!this.urgentScheduled) {
          this.urgentScheduled = true;
          // Whatever urgent arrives in the same turn of the event loop goes into one batch.
          queueMicrotask(() => this.cutUrgent());
        }
        return;
      }
      this.buffer.push(pending);
      this.bufferedRows += rows;
      if (this.bufferedRows >= this.options.batchRows) this.cut();
      else if (!this.timer) this.timer = setTimeout(() => this.cut(), this.options.flushMs);
    });
  }

  /** The backlog (readings not yet stored) above which room() makes the gateway wait. */
  get highWater() {
    return this.options.batchRows * (this.options.concurrency + HIGH_WATER_BATCHES);
  }

  /** Reading resumes once a batch's worth of room has opened: a full batch stays waiting behind those being written, so the writers never run dry. */
  private get lowWater() {
    return this.highWater - this.options.batchRows;
  }

  /**
   * Null when the backlog leaves room for more; else a promise that settles once it is
   * down by a batch. The gateway takes no further message off the
   * connection until then (the message in hand is submitted all the same).
   */
  room(urgent = false): Promise<void> | null {
    // The urgent lane (an alarm topic's connection) is bounded too, against a flood on it, but higher.
    if (this.unsettledRows < this.highWater * (urgent ? URGENT_HIGH_WATER_FACTOR : 1)) return null;
    this.counters.paused++;
    return new Promise<void>((resolve) => this.roomWaiters.push(resolve));
  }

  get backlogRows() {
    return this.unsettledRows;
  }

  get pendingMessages() {
    return this.buffer.length + this.urgentBuffer.length + this.waitingBatches.reduce((n, b) => n + b.items.length, 0);
  }

  get flushing() {
    return this.inFlight;
  }

  private cut() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.buffer.length === 0) return;
    this.waitingBatches.push({ items: this.buffer, urgent: false });
    this.buffer = [];
    this.bufferedRows = 0;
    this.pump();
  }

  /** The urgent lane's batch goes ahead of the reading batches waiting (behind earlier urgent ones). */
  private cutUrgent() {
    this.urgentScheduled = false;
    if (this.urgentBuffer.length === 0) return;
    const at = this.waitingBatches.findIndex((b) => !b.urgent);
    const batch = { items: this.urgentBuffer, urgent: true };
    if (at < 0) this.waitingBatches.push(batch);
    else this.waitingBatches.splice(at, 0, batch);
    this.urgentBuffer = [];
    this.pump();
  }

  private pump() {
    // One writer more than the readings may use is kept for the urgent lane (PostgreSQL; on PGlite writes are one at a time anyway).
    const reserve = this.options.concurrency > 1 ? 1 : 0;
    while (this.waitingBatches.length > 0) {
      const urgent = this.waitingBatches[0]!.urgent;
      if (this.inFlight >= this.options.concurrency + (urgent ? reserve : 0)) break;
      const { items: batch } = this.waitingBatches.shift()!;
      if (urgent) this.counters.urgentBatches++;
      this.inFlight++;
      // Post-processing keeps the order batches were cut in, whatever order they commit in.
      let release!: () => void;
      const turn = new Promise<void>((r) => (release = r));
      const previous = this.postChain;
      this.postChain = turn;
      void this.write(batch).then(
        async (cameOnline) => {
          this.inFlight--;
          for (const p of batch) p.resolve();
          this.pump();
          await previous;
          try {
            await this.hooks.committed(batch, cameOnline);
          } catch (error) {
            this.hooks.onError(error, 'devices.rules');
          }
          release();
          this.checkIdle();
        },
        async (error) => {
          // Given up: not stored, so not acknowledged (see the head of this file).
          this.inFlight--;
          this.counters.givenUpBatches++;
          this.counters.givenUpMessages += batch.length;
          this.hooks.onError(
            new Error(
              `devices: a batch of ${batch.length} messages was given up after ${BATCH_ATTEMPTS} tries and not acknowledged`,
              { cause: error },
            ),
            'devices.ingest.given-up',
          );
          for (const p of batch) p.reject(error);
          this.pump();
          await previous;
          release();
          this.checkIdle();
        },
      );
    }
  }

  private checkIdle() {
    if (
      this.inFlight === 0 &&
      this.waitingBatches.length === 0 &&
      this.buffer.length === 0 &&
      this.urgentBuffer.length === 0
    ) {
      const waiting = this.idle;
      this.idle = [];
      void this.postChain.then(() => {
        for (const w of waiting) w();
      });
    }
  }

  /** Writes whatever is buffered now and waits until it and its rules are done. */
  async drain(): Promise<void> {
    this.cutUrgent();
    this.cut();
    if (this.inFlight === 0 && this.waitingBatches.length === 0) return this.postChain;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  async stop() {
    await this.drain();
  }

  /** Writes a batch, trying again a few times; returns the devices that came online, or throws (given up). */
  private async write(batch: Pending[]): Promise<number[]> {
    let attempt = 0;
    let failures = 0;
    for (;;) {
      const started = performance.now();
      try {
        const cameOnline = await this.writeOnce(batch);
        const ms = performance.now() - started;
        this.counters.batches++;
        this.counters.messages += batch.length;
        this.counters.lastBatchRows = batch.reduce((n, p) => n + p.message.metrics.length, 0);
        this.counters.readings += this.counters.lastBatchRows;
        this.counters.events += batch.filter((p) => p.message.event).length;
        this.counters.lastBatchMs = Math.round(ms);
        this.counters.maxBatchMs = Math.max(this.counters.maxBatchMs, Math.round(ms));
        return cameOnline;
      } catch (error) {
        if (isMissingPartition(error) && attempt < 3) {
          const days = [...new Set(batch.map((p) => Math.floor(p.message.ts / 86_400_000)))];
          await this.ensurePartitions(days).catch((e) => this.hooks.onError(e, 'devices.partitions'));
          attempt++;
          continue;
        }
        this.counters.failedBatches++;
        this.hooks.onError(error, 'devices.ingest');
        failures++;
        if (failures >= BATCH_ATTEMPTS) throw error;
        attempt++;
        await new Promise((r) => setTimeout(r, 250 * 2 ** (failures - 1)));
      }
    }
  }

  /**
   * The ids of metric names, new ones numbered in the batch's transaction. They are
   * remembered only once it commits (see writeOnce): an id from a transaction that
   * rolled back (a missing partition, a lost connection) names nothing.
   */
  private async metricIdsFor(trx: Executor, names: string[], fresh: Map<string, number>) {
    const missing = names.filter((n) => !this.metricIds.has(n));
    if (missing.length > 0) {
      await sql`insert into devices.metrics (code) select unnest(${missing}::text[]) on conflict (code) do nothing`.execute(
        trx,
      );
      const rows = await sql<{
        id: number;
        code: string;
      }>`select id, code from devices.metrics where code = any(${missing}::text[])`.execute(trx);
      for (const r of rows.rows) fresh.set(r.code, r.id);
    }
  }

  private async writeOnce(batch: Pending[]): Promise<number[]> {
    const fresh = new Map<string, number>();
    const cameOnline = await this.database.db.transaction().execute(async (trx) => {
      const names = new Set<string>();
      for (const p of batch) for (const [m] of p.message.metrics) names.add(m);
      await this.metricIdsFor(trx, [...names], fresh);

      const deviceIds: number[] = [];
      const metricIds: number[] = [];
      const times: number[] = [];
      const values: number[] = [];
      // The latest value per device and metric, in key order so that concurrent batches lock alike.
      const latest = new Map<string, { d: number; m: number; t: number; v: number }>();
      for (const p of batch) {
        for (const [name, v] of p.message.metrics) {
          const m = this.metricIds.get(name) ?? fresh.get(name)!;
          deviceIds.push(p.device.id);
          metricIds.push(m);
          times.push(p.message.ts);
          values.push(v);
          const key = `${p.device.id}:${m}`;
          const prior = latest.get(key);
          if (!prior || prior.t <= p.message.ts) latest.set(key, { d: p.device.id, m, t: p.message.ts, v });
        }
      }
      if (deviceIds.length > 0) {
        await sql`
          insert into devices.readings (device_id, metric_id, ts, value)
          select d, m, to_timestamp(t / 1000.0), v from unnest(${deviceIds}::int[], ${metricIds}::smallint[], ${times}::float8[], ${values}::float8[]) as u(d, m, t, v)
          on conflict do nothing`.execute(trx);
        const l = [...latest.values()].sort((a, b) => a.d - b.d || a.m - b.m);
        await sql`
          insert into devices.latest (device_id, metric_id, ts, value)
          select d, m, to_timestamp(t / 1000.0), v from unnest(${l.map((x) => x.d)}::int[], ${l.map((x) => x.m)}::smallint[], ${l.map((x) => x.t)}::float8[], ${l.map((x) => x.v)}::float8[]) as u(d, m, t, v)
          on conflict (device_id, metric_id) do update set ts = excluded.ts, value = excluded.value where devices.latest.ts <= excluded.ts`.execute(
          trx,
        );
      }
      // Devices not known to be online are marked so now; the others' last-seen times are kept in memory and written now and then.
      const lastSeen = new Map<number, number>();
      for (const p of batch)
        if (p.device.status !== 'online')
          lastSeen.set(p.device.id, Math.max(lastSeen.get(p.device.id) ?? 0, p.message.ts));
      let cameOnline: number[] = [];
      if (lastSeen.size > 0) {
        const ids = [...lastSeen.keys()].sort((a, b) => a - b);
        const rows = await sql<{ id: number }>`
          update devices.devices d set status = 'online', status_changed_at = ${this.clock.now()}, last_seen_at = greatest(d.last_seen_at, to_timestamp(u.t / 1000.0))
          from unnest(${ids}::int[], ${ids.map((id) => lastSeen.get(id)!)}::float8[]) as u(id, t)
          where d.id = u.id and d.status <> 'online'
          returning d.id`.execute(trx);
        cameOnline = rows.rows.map((r) => r.id);
      }
      for (const p of batch) {
        if (!p.message.event) continue;
        const d = p.device;
        await this.jobs.publish(trx, 'device.event', {
          deviceId: d.id,
          deviceCode: d.code,
          deviceType: d.type,
          event: p.message.event,
          at: new Date(p.message.ts).toISOString(),
          data: keptEventData(d.type, p.message.data),
          buildingId: d.buildingId,
          householdId: d.householdId,
          gridId: d.gridId,
          communityId: d.communityId,
          careTargetId: d.careTargetId,
        });
      }
      return cameOnline;
    });
    for (const [name, id] of fresh) {
      this.metricIds.set(name, id);
      this.admitted.delete(name);
    }
    return cameOnline;
  }
}

/**
 * Refused telemetry, counted in memory and written now and then with one upsert, so that
 * a flood of bad messages costs the database nothing per message.
 */
export class RejectionCounter {
  private pending = new Map<
    string,
    { deviceId: number; reason: RejectReason; count: number; lastAt: number; detail: string }
  >();
  private timer: NodeJS.Timeout | null = null;
  readonly totals = new Map<RejectReason, number>();

  constructor(
    private readonly db: () => Executor,
    private readonly flushMs: number,
    private readonly onError: (error: unknown, context: string) => void,
  ) {}

  count(deviceId: number | null, reason: RejectReason, detail: string, at: number) {
    this.totals.set(reason, (this.totals.get(reason) ?? 0) + 1);
    const id = deviceId ?? 0;
    const key = `${id}:${reason}`;
    const p = this.pending.get(key);
    if (p) {
      p.count++;
      p.lastAt = at;
      p.detail = detail;
    } else this.pending.set(key, { deviceId: id, reason, count: 1, lastAt: at, detail });
    if (!this.timer) {
      this.timer = setTimeout(
        () => void this.flush().catch((e) => this.onError(e, 'devices.rejections')),
        this.flushMs,
      );
      this.timer.unref();
    }
  }

  /** Counts not yet written, for a reader who wants them now. */
  pendingFor(deviceId: number) {
    return [...this.pending.values()].filter((p) => p.deviceId === deviceId);
  }

  async flush() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0) return;
    const rows = [...this.pending.values()].sort((a, b) => a.deviceId - b.deviceId || a.reason.localeCompare(b.reason));
    this.pending = new Map();
    try {
      await sql`
        insert into devices.rejections (device_id, reason, count, last_at, last_detail)
        select * from unnest(${rows.map((r) => r.deviceId)}::int[], ${rows.map((r) => r.reason)}::text[], ${rows.map((r) => r.count)}::bigint[],
          ${rows.map((r) => new Date(r.lastAt).toISOString())}::timestamptz[], ${rows.map((r) => r.detail.slice(0, 200))}::text[])
        on conflict (device_id, reason) do update set count = devices.rejections.count + excluded.count,
          last_at = greatest(devices.rejections.last_at, excluded.last_at), last_detail = excluded.last_detail`.execute(
        this.db(),
      );
    } catch (error) {
      // Put them back to try with the next flush.
      for (const r of rows) {
        const key = `${r.deviceId}:${r.reason}`;
        const p = this.pending.get(key);
        if (p) p.count += r.count;
        else this.pending.set(key, r);
      }
      throw error;
    }
  }

  stop() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
