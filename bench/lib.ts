import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Measurement {
  name: string;
  requestsPerSecond: number;
  p50Ms: number;
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
export async function startChild(mode: 'api' | 'bare', env: Record<string, string>): Promise<{ port: number; child: ChildProcess; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'bench/child.ts'), mode], {
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

export async function load(name: string, url: string, options: { connections: number; seconds: number; headers?: Record<string, string> }): Promise<Measurement> {
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    headers: options.headers ?? {},
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
export async function loopLoad(name: string, concurrency: number, seconds: number, once: () => Promise<unknown>): Promise<Measurement> {
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
  const at = (q: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0) * 100) / 100;
  return { name, requestsPerSecond: Math.round(latencies.length / seconds), p50Ms: at(0.5), p99Ms: at(0.99), errors, total: latencies.length };
}

export function table(rows: Measurement[], baseline: { fastify: Measurement; sql: Measurement }): string {
  const lines = ['| what | req/s | p50 ms | p99 ms | errors | × bare Fastify (throughput) | × bare SQL (throughput) |', '|---|---:|---:|---:|---:|---:|---:|'];
  for (const r of rows) {
    const vsFastify = (r.requestsPerSecond / baseline.fastify.requestsPerSecond).toFixed(3);
    const vsSql = (r.requestsPerSecond / baseline.sql.requestsPerSecond).toFixed(3);
    lines.push(`| ${r.name} | ${r.requestsPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} | ${vsFastify} | ${vsSql} |`);
  }
  return lines.join('\n');
}
