import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { runnerFor, type Database, type Executor, type SqlRunner } from '../db/connection.ts';
import type { Clock } from './clock.ts';

/**
 * Domain events, background tasks and timed work, all on pg-boss.
 *
 * pg-boss keeps its jobs in PostgreSQL and talks to it through a small adapter,
 * which lets the same code run on PGlite. Events are written as jobs inside the
 * caller's transaction (a transactional outbox): if the change rolls back, so does
 * the event. A handler's own writes and the completion of its job share one
 * transaction too, so a job is never done twice after a crash between them.
 */

export interface DomainEvent<P = Record<string, unknown>> {
  id: string;
  type: string;
  occurredAt: string;
  actorId: number | null;
  payload: P;
}

/**
 * An event handler gets the transaction that also completes its job; a handler that
 * keeps its own transactions (and is idempotent by the event id instead) gets the database.
 */
// biome-ignore lint/suspicious/noExplicitAny: each event and task names its own payload; the queue carries it untyped
export type EventHandler = (event: DomainEvent<any>, db: Executor) => Promise<void>;
/** A task gets its transaction, or the database itself when it manages its own transactions. */
// biome-ignore lint/suspicious/noExplicitAny: each event and task names its own payload; the queue carries it untyped
export type TaskHandler = (data: any, db: Executor) => Promise<void>;
export type ScheduledHandler = (now: Date) => Promise<void>;

interface Subscriber {
  queue: string;
  eventTypes: readonly string[];
  handler: EventHandler;
  ownTransactions: boolean;
}

interface Task {
  queue: string;
  handler: TaskHandler;
  /** Long tasks commit their own progress and so run outside a wrapping transaction. */
  ownTransactions: boolean;
  /** How long a run may take before pg-boss hands the job to another worker. */
  expireInSeconds: number;
}

interface Scheduled {
  queue: string;
  cron: string;
  handler: ScheduledHandler;
  /** Worked only by the process that holds this lease (platform/leases.ts), when one is named. */
  lease?: string;
}

/** pg's pool refusing a statement because no connection came free in DB_CONNECTION_WAIT_MS. */
const NO_FREE_CONNECTION = /timeout exceeded when trying to connect/i;
/**
 * The database going away and coming back (a failover): the connection refused, reset or ended,
 * the server shutting down or not yet accepting (57P01–57P03), a demoted primary refusing writes
 * (25006) until the proxy points at the new one.
 */
const DATABASE_AWAY =
  /ECONNREFUSED|ECONNRESET|Connection terminated|terminating connection|the database system is (starting up|shutting down|in recovery)|cannot execute .* in a read-only transaction/i;
const DATABASE_AWAY_CODES = new Set(['57P01', '57P02', '57P03', '25006']);

function worthWaitingFor(error: unknown) {
  const code = (error as { code?: string } | null)?.code;
  return (
    NO_FREE_CONNECTION.test(String(error)) || DATABASE_AWAY.test(String(error)) || DATABASE_AWAY_CODES.has(code ?? '')
  );
}

/**
 * The queue's own statements wait for a free connection, and for the database through a failover,
 * instead of failing after the wait an HTTP request gets: pg-boss completes and fails a worker's
 * jobs without awaiting them, so a refusal there was an unhandled rejection that ended the server
 * (seen under load in bench/statistics.ts, and at a failover in the cluster test). A statement
 * whose connection ended may have run: pg-boss's own (fetch, complete, fail, maintenance) are
 * safe to send again. Other errors are passed on at once.
 */
export function patientRunner(runner: SqlRunner, { maxWaitMs = 120_000, firstDelayMs = 50 } = {}): SqlRunner {
  return {
    async executeSql(text, values) {
      const started = Date.now();
      for (let delay = firstDelayMs; ; delay = Math.min(delay * 2, 2_000)) {
        try {
          return await runner.executeSql(text, values);
        } catch (error) {
          if (!worthWaitingFor(error) || Date.now() - started + delay > maxWaitMs) throw error;
          await new Promise((resolve) => setTimeout(resolve, delay));
        }
      }
    },
  };
}

const queueName = (prefix: string, name: string) => `${prefix}.${name.replace(/[^\w.-]/g, '_')}`;

export class Jobs {
  private readonly boss: PgBoss;
  private readonly subscribers: Subscriber[] = [];
  private readonly tasks = new Map<string, Task>();
  private readonly scheduled = new Map<string, Scheduled>();
  private started = false;
  private working = false;
  private readonly workerIds = new Map<string, string[]>();
  /** Leases this process does not hold: their timed work waits in its queue for the holder. */
  private readonly leasesNotHeld = new Set<string>();

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly options: { timeZone: string; onError: (error: unknown, context: string) => void },
  ) {
    this.boss = new PgBoss({
      db: patientRunner(database.runner) as PgBoss.Db,
      schema: 'pgboss',
      supervise: true,
      schedule: true,
      retryLimit: 8,
      retryBackoff: true,
      retryDelay: 5,
    } as PgBoss.ConstructorOptions);
    this.boss.on('error', (error) => options.onError(error, 'pg-boss'));
  }

  private get db(): Kysely<DB> {
    return this.database.db;
  }

  /** Registers a handler for events of the given types; call before start(). */
  subscribe(
    name: string,
    eventTypes: readonly string[],
    handler: EventHandler,
    options: { ownTransactions?: boolean } = {},
  ) {
    this.subscribers.push({
      queue: queueName('event', name),
      eventTypes,
      handler,
      ownTransactions: options.ownTransactions ?? false,
    });
  }

  defineTask(
    name: string,
    handler: TaskHandler,
    options: { ownTransactions?: boolean; expireInSeconds?: number } = {},
  ) {
    this.tasks.set(name, {
      queue: queueName('task', name),
      handler,
      ownTransactions: options.ownTransactions ?? false,
      expireInSeconds: options.expireInSeconds ?? 15 * 60,
    });
  }

  /**
   * Timed work on a cron pattern (in the configured time zone), once per period across processes.
   * With a lease, only the process holding it works the queue: work that reads what the lease's
   * holder keeps in memory (the device gateway's last-seen times).
   */
  every(name: string, cron: string, handler: ScheduledHandler, options: { lease?: string } = {}) {
    this.scheduled.set(name, { queue: queueName('cron', name), cron, handler, ...options });
  }

  /** Whether this process holds a lease; its timed work is worked or left to the holder accordingly. */
  async setLeaseHeld(lease: string, held: boolean) {
    if (held === !this.leasesNotHeld.has(lease)) return;
    if (held) this.leasesNotHeld.delete(lease);
    else this.leasesNotHeld.add(lease);
    if (!this.working) return;
    for (const s of this.scheduled.values()) {
      if (s.lease !== lease) continue;
      if (held) await this.workScheduled(s);
      else await this.boss.offWork(s.queue);
    }
  }

  private async workScheduled(s: Scheduled) {
    await this.boss.work(s.queue, { batchSize: 1, pollingIntervalSeconds: 2 }, () => s.handler(this.clock.now()));
  }

  private eventOf<P extends Record<string, unknown>>(type: string, payload: P, actorId: number | null): DomainEvent<P> {
    return { id: randomUUID(), type, occurredAt: this.clock.now().toISOString(), actorId, payload };
  }

  /**
   * Records an event in the caller's transaction, one job per subscriber.
   * Returns the event, whose id handlers use to stay idempotent.
   */
  async publish<P extends Record<string, unknown>>(
    trx: Executor,
    type: string,
    payload: P,
    actorId: number | null = null,
  ): Promise<DomainEvent<P>> {
    const event = this.eventOf(type, payload, actorId);
    const targets = this.subscribers.filter((s) => s.eventTypes.includes(type));
    if (targets.length > 0) {
      await this.boss.insert(
        targets.map((s) => ({ name: s.queue, data: event })),
        { db: runnerFor(trx) as PgBoss.Db },
      );
    }
    return event;
  }

  /**
   * An event as publish() records it, but as a statement not yet run and written only where
   * `gate` (SQL) holds when it runs: for a caller that writes a change, its record and its
   * event in one statement (a data-modifying CTE). The statement is pg-boss's own insert, as
   * pg-boss would send it, with its jobs parameter gated. Null statement: no subscriber.
   */
  async publishWhen<P extends Record<string, unknown>>(
    type: string,
    payload: P,
    actorId: number | null,
    gate: RawBuilder<boolean>,
  ): Promise<{ event: DomainEvent<P>; statement: RawBuilder<unknown> | null }> {
    const event = this.eventOf(type, payload, actorId);
    const targets = this.subscribers.filter((s) => s.eventTypes.includes(type));
    if (targets.length === 0) return { event, statement: null };
    // pg-boss's insert, captured rather than copied: its first parameter is the jobs as JSON.
    let captured: { text: string; values: unknown[] } | null = null;
    await this.boss.insert(
      targets.map((s) => ({ name: s.queue, data: event })),
      {
        db: {
          executeSql: async (text: string, values: unknown[] = []) => {
            captured = { text, values };
            return { rows: [] };
          },
        } as PgBoss.Db,
      },
    );
    const { text, values } = captured as unknown as { text: string; values: unknown[] };
    const parts = text.split(/\$(\d+)/);
    const pieces: RawBuilder<unknown>[] = [];
    for (let i = 0; i < parts.length; i++) {
      if (i % 2 === 0) pieces.push(sql.raw(parts[i]!));
      else {
        const n = Number(parts[i]);
        const value = values[n - 1] ?? null;
        pieces.push(n === 1 ? sql`(select ${value}::json where ${gate})` : sql`${value}`);
      }
    }
    return { event, statement: sql.join(pieces, sql.raw('')) };
  }

  /** Queues a background task; with a transaction, only if that transaction commits. */
  async enqueue(name: string, data: Record<string, unknown>, trx?: Executor): Promise<void> {
    const task = this.tasks.get(name);
    if (!task) throw new Error(`Unknown task ${name}`);
    await this.boss.send(task.queue, data, trx ? { db: runnerFor(trx) as PgBoss.Db } : {});
  }

  /** Prepares pg-boss's tables and the queues. Workers run only when asked. */
  async start(options: { workers: boolean }) {
    if (!this.started) {
      await this.boss.start();
      const queues: Array<{ name: string; expireInSeconds?: number }> = [
        ...this.subscribers.map((s) => ({ name: s.queue })),
        ...[...this.tasks.values()].map((t) => ({ name: t.queue, expireInSeconds: t.expireInSeconds })),
        ...[...this.scheduled.values()].map((s) => ({ name: s.queue })),
      ];
      const existing = new Set((await this.boss.getQueues()).map((q) => q.name));
      for (const queue of queues) {
        if (!existing.has(queue.name))
          await this.boss.createQueue(
            queue.name,
            queue.expireInSeconds ? { name: queue.name, expireInSeconds: queue.expireInSeconds } : undefined,
          );
      }
      this.started = true;
    }
    if (options.workers && !this.working) {
      this.working = true;
      for (const s of this.subscribers) {
        await this.boss.work(s.queue, { batchSize: 20, pollingIntervalSeconds: 0.5 }, (jobs) =>
          this.runEventBatch(s, jobs as PgBoss.Job<DomainEvent>[]),
        );
      }
      for (const t of this.tasks.values()) {
        const id = await this.boss.work(t.queue, { batchSize: 1, pollingIntervalSeconds: 1 }, (jobs) =>
          this.runTasks(t, jobs),
        );
        this.workerIds.set(t.queue, [...(this.workerIds.get(t.queue) ?? []), id]);
      }
      for (const s of this.scheduled.values()) {
        await this.boss.schedule(s.queue, s.cron, {}, { tz: this.options.timeZone });
        if (!s.lease || !this.leasesNotHeld.has(s.lease)) await this.workScheduled(s);
      }
    }
  }

  /** Tells this process's workers of a task to look for work now, not at their next poll (call after commit). */
  wake(name: string) {
    const task = this.tasks.get(name);
    for (const id of (task && this.workerIds.get(task.queue)) ?? []) this.boss.notifyWorker(id);
  }

  async stop() {
    if (this.started) await this.boss.stop({ graceful: true, wait: true, timeout: 5000 });
    this.started = false;
    this.working = false;
    this.workerIds.clear();
  }

  /** One failing event must not fail the others of its batch: each is failed (and retried) on its own. */
  private async runEventBatch(subscriber: Subscriber, jobs: PgBoss.Job<DomainEvent>[]) {
    for (const job of jobs) {
      try {
        await this.runEvents(subscriber, [job]);
      } catch (error) {
        this.options.onError(error, subscriber.queue);
        await this.boss.fail(subscriber.queue, job.id, { message: String(error) });
      }
    }
  }

  private async runEvents(subscriber: Subscriber, jobs: PgBoss.Job<DomainEvent>[]) {
    for (const job of jobs) {
      if (subscriber.ownTransactions) {
        await subscriber.handler(job.data, this.db);
        await this.boss.complete(subscriber.queue, job.id);
        continue;
      }
      await this.db.transaction().execute(async (trx) => {
        await subscriber.handler(job.data, trx);
        await this.boss.complete(subscriber.queue, job.id, {}, { db: runnerFor(trx) as PgBoss.Db });
      });
    }
  }

  // biome-ignore lint/suspicious/noExplicitAny: each event and task names its own payload; the queue carries it untyped
  private async runTasks(task: Task, jobs: PgBoss.Job<any>[]) {
    for (const job of jobs) {
      if (task.ownTransactions) {
        await task.handler(job.data, this.db);
      } else {
        await this.db.transaction().execute(async (trx) => {
          await task.handler(job.data, trx);
          await this.boss.complete(task.queue, job.id, {}, { db: runnerFor(trx) as PgBoss.Db });
        });
      }
    }
  }

  /**
   * Runs every queued event and task until none is left; for tests and tools
   * that need the effects now rather than at the next poll.
   */
  async drain(): Promise<number> {
    let handled = 0;
    for (;;) {
      let round = 0;
      for (const s of this.subscribers) {
        const jobs = await this.boss.fetch<DomainEvent>(s.queue, { batchSize: 100 });
        round += jobs.length;
        for (const job of jobs) {
          try {
            await this.runEvents(s, [job]);
          } catch (error) {
            await this.boss.fail(s.queue, job.id, { message: String(error) });
            throw error;
          }
        }
      }
      for (const t of this.tasks.values()) {
        // biome-ignore lint/suspicious/noExplicitAny: each event and task names its own payload; the queue carries it untyped
        const jobs = await this.boss.fetch<any>(t.queue, { batchSize: 10 });
        round += jobs.length;
        for (const job of jobs) {
          try {
            await this.runTasks(t, [job]);
            if (t.ownTransactions) await this.boss.complete(t.queue, job.id);
          } catch (error) {
            await this.boss.fail(t.queue, job.id, { message: String(error) });
            throw error;
          }
        }
      }
      handled += round;
      if (round === 0) return handled;
    }
  }

  /** Runs one piece of timed work now, at the clock's time. */
  async runScheduled(name: string): Promise<void> {
    const s = this.scheduled.get(name);
    if (!s) throw new Error(`Unknown scheduled work ${name}`);
    await s.handler(this.clock.now());
  }
}
