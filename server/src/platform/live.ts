import pg from 'pg';
import { sql } from 'kysely';
import type { Database, Executor } from '../db/connection.ts';

/**
 * Live updates across server processes. A change publishes a small message with
 * pg_notify inside its transaction, so it goes out only if the change commits; every
 * server LISTENs and passes messages to its open event streams (SSE).
 */

export const LIVE_CHANNEL = 'gongzhi_live';
/** What server processes tell each other (a device changed, rules reloaded); never sent to a browser. */
export const CLUSTER_CHANNEL = 'gongzhi_cluster';

export interface LiveMessage {
  /** What changed: 'matter', 'notification', … */
  topic: string;
  id: number | string;
  /** Where it sits, for staff whose scope covers it. */
  divisionId?: number | null;
  gridId?: number | null;
  /**
   * For records that departments work on (a matter): the department it is with, or null. When
   * given, staff whose grant names a department hear of it only if it is that department's.
   */
  department?: string | null;
  /** Users told in any case (reporter, assignee, followers, the recipient of a notification). */
  userIds?: number[];
  [key: string]: unknown;
}

type Listener = (message: LiveMessage) => void;

/** How often an idle LISTEN connection is checked, and how long a check may take before it counts as lost. */
const HEARTBEAT_MS = 5_000;
const HEARTBEAT_TIMEOUT_MS = 3_000;
const RECONNECT_MAX_DELAY_MS = 5_000;

export class LiveHub {
  private readonly listeners = new Set<Listener>();
  private client: pg.Client | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private stopped = true;

  /**
   * @param channel the PostgreSQL channel: LIVE_CHANNEL for what people see; another for what
   *   server processes tell each other (cluster signals), so those never reach a browser.
   * @param onError told when the LISTEN connection is lost (it is made again by itself).
   */
  constructor(
    private readonly database: Database,
    private readonly channel: string = LIVE_CHANNEL,
    private readonly onError: (error: unknown, context: string) => void = () => {},
  ) {}

  private deliver(payload: string | undefined) {
    if (!payload) return;
    let message: LiveMessage;
    try {
      message = JSON.parse(payload) as LiveMessage;
    } catch {
      return;
    }
    for (const listener of this.listeners) listener(message);
  }

  async start() {
    this.stopped = false;
    if (this.database.kind === 'pglite') {
      this.unlisten = await this.database.db
        .connection()
        .execute(() => this.database.pglite!.listen(this.channel, (p) => this.deliver(p)));
    } else if (this.database.url) {
      await this.connect();
    }
  }

  /**
   * A LISTEN connection of its own (a transaction pooler could not keep it). When it is lost
   * (the database failed over, a proxy closed it) it is made again with a growing delay;
   * messages sent meanwhile are missed, so listeners treat them as hints, never as the record.
   * The heartbeat finds a connection a network cut left silent, which no error would report.
   */
  private async connect() {
    const client = new pg.Client({ connectionString: this.database.url, keepAlive: true });
    client.on('notification', (n) => this.deliver(n.payload));
    const lost = (error: unknown) => {
      if (this.client !== client) return;
      this.client = null;
      if (this.heartbeat) clearInterval(this.heartbeat);
      this.heartbeat = null;
      client.end().catch(() => {});
      if (this.stopped) return;
      this.onError(error, `live.${this.channel}`);
      this.scheduleReconnect(250);
    };
    client.on('error', lost);
    client.on('end', () => lost(new Error('LISTEN connection ended')));
    this.client = client;
    await client.connect();
    await client.query(`listen ${this.channel}`);
    this.heartbeat = setInterval(() => {
      const timeout = new Promise((_, reject) =>
        setTimeout(() => reject(new Error('LISTEN connection did not answer')), HEARTBEAT_TIMEOUT_MS).unref(),
      );
      Promise.race([client.query('select 1'), timeout]).catch(lost);
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  private scheduleReconnect(delayMs: number) {
    if (this.reconnectTimer || this.stopped) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect().catch((error) => {
        const failed = this.client;
        this.client = null;
        failed?.end().catch(() => {});
        this.onError(error, `live.${this.channel}`);
        this.scheduleReconnect(Math.min(delayMs * 2, RECONNECT_MAX_DELAY_MS));
      });
    }, delayMs);
    this.reconnectTimer.unref();
  }

  /** Whether the LISTEN connection is up (always, on the embedded database). */
  get listening() {
    return this.database.kind === 'pglite' ? !this.stopped : this.client !== null;
  }

  async stop() {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    if (this.unlisten) await this.database.db.connection().execute(() => this.unlisten!());
    this.unlisten = null;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  /** Sends a message when the transaction commits (pg_notify is transactional). */
  async publish(trx: Executor, message: LiveMessage) {
    await sql`select pg_notify(${this.channel}, ${JSON.stringify(message)})`.execute(trx);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
