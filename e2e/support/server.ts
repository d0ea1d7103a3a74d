import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { templateKey } from '../../server/test/support/template.ts';
import { seededTemplate, startClusterOf } from './cluster.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface TestServer {
  baseUrl: string;
  stop: () => Promise<void>;
  /** What the server has printed lately (the last 20,000 characters), e.g. the setup link of an empty database. */
  output: () => string;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`server exited with ${child.exitCode} before it was ready:\n${output()}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server not ready after ${timeoutMs} ms:\n${output()}`);
}

/**
 * Where seeded data directories are kept between the files of a run: the demo seed is most of a
 * fresh start (about 13 s of 18), paid once per run instead of once per file.
 */
const seededRoot = path.join(os.tmpdir(), 'gongzhi-e2e-seeded');
/**
 * How long a seeded directory is used. The demo data is placed relative to the time it was made
 * (devices seen lately count as online for DEVICES_OFFLINE_MINUTES, 30), so it must stay fresh.
 */
const SEEDED_FRESH_MS = 10 * 60_000;

/**
 * Runs `make` holding a lock directory under seededRoot, so that of two files starting together
 * (the browser tests run two at a time) one seeds and the other waits and copies its result.
 * A lock older than SEEDED_LOCK_STALE_MS is left from a killed run and taken over.
 */
async function whileLocked<T>(make: () => Promise<T>): Promise<T> {
  const lock = path.join(seededRoot, 'lock');
  for (;;) {
    try {
      await fs.mkdir(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const since = await fs.stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (since > SEEDED_LOCK_STALE_MS) await fs.rm(lock, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return await make();
  } finally {
    await fs.rm(lock, { recursive: true, force: true });
  }
}
const SEEDED_LOCK_STALE_MS = 5 * 60_000;

/** A seeded data directory younger than SEEDED_FRESH_MS: an existing one, or one made now. */
async function seededDataDir(): Promise<string> {
  await fs.mkdir(seededRoot, { recursive: true });
  return whileLocked(freshSeededDataDir);
}

async function freshSeededDataDir(): Promise<string> {
  // Named by the key of the migrations and the seed, so a changed seed is never served from before.
  const key = templateKey();
  const made = (await fs.readdir(seededRoot))
    .map((name) => /^seeded-(\w+)-(\d+)$/.exec(name))
    .filter((match) => match !== null)
    .map((match) => ({ name: match[0], key: match[1], at: Number(match[2]) }))
    .sort((a, b) => b.at - a.at);
  for (const old of made.filter((dir) => Date.now() - dir.at > 6 * SEEDED_FRESH_MS))
    await fs.rm(path.join(seededRoot, old.name), { recursive: true, force: true });
  const fresh = made.find((dir) => dir.key === key && Date.now() - dir.at < SEEDED_FRESH_MS);
  if (fresh) return path.join(seededRoot, fresh.name);
  // Built aside and renamed into place, so another file's run never copies half a directory.
  const building = await fs.mkdtemp(path.join(seededRoot, 'building-'));
  const at = Date.now();
  // The seeding start does the demo seed too, and two files' browsers may be busy beside it.
  const first = await startOn(building, {}, SEEDING_READY_MS);
  await first.stop();
  const ready = path.join(seededRoot, `seeded-${key}-${at}`);
  await fs.rename(building, ready);
  return ready;
}

/**
 * The real server on a fresh embedded database with the demo data (copied from a directory
 * seeded earlier in the run, see seededDataDir), or empty when env sets SEED_DEMO; one per test file.
 */
export async function startServer(
  options: {
    /** Adds to the seeded data before the server starts on it. */
    beforeStart?: (dataDir: string) => Promise<void>;
    /** Settings of the server, e.g. MQTT_PORT. */
    env?: Record<string, string>;
  } = {},
): Promise<TestServer> {
  if (APP_PROCESSES > 1) return startCluster(options);
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'gongzhi-e2e-'));
  let server: TestServer;
  try {
    if (options.env?.SEED_DEMO === undefined) await fs.cp(await seededDataDir(), dataDir, { recursive: true });
    if (options.beforeStart) await options.beforeStart(dataDir);
    server = await startOn(dataDir, options.env);
  } catch (error) {
    await fs.rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    baseUrl: server.baseUrl,
    output: server.output,
    stop: async () => {
      await server.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** E2E_APP_PROCESSES (default 1): more than one runs each file's server as that many processes behind HAProxy (cluster.ts). */
const APP_PROCESSES = Number(process.env.E2E_APP_PROCESSES ?? 1);

function startCluster(options: Parameters<typeof startServer>[0] = {}): Promise<TestServer> {
  return startClusterOf(
    APP_PROCESSES,
    options,
    (dataDir, env, readyMs) => startOn(dataDir, env, readyMs),
    async () => {
      await fs.mkdir(seededRoot, { recursive: true });
      return whileLocked(() =>
        seededTemplate(seededRoot, SEEDED_FRESH_MS, async (dataDir, env) => {
          const first = await startOn(dataDir, env, SEEDING_READY_MS);
          await first.stop();
        }),
      );
    },
    SEEDING_READY_MS,
  );
}

/** How long a start may take before it is ready: a plain start, and one that seeds the demo data first. */
const READY_MS = 90_000;
const SEEDING_READY_MS = 240_000;

async function startOn(
  dataDir: string,
  extraEnv: Record<string, string> = {},
  readyMs = READY_MS,
): Promise<TestServer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    MQTT_PORT: '0',
    ...extraEnv,
  };
  if (!extraEnv.DATABASE_URL) delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);

  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    await waitForHealth(baseUrl, child, () => output, readyMs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, stop, output: () => output };
}
