/**
 * A publisher for the devices benchmark, in its own process: one MQTT connection to the
 * broker, publishing QoS 1 telemetry for a slice of the simulated devices in turn, with
 * up to WINDOW messages awaiting their PUBACK. Now and then it sends a smoke reading over
 * the threshold for a device of its trigger pool (and the clear reading a second later)
 * and logs when, for the alarm latency. Reports counts as one JSON line when told to stop
 * (SIGTERM) or when its seconds are up.
 *
 * argv: brokerUrl firstDevice count seconds triggerEveryMs
 */
import mqtt from 'mqtt';

const [url, firstArg, countArg, secondsArg, triggerArg] = process.argv.slice(2);
const first = Number(firstArg);
const count = Number(countArg);
const seconds = Number(secondsArg);
const triggerEveryMs = Number(triggerArg);
const WINDOW = Number(process.env.PUBLISH_WINDOW ?? 2000);
const code = (i: number) => `bench-${String(i).padStart(5, '0')}`;

const client = await mqtt.connectAsync(url!, {
  clientId: `bench-pub-${process.pid}`,
  clean: true,
  reconnectPeriod: 500,
  protocolVersion: 4,
});
let inflight = 0;
let sent = 0;
let acked = 0;
let failed = 0;
let next = 0;
let stopping = false;
const lastTs = new Map<number, number>();
const triggers: Array<{ code: string; sentAt: number }> = [];
// The trigger pool: the last tenth of the slice, each device used once.
const triggerPool = Array.from({ length: Math.floor(count / 10) }, (_, k) => first + count - 1 - k);

function tsFor(i: number) {
  const now = Date.now();
  const t = Math.max(now, (lastTs.get(i) ?? 0) + 1);
  lastTs.set(i, t);
  return t;
}

function publish(i: number, metrics: Record<string, number>, done?: () => void) {
  inflight++;
  sent++;
  client.publish(
    `gongzhi/devices/${code(i)}/telemetry`,
    JSON.stringify({ ts: tsFor(i), metrics }),
    { qos: 1 },
    (error) => {
      inflight--;
      if (error) failed++;
      else acked++;
      done?.();
      pump();
    },
  );
}

// Messages per second this publisher offers (0: as fast as the window allows).
const RATE = Number(process.env.PUBLISH_RATE ?? 0);
let allowance = 0;
let lastTick = Date.now();

function pump() {
  if (RATE > 0) {
    const now = Date.now();
    allowance = Math.min(RATE / 10, allowance + ((now - lastTick) * RATE) / 1000);
    lastTick = now;
  }
  while (!stopping && inflight < WINDOW && (RATE === 0 || allowance >= 1)) {
    if (RATE > 0) allowance -= 1;
    // Ordinary readings: smoke well under the threshold, a steady temperature, the battery.
    const i = first + (next++ % (count - triggerPool.length));
    publish(i, { smoke: 0.01 + (next % 30) / 1000, temp: 25 + (next % 3) / 1000, battery: 80 + (next % 5) });
  }
}
if (RATE > 0) setInterval(pump, 5).unref();

const triggerTimer =
  triggerEveryMs > 0
    ? setInterval(() => {
        const i = triggerPool.pop();
        if (i === undefined || stopping) return;
        triggers.push({ code: code(i), sentAt: Date.now() });
        publish(i, { smoke: 0.5, temp: 25, battery: 80 });
        setTimeout(() => !stopping && publish(i, { smoke: 0.01, temp: 25, battery: 80 }), 1000);
      }, triggerEveryMs)
    : null;

const started = Date.now();
pump();

async function finish() {
  if (stopping) return;
  stopping = true;
  if (triggerTimer) clearInterval(triggerTimer);
  // Wait for the acks of what is in flight (at most 20 s).
  const deadline = Date.now() + 20_000;
  while (inflight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  process.stdout.write(
    `${JSON.stringify({ sent, acked, failed, unacked: inflight, ms: Date.now() - started, triggers })}\n`,
  );
  await client.endAsync(true).catch(() => {});
  process.exit(0);
}

process.on('SIGTERM', () => void finish());
setTimeout(() => void finish(), seconds * 1000);
