import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { ping } from './repository.ts';
import type { Health } from './schema.ts';

export const VERSION = '0.1.0';

/**
 * Whether the server and its database answer. Uptime is wall-clock time of this process
 * (not a rule, so not the injected Clock).
 */
export async function health(db: Kysely<DB>, kind: 'postgres' | 'pglite', startedAt: number): Promise<Health> {
  const uptimeSeconds = () => Math.round((Date.now() - startedAt) / 1000);
  const t0 = performance.now();
  try {
    await ping(db);
    return {
      status: 'ok',
      database: { ok: true, kind, latencyMs: Math.round((performance.now() - t0) * 100) / 100 },
      version: VERSION,
      uptimeSeconds: uptimeSeconds(),
    };
  } catch (e) {
    return {
      status: 'degraded',
      database: { ok: false, kind, latencyMs: null, error: (e as Error).message },
      version: VERSION,
      uptimeSeconds: uptimeSeconds(),
    };
  }
}
