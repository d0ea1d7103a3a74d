import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../db/connection.ts';

/**
 * A lease: work that one server process at a time must do (the device gateway, whose rules keep
 * state in memory), held in platform.leases and renewed while the holder is alive.
 *
 * The holder renews every `renewMs`; a lease not renewed for `ttlMs` may be taken by another
 * process, which tries every `renewMs` too, so a process that dies is replaced within
 * ttl + renew (6 s + 2 s by default). A holder whose renewal fails or does not answer within
 * renewMs (its database or its network is gone) stops the work at once, well before anyone
 * else may take it, and takes it up again at its next successful renewal. Expiry is judged by the database's clock (clock_timestamp()): every contender
 * must read the same clock, and the injected Clock, which tests may stop, must not decide which
 * process runs the gateway. No domain rule reads it.
 *
 * The embedded database serves one process, which holds every lease from the start.
 */

export interface LeaseOptions {
  name: string;
  ttlMs?: number;
  renewMs?: number;
  /** Starts the work; a failure gives the lease back and is tried again at the next round. */
  onAcquired: () => Promise<void>;
  /** Stops the work: the lease is lost or given up. */
  onLost: () => Promise<void>;
  onError: (error: unknown, context: string) => void;
}

export class Lease {
  readonly holder = randomUUID();
  private held = false;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly ttlMs: number;
  private readonly renewMs: number;

  constructor(
    private readonly database: Database,
    private readonly options: LeaseOptions,
  ) {
    this.ttlMs = options.ttlMs ?? 6_000;
    this.renewMs = options.renewMs ?? 2_000;
  }

  get isHeld() {
    return this.held;
  }

  /** Tries at once, then every renewMs. */
  async start() {
    this.stopped = false;
    await this.round();
    this.schedule();
  }

  private schedule() {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.round().finally(() => this.schedule());
    }, this.renewMs);
    this.timer.unref();
  }

  private async round() {
    if (this.database.kind === 'pglite') {
      if (!this.held) await this.acquired();
      return;
    }
    let holds: boolean;
    try {
      holds = await this.claimWithin(this.renewMs);
    } catch (error) {
      this.options.onError(error, `lease.${this.options.name}`);
      // Unsure whether it still holds: it stops before the lease could pass to another.
      if (this.held) await this.lost();
      return;
    }
    if (holds) {
      if (!this.held) await this.acquired();
    } else if (this.held) {
      await this.lost();
    }
  }

  private claimWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`lease ${this.options.name}: no answer in ${ms} ms`)), ms);
    });
    return Promise.race([this.claim(), late]).finally(() => clearTimeout(timer));
  }

  /** Takes or renews the lease in one statement; true when this process holds it after. */
  private async claim(): Promise<boolean> {
    const { rows } = await sql<{ holder: string }>`
      insert into platform.leases (name, holder, expires_at, taken_at)
      values (${this.options.name}, ${this.holder}, clock_timestamp() + make_interval(secs => ${this.ttlMs / 1000}), clock_timestamp())
      on conflict (name) do update
        set holder = excluded.holder,
            expires_at = excluded.expires_at,
            taken_at = case when platform.leases.holder = excluded.holder then platform.leases.taken_at else excluded.taken_at end
        where platform.leases.holder = excluded.holder or platform.leases.expires_at < clock_timestamp()
      returning holder`.execute(this.database.db);
    return rows.length === 1;
  }

  private async acquired() {
    this.held = true;
    try {
      await this.options.onAcquired();
    } catch (error) {
      this.options.onError(error, `lease.${this.options.name}.start`);
      await this.lost();
      await this.release();
    }
  }

  private async lost() {
    this.held = false;
    try {
      await this.options.onLost();
    } catch (error) {
      this.options.onError(error, `lease.${this.options.name}.stop`);
    }
  }

  private async release() {
    if (this.database.kind === 'pglite') return;
    await sql`delete from platform.leases where name = ${this.options.name} and holder = ${this.holder}`
      .execute(this.database.db)
      .catch((error) => this.options.onError(error, `lease.${this.options.name}.release`));
  }

  /** Stops the work and gives the lease up, so another process takes it at its next try. */
  async stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    if (this.held) {
      await this.lost();
      await this.release();
    }
  }
}
