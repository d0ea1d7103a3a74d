import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { templateKey } from '../../server/test/support/template.ts';
import { freePort, type TestServer } from './server.ts';

/**
 * E2E_APP_PROCESSES=2: each test file's server is that many server processes on one PostgreSQL
 * database (E2E_DATABASE_URL names the server; a database per file is made from a seeded
 * template) behind HAProxy, which spreads requests over them round robin and sends HTTP
 * telemetry to the holder of the device gateway's lease. The tests themselves are unchanged: what
 * one process caches must never show through another (docs/SCALING.md).
 */

const adminUrl = () => process.env.E2E_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const withDatabase = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

let counter = 0;

export interface ClusterOptions {
  beforeStart?: (dataDir: string) => Promise<void>;
  env?: Record<string, string>;
}

/** Starts the processes and HAProxy: see the file's comment. */
export async function startClusterOf(
  processes: number,
  options: ClusterOptions,
  startOn: (dataDir: string, env: Record<string, string>, readyMs?: number) => Promise<TestServer>,
  seeded: () => Promise<{ dataDir: string; template: string }>,
  slowStartMs: number,
): Promise<TestServer> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'gongzhi-e2e-'));
  const database = `gz_e2e_${process.pid}_${++counter}`;
  const url = withDatabase(adminUrl(), database);
  const started: TestServer[] = [];
  let proxy: ReturnType<typeof spawn> | null = null;
  const stop = async () => {
    proxy?.kill('SIGTERM');
    await Promise.all(started.map((s) => s.stop()));
    await admin((c) => c.query(`drop database if exists "${database}" with (force)`)).catch(() => {});
    await fs.rm(dataDir, { recursive: true, force: true });
  };
  try {
    if (options.env?.SEED_DEMO === undefined) {
      const template = await seeded();
      await fs.cp(template.dataDir, dataDir, { recursive: true });
      await admin((c) => c.query(`create database "${database}" template "${template.template}"`));
    } else {
      await admin((c) => c.query(`create database "${database}"`));
    }
    // The support scripts that add to the seeded data (e2e-neighbours.ts) find the database here.
    await fs.writeFile(path.join(dataDir, 'database-url'), url);
    if (options.beforeStart) await options.beforeStart(dataDir);
    const env = { DATABASE_URL: url, DB_POOL_SIZE: '5', ...options.env };
    // Started together: the first to take the start-up lock migrates (and seeds), the others wait;
    // on an empty database that is every migration, as long as a seeding start.
    const readyMs = options.env?.SEED_DEMO === undefined ? undefined : slowStartMs;
    // Each that started is stopped with the rest if another fails to (its pipes would hold the file open).
    const starts = await Promise.allSettled(Array.from({ length: processes }, () => startOn(dataDir, env, readyMs)));
    for (const s of starts) if (s.status === 'fulfilled') started.push(s.value);
    const failed = starts.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const port = await freePort();
    const ports = started.map((s) => Number(new URL(s.baseUrl).port));
    const config = path.join(dataDir, 'haproxy.cfg');
    await fs.writeFile(config, haproxyConfig(port, ports));
    let output = '';
    proxy = spawn('haproxy', ['-f', config, '-db'], { stdio: ['ignore', 'pipe', 'pipe'] });
    proxy.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proxy.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitFor(
      async () => (await fetch(`${baseUrl}/api/health`)).ok,
      () => `HAProxy did not answer:\n${output}`,
    );
    // One of them runs the device gateway before a test sends telemetry.
    await waitFor(
      async () => (await Promise.all(started.map((s) => fetch(`${s.baseUrl}/api/health/gateway`)))).some((r) => r.ok),
      () => 'no server process took the device gateway',
    );
    return {
      baseUrl,
      stop,
      output: () => started.map((s) => s.output()).join('\n'),
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitFor(check: () => Promise<boolean>, what: () => string, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(what());
}

/**
 * Round robin over the processes, each checked every second; the event stream (SSE) may stay
 * open for the whole test; telemetry over HTTP goes to the gateway's process only.
 */
function haproxyConfig(port: number, ports: number[]) {
  const servers = (check: string) =>
    ports.map((p, i) => `  server app${i + 1} 127.0.0.1:${p} check inter 1s fall 2 rise 1${check}`).join('\n');
  return `global
  maxconn 4096

defaults
  mode http
  timeout connect 2s
  timeout client 120s
  timeout server 120s
  timeout tunnel 1h
  option forwardfor

frontend web
  bind 127.0.0.1:${port}
  acl telemetry path_beg /api/ingest/
  use_backend gateway if telemetry
  default_backend app

backend app
  balance roundrobin
  option httpchk GET /api/health
${servers('')}

backend gateway
  option httpchk GET /api/health/gateway
${servers('')}
`;
}

/** A seeded template database (and its data directory's files) younger than freshMs, made with makeSeeded when none is. */
export async function seededTemplate(
  root: string,
  freshMs: number,
  makeSeeded: (dataDir: string, env: Record<string, string>) => Promise<void>,
): Promise<{ dataDir: string; template: string }> {
  const key = templateKey().slice(0, 16);
  const existing = await admin(async (c) =>
    (
      await c.query<{ datname: string }>(
        `select datname from pg_database where datname like 'gz_e2e_seeded_%' order by datname desc`,
      )
    ).rows.map((r) => r.datname),
  );
  for (const name of existing) {
    const match = /^gz_e2e_seeded_(\w+)_(\d+)$/.exec(name);
    const at = Number(match?.[2] ?? 0);
    if (match?.[1] === key && Date.now() - at < freshMs) {
      const dataDir = path.join(root, name);
      if (
        await fs.stat(dataDir).then(
          () => true,
          () => false,
        )
      )
        return { dataDir, template: name };
    }
    if (Date.now() - at > 6 * freshMs) await admin((c) => c.query(`drop database if exists "${name}" with (force)`));
  }
  const name = `gz_e2e_seeded_${key}_${Date.now()}`;
  const building = `${name}_building`;
  await admin((c) => c.query(`create database "${building}"`));
  const dataDir = path.join(root, name);
  await fs.mkdir(dataDir, { recursive: true });
  await makeSeeded(dataDir, { DATABASE_URL: withDatabase(adminUrl(), building), SEED_DEMO: 'true' });
  await admin((c) => c.query(`alter database "${building}" rename to "${name}"`));
  return { dataDir, template: name };
}
