import fs from 'node:fs';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, createServices, type Services } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import {
  DEFAULT_LIMITS,
  type Database,
  type DatabaseLimits,
  openPglite,
  openPostgres,
} from '../../src/db/connection.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { DEMO_PASSWORD } from '../../src/seed/demo.ts';
import { ledgerProblems } from '../../src/modules/points/ledger.ts';
import { adminQuery, pgTemplateName, pgliteTemplatePath, templateKey, TEST_START, withDatabase } from './template.ts';

let counter = 0;

/** A fresh copy of the seeded test database: PGlite in memory, or a new PostgreSQL database. */
export async function freshDatabase(
  limits: DatabaseLimits = DEFAULT_LIMITS,
  log?: (sql: string) => void,
): Promise<{ database: Database; drop: () => Promise<void> }> {
  const onQuery = log
    ? (event: { level: string; query: { sql: string } }) => {
        if (event.level === 'query') log(event.query.sql);
      }
    : undefined;
  const key = templateKey();
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `gongzhi_test_${process.pid}_${++counter}`;
    await adminQuery(url, `drop database if exists "${name}" with (force)`);
    await adminQuery(url, `create database "${name}" template "${pgTemplateName(key)}"`);
    const database = await openPostgres(withDatabase(url, name), 10, onQuery, limits);
    return {
      database,
      drop: async () => {
        await database.close();
        await adminQuery(url, `drop database if exists "${name}" with (force)`);
      },
    };
  }
  const file = pgliteTemplatePath(key);
  if (!fs.existsSync(file))
    throw new Error(`No test template at ${file}: run the suite with npm test, which builds it first.`);
  const database = await openPglite({
    loadDataDir: new Blob([fs.readFileSync(file)]),
    connectionWaitMs: limits.connectionWaitMs,
    ...(onQuery ? { log: onQuery } : {}),
  });
  return { database, drop: () => database.close() };
}

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  clock: ManualClock;
  config: Config;
  close(): Promise<void>;
  /** Signs in a (demo) user and returns a client that sends the session cookie and CSRF token. */
  login(username: string, password?: string): Promise<Client>;
  anonymous(): Client;
}

export interface Client {
  csrfToken: string | null;
  me: Record<string, any> | null;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  delete(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  raw(options: InjectOptions): Promise<LightMyRequestResponse>;
}

export async function startTestApp(
  env: Record<string, string> = {},
  extras: Parameters<typeof createServices>[4] = {},
  options: {
    /** A replica (DATABASE_READ_URL) that no write reaches: what is read from it shows it was read there. */
    replica?: boolean;
    /** Told the text of every statement the app sends through Kysely (counting round trips). */
    onQuery?: (sql: string) => void;
  } = {},
): Promise<TestApp> {
  const config = loadConfig({ LOG_LEVEL: 'silent', JOBS_ENABLED: 'false', ...env });
  const limits = { connectionWaitMs: config.DB_CONNECTION_WAIT_MS, statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS };
  const primary = await freshDatabase(limits, options.onQuery);
  const replica = options.replica ? await freshDatabase(limits) : null;
  const database = replica ? { ...primary.database, readDb: replica.database.db } : primary.database;
  const drop = async () => {
    await replica?.drop();
    await primary.drop();
  };
  const clock = new ManualClock(TEST_START);
  const services = createServices(config, database, clock, undefined, extras);
  return serve(services, clock, config, async () => {
    // The points ledger must balance after whatever a test file did, on either database.
    const problems = await ledgerProblems(services.database.db);
    await drop();
    if (problems.length > 0) throw new Error(`ledger out of balance: ${problems.join('; ')}`);
  });
}

/**
 * Another server process on the same database, as behind a load balancer: services and an app of
 * its own (its own caches, rate limits and gateway state), sharing only what the database holds.
 */
export async function startPeerApp(first: TestApp, env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ LOG_LEVEL: 'silent', JOBS_ENABLED: 'false', ...env });
  const clock = new ManualClock(first.clock.now());
  const services = createServices(config, first.services.database, clock);
  return serve(services, clock, config, async () => {});
}

async function serve(
  services: Services,
  clock: ManualClock,
  config: Config,
  afterClose: () => Promise<void>,
): Promise<TestApp> {
  await services.jobs.start({ workers: false });
  await services.live.start();
  await services.signals.start();
  const app = await buildApp(services, { logger: false });
  await app.ready();

  const client = (cookie: string | null, csrfToken: string | null, me: Record<string, any> | null): Client => {
    const headers = (extra?: Record<string, string>) => ({
      ...(cookie ? { cookie } : {}),
      ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}),
      ...extra,
    });
    return {
      csrfToken,
      me,
      get: (url, extra) => app.inject({ method: 'GET', url, headers: headers(extra) }),
      post: (url, body, extra) =>
        app.inject({
          method: 'POST',
          url,
          headers: headers(extra),
          ...(body === undefined ? {} : { payload: body as object }),
        }),
      patch: (url, body, extra) =>
        app.inject({ method: 'PATCH', url, headers: headers(extra), payload: body as object }),
      put: (url, body, extra) => app.inject({ method: 'PUT', url, headers: headers(extra), payload: body as object }),
      delete: (url, extra) => app.inject({ method: 'DELETE', url, headers: headers(extra) }),
      raw: (options) =>
        app.inject({
          ...options,
          headers: { ...headers(), ...(options.headers as Record<string, string> | undefined) },
        }),
    };
  };

  return {
    app,
    services,
    clock,
    config,
    async close() {
      await app.close();
      await services.jobs.stop();
      await services.live.stop();
      await services.signals.stop();
      await afterClose();
    },
    async login(username, password = DEMO_PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'gz_session')!;
      const me = res.json();
      return client(`gz_session=${cookie.value}`, me.csrfToken, me);
    },
    anonymous: () => client(null, null, null),
  };
}
