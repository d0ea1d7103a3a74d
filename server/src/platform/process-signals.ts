import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { CLUSTER_CHANNEL, LiveHub, type LiveMessage } from './live.ts';
import type { Database } from '../db/connection.ts';

/**
 * What one server process tells the others when it changes something they hold in memory: a
 * session signed out, divisions added or renamed, a device or rule changed (devices/cluster-sync.ts).
 * Sent with pg_notify on a channel of its own after the change commits, and ignored by the process
 * that sent it. A signal is a hint to forget, never the record: one missed while a process's
 * listening connection was down is covered by the short lives of what it would have dropped.
 */
export class ProcessSignals {
  private readonly origin = randomUUID();
  private readonly hub: LiveHub;
  private readonly handlers = new Map<string, Array<(message: LiveMessage) => void>>();

  constructor(
    database: Database,
    private readonly log: (error: unknown, context: string) => void,
  ) {
    this.hub = new LiveHub(database, CLUSTER_CHANNEL, log);
    this.db = database.db;
    this.hub.subscribe((message) => {
      if (message.origin === this.origin) return;
      for (const handler of this.handlers.get(message.topic) ?? []) {
        try {
          handler(message);
        } catch (error) {
          this.log(error, `signals.${message.topic}`);
        }
      }
    });
  }

  private readonly db: Kysely<DB>;

  start() {
    return this.hub.start();
  }

  stop() {
    return this.hub.stop();
  }

  /** Tells the other processes; call after the change has committed. */
  tell(topic: string, fields: Record<string, unknown> = {}) {
    const message: LiveMessage = { id: 0, ...fields, topic, origin: this.origin };
    this.hub.publish(this.db, message).catch((error) => this.log(error, `signals.${topic}`));
  }

  /** What this process does when another tells it of `topic`. */
  on(topic: string, handler: (message: LiveMessage) => void) {
    this.handlers.set(topic, [...(this.handlers.get(topic) ?? []), handler]);
  }
}
