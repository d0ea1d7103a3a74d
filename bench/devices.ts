/**
 * The devices benchmark (issue 6), on PostgreSQL: 10,000 simulated devices registered in
 * bulk; an MQTT broker (a Mosquitto of our own, started with settings for a server that
 * acknowledges after each batch: many messages in flight, a deep queue); the server as a
 * child process subscribed to it (MQTT_URL, persistent session); publishers in child
 * processes, each one connection multiplexing a slice of the devices at QoS 1.
 *
 * Measured: messages and readings per second stored with the rules evaluated, against a
 * bare multi-row insert (unnest) of the same rows into a table of the same shape from the
 * same number of writers in the same run; alarm latency (publish → live event from the
 * alarm's transaction, via LISTEN) p50/p99 under that load; and a restart: the server is
 * killed (SIGKILL) mid-stream and started again, then every message the broker
 * acknowledged to a publisher is looked for in the database.
 *
 * Why a broker in front: one connection per device to the embedded broker would need
 * 10,000 sockets from the load generator; EMQX or Mosquitto in front is also how this
 * runs at that scale, and it is what lets nothing be lost across a restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import pg from 'pg';
import { createServices } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { DEFAULT_RULES } from '../server/src/seed/demo-devices.ts';
import { freePort, kindOf, login, prepareDatabase, repoRoot, writeResult, type BenchOptions } from './lib.ts';

export const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;

export async function startMosquitto(dir: string) {
  const port = await freePort();
  const conf = path.join(dir, 'mosquitto.conf');
  fs.writeFileSync(
    conf,
    `${[
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence false',
      'max_inflight_messages 0',
      'max_queued_messages 0',
      'max_queued_bytes 0',
      'log_type error',
    ].join('\n')}\n`,
  );
  const child = spawn('mosquitto', ['-c', conf], { stdio: ['ignore', 'ignore', 'inherit'] });
  await new Promise((r) => setTimeout(r, 500));
  if (child.exitCode !== null) throw new Error('mosquitto did not start');
  return {
    port,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function startServer(
  env: Record<string, string>,
  profileDir?: string,
): Promise<ChildProcess & { port: number }> {
  const port = await freePort();
  const profile = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  // BENCH_SERVER_FLAGS: extra node flags for the server (e.g. --max-semi-space-size=64).
  const flags = (process.env.BENCH_SERVER_FLAGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(
    process.execPath,
    [...flags, ...profile, '--import', 'tsx', path.join(repoRoot, 'server/src/main.ts')],
    {
      cwd: path.join(repoRoot, 'server'),
      env: {
        ...process.env,
        ...env,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'error',
        SEED_DEMO: 'false',
        JOBS_ENABLED: 'false',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) break;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  // The gateway subscribes just after listening.
  await new Promise((r) => setTimeout(r, 1000));
  return Object.assign(child, { port });
}

/** The server's own account of its gateway and alarm path (GET /api/devices/gateway/stats). */
export async function gatewayStats(port: number): Promise<any> {
  const session = await login(port, 'admin');
  const res = await fetch(`http://127.0.0.1:${port}/api/devices/gateway/stats`, {
    headers: { cookie: session.cookie },
  });
  if (!res.ok) throw new Error(`gateway stats: ${res.status}`);
  return res.json();
}

/** Waits until `target` rows are counted or the count stops growing for `quietMs`; returns the last count. */
export async function settleCount(count: () => Promise<number>, target: number, quietMs: number, maxMs: number) {
  const deadline = Date.now() + maxMs;
  let last = await count();
  let changedAt = Date.now();
  while (last < target && Date.now() - changedAt < quietMs && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    const c = await count();
    if (c !== last) changedAt = Date.now();
    last = c;
  }
  return last;
}

export interface PublisherResult {
  sent: number;
  acked: number;
  failed: number;
  unacked: number;
  ms: number;
  triggers: Array<{ code: string; sentAt: number; topic?: 'telemetry' | 'alarm' }>;
}

export function startPublishers(
  url: string,
  n: number,
  devices: number,
  seconds: number,
  triggerEveryMs: number,
  window: number,
  rate: number,
  env: Record<string, string> = {},
) {
  const per = Math.floor(devices / n);
  return Array.from({ length: n }, (_, k) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(repoRoot, 'bench/devices-publisher.ts'),
        url,
        String(k * per),
        String(per),
        String(seconds),
        String(triggerEveryMs),
      ],
      {
        cwd: repoRoot,
        env: { ...process.env, ...env, PUBLISH_WINDOW: String(window), PUBLISH_RATE: String(Math.round(rate / n)) },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const result = new Promise<PublisherResult>((resolve, reject) => {
      const lines = readline.createInterface({ input: child.stdout! });
      lines.on('line', (line) => {
        try {
          resolve(JSON.parse(line) as PublisherResult);
        } catch {
          // not ours
        }
      });
      child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`publisher exited with ${code}`))));
    });
    return { child, result };
  });
}

/** A fresh database with `devices` smoke detectors registered in bulk and the default rules on them. */
export async function prepareDevices(o: BenchOptions & { devices: number }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-bench-devices-'));
  const prepared = await prepareDatabase(o, 'devices', async () => {});
  const database = await prepared.open();
  const config = loadConfig({ ...process.env, ...prepared.env, LOG_LEVEL: 'silent' });
  const services = createServices(config, database);
  const { db } = database;

  // 10,000 devices over the seeded buildings, in one insert; the default rules.
  const t0 = performance.now();
  await services.devices.insertDefaultRules(DEFAULT_RULES);
  const buildings = await db
    .selectFrom('org.buildings')
    .select(['id', 'community_id', 'grid_id'])
    .where('grid_id', 'is not', null)
    .orderBy('id')
    .execute();
  const rows = Array.from({ length: o.devices }, (_, i) => {
    const b = buildings[i % buildings.length]!;
    return {
      code: `bench-${String(i).padStart(5, '0')}`,
      type: 'smoke' as const,
      name: `压测烟感 ${i}`,
      communityId: b.community_id,
      gridId: b.grid_id,
      buildingId: b.id,
      secret: `bench-secret-${i}`,
    };
  });
  for (let i = 0; i < rows.length; i += 2000) await services.devices.registerBulk(rows.slice(i, i + 2000));
  const registerMs = Math.round(performance.now() - t0);
  console.log(`  ${o.devices} devices registered in ${registerMs} ms`);
  await services.devices.maintainPartitions(new Date());

  return { dir, prepared, database, config, services, db, registerMs };
}

export async function runDevices(
  o: BenchOptions & { devices: number; publishers: number; window: number; rate: number },
) {
  if (!o.baseUrl) throw new Error('the devices benchmark runs on PostgreSQL: set DATABASE_URL');
  const kind = kindOf(o);
  console.log(`\ndevices benchmark on ${kind}: ${o.devices} devices, ${o.publishers} publishers, ${o.seconds} s`);
  const { dir, prepared, database, config, db, registerMs } = await prepareDevices(o);
  const mosquitto = await startMosquitto(dir);
  const brokerUrl = `mqtt://127.0.0.1:${mosquitto.port}`;
  const serverEnv = {
    DATABASE_URL: prepared.env.DATABASE_URL!,
    MQTT_URL: brokerUrl,
    MQTT_CLIENT_ID: 'gongzhi-bench-server',
  };

  // Alarm events as the board would get them: LISTEN on the live channel.
  const listener = new pg.Client({ connectionString: prepared.env.DATABASE_URL });
  await listener.connect();
  const raisedAt = new Map<string, number>();
  listener.on('notification', (n) => {
    try {
      const m = JSON.parse(n.payload ?? '{}');
      if (m.topic === 'alarm' && m.change === 'raised' && !raisedAt.has(m.deviceCode))
        raisedAt.set(m.deviceCode, Date.now());
    } catch {
      // ignore
    }
  });
  await listener.query('listen gongzhi_live');

  const countReadings = async () =>
    Number(
      (
        await db
          .selectFrom('devices.readings')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  // ---- 1. sustained load with rules ----
  // BENCH_CPU_PROF=dir: a CPU profile of the server under the steady load (ended with SIGTERM so that it is written).
  const profileDir = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : undefined;
  const loadAvgAtStart = os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');
  let server = await startServer(serverEnv, profileDir);
  const warm = 3;
  const pubs = startPublishers(brokerUrl, o.publishers, o.devices, o.seconds + warm, 200, o.window, o.rate);
  await new Promise((r) => setTimeout(r, warm * 1000));
  const c1 = await countReadings();
  const tA = performance.now();
  const steadyFrom = Date.now();
  await new Promise((r) => setTimeout(r, o.seconds * 1000));
  const c2 = await countReadings();
  const tB = performance.now();
  const steadyTo = Date.now();
  const results = await Promise.all(pubs.map((p) => p.result));
  // Let the backlog drain.
  let stable = await countReadings();
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    const c = await countReadings();
    if (c === stable) break;
    stable = c;
  }
  const storedPerSecond = (c2 - c1) / ((tB - tA) / 1000);
  const stats = await gatewayStats(server.port);
  const a = stats.alarms;
  const span = (x: { p50: number | null; p99: number | null }) =>
    `${x.p50 === null ? '–' : Math.round(x.p50)} / ${x.p99 === null ? '–' : Math.round(x.p99)}`;
  const breakdown = !a
    ? 'not reported by this server'
    : `message time → off the broker ${span(a.receiveMs)}; → rules run ${span(a.evaluateMs)}; → alarm transaction starts ${span(a.queueMs)}; the transaction ${span(a.writeMs)} (of which the matter ${span(a.matterMs)}); total ${span(a.totalMs)} (p50 / p99 ms, ${a.samples} alarms; ${a.transactions} alarm transactions, at most ${a.maxGroup} transitions in one); event loop delay p50 ${stats.eventLoopDelayMs.p50.toFixed(0)} ms, p99 ${stats.eventLoopDelayMs.p99.toFixed(0)} ms, max ${stats.eventLoopDelayMs.max.toFixed(0)} ms; reading batches: last ${stats.ingest.lastBatchRows} rows in ${stats.ingest.lastBatchMs} ms, slowest ${stats.ingest.maxBatchMs} ms`;
  console.log(`  server's breakdown: ${breakdown}`);
  if (profileDir) {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    console.log(`  CPU profile written to ${profileDir}`);
    server = await startServer(serverEnv);
  }
  const published = results.reduce((n, r) => n + r.acked, 0);
  const publishMs = Math.max(...results.map((r) => r.ms));
  const latencyOf = (triggers: PublisherResult['triggers']) =>
    triggers
      .map((t) => (raisedAt.has(t.code) ? raisedAt.get(t.code)! - t.sentAt : NaN))
      .filter((x) => Number.isFinite(x))
      .sort((a, b) => a - b);
  const latencies = latencyOf(results.flatMap((r) => r.triggers));
  // The same, for the triggers sent in the steady window only (not the first seconds of the server's life).
  const steadyTriggers = results
    .flatMap((r) => r.triggers)
    .filter((t) => t.sentAt >= steadyFrom && t.sentAt <= steadyTo);
  const steadyLatencies = latencyOf(steadyTriggers);
  const triggersSent = results.reduce((n, r) => n + r.triggers.length, 0);
  const alarmsRows = Number(
    (
      await db
        .selectFrom('devices.alarms')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  console.log(
    `  offered ${o.rate || 'max'} messages/s; stored ${Math.round(storedPerSecond)} readings/s (${Math.round(storedPerSecond / 3)} messages/s); broker acked ${published} messages in ${publishMs} ms; alarms ${latencies.length}/${triggersSent}, p50 ${pct(latencies, 50)} ms, p99 ${pct(latencies, 99)} ms; in the steady window ${steadyLatencies.length}/${steadyTriggers.length}, p50 ${pct(steadyLatencies, 50)} ms, p99 ${pct(steadyLatencies, 99)} ms`,
  );

  // ---- 2. bare baseline: unnest inserts of the same rows, same table shape, same batch size ----
  await database.exec(`create table bench_readings (device_id integer not null, metric_id smallint not null, ts timestamptz not null, value double precision not null, primary key (device_id, metric_id, ts)) partition by range (ts);
    create table bench_readings_now partition of bench_readings for values from ('${new Date(Date.now() - 86_400_000).toISOString()}') to ('${new Date(Date.now() + 7 * 86_400_000).toISOString()}')`);
  const pool = new pg.Pool({ connectionString: prepared.env.DATABASE_URL, max: 2 });
  let bareRows = 0;
  let tick = Date.now() * 1000;
  const bareUntil = performance.now() + o.seconds * 1000;
  const t3 = performance.now();
  await Promise.all(
    Array.from({ length: 2 }, async () => {
      while (performance.now() < bareUntil) {
        const n = config.INGEST_BATCH_ROWS;
        const d: number[] = [],
          m: number[] = [],
          t: number[] = [],
          v: number[] = [];
        for (let i = 0; i < n; i++) {
          d.push(1 + (i % o.devices));
          m.push(1 + (i % 3));
          t.push(tick++ / 1000);
          v.push(0.02);
        }
        await pool.query(
          `insert into bench_readings select d, m, to_timestamp(t / 1000.0), v from unnest($1::int[], $2::smallint[], $3::float8[], $4::float8[]) as u(d, m, t, v) on conflict do nothing`,
          [d, m, t, v],
        );
        bareRows += n;
      }
    }),
  );
  const barePerSecond = bareRows / ((performance.now() - t3) / 1000);
  await pool.end();
  console.log(`  bare unnest insert: ${Math.round(barePerSecond)} rows/s`);

  // ---- 3. restart: kill the server mid-stream, start it again, count ----
  const before = await countReadings();
  const restartPubs = startPublishers(brokerUrl, o.publishers, o.devices, 12, 0, o.window, o.rate);
  await new Promise((r) => setTimeout(r, 4000));
  server.kill('SIGKILL');
  await new Promise((r) => server.once('exit', r));
  const killedAt = Date.now();
  await new Promise((r) => setTimeout(r, 3000));
  server = await startServer(serverEnv);
  const restartedMs = Date.now() - killedAt;
  const restartResults = await Promise.all(restartPubs.map((p) => p.result));
  const ackedMessages = restartResults.reduce((n, r) => n + r.acked, 0);
  // The server works off what the broker kept meanwhile: wait until all is in, or nothing comes for 15 s.
  const settled = await settleCount(countReadings, before + ackedMessages * 3, 15_000, 300_000);
  const storedMessages = (settled - before) / 3;
  const lost = Math.max(0, ackedMessages - storedMessages);
  console.log(
    `  restart: broker acked ${ackedMessages} messages, ${storedMessages} stored (${lost} lost), server back in ${restartedMs} ms`,
  );

  const cpus = os.cpus().length;
  const load = os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');
  const report = [
    `## Devices on ${kind} (${new Date().toISOString().slice(0, 10)})`,
    '',
    `${o.devices} smoke detectors registered in bulk in ${registerMs} ms; default rules (smoke ≥ 0.1, temp ≥ 60, rate of rise, absence) on every one. Mosquitto in front (own instance: max_inflight_messages 0, max_queued_messages 0), the server subscribed with MQTT_URL (persistent session, PUBACK after the batch commits), ${o.publishers} publisher processes each multiplexing ${Math.floor(o.devices / o.publishers)} devices over one connection with ${o.window} messages in flight, offering ${o.rate ? `${o.rate.toLocaleString('en')} messages/s in all` : 'as many messages as the window allows'}; each message carries 3 readings (smoke, temp, battery), as in ThingsBoard's published figure (5,000 messages, 15,000 data points per second). A trigger every 200 ms per publisher (smoke 0.5, cleared a second later) measures the alarm latency. ${cpus} cores, load average (1 / 5 / 15 min) at the start ${loadAvgAtStart}, at the end ${load}.`,
    '',
    '| measure | figure |',
    '|---|---|',
    `| readings stored per second, rules evaluated (${o.seconds} s steady window) | **${Math.round(storedPerSecond).toLocaleString('en')}** (${Math.round(storedPerSecond / 3).toLocaleString('en')} messages/s) |`,
    `| bare unnest insert of the same rows, same table shape, ${config.INGEST_BATCH_ROWS}-row batches, 2 writers | ${Math.round(barePerSecond).toLocaleString('en')} rows/s |`,
    `| ratio | ${(storedPerSecond / barePerSecond).toFixed(2)} |`,
    `| alarm latency, publish → live event of the committed alarm (p50 / p99, all ${latencies.length} of ${triggersSent} triggers, from the server's first second) | ${pct(latencies, 50)} ms / ${pct(latencies, 99)} ms |`,
    `| the same, triggers sent in the ${o.seconds} s steady window only (${steadyLatencies.length} of ${steadyTriggers.length}) | ${pct(steadyLatencies, 50)} ms / ${pct(steadyLatencies, 99)} ms |`,
    `| where an alarm's time went, in the server (p50 / p99 ms) | ${breakdown} |`,
    `| alarms written | ${alarmsRows} |`,
    `| restart: messages acknowledged by the broker / stored / lost | ${ackedMessages} / ${storedMessages} / **${lost}** (server killed with SIGKILL 4 s in, back ${(restartedMs / 1000).toFixed(1)} s later) |`,
    '',
  ].join('\n');
  writeResult('devices', kind, report);
  console.log(report);

  await listener.end();
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  await mosquitto.stop();
  await database.close();
  await prepared.drop();
  fs.rmSync(dir, { recursive: true, force: true });
}
