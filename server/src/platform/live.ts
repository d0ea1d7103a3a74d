import pg from 'pg';
import { sql } from 'kysely';
import type { Database, Executor } from '../db/connection.ts';

/**
 * Live updates across server processes. A change publishes a small message with
 * pg_notify inside its transaction, so it goes out only if the change commits; every
 * server LISTENs and passes messages to its open event streams (SSE).
 */

export const LIVE_CHANNEL = 'gongzhi_live';

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

export class LiveHub {
  private readonly listeners = new Set<Listener>();
  private client: pg.Client | null = null;
  private unlisten: (() => Promise<void>) | null = null;

  constructor(private readonly database: Database) {}

  async start() {
    const deliver = (payload: string | undefined) => {
      if (!payload) return;
      let message: LiveMessage;
      try {
        message = JSON.parse(payload) as LiveMessage;
      } catch {
        return;
      }
      for (const listener of this.listeners) listener(message);
    };
    if (this.database.kind === 'pglite') {
      this.unlisten = await this.database.db
        .connection()
        .execute(() => this.database.pglite!.listen(LIVE_CHANNEL, deliver));
    } else if (this.database.url) {
      this.client = new pg.Client({ connectionString: this.database.url });
      this.client.on('notification', (n) => deliver(n.payload));
      this.client.on('error', () => {});
      await this.client.connect();
      await this.client.query(`listen ${LIVE_CHANNEL}`);
    }
  }

  async stop() {
    if (this.unlisten) await this.database.db.connection().execute(() => this.unlisten!());
    this.unlisten = null;
    await this.client?.end().catch(() => {});
    this.client = null;
  }

  /** Sends a message when the transaction commits (pg_notify is transactional). */
  async publish(trx: Executor, message: LiveMessage) {
    await sql`select pg_notify(${LIVE_CHANNEL}, ${JSON.stringify(message)})`.execute(trx);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
