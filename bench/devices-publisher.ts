/**
 * A publisher for the devices benchmark, in its own process: one MQTT connection to the
 * broker, publishing QoS 1 telemetry for a slice of the simulated devices in turn, with
 * up to WINDOW messages awaiting their PUBACK. Now and then it sends a smoke reading over
 * the threshold for a device of its trigger pool (and the clear reading a second later)
 * and logs when, for the alarm latency. Reports counts as one JSON line when told to stop
 * (SIGTERM) or when its seconds are up.
 *
 * It speaks the few MQTT 3.1.1 packets it needs (CONNECT, PUBLISH QoS 1, PUBACK) over a
 * plain socket, the packets of a tick written at once: a full client (mqtt.js, with its
 * store and a callback per message) cost as much CPU per message as the server, and on 2
 * cores a load generator that busy takes from the server what it is meant to measure
 * (issue 21).
 *
 * PUBLISH_TRIGGER_TOPIC: where the triggers go: telemetry (the default, as every reading),
 * alarm (the device's alarm topic, gongzhi/devices/{code}/alarm, issue 21), or both (in turn).
 *
 * argv: brokerUrl firstDevice count seconds triggerEveryMs
 */
import net from 'node:net';

const [url, firstArg, countArg, secondsArg, triggerArg] = process.argv.slice(2);
const first = Number(firstArg);
const count = Number(countArg);
const seconds = Number(secondsArg);
const triggerEveryMs = Number(triggerArg);
const WINDOW = Number(process.env.PUBLISH_WINDOW ?? 2000);
const TRIGGER_TOPIC = process.env.PUBLISH_TRIGGER_TOPIC ?? 'telemetry';
// Messages per second this publisher offers (0: as fast as the window allows).
const RATE = Number(process.env.PUBLISH_RATE ?? 0);
const code = (i: number) => `bench-${String(i).padStart(5, '0')}`;

/** The remaining-length field of an MQTT fixed header. */
function varint(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}

function utf8Field(s: string): Buffer {
  const b = Buffer.from(s, 'utf8');
  const out = Buffer.alloc(2 + b.length);
  out.writeUInt16BE(b.length, 0);
  b.copy(out, 2);
  return out;
}

function connectPacket(clientId: string): Buffer {
  // Protocol name MQTT, level 4, clean session, no keepalive; the client id.
  const body = Buffer.concat([utf8Field('MQTT'), Buffer.from([4, 0x02, 0, 0]), utf8Field(clientId)]);
  return Buffer.concat([Buffer.from([0x10, ...varint(body.length)]), body]);
}

function publishPacket(topic: string, id: number, payload: string): Buffer {
  const t = utf8Field(topic);
  const p = Buffer.from(payload, 'utf8');
  const length = t.length + 2 + p.length;
  const head = [0x32, ...varint(length)]; // PUBLISH, QoS 1
  const out = Buffer.alloc(head.length + length);
  out.set(head, 0);
  t.copy(out, head.length);
  out.writeUInt16BE(id, head.length + t.length);
  p.copy(out, head.length + t.length + 2);
  return out;
}

const { hostname, port } = new URL(url!);
const socket = net.connect({ host: hostname, port: Number(port || 1883) });
socket.setNoDelay(true);
await new Promise<void>((resolve, reject) => {
  socket.once('connect', () => resolve());
  socket.once('error', reject);
});

let inflight = 0;
let sent = 0;
let acked = 0;
const failed = 0;
let next = 0;
let nextId = 1;
let stopping = false;
let connected = false;
const waiting = new Map<number, () => void>();
const lastTs = new Map<number, number>();
const triggers: Array<{ code: string; sentAt: number; topic: 'telemetry' | 'alarm' }> = [];
// The trigger pool: the last tenth of the slice, each device used once.
const triggerPool = Array.from({ length: Math.floor(count / 10) }, (_, k) => first + count - 1 - k);
// PUBLISH_TRIGGER_SKIP: leave that many of the pool to other runs (a device whose alarm is still active would not be raised again).
triggerPool.length = Math.max(0, triggerPool.length - Number(process.env.PUBLISH_TRIGGER_SKIP ?? 0));
let out: Buffer[] = [];

// Incoming: CONNACK, then PUBACKs (any other packet is skipped).
let rest = Buffer.alloc(0);
const connack = new Promise<void>((resolve, reject) => {
  socket.on('data', (chunk: Buffer) => {
    let buf = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    let at = 0;
    for (;;) {
      if (buf.length - at < 2) break;
      let length = 0;
      let mul = 1;
      let i = at + 1;
      let complete = false;
      for (; i < buf.length && i < at + 5; i++) {
        length += (buf[i]! & 0x7f) * mul;
        mul *= 128;
        if ((buf[i]! & 0x80) === 0) {
          complete = true;
          i++;
          break;
        }
      }
      if (!complete || buf.length - i < length) break;
      const type = buf[at]! >> 4;
      if (type === 2) {
        if (buf[i + 1] !== 0) reject(new Error(`CONNACK ${buf[i + 1]}`));
        else {
          connected = true;
          resolve();
        }
      } else if (type === 4) {
        const id = buf.readUInt16BE(i);
        const done = waiting.get(id);
        if (done) {
          waiting.delete(id);
          inflight--;
          acked++;
          done();
        }
      }
      at = i + length;
    }
    buf = buf.subarray(at);
    rest = buf.length > 0 ? Buffer.from(buf) : Buffer.alloc(0);
  });
  socket.once('error', reject);
});
socket.write(connectPacket(`bench-pub-${process.pid}`));
await connack;
socket.on('close', () => {
  connected = false;
});

function tsFor(i: number) {
  const now = Date.now();
  const t = Math.max(now, (lastTs.get(i) ?? 0) + 1);
  lastTs.set(i, t);
  return t;
}

function publish(i: number, metrics: Record<string, number>, topic = 'telemetry') {
  if (!connected) return;
  let id = nextId;
  while (waiting.has(id)) id = id === 65535 ? 1 : id + 1;
  nextId = id === 65535 ? 1 : id + 1;
  inflight++;
  sent++;
  waiting.set(id, pumpSoon);
  out.push(publishPacket(`gongzhi/devices/${code(i)}/${topic}`, id, JSON.stringify({ ts: tsFor(i), metrics })));
  if (out.length >= 256) flush();
}

function flush() {
  if (out.length === 0) return;
  socket.write(out.length === 1 ? out[0]! : Buffer.concat(out));
  out = [];
}

let pumpQueued = false;
function pumpSoon() {
  if (pumpQueued) return;
  pumpQueued = true;
  setImmediate(() => {
    pumpQueued = false;
    pump();
  });
}

let allowance = 0;
let lastTick = Date.now();

function pump() {
  if (RATE > 0) {
    const now = Date.now();
    allowance = Math.min(RATE / 10, allowance + ((now - lastTick) * RATE) / 1000);
    lastTick = now;
  }
  while (!stopping && connected && inflight < WINDOW && (RATE === 0 || allowance >= 1)) {
    if (RATE > 0) allowance -= 1;
    // Ordinary readings: smoke well under the threshold, a steady temperature, the battery.
    const i = first + (next++ % (count - triggerPool.length));
    publish(i, { smoke: 0.01 + (next % 30) / 1000, temp: 25 + (next % 3) / 1000, battery: 80 + (next % 5) });
  }
  flush();
}
if (RATE > 0) setInterval(pump, 5).unref();

const triggerTimer =
  triggerEveryMs > 0
    ? setInterval(() => {
        const i = triggerPool.pop();
        if (i === undefined || stopping) return;
        const topic = TRIGGER_TOPIC === 'both' ? (triggers.length % 2 === 0 ? 'alarm' : 'telemetry') : TRIGGER_TOPIC;
        triggers.push({ code: code(i), sentAt: Date.now(), topic: topic === 'alarm' ? 'alarm' : 'telemetry' });
        publish(i, { smoke: 0.5, temp: 25, battery: 80 }, topic);
        flush();
        setTimeout(() => {
          if (stopping) return;
          publish(i, { smoke: 0.01, temp: 25, battery: 80 }, topic);
          flush();
        }, 1000);
      }, triggerEveryMs)
    : null;

const started = Date.now();
pump();

async function finish() {
  if (stopping) return;
  stopping = true;
  if (triggerTimer) clearInterval(triggerTimer);
  flush();
  // Wait for the acks of what is in flight (at most 20 s).
  const deadline = Date.now() + 20_000;
  while (inflight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  process.stdout.write(
    `${JSON.stringify({ sent, acked, failed, unacked: inflight, ms: Date.now() - started, triggers })}\n`,
  );
  socket.end(Buffer.from([0xe0, 0])); // DISCONNECT
  process.exit(0);
}

process.on('SIGTERM', () => void finish());
setTimeout(() => void finish(), seconds * 1000);
