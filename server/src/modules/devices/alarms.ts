import type { Severity } from './tables.ts';
import type { AlarmAction } from './rules.ts';

/**
 * The alarm path: alarm transitions (raise, update, clear) decided by the rules on a
 * message's arrival are written here, apart from the reading batches, so that a new
 * alarm never waits behind the batches ahead of it.
 *
 * Devices are spread over a few lanes (device id modulo the lane count; one lane on
 * PGlite). In a lane, transitions are applied in the order they were decided by one
 * writer: whatever was decided while a transaction ran goes into the next one (group
 * commit, at most MAX_GROUP transitions), so a device's transitions are never written
 * out of order, and under a burst a new alarm waits for about one short transaction of
 * its lane. A failing transaction is tried again a few times; the messages behind it
 * are acknowledged only when it is in (or given up, and logged). The alarm transaction
 * itself is kept short: the matter an alarm opens follows in a transaction of its own
 * (see DevicesService.openPendingMatters).
 *
 * The rules ask "is an alarm of this type active for this device?" before the answer is
 * in the database: `expected` holds the outcome of the transitions decided and not yet
 * committed; `active` what has committed.
 */

export interface AlarmTrace {
  /** The message's own time (the device's clock; the publisher's in the benchmark). */
  publishedAt: number;
  /** When the server took the message off the broker (or the HTTP request). */
  receivedAt: number;
  /** When the rules had run on it. */
  evaluatedAt: number;
}

interface Queued {
  actions: AlarmAction[];
  trace: AlarmTrace | null;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Sample {
  receive: number;
  evaluate: number;
  queue: number;
  write: number;
  total: number;
}

const SAMPLES = 2000;
const MAX_GROUP = 32;
const ATTEMPTS = 5;
const key = (deviceId: number, type: string) => `${deviceId}:${type}`;

function percentile(values: number[], p: number) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export class AlarmPath {
  /** Committed active alarms by `${deviceId}:${type}`. */
  readonly active = new Map<string, { id: number; severity: Severity }>();
  private readonly expected = new Map<string, { raised: boolean; pending: number }>();
  private readonly lanes: Array<{ queue: Queued[]; running: Promise<void> | null }>;
  private idleWaiters: Array<() => void> = [];
  private samples: Sample[] = [];
  private matterSamples: number[] = [];
  readonly counters = { transactions: 0, transitions: 0, raised: 0, failedTransactions: 0, lastGroup: 0, maxGroup: 0 };

  constructor(
    private readonly write: (actions: AlarmAction[]) => Promise<void>,
    private readonly onError: (error: unknown, context: string) => void,
    laneCount = 1,
  ) {
    this.lanes = Array.from({ length: Math.max(1, laneCount) }, () => ({ queue: [], running: null }));
  }

  /** Whether an alarm of the type is active for the device, counting transitions decided but not yet committed. */
  isActive(deviceId: number, type: string) {
    const k = key(deviceId, type);
    const e = this.expected.get(k);
    return e ? e.raised : this.active.has(k);
  }

  /** Queues transitions; settles when they have committed. */
  apply(actions: AlarmAction[], trace: AlarmTrace | null = null): Promise<void> {
    for (const a of actions) {
      const k = key(a.deviceId, a.alarmType);
      const e = this.expected.get(k);
      if (e) {
        e.raised = a.kind === 'raise';
        e.pending++;
      } else this.expected.set(k, { raised: a.kind === 'raise', pending: 1 });
    }
    const parts = new Map<number, AlarmAction[]>();
    for (const a of actions) {
      const lane = a.deviceId % this.lanes.length;
      const list = parts.get(lane);
      if (list) list.push(a);
      else parts.set(lane, [a]);
    }
    const done = [...parts].map(
      ([lane, part]) =>
        new Promise<void>((resolve, reject) => {
          this.lanes[lane]!.queue.push({ actions: part, trace, resolve, reject });
          this.kick(lane);
        }),
    );
    return done.length === 1 ? done[0]! : Promise.all(done).then(() => undefined);
  }

  private get busy() {
    return this.lanes.some((l) => l.running || l.queue.length > 0);
  }

  /** Settles when nothing is queued or being written. */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** How long opening a matter took inside an alarm's transaction (for the figures). */
  noteMatter(ms: number) {
    this.matterSamples.push(ms);
    if (this.matterSamples.length > SAMPLES) this.matterSamples.splice(0, this.matterSamples.length - SAMPLES);
  }

  private kick(lane: number) {
    const l = this.lanes[lane]!;
    if (l.running) return;
    if (l.queue.length === 0) {
      if (!this.busy) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const w of waiters) w();
      }
      return;
    }
    let n = 0;
    let take = 0;
    while (take < l.queue.length && (take === 0 || n + l.queue[take]!.actions.length <= MAX_GROUP))
      n += l.queue[take++]!.actions.length;
    const group = l.queue.splice(0, take);
    l.running = this.runOnce(group).finally(() => {
      l.running = null;
      this.kick(lane);
    });
  }

  private async runOnce(group: Queued[]) {
    const actions = group.flatMap((g) => g.actions);
    const startedAt = Date.now();
    let failure: unknown = null;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.write(actions);
        failure = null;
        break;
      } catch (error) {
        failure = error;
        this.counters.failedTransactions++;
        this.onError(error, 'devices.alarms');
        if (attempt >= ATTEMPTS) break;
        await new Promise((r) => setTimeout(r, Math.min(2000, 100 * 2 ** attempt)));
      }
    }
    const committedAt = Date.now();
    for (const a of actions) {
      const k = key(a.deviceId, a.alarmType);
      const e = this.expected.get(k);
      if (e && --e.pending <= 0) this.expected.delete(k);
    }
    if (!failure) {
      this.counters.transactions++;
      this.counters.transitions += actions.length;
      this.counters.lastGroup = actions.length;
      this.counters.maxGroup = Math.max(this.counters.maxGroup, actions.length);
    }
    for (const g of group) {
      if (failure) {
        g.reject(failure);
        continue;
      }
      if (g.trace && g.actions.some((a) => a.kind === 'raise')) {
        this.counters.raised++;
        const t = g.trace;
        this.samples.push({
          receive: t.receivedAt - t.publishedAt,
          evaluate: t.evaluatedAt - t.receivedAt,
          queue: startedAt - t.evaluatedAt,
          write: committedAt - startedAt,
          total: committedAt - t.publishedAt,
        });
        if (this.samples.length > SAMPLES) this.samples.splice(0, this.samples.length - SAMPLES);
      }
      g.resolve();
    }
  }

  /** Where the time of the last raised alarms went, p50 and p99 in ms (null with none). */
  stats() {
    const of = (f: (s: Sample) => number) => ({
      p50: percentile(this.samples.map(f), 50),
      p99: percentile(this.samples.map(f), 99),
    });
    return {
      ...this.counters,
      lanes: this.lanes.length,
      pending: this.lanes.reduce((n, l) => n + l.queue.reduce((m, g) => m + g.actions.length, 0), 0),
      samples: this.samples.length,
      receiveMs: of((s) => s.receive),
      evaluateMs: of((s) => s.evaluate),
      queueMs: of((s) => s.queue),
      writeMs: of((s) => s.write),
      totalMs: of((s) => s.total),
      matterMs: { p50: percentile(this.matterSamples, 50), p99: percentile(this.matterSamples, 99) },
    };
  }
}
