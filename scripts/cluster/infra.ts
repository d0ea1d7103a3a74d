/**
 * The cluster's hosts and the programs on them: network namespaces joined by veth pairs to a
 * bridge in the root namespace, etcd, two PostgreSQL nodes under Patroni, HAProxy and
 * Mosquitto. Everything is made under one temporary directory and torn down by `teardown()`,
 * which is also safe to run when nothing (or only part) is there.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const BRIDGE = 'gzbr0';
export const SUBNET = '10.77.0';
export const GATEWAY = `${SUBNET}.1`;
const PREFIX = 'gz-';

export interface Host {
  /** Short name: the namespace is gz-<name>, the root end of its veth gzv-<name>. */
  name: string;
  ip: string;
}

export const HOSTS = {
  etcd: { name: 'etcd', ip: `${SUBNET}.10` },
  db1: { name: 'db1', ip: `${SUBNET}.11` },
  db2: { name: 'db2', ip: `${SUBNET}.12` },
  lb: { name: 'lb', ip: `${SUBNET}.20` },
  app1: { name: 'app1', ip: `${SUBNET}.31` },
  app2: { name: 'app2', ip: `${SUBNET}.32` },
} satisfies Record<string, Host>;

export const PG_PORT = 5433;
export const PATRONI_PORT = 8008;
export const HAPROXY_PG_PORT = 5000;
export const HAPROXY_HTTP_PORT = 8080;
export const HAPROXY_STATS_PORT = 8404;
export const MQTT_PORT = 1883;
export const APP_PORT = 3000;

export const ns = (h: Host) => `${PREFIX}${h.name}`;
export const veth = (h: Host) => `gzv-${h.name}`;

function run(cmd: string, args: string[], options: { quiet?: boolean } = {}): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if (options.quiet) return '';
    const e = error as { stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')}: ${e.stderr?.trim() || e.message}`);
  }
}

/** What must be there before anything starts; each line says what to do about it. */
export function missingPrerequisites(): string[] {
  const missing: string[] = [];
  if (process.getuid?.() !== 0)
    missing.push('run as root: network namespaces and veth pairs need CAP_NET_ADMIN (sudo npm run test:cluster)');
  if (process.platform !== 'linux') missing.push('Linux is needed (network namespaces)');
  const need: Array<[string, string]> = [
    ['ip', 'apt-get install -y iproute2'],
    ['etcd', 'apt-get install -y etcd-server'],
    ['patroni', 'apt-get install -y patroni'],
    ['haproxy', 'apt-get install -y haproxy'],
    ['mosquitto', 'apt-get install -y mosquitto'],
    ['runuser', 'apt-get install -y util-linux'],
  ];
  for (const [bin, fix] of need) if (!which(bin)) missing.push(`${bin} is not installed: ${fix}`);
  if (!fs.existsSync(path.join(pgBin(), 'postgres')))
    missing.push(
      `PostgreSQL server binaries not found in ${pgBin()}: apt-get install -y postgresql-15, or set CLUSTER_PG_BIN`,
    );
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
  } catch {
    missing.push('no "postgres" system user to run PostgreSQL as (it comes with the postgresql packages)');
  }
  return missing;
}

export const pgBin = () => process.env.CLUSTER_PG_BIN ?? '/usr/lib/postgresql/15/bin';

function which(bin: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin'])) {
    if (dir && fs.existsSync(path.join(dir, bin))) return true;
  }
  return false;
}

/** Removes every namespace, link and process of a previous run (ours only: the gz- prefix). */
export function teardown(log: (line: string) => void = () => {}) {
  const namespaces = run('ip', ['netns', 'list'], { quiet: true })
    .split('\n')
    .map((l) => l.split(' ')[0]!)
    .filter((n) => n.startsWith(PREFIX));
  for (const name of namespaces) {
    // The programs left in it, by pid (ip netns pids lists exactly those).
    const pids = run('ip', ['netns', 'pids', name], { quiet: true }).split(/\s+/).filter(Boolean).map(Number);
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {}
    }
    run('ip', ['netns', 'del', name], { quiet: true });
    log(`removed namespace ${name}${pids.length ? ` and ${pids.length} processes in it` : ''}`);
  }
  for (const h of Object.values(HOSTS)) run('ip', ['link', 'del', veth(h)], { quiet: true });
  run('ip', ['link', 'del', BRIDGE], { quiet: true });
}

export function buildNetwork() {
  run('ip', ['link', 'add', BRIDGE, 'type', 'bridge']);
  run('ip', ['addr', 'add', `${GATEWAY}/24`, 'dev', BRIDGE]);
  run('ip', ['link', 'set', BRIDGE, 'up']);
  for (const h of Object.values(HOSTS)) {
    const name = ns(h);
    run('ip', ['netns', 'add', name]);
    run('ip', ['link', 'add', veth(h), 'type', 'veth', 'peer', 'name', 'eth0', 'netns', name]);
    run('ip', ['link', 'set', veth(h), 'master', BRIDGE]);
    run('ip', ['link', 'set', veth(h), 'up']);
    run('ip', ['-n', name, 'addr', 'add', `${h.ip}/24`, 'dev', 'eth0']);
    run('ip', ['-n', name, 'link', 'set', 'eth0', 'up']);
    run('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
    run('ip', ['-n', name, 'route', 'add', 'default', 'via', GATEWAY]);
  }
}

/** Cuts a host off the network (its cable pulled), or plugs it back. */
export function setLink(h: Host, up: boolean) {
  run('ip', ['link', 'set', veth(h), up ? 'up' : 'down']);
}

export interface Proc {
  name: string;
  child: ChildProcess;
  log: string;
}

/** Starts a program inside a host's namespace, its output to a log file under dir. */
export function startIn(
  h: Host,
  name: string,
  dir: string,
  argv: string[],
  options: { env?: Record<string, string>; user?: string; cwd?: string } = {},
): Proc {
  const log = path.join(dir, 'logs', `${name}.log`);
  fs.mkdirSync(path.dirname(log), { recursive: true });
  const fd = fs.openSync(log, 'a');
  const inner = options.user ? ['runuser', '-u', options.user, '--', ...argv] : argv;
  const child = spawn('ip', ['netns', 'exec', ns(h), ...inner], {
    stdio: ['ignore', fd, fd],
    env: { ...process.env, ...options.env },
    cwd: options.cwd ?? dir,
    detached: true,
  });
  fs.closeSync(fd);
  child.on('error', () => {});
  return { name, child, log };
}

/** The pid of the newest process in a namespace whose command line matches. */
export function pidIn(h: Host, pattern: RegExp): number | null {
  const pids = run('ip', ['netns', 'pids', ns(h)], { quiet: true })
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
  let found: number | null = null;
  for (const pid of pids) {
    let cmd = '';
    try {
      cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue;
    }
    if (pattern.test(cmd) && (found === null || pid > found)) found = pid;
  }
  return found;
}

/** Every pid of a namespace (a host's power cut kills them all). */
export function pidsIn(h: Host): number[] {
  return run('ip', ['netns', 'pids', ns(h)], { quiet: true })
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
}

export function startEtcd(dir: string): Proc {
  const h = HOSTS.etcd;
  const data = path.join(dir, 'etcd');
  fs.mkdirSync(data, { recursive: true, mode: 0o700 });
  return startIn(h, 'etcd', dir, [
    'etcd',
    '--name',
    'etcd1',
    '--data-dir',
    data,
    '--listen-client-urls',
    `http://${h.ip}:2379,http://127.0.0.1:2379`,
    '--advertise-client-urls',
    `http://${h.ip}:2379`,
    '--listen-peer-urls',
    'http://127.0.0.1:2380',
    '--initial-advertise-peer-urls',
    'http://127.0.0.1:2380',
    '--initial-cluster',
    'etcd1=http://127.0.0.1:2380',
    '--initial-cluster-state',
    'new',
  ]);
}

export const PG_PASSWORD = 'cluster-test';

/**
 * Patroni's settings for one node: synchronous replication, so a commit is acknowledged only once
 * the standby has it, and only a node that was the synchronous standby may be promoted. Strict
 * also refuses to commit with no standby at all: with two nodes, writes then stop until the
 * failed one is back.
 */
function patroniYaml(h: Host, dir: string, strict: boolean): string {
  const home = path.join(dir, h.name);
  return `scope: gongzhi
namespace: /gongzhi-cluster/
name: ${h.name}
restapi:
  listen: ${h.ip}:${PATRONI_PORT}
  connect_address: ${h.ip}:${PATRONI_PORT}
etcd3:
  hosts: ${HOSTS.etcd.ip}:2379
bootstrap:
  dcs:
    ttl: 10
    loop_wait: 2
    retry_timeout: 4
    maximum_lag_on_failover: 1048576
    synchronous_mode: true
    synchronous_mode_strict: ${strict}
    postgresql:
      use_pg_rewind: true
      use_slots: true
      parameters:
        wal_level: replica
        hot_standby: 'on'
        wal_log_hints: 'on'
        max_wal_senders: 10
        max_replication_slots: 10
        max_connections: 200
        synchronous_commit: 'on'
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
    - data-checksums
  pg_hba:
    - local all all trust
    - host replication replicator ${SUBNET}.0/24 md5
    - host all all ${SUBNET}.0/24 md5
    - host all all 127.0.0.1/32 md5
postgresql:
  listen: ${h.ip},127.0.0.1:${PG_PORT}
  connect_address: ${h.ip}:${PG_PORT}
  data_dir: ${home}/data
  bin_dir: ${pgBin()}
  pgpass: ${home}/pgpass
  authentication:
    superuser:
      username: postgres
      password: ${PG_PASSWORD}
    replication:
      username: replicator
      password: ${PG_PASSWORD}
    rewind:
      username: postgres
      password: ${PG_PASSWORD}
  parameters:
    unix_socket_directories: '${home}'
    port: ${PG_PORT}
tags:
  nofailover: false
  noloadbalance: false
  clonefrom: false
  nosync: false
`;
}

export function startPatroni(h: Host, dir: string, strict: boolean): Proc {
  const home = path.join(dir, h.name);
  fs.mkdirSync(home, { recursive: true, mode: 0o700 });
  const conf = path.join(home, 'patroni.yml');
  fs.writeFileSync(conf, patroniYaml(h, dir, strict));
  execFileSync('chown', ['-R', 'postgres:postgres', home]);
  return startIn(h, `patroni-${h.name}`, dir, ['patroni', conf], { user: 'postgres', cwd: home });
}

export function startHaproxy(dir: string): Proc {
  const lb = HOSTS.lb;
  const conf = path.join(dir, 'haproxy.cfg');
  const pgServers = [HOSTS.db1, HOSTS.db2]
    .map((h) => `  server ${h.name} ${h.ip}:${PG_PORT} maxconn 300 check port ${PATRONI_PORT}`)
    .join('\n');
  const appServers = [HOSTS.app1, HOSTS.app2]
    .map((h) => `  server ${h.name} ${h.ip}:${APP_PORT} check inter 1s fall 2 rise 2`)
    .join('\n');
  fs.writeFileSync(
    conf,
    `global
  maxconn 2000

defaults
  timeout connect 2s
  timeout client 30m
  timeout server 30m
  timeout check 2s

# Writes go to the leader only: Patroni's REST API answers 200 on /primary there and 503 elsewhere.
# TCP mode, no pooler: the app's LISTEN connection and its session settings pass through as they are.
listen postgres_write
  bind ${lb.ip}:${HAPROXY_PG_PORT}
  mode tcp
  option httpchk GET /primary
  http-check expect status 200
  default-server inter 1s fall 2 rise 1 on-marked-down shutdown-sessions
${pgServers}

listen api
  bind ${lb.ip}:${HAPROXY_HTTP_PORT}
  mode http
  timeout client 30s
  timeout server 30s
  balance roundrobin
  option redispatch
  retries 3
  retry-on conn-failure empty-response
  # Any answer means the process is alive (503 while its database fails over is still an answer).
  option httpchk GET /api/health
  http-check expect rstatus ^[25]
${appServers}

listen stats
  bind ${lb.ip}:${HAPROXY_STATS_PORT}
  mode http
  stats enable
  stats uri /
`,
  );
  return startIn(lb, 'haproxy', dir, ['haproxy', '-db', '-f', conf]);
}

export function startMosquitto(dir: string): Proc {
  const lb = HOSTS.lb;
  const conf = path.join(dir, 'mosquitto.conf');
  // Persistent sessions of the app's subscriptions keep QoS 1 messages while an app is away;
  // no queue limits, so none is dropped (the broker's own persistence to disk is not under test).
  fs.writeFileSync(
    conf,
    `listener ${MQTT_PORT} ${lb.ip}
allow_anonymous true
persistence false
max_inflight_messages 0
max_queued_messages 0
max_queued_bytes 0
user root
log_type error
log_type warning
log_type notice
`,
  );
  return startIn(lb, 'mosquitto', dir, ['mosquitto', '-c', conf]);
}
