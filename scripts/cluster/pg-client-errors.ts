/**
 * A stand-in, loaded into the app processes only with CLUSTER_PATCH_PG_ERRORS=1: every pg
 * client gets an 'error' listener for its whole life. Without one, a connection that drops
 * while the pool has lent it out (the primary killed mid-transaction) emits 'error' on a
 * Client nobody listens to, and Node ends the process (server/src/db/connection.ts, openPostgres:
 * pool.on('error') covers idle clients only). The fix belongs there:
 *   pool.on('connect', (client) => client.on('error', () => {}));
 * This file lets the rest of the cluster test run until it is in.
 */
import pg from 'pg';

const connect = pg.Client.prototype.connect;
pg.Client.prototype.connect = function (this: pg.Client, ...args: unknown[]) {
  if (this.listenerCount('error') === 0) this.on('error', () => {});
  // biome-ignore lint/suspicious/noExplicitAny: passing pg's own overloads through
  return (connect as any).apply(this, args);
} as typeof connect;

/**
 * The second stand-in: pg-boss completes and fails a worker's jobs without awaiting them, and
 * server/src/platform/jobs.ts's patientRunner retries only "no free connection"; a connection lost
 * in a failover there is an unhandled rejection, and Node ends the process. Logged here instead,
 * for connection losses only (the job stays active and pg-boss hands it out again when it expires).
 */
process.on('unhandledRejection', (reason) => {
  const message = String((reason as Error)?.message ?? reason);
  if (/Connection terminated|ECONNREFUSED|ECONNRESET|terminating connection|read-only transaction/.test(message)) {
    console.error(`[cluster stand-in] unhandled rejection kept from ending the process: ${message}`);
    return;
  }
  throw reason;
});
