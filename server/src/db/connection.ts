import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { CompiledQuery, type Kysely, PostgresDialect, type LogConfig, type Transaction } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { GuardedDriver, guardedKysely } from './transaction-guard.ts';

export type Executor = Kysely<DB> | Transaction<DB>;

/** What pg-boss needs from a connection: run one SQL text with optional parameters. */
export interface SqlRunner {
  // biome-ignore lint/suspicious/noExplicitAny: pg-boss and pg's own signatures take untyped rows and parsers
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
}

export interface Database {
  kind: 'postgres' | 'pglite';
  db: Kysely<DB>;
  /** Runs SQL that may hold several statements (migrations, pg-boss's schema). */
  exec(text: string): Promise<void>;
  /** A runner over the shared connection(s), for libraries such as pg-boss. */
  runner: SqlRunner;
  close(): Promise<void>;
  /** Present for the embedded database only. */
  pglite?: PGlite;
  /** The connection URL, for PostgreSQL: listeners need a connection of their own. */
  url?: string;
  /** A replica for reads that may lag (DATABASE_READ_URL): the statistics read it. */
  readDb?: Kysely<DB>;
}

// Type OIDs: int8, numeric, date. Counts and ids fit in a double; dates stay 'YYYY-MM-DD'
// so that no time zone shifts a birthday.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

export function runnerFor(executor: Executor): SqlRunner {
  return {
    executeSql: async (text, values = []) => {
      const result = await executor.executeQuery(CompiledQuery.raw(text, values));
      // biome-ignore lint/suspicious/noExplicitAny: pg-boss and pg's own signatures take untyped rows and parsers
      return { rows: result.rows as any[] };
    },
  };
}

/** How long a request may wait for a connection, and a statement may run (0: no limit). */
export interface DatabaseLimits {
  connectionWaitMs: number;
  statementTimeoutMs: number;
}

export const DEFAULT_LIMITS: DatabaseLimits = { connectionWaitMs: 5_000, statementTimeoutMs: 30_000 };

/** PostgreSQL with the transaction guard in front of its driver (transaction-guard.ts). */
class GuardedPostgresDialect extends PostgresDialect {
  override createDriver() {
    // pg's pool says so in its message when connectionTimeoutMillis passes.
    return new GuardedDriver(super.createDriver(), (e) => /timeout exceeded when trying to connect/i.test(String(e)));
  }
}

export async function openPostgres(
  url: string,
  poolSize: number,
  log?: LogConfig,
  limits: DatabaseLimits = DEFAULT_LIMITS,
): Promise<Database> {
  const types = {
    // biome-ignore lint/suspicious/noExplicitAny: pg-boss and pg's own signatures take untyped rows and parsers
    getTypeParser(oid: number, format?: any) {
      if (oid === INT8 || oid === NUMERIC) return (v: string) => (v === null ? null : Number(v));
      if (oid === DATE) return (v: string) => v;
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    // biome-ignore lint/suspicious/noExplicitAny: pg-boss and pg's own signatures take untyped rows and parsers
    types: types as any,
    connectionTimeoutMillis: limits.connectionWaitMs,
    // Our queries are short and many; PostgreSQL's JIT spent more compiling them than running
    // them (up to half a second per statistics query on a million matters, bench/statistics.ts).
    options: '-c jit=off',
    ...(limits.statementTimeoutMs > 0 ? { statement_timeout: limits.statementTimeoutMs } : {}),
  });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on next use.
  });
  // A client lent out when its connection dies (the primary killed, a failover) emits 'error' with
  // no listener of the pool's attached, which would end the process; its query fails with the
  // error instead, the request answers 503 and the pool connects afresh (to the new primary).
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const db = guardedKysely<DB>({ dialect: new GuardedPostgresDialect({ pool }), ...(log ? { log } : {}) });
  return {
    kind: 'postgres',
    url,
    db,
    exec: async (text) => {
      await pool.query(text);
    },
    runner: {
      executeSql: async (text, values) => {
        // biome-ignore lint/suspicious/noExplicitAny: pg-boss and pg's own signatures take untyped rows and parsers
        const result = await pool.query(text, values as any[]);
        return { rows: result.rows };
      },
    },
    close: () => db.destroy(),
  };
}

export async function openPglite(options: {
  dataDir?: string;
  loadDataDir?: Blob;
  log?: LogConfig;
  connectionWaitMs?: number;
}): Promise<Database> {
  if (options.dataDir) fs.mkdirSync(path.dirname(options.dataDir), { recursive: true });
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    extensions: { pg_trgm },
    parsers: {
      [INT8]: (v: string) => Number(v),
      [NUMERIC]: (v: string) => Number(v),
      [DATE]: (v: string) => v,
    },
  });
  const db = guardedKysely<DB>({
    dialect: new PGliteDialect(pglite, options.connectionWaitMs ?? DEFAULT_LIMITS.connectionWaitMs),
    ...(options.log ? { log: options.log } : {}),
  });
  // Borrowing the connection through Kysely keeps raw statements out of open transactions.
  const exclusive = <T>(fn: () => Promise<T>) => db.connection().execute(fn);
  return {
    kind: 'pglite',
    db,
    pglite,
    exec: async (text) => {
      await exclusive(() => pglite.exec(text));
    },
    runner: {
      executeSql: (text, values) =>
        exclusive(async () => {
          if (values && values.length > 0) return pglite.query(text, values);
          const results = await pglite.exec(text);
          return results[results.length - 1] ?? { rows: [] };
        }),
    },
    close: () => db.destroy(),
  };
}

export async function openDatabase(config: {
  DATABASE_URL?: string | undefined;
  DATABASE_READ_URL?: string | undefined;
  DATA_DIR: string;
  DB_POOL_SIZE: number;
  DB_CONNECTION_WAIT_MS: number;
  DB_STATEMENT_TIMEOUT_MS: number;
}) {
  const limits = { connectionWaitMs: config.DB_CONNECTION_WAIT_MS, statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS };
  if (config.DATABASE_URL) {
    const primary = await openPostgres(config.DATABASE_URL, config.DB_POOL_SIZE, undefined, limits);
    if (!config.DATABASE_READ_URL) return primary;
    const replica = await openPostgres(config.DATABASE_READ_URL, config.DB_POOL_SIZE, undefined, limits);
    return {
      ...primary,
      readDb: replica.db,
      close: async () => {
        await replica.close();
        await primary.close();
      },
    };
  }
  return openPglite({ dataDir: path.join(config.DATA_DIR, 'pglite'), connectionWaitMs: limits.connectionWaitMs });
}
