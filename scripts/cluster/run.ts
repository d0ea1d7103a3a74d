/**
 * `npm run test:cluster` (issue 21): the cluster on one machine, hosts as network namespaces —
 * etcd, two PostgreSQL nodes under Patroni (synchronous, strict), HAProxy, Mosquitto and two
 * app processes — under a steady load of reports, ballots, voucher exchanges and device
 * readings while an app process is killed, the PostgreSQL primary's host dies and a host is
 * cut off the network. Then: no acknowledged write lost, nothing doubled, timed jobs once per
 * period, one alarm per triggered device, failover within 30 seconds. docs/CLUSTER.md.
 *
 * Options: --seconds N (load time, default 120), --cut app2|primary (the host cut off,
 * default app2), --keep (leave the cluster running at the end, for a look around).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { check, type CheckResult } from './checks.ts';
import {
  APP_PORT,
  HAPROXY_HTTP_PORT,
  HAPROXY_PG_PORT,
  HOSTS,
  MQTT_PORT,
  PATRONI_PORT,
  PG_PASSWORD,
  buildNetwork,
  missingPrerequisites,
  pidIn,
  pidsIn,
  setLink,
  startEtcd,
  startHaproxy,
  startIn,
  startMosquitto,
  startPatroni,
  teardown,
  type Host,
  type Proc,
} from './infra.ts';
import { DeviceLoad, HttpLoad } from './load.ts';
import { createDatabase, prepare } from './setup.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const argv = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1]! : fallback;
};
const SECONDS = Number(option('seconds', process.env.CLUSTER_SECONDS ?? '120'));
const CUT = option('cut', process.env.CLUSTER_CUT ?? 'app2');
const KEEP = argv.includes('--keep');
const STRICT = argv.includes('--strict') || process.env.CLUSTER_STRICT === '1';
const FAILOVER_LIMIT_S = 30;

const started = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const lb = HOSTS.lb;
const PG_URL = `postgres://postgres:${PG_PASSWORD}@${lb.ip}:${HAPROXY_PG_PORT}`;
const DB_URL = `${PG_URL}/gongzhi`;
const API = `http://${lb.ip}:${HAPROXY_HTTP_PORT}`;
const MQTT_URL = `mqtt://${lb.ip}:${MQTT_PORT}`;

async function until(what: string, timeoutMs: number, test: () => Promise<boolean>) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await test()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}

const httpOk = async (url: string) => (await fetch(url, { signal: AbortSignal.timeout(1500) })).ok;
const isLeader = (h: Host) => httpOk(`http://${h.ip}:${PATRONI_PORT}/primary`);

async function leader(): Promise<Host | null> {
  for (const h of [HOSTS.db1, HOSTS.db2]) if (await isLeader(h).catch(() => false)) return h;
  return null;
}

function startApp(h: Host, dir: string): Proc {
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    DATABASE_URL: DB_URL,
    HOST: '0.0.0.0',
    PORT: String(APP_PORT),
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    TRUST_PROXY: lb.ip,
    DATA_DIR: path.join(dir, h.name),
    WEB_DIST: path.join(dir, 'no-web'),
    MQTT_URL,
    // One persistent session for the gateway, whichever process holds its lease: what the old
    // holder had not acknowledged waits there for the new one.
    MQTT_CLIENT_ID: process.env.CLUSTER_MQTT_CLIENT_ID ?? 'gongzhi-server',
    ...(process.env.CLUSTER_MQTT_TOPIC ? { MQTT_TOPIC: process.env.CLUSTER_MQTT_TOPIC } : {}),
  };
  fs.mkdirSync(env.DATA_DIR!, { recursive: true });
  const proc = startIn(h, h.name, dir, [process.execPath, '--import', 'tsx', 'server/src/main.ts'], {
    env,
    cwd: repoRoot,
  });
  proc.child.unref();
  const app = apps.get(h.name) ?? {
    proc,
    killedByUs: false,
    ready: false,
    crashes: [] as string[],
    failedStarts: [] as string[],
  };
  app.proc = proc;
  app.killedByUs = false;
  app.ready = false;
  apps.set(h.name, app);
  // Serving once it answers; an exit before that is a failed start (the database away), not a crash.
  void (async () => {
    while (app.proc === proc && proc.child.exitCode === null && proc.child.signalCode === null && !stopping) {
      if (await httpOk(`http://${h.ip}:${APP_PORT}/api/health`).catch(() => false)) {
        app.ready = true;
        return;
      }
      await sleep(250);
    }
  })();
  // As a service manager would (systemd Restart=always): an app that ends by itself is started
  // again after a second, and the exit is counted.
  proc.child.on('exit', (code, signal) => {
    if (app.proc !== proc || app.killedByUs || stopping) return;
    const tail = lastLines(proc.log, 2);
    const how = app.ready ? 'exited by itself while serving' : 'failed to start';
    (app.ready ? app.crashes : app.failedStarts).push(`${h.name} ${how} (${signal ?? `code ${code}`}): ${tail}`);
    log(`${h.name} ${how} (${signal ?? `code ${code}`}); restarting it`);
    setTimeout(() => {
      if (!stopping) startApp(h, dir);
    }, 1000);
  });
  return proc;
}

const apps = new Map<
  string,
  { proc: Proc; killedByUs: boolean; ready: boolean; crashes: string[]; failedStarts: string[] }
>();
let stopping = false;

function lastLines(file: string, n: number): string {
  try {
    const lines = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !/^\s+at /.test(l) && !/^\s*[\^]\s*$/.test(l));
    // The error, when there is one, rather than the start-up banner above it.
    const errors = lines.filter((l) => /Error|"level":(50|60)/.test(l));
    return (errors.length > 0 ? errors : lines)
      .slice(-n)
      .map((l) => l.slice(0, 300))
      .join(' / ');
  } catch {
    return '';
  }
}

async function appUp(h: Host) {
  await until(`${h.name} answering`, 120_000, () => httpOk(`http://${h.ip}:${APP_PORT}/api/health`));
}

function killAll(h: Host): number {
  const pids = pidsIn(h);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
  return pids.length;
}

/** Writes through HAProxy every 200 ms on a new connection; the times it succeeded. */
function probe() {
  const ok: number[] = [];
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      const t = Date.now();
      const client = new pg.Client({ connectionString: DB_URL, connectionTimeoutMillis: 1000, query_timeout: 2000 });
      // A connection cut while idle emits 'error' on the client: without a listener, Node ends the process.
      client.on('error', () => {});
      try {
        await client.connect();
        await client.query('insert into public.cluster_probe (at) values (now())');
        ok.push(Date.now());
      } catch {
        // down
      } finally {
        client.end().catch(() => {});
      }
      await sleep(Math.max(0, 200 - (Date.now() - t)));
    }
  })();
  return {
    ok,
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}

async function main(): Promise<number> {
  const missing = missingPrerequisites();
  if (missing.length > 0) {
    console.error('test:cluster cannot run here:');
    for (const m of missing) console.error(`  - ${m}`);
    return 2;
  }
  if (!['app2', 'primary'].includes(CUT)) {
    console.error('--cut must be app2 or primary');
    return 2;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gz-cluster-'));
  fs.chmodSync(dir, 0o755);
  teardown(log);
  const cleanUp = () => {
    if (!KEEP) teardown();
  };
  process.on('exit', cleanUp);
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      cleanUp();
      process.exit(130);
    });

  log(`cluster in ${dir} (logs in ${dir}/logs)`);
  log(`Patroni synchronous_mode on, synchronous_mode_strict ${STRICT ? 'on' : 'off'}`);
  buildNetwork();
  log('network: bridge gzbr0 10.77.0.1/24; namespaces gz-etcd, gz-db1, gz-db2, gz-lb, gz-app1, gz-app2');
  startEtcd(dir).child.unref();
  await until('etcd healthy', 30_000, () => httpOk(`http://${HOSTS.etcd.ip}:2379/health`));
  startPatroni(HOSTS.db1, dir, STRICT).child.unref();
  await until('db1 the leader', 90_000, () => isLeader(HOSTS.db1));
  startPatroni(HOSTS.db2, dir, STRICT).child.unref();
  await until('db2 the synchronous standby', 120_000, () => httpOk(`http://${HOSTS.db2.ip}:${PATRONI_PORT}/sync`));
  log('PostgreSQL: db1 leader, db2 synchronous standby (Patroni, etcd)');
  startHaproxy(dir).child.unref();
  startMosquitto(dir).child.unref();
  // HAProxy takes every server for up until its checks say otherwise: wait until ten
  // connections in a row reach the leader.
  let streak = 0;
  await until('the leader through HAProxy', 30_000, async () => {
    const c = new pg.Client({ connectionString: `${PG_URL}/postgres`, connectionTimeoutMillis: 1000 });
    c.on('error', () => {});
    try {
      await c.connect();
      const { rows } = await c.query('select pg_is_in_recovery() as standby');
      streak = rows[0].standby ? 0 : streak + 1;
    } finally {
      await c.end().catch(() => {});
    }
    return streak >= 10;
  });
  log('HAProxy (writes to the leader, HTTP to the apps) and Mosquitto up on gz-lb');

  await createDatabase(`${PG_URL}/postgres`, 'gongzhi');
  const fixture = await prepare(DB_URL, { residents: 240, devices: 24 });
  log(
    `database ready: migrated, demo places, ${fixture.residents.length} owners with sessions, a vote, a shop, ${fixture.devices.length} smoke detectors`,
  );

  // The first process migrates and creates pg-boss's schema; the second starts on a finished one.
  startApp(HOSTS.app1, dir);
  await appUp(HOSTS.app1);
  startApp(HOSTS.app2, dir);
  await appUp(HOSTS.app2);
  await until('the API through HAProxy', 30_000, () => httpOk(`${API}/api/health`));
  log('app1 and app2 up behind HAProxy');

  const windowFrom = new Date();
  const http = new HttpLoad(API, fixture, 90_000);
  const devices = new DeviceLoad(MQTT_URL, fixture.devices, 6);
  const probes = probe();
  http.start({ matters: 6, ballots: 2, vouchers: 6 });
  await devices.start(20, SECONDS);
  const t0 = Date.now();
  const at = async (s: number) => {
    const wait = t0 + s * 1000 - Date.now();
    if (wait > 0) await sleep(wait);
  };
  log(`load started: reports 6/s, ballots 2/s, exchanges 6/s, readings 20/s, for ${SECONDS} s`);

  const scale = SECONDS / 120;
  // 1. An app process dies (kill -9) and comes back.
  await at(15 * scale);
  const appPid = pidIn(HOSTS.app1, /server\/src\/main\.ts/);
  apps.get('app1')!.killedByUs = true;
  if (appPid) process.kill(appPid, 'SIGKILL');
  log(`fault 1: app1 killed (kill -9 ${appPid})`);
  await at(30 * scale);
  if (apps.get('app1')!.proc.child.exitCode === null && apps.get('app1')!.proc.child.signalCode === null)
    await sleep(500);
  startApp(HOSTS.app1, dir);
  log('app1 restarting');

  // 2. The PostgreSQL primary's host dies: Patroni and PostgreSQL killed at once.
  await at(45 * scale);
  const old = await leader();
  if (!old) throw new Error('no leader before the primary fault');
  const killedAt = Date.now();
  const killed = killAll(old);
  log(`fault 2: primary ${old.name} killed (${killed} processes, kill -9: Patroni and PostgreSQL)`);
  await until('a new leader', 60_000, async () => (await leader()) !== null && (await leader()) !== old).catch(() =>
    log('no new leader within 60 s'),
  );
  const newLeader = await leader();
  log(`${newLeader?.name ?? 'nobody'} is the leader`);
  await at(75 * scale);
  startPatroni(old, dir, STRICT).child.unref();
  log(`${old.name} restarting (rejoins as a standby)`);

  // 3. A host cut off the network, then plugged back.
  await at(90 * scale);
  const cut = CUT === 'primary' ? ((await leader()) ?? HOSTS.app2) : HOSTS.app2;
  const cutAt = Date.now();
  setLink(cut, false);
  log(`fault 3: ${cut.name} cut off (its link down)`);
  await at(105 * scale);
  setLink(cut, true);
  log(`${cut.name} back on the network`);

  await at(SECONDS);
  log('load stopping; answering what is still in flight');
  const unacked = await devices.stop();
  await http.stop();
  await probes.stop();
  stopping = true;
  const windowTo = new Date();

  // The readings the broker took may still be on their way into the database.
  log('waiting for the apps to finish what they took (readings, events)');
  await settle(devices.acked.length);
  const result = await check(
    DB_URL,
    http.result,
    devices.acked,
    devices.triggers,
    { from: windowFrom, to: windowTo },
    fixture.voteId,
  );
  const failoverS = (Math.min(...probes.ok.filter((t) => t > killedAt)) - killedAt) / 1000;
  // The API's: the first write sent after the kill that was acknowledged.
  const all = [...http.result.matters, ...http.result.ballots, ...http.result.vouchers];
  const apiFailoverS =
    (Math.min(...all.filter((o) => o.result === 'ack' && o.sentAt >= killedAt).map((o) => o.answeredAt)) - killedAt) /
    1000;
  const crashes = [...apps.values()].flatMap((a) => a.crashes);
  const failedStarts = [...apps.values()].flatMap((a) => a.failedStarts);
  const cutGap = gapAround(probes.ok, cutAt);
  const ok = report(result, {
    failoverS,
    apiFailoverS,
    cut: cut.name,
    cutGapS: cutGap,
    unacked,
    httpErrors: http.errors,
    leaderAfter: (await leader())?.name ?? 'none',
    crashes,
    failedStarts,
  });
  log(ok ? 'PASSED' : `FAILED (logs kept in ${dir}/logs)`);
  if (ok && !KEEP) fs.rmSync(dir, { recursive: true, force: true });
  return ok ? 0 : 1;
}

/** The longest stretch without a successful probe write from a moment on (seconds). */
function gapAround(ok: number[], from: number): number {
  const after = ok.filter((t) => t >= from - 1000);
  let gap = 0;
  for (let i = 1; i < after.length; i++) gap = Math.max(gap, after[i]! - after[i - 1]!);
  return gap / 1000;
}

async function settle(expected: number) {
  const client = new pg.Client({ connectionString: DB_URL });
  client.on('error', () => {});
  await client.connect();
  let last = -1;
  for (let i = 0; i < 60; i++) {
    const { rows } = await client.query(
      `select count(*)::int as n from devices.readings r join devices.devices d on d.id = r.device_id
        join devices.metrics m on m.id = r.metric_id where d.code like 'cluster-%' and m.code = 'smoke'`,
    );
    const n = rows[0].n as number;
    if (n >= expected || (n === last && i >= 10)) break;
    last = n;
    await sleep(1000);
  }
  // Events (alarm → matter, ballot → points) a moment more.
  await sleep(5000);
  await client.end();
}

function report(
  r: CheckResult,
  f: {
    failoverS: number;
    apiFailoverS: number;
    cut: string;
    cutGapS: number;
    unacked: number;
    httpErrors: number;
    leaderAfter: string;
    crashes: string[];
    failedStarts: string[];
  },
): boolean {
  const lines = [
    '',
    '| kind | sent | acknowledged | refused | in doubt | stored | lost | doubled |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...r.kinds.map(
      (k) =>
        `| ${k.kind} | ${k.sent} | ${k.acknowledged} | ${k.refused} | ${k.inDoubt} | ${k.stored} | ${k.lost} | ${k.doubled} |`,
    ),
    '',
    `alarms: ${r.alarms.triggered} devices triggered once each, ${r.alarms.alarms} alarms; lost ${r.alarms.lost}, doubled ${r.alarms.doubled}, devices with two open alarms of one type ${r.alarms.openDuplicates}`,
    `timed jobs (every minute, in the load window): ${r.jobs.map((j) => `${j.queue.replace(/^cron\./, '')} ${j.runs} runs${j.doubled ? `, ${j.doubled} DOUBLED` : ''}${j.missed ? `, ${j.missed} missed` : ''}`).join('; ')}`,
    `failover: a write through HAProxy succeeded again ${f.failoverS.toFixed(1)} s after the primary was killed; the API acknowledged a write again after ${f.apiFailoverS.toFixed(1)} s; leader at the end: ${f.leaderAfter}`,
    `cut-off of ${f.cut}: longest gap in probe writes from then on ${f.cutGapS.toFixed(1)} s`,
    `app processes that ended by themselves (restarted as a service manager would): ${f.crashes.length}`,
    ...f.crashes.map((c) => `  ${c}`),
    `app starts that failed (the database away while starting; restarted): ${f.failedStarts.length}`,
    ...f.failedStarts.map((c) => `  ${c}`),
    `HTTP attempts retried (network error, 5xx, in progress): ${f.httpErrors}; MQTT publishes never acknowledged by the broker: ${f.unacked}`,
    ...r.notes.map((n) => `note: ${n}`),
  ];
  for (const line of lines) console.log(line);
  const acknowledged = r.kinds.reduce((s, k) => s + k.acknowledged, 0);
  const stored = r.kinds.reduce((s, k) => s + k.stored, 0);
  const lost = r.kinds.reduce((s, k) => s + k.lost, 0) + r.alarms.lost;
  const doubled =
    r.kinds.reduce((s, k) => s + k.doubled, 0) +
    r.alarms.doubled +
    r.alarms.openDuplicates +
    r.jobs.reduce((s, j) => s + j.doubled, 0);
  const missed = r.jobs.reduce((s, j) => s + j.missed, 0);
  console.log(
    `\nSUMMARY acknowledged=${acknowledged} stored=${stored} lost=${lost} doubled=${doubled} jobs_missed=${missed} failover_seconds=${f.failoverS.toFixed(1)} app_crashes=${f.crashes.length}`,
  );
  return (
    lost === 0 &&
    doubled === 0 &&
    f.crashes.length === 0 &&
    Number.isFinite(f.failoverS) &&
    f.failoverS <= FAILOVER_LIMIT_S
  );
}

main()
  .then((code) => process.exit(code))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
