/**
 * The devices benchmark under overload (issue 21), on PostgreSQL: the same 10,000 smoke
 * detectors, Mosquitto and server as bench/devices.ts, and publishers at fixed rates
 * (never "as fast as they can": on 2 cores unbounded publishers starve the server, and
 * what is measured is then the publishers).
 *
 * 1. The ceiling: the offered rate is stepped (--steps, messages/s); at each step the
 *    messages stored per second in a steady window, and stored/offered, with a trigger
 *    every 400 ms per publisher (alarm work is part of the ceiling). The backlog the
 *    broker kept is worked off before the next step. The ceiling is the most stored per
 *    second at any step (the plateau); the knee, the highest offered rate still stored at
 *    95 % or better.
 * 2. Overload: twice the ceiling offered for --overload-seconds, with a trigger (smoke 0.5,
 *    cleared a second later) every 200 ms per publisher, in turn on the device's alarm
 *    topic and on its telemetry topic. Measured: stored per second against the ceiling;
 *    alarms raised of those expected; alarm latency (publish → live event of the committed
 *    alarm) per topic; then, once the broker's backlog is worked off, every message the
 *    broker acknowledged to a publisher looked for in the database (lost = acknowledged −
 *    stored).
 * 3. The bare unnest insert of the same rows in the same run, as in bench/devices.ts.
 */
import os from 'node:os';
import fs from 'node:fs';
import pg from 'pg';
import { writeResult, kindOf, type BenchOptions } from './lib.ts';
import {
  gatewayStats,
  pct,
  prepareDevices,
  settleCount,
  startMosquitto,
  startPublishers,
  startServer,
  type PublisherResult,
} from './devices.ts';

const WARM_S = 2;

export async function runDevicesOverload(
  o: BenchOptions & {
    devices: number;
    publishers: number;
    window: number;
    steps: number[];
    overloadSeconds: number;
  },
) {
  if (!o.baseUrl) throw new Error('the devices benchmark runs on PostgreSQL: set DATABASE_URL');
  const kind = kindOf(o);
  console.log(
    `\ndevices overload benchmark on ${kind}: ${o.devices} devices, ${o.publishers} publishers, steps ${o.steps.join(', ')} messages/s of ${o.seconds} s, overload ${o.overloadSeconds} s`,
  );
  const { dir, prepared, database, config, db } = await prepareDevices(o);
  const mosquitto = await startMosquitto(dir);
  const brokerUrl = `mqtt://127.0.0.1:${mosquitto.port}`;
  const serverEnv = {
    DATABASE_URL: prepared.env.DATABASE_URL!,
    MQTT_URL: brokerUrl,
    MQTT_CLIENT_ID: 'gongzhi-bench-server',
  };
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
  const loadAvgAtStart = os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');
  const server = await startServer(serverEnv);

  /** Offers `rate` messages/s for WARM_S + seconds; the stored rate over the last `seconds`; then the backlog worked off. */
  async function offer(rate: number, seconds: number, triggerEveryMs: number, triggerSkip = 0) {
    const before = await countReadings();
    const pubs = startPublishers(brokerUrl, o.publishers, o.devices, seconds + WARM_S, triggerEveryMs, o.window, rate, {
      PUBLISH_TRIGGER_TOPIC: 'both',
      PUBLISH_TRIGGER_SKIP: String(triggerSkip),
    });
    await new Promise((r) => setTimeout(r, WARM_S * 1000));
    const c1 = await countReadings();
    const tA = performance.now();
    const from = Date.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const c2 = await countReadings();
    const tB = performance.now();
    const to = Date.now();
    const results: PublisherResult[] = await Promise.all(pubs.map((p) => p.result));
    const stats = await gatewayStats(server.port);
    const acked = results.reduce((n, r) => n + r.acked, 0);
    const offeredPerSecond = acked / (Math.max(...results.map((r) => r.ms)) / 1000);
    const storedPerSecond = (c2 - c1) / 3 / ((tB - tA) / 1000);
    const drainStarted = performance.now();
    const settled = await settleCount(countReadings, before + acked * 3, 15_000, 600_000);
    const drainMs = performance.now() - drainStarted;
    return {
      rate,
      acked,
      offeredPerSecond,
      storedPerSecond,
      storedMessages: (settled - before) / 3,
      drainMs,
      results,
      stats,
      from,
      to,
    };
  }

  // ---- 1. steps ----
  const steps: Array<Awaited<ReturnType<typeof offer>>> = [];
  let falling = 0;
  for (const rate of o.steps) {
    // Triggers at the steps too (fewer: the pool of trigger devices is used once each), so that the ceiling includes alarm work as the overload does.
    const s = await offer(rate, o.seconds, 400);
    steps.push(s);
    console.log(
      `  offered ${rate} messages/s (publishers sent ${Math.round(s.offeredPerSecond)}/s): stored ${Math.round(s.storedPerSecond)}/s, ${(s.storedPerSecond / rate).toFixed(2)}; backlog worked off in ${(s.drainMs / 1000).toFixed(1)} s; backlog in the server at most ${s.stats.ingest.maxBacklogRows} readings`,
    );
    falling = s.storedPerSecond / rate < 0.85 ? falling + 1 : 0;
    // Past the knee (a step that held, then two that did not): on a shared box an early step can fall for other reasons.
    if (falling >= 2 && steps.some((x) => x.storedPerSecond / x.rate >= 0.95)) break;
  }
  const ceiling = Math.max(...steps.map((s) => s.storedPerSecond));
  const knee = Math.max(0, ...steps.filter((s) => s.storedPerSecond / s.rate >= 0.95).map((s) => s.rate));
  console.log(`  ceiling ${Math.round(ceiling)} messages/s stored; stored/offered ≥ 0.95 up to ${knee} offered`);

  // ---- 2. twice the ceiling ----
  const target = Math.round((2 * ceiling) / 1000) * 1000;
  // The steps' publishers used the same trigger devices: only the alarms raised from here on count.
  raisedAt.clear();
  // The second half of each publisher's trigger devices (the steps use the first half, and may leave an alarm active).
  const over = await offer(target, o.overloadSeconds, 200, Math.floor(o.devices / o.publishers / 20));
  // Alarms still to come (triggers on the telemetry topic wait behind the backlog): until all are in, or 15 s without one.
  const triggers = over.results.flatMap((r) => r.triggers);
  await settleCount(async () => triggers.filter((t) => raisedAt.has(t.code)).length, triggers.length, 15_000, 120_000);
  const overStats = await gatewayStats(server.port);
  const latencies = (topic: 'alarm' | 'telemetry') =>
    triggers
      .filter((t) => t.topic === topic)
      .map((t) => (raisedAt.has(t.code) ? raisedAt.get(t.code)! - t.sentAt : NaN))
      .filter((x) => Number.isFinite(x))
      .sort((a, b) => a - b);
  const onAlarm = latencies('alarm');
  const onTelemetry = latencies('telemetry');
  const sentOn = (topic: string) => triggers.filter((t) => t.topic === topic).length;
  const raised = triggers.filter((t) => raisedAt.has(t.code)).length;
  const lost = Math.max(0, over.acked - over.storedMessages);
  const fraction = over.storedPerSecond / ceiling;
  console.log(
    `  twice the ceiling, ${target} messages/s offered (sent ${Math.round(over.offeredPerSecond)}/s): stored ${Math.round(over.storedPerSecond)}/s = ${(fraction * 100).toFixed(0)} % of the ceiling; alarms raised ${raised}/${triggers.length}; alarm topic p50 ${pct(onAlarm, 50)} ms p99 ${pct(onAlarm, 99)} ms (${onAlarm.length}/${sentOn('alarm')}); telemetry topic p50 ${pct(onTelemetry, 50)} ms p99 ${pct(onTelemetry, 99)} ms (${onTelemetry.length}/${sentOn('telemetry')}); acknowledged ${over.acked}, stored ${over.storedMessages}, lost ${lost}; backlog worked off in ${(over.drainMs / 1000).toFixed(1)} s`,
  );

  // ---- 3. bare baseline ----
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
        const d: number[] = [];
        const m: number[] = [];
        const t: number[] = [];
        const v: number[] = [];
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

  const load = os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');
  const i = over.stats.ingest;
  const el = overStats.eventLoopDelayMs;
  const a = overStats.alarms;
  const span = (x: { p50: number | null; p99: number | null }) =>
    `${x.p50 === null ? '–' : Math.round(x.p50)} / ${x.p99 === null ? '–' : Math.round(x.p99)}`;
  const report = [
    `## Devices under overload on ${kind} (${new Date().toISOString().slice(0, 10)})`,
    '',
    `${o.devices} smoke detectors, default rules, Mosquitto in front (own instance, queues unbounded), the server subscribed with MQTT_URL (persistent sessions: telemetry, and the alarm topic's of its own; PUBACK after the batch commits; backlog bound ${i.highWaterRows} readings). ${o.publishers} publisher processes at a fixed rate each, ${o.window} messages in flight per publisher to the broker; 3 readings a message. Each step offers its rate for ${WARM_S} + ${o.seconds} s (stored counted over the last ${o.seconds} s), and the broker's backlog is worked off before the next. ${os.cpus().length} cores shared by PostgreSQL, Mosquitto, the server and the publishers; load average (1 / 5 / 15 min) at the start ${loadAvgAtStart}, at the end ${load}.`,
    '',
    '| offered messages/s | publishers sent /s | stored messages/s | stored / offered | backlog worked off after the step | most readings in the server at once |',
    '|---|---|---|---|---|---|',
    ...steps.map(
      (s) =>
        `| ${s.rate.toLocaleString('en')} | ${Math.round(s.offeredPerSecond).toLocaleString('en')} | ${Math.round(s.storedPerSecond).toLocaleString('en')} | ${(s.storedPerSecond / s.rate).toFixed(2)} | ${(s.drainMs / 1000).toFixed(1)} s | ${s.stats.ingest.maxBacklogRows.toLocaleString('en')} |`,
    ),
    '',
    '| measure | figure |',
    '|---|---|',
    `| ceiling: most messages stored per second at any step | **${Math.round(ceiling).toLocaleString('en')}** (${Math.round(ceiling * 3).toLocaleString('en')} readings/s); stored/offered ≥ 0.95 up to ${knee.toLocaleString('en')} offered |`,
    `| bare unnest insert of the same rows, same run, ${config.INGEST_BATCH_ROWS}-row batches, 2 writers | ${Math.round(barePerSecond).toLocaleString('en')} rows/s (the ceiling's readings are ${((ceiling * 3) / barePerSecond).toFixed(2)} of it) |`,
    `| twice the ceiling offered for ${o.overloadSeconds} s | ${target.toLocaleString('en')} messages/s (publishers sent ${Math.round(over.offeredPerSecond).toLocaleString('en')}/s) |`,
    `| stored per second meanwhile | **${Math.round(over.storedPerSecond).toLocaleString('en')}** messages/s = **${(fraction * 100).toFixed(0)} %** of the ceiling |`,
    `| alarms raised / triggers sent | **${raised} / ${triggers.length}** |`,
    `| alarm latency, triggers on the alarm topic (publish → live event of the committed alarm, p50 / p99) | **${pct(onAlarm, 50)} ms / ${pct(onAlarm, 99)} ms** (${onAlarm.length} of ${sentOn('alarm')}) |`,
    `| the same, triggers on the telemetry topic (queued at the broker behind the readings offered beyond the ceiling) | ${pct(onTelemetry, 50)} ms / ${pct(onTelemetry, 99)} ms (${onTelemetry.length} of ${sentOn('telemetry')}) |`,
    `| messages acknowledged by the broker / stored / lost | ${over.acked.toLocaleString('en')} / ${over.storedMessages.toLocaleString('en')} / **${lost}** (backlog worked off ${(over.drainMs / 1000).toFixed(1)} s after the publishers stopped) |`,
    `| where an alarm's time went in the server (p50 / p99 ms, the last ${a.samples} alarms) | message time → off the broker ${span(a.receiveMs)}; → rules run ${span(a.evaluateMs)}; → alarm transaction starts ${span(a.queueMs)}; the transaction ${span(a.writeMs)}; total ${span(a.totalMs)} |`,
    `| the server meanwhile | at most ${i.maxBacklogRows.toLocaleString('en')} readings taken and not yet stored (bound ${i.highWaterRows.toLocaleString('en')}); ${i.paused.toLocaleString('en')} waits for the backlog; ${i.urgentBatches} urgent batches; event loop delay p50 ${el.p50.toFixed(0)} ms, p99 ${el.p99.toFixed(0)} ms, max ${el.max.toFixed(0)} ms; slowest batch ${i.maxBatchMs} ms |`,
    '',
  ].join('\n');
  writeResult('devices-overload', kind, report);
  console.log(report);

  await listener.end();
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  await mosquitto.stop();
  await database.close();
  await prepared.drop();
  fs.rmSync(dir, { recursive: true, force: true });
}
