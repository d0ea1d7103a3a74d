import { sql } from 'kysely';
import type { Database } from '../db/connection.ts';
import type { Clock } from './clock.ts';

/**
 * A store for @fastify/rate-limit that counts in PostgreSQL (platform.rate_limit_hits), so that a
 * limit holds for all server processes together: behind a load balancer, each process counting
 * its own would let a guesser try N times per process. One upsert per limited request; the route
 * and the client's key make the row's key. A window starts at its first hit, as in the plugin's
 * own memory store. Rows of ended windows are swept now and then.
 *
 * On the embedded database (one process) the plugin's memory store is used instead.
 */

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

interface RouteParams {
  routeInfo?: { method?: string | string[]; url?: string };
}

const SWEEP_EVERY = 1_000;

export function databaseRateLimitStore(database: Database, clock: Clock) {
  let sinceSweep = 0;
  const incr = (key: string, timeWindow: number, cb: Callback) => {
    const now = clock.now().getTime();
    sql<{ hits: number; window_ends_ms: number }>`
      insert into platform.rate_limit_hits (key, hits, window_ends_ms) values (${key}, 1, ${now + timeWindow})
      on conflict (key) do update set
        hits = case when platform.rate_limit_hits.window_ends_ms <= ${now} then 1 else platform.rate_limit_hits.hits + 1 end,
        window_ends_ms = case when platform.rate_limit_hits.window_ends_ms <= ${now} then excluded.window_ends_ms
                              else platform.rate_limit_hits.window_ends_ms end
      returning hits, window_ends_ms`
      .execute(database.db)
      .then(
        ({ rows }) => cb(null, { current: Number(rows[0]!.hits), ttl: Number(rows[0]!.window_ends_ms) - now }),
        (error: Error) => cb(error),
      );
    if (++sinceSweep >= SWEEP_EVERY) {
      sinceSweep = 0;
      void sql`delete from platform.rate_limit_hits where window_ends_ms < ${now}`.execute(database.db).catch(() => {});
    }
  };

  class RouteStore {
    constructor(private readonly prefix: string) {}

    incr(key: string, cb: Callback, timeWindow: number) {
      incr(`${this.prefix}|${key}`, timeWindow, cb);
    }

    // The plugin passes its merged settings, with the route under routeInfo (not what its types say).
    child(params: unknown) {
      const { method, url } = (params as RouteParams).routeInfo ?? {};
      return new RouteStore(`${[method ?? ''].flat().join(',')} ${url ?? ''}`);
    }
  }

  // The plugin makes the store with `new`, then a child per limited route.
  return class DatabaseRateLimitStore extends RouteStore {
    constructor() {
      super('');
    }
  };
}
