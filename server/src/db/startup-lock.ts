import pg from 'pg';
import type { Database } from './connection.ts';

/** An arbitrary constant: the advisory lock that server processes starting together queue on. */
const STARTUP_LOCK = 0x677a_7374; // "gzst"

/**
 * Holds PostgreSQL's session advisory lock while a server process migrates, seeds and prepares
 * its queues, so that several processes started together (behind a load balancer) do that one
 * after another: the second finds the migrations applied and the database no longer empty.
 * On its own connection, so that the pool's connections stay free for the work itself.
 * The embedded database serves one process and needs none.
 */
export async function holdStartupLock(database: Database): Promise<{ release: () => Promise<void> }> {
  if (database.kind !== 'postgres' || !database.url) return { release: async () => {} };
  const client = new pg.Client({ connectionString: database.url });
  client.on('error', () => {});
  await client.connect();
  await client.query('select pg_advisory_lock($1)', [STARTUP_LOCK]);
  return {
    release: async () => {
      await client.query('select pg_advisory_unlock($1)', [STARTUP_LOCK]).catch(() => {});
      await client.end().catch(() => {});
    },
  };
}
