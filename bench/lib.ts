import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { createServices } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { openPglite, openPostgres, type Database } from '../server/src/db/connection.ts';
import { migrateToLatest } from '../server/src/db/migrate.ts';
import { seedDemo } from '../server/src/seed/demo.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface BenchOptions {
  seconds: number;
  connections: number;
  /** PostgreSQL server URL; without it, PGlite. */
  baseUrl: string | undefined;
  /**
   * On PostgreSQL, keep each benchmark's filled database after the run and measure on it again
   * next time (--keep true): filling a million matters takes minutes, measuring them seconds.
   */
  keep?: boolean;
}

export const kindOf = (o: BenchOptions) => (o.baseUrl ? 'postgres' : 'pglite');

export async function adminSql(baseUrl: string, text: string) {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  await client.query(text);
  await client.end();
}

/**
 * A fresh database for one benchmark: migrated, catalogue and demo data in, then
 * filled further by the benchmark. Returns the environment for the server child and
 * a function to open the database again for baselines.
 */
export async function prepareDatabase(o: BenchOptions, name: string, fill: (database: Database) => Promise<void>) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `gongzhi-bench-${name}-`));
  const env: Record<string, string> = {};
  let open: (log?: Parameters<typeof openPglite>[0]['log']) => Promise<Database>;
  let kept = false;
  if (o.baseUrl) {
    const db = `gongzhi_bench_${name}`;
    const url = new URL(o.baseUrl);
    url.pathname = `/${db}`;
    env.DATABASE_URL = url.toString();
    // Filling a million rows takes longer than the server's statement timeout, which is the API's business.
    open = (log) => openPostgres(env.DATABASE_URL!, 10, log, { connectionWaitMs: 60_000, statementTimeoutMs: 0 });
    kept = Boolean(o.keep) && (await filledBefore(o.baseUrl, db, env.DATABASE_URL));
    if (!kept) {
      await adminSql(o.baseUrl, `drop database if exists ${db} with (force)`);
      await adminSql(o.baseUrl, `create database ${db}`);
    }
  } else {
    env.DATA_DIR = dataDir;
    open = (log) => openPglite({ dataDir: path.join(dataDir, 'pglite'), ...(log ? { log } : {}) });
  }
  const database = await open();
  await migrateToLatest(database);
  if (kept) console.log(`  measuring again on the kept database gongzhi_bench_${name}`);
  else {
    await createServices(loadConfig({ ...process.env, DATABASE_URL: undefined }), database).matters.ensureCatalogue();
    await seedDemo(database, new Date());
    await fill(database);
    if (o.baseUrl) await database.exec('create table public.bench_filled (at timestamptz not null default now())');
  }
  // The kept daily figures of what the fill wrote (the server would build them at its start).
  const t0 = performance.now();
  await createServices(loadConfig({ ...process.env, DATABASE_URL: undefined }), database).matters.ensureDailyFigures();
  if (o.baseUrl) await database.exec('vacuum analyze');
  console.log(`  kept daily figures built in ${Math.round(performance.now() - t0)} ms`);
  await database.close();
  return {
    env,
    open,
    dataDir,
    async drop() {
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (o.baseUrl && !o.keep) await adminSql(o.baseUrl, `drop database if exists gongzhi_bench_${name} with (force)`);
    },
  };
}

/** Whether a kept database exists and its fill finished (the marker is written last). */
async function filledBefore(baseUrl: string, db: string, url: string): Promise<boolean> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [db]);
  await admin.end();
  if (!rowCount) return false;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query("select to_regclass('public.bench_filled') is not null as filled");
  await client.end();
  return rows[0].filled === true;
}

export async function login(port: number, username: string) {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'gongzhi-demo' }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('gz_session='))!
    .split(';')[0]!;
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

export function writeResult(name: string, kind: string, report: string) {
  fs.mkdirSync(path.join(repoRoot, 'bench/results'), { recursive: true });
  fs.writeFileSync(path.join(repoRoot, `bench/results/${name}-${kind}.md`), `${report}\n`);
}

export interface Measurement {
  name: string;
  requestsPerSecond: number;
  p50Ms: number;
  /** Measured where the run keeps every latency (loopLoad); autocannon reports no 95th percentile. */
  p95Ms?: number;
  p99Ms: number;
  errors: number;
  total: number;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Starts bench/child.ts in its own process, so load generator and server do not share a thread. */
export async function startChild(
  mode: 'api' | 'bare',
  env: Record<string, string>,
): Promise<{ port: number; child: ChildProcess; stop: () => Promise<void> }> {
  const port = await freePort();
  // BENCH_CPU_PROF=dir: the API child writes a CPU profile there when it stops.
  const profile =
    mode === 'api' && process.env.BENCH_CPU_PROF
      ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`]
      : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(repoRoot, 'bench/child.ts'), mode], {
    cwd: repoRoot,
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'silent', JOBS_ENABLED: env.JOBS_ENABLED ?? 'false' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bench child ${mode} exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/ready`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('bench child did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    port,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function load(
  name: string,
  url: string,
  options: {
    connections: number;
    seconds: number;
    headers?: Record<string, string>;
    method?: 'GET' | 'POST';
    body?: string;
    rate?: number;
  },
): Promise<Measurement> {
  const result = await autocannon({
    ...(options.rate ? { overallRate: options.rate } : {}),
    url,
    connections: options.connections,
    duration: options.seconds,
    headers: options.headers ?? {},
    method: options.method ?? 'GET',
    ...(options.body ? { body: options.body } : {}),
  });
  return {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
    total: result.requests.total,
  };
}

/** Runs a query function from `concurrency` loops for a while, as a load generator would. */
export async function loopLoad(
  name: string,
  concurrency: number,
  seconds: number,
  once: () => Promise<unknown>,
): Promise<Measurement> {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          await once();
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0) * 100) / 100;
  return {
    name,
    requestsPerSecond: Math.round(latencies.length / seconds),
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
    errors,
    total: latencies.length,
  };
}

export function table(rows: Measurement[], baseline: { fastify: Measurement; sql: Measurement }): string {
  const lines = [
    '| what | req/s | p50 ms | p99 ms | errors | × bare Fastify (throughput) | × bare SQL (throughput) |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const vsFastify = (r.requestsPerSecond / baseline.fastify.requestsPerSecond).toFixed(3);
    const vsSql = (r.requestsPerSecond / baseline.sql.requestsPerSecond).toFixed(3);
    lines.push(
      `| ${r.name} | ${r.requestsPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} | ${vsFastify} | ${vsSql} |`,
    );
  }
  return lines.join('\n');
}
