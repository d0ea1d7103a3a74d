/**
 * What a device may send, checked before anything is buffered: one message is
 * `{"ts": ISO-8601 or epoch ms, "metrics": {"smoke": 0.12, "temp": 36.5}}` or an event
 * `{"ts": …, "event": "smoking", "data": {…}}`. Anything else is refused with a reason,
 * counted, and never reaches the database.
 */

export const MAX_PAYLOAD_BYTES = 16 * 1024;
export const MAX_METRICS_PER_MESSAGE = 64;

export const REJECT_REASONS = [
  'malformed',
  'oversize',
  'unknown_device',
  'bad_secret',
  'absurd_value',
  'bad_timestamp',
  'wrong_topic',
  'inactive',
  'too_many_metrics',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** Plausible ranges of the metrics we know; a value outside is a broken sensor or a forged message. */
export const METRICS: Record<string, { min: number; max: number; unit: string; zh: string }> = {
  smoke: { min: 0, max: 100, unit: 'dB/m', zh: '烟雾浓度' },
  temp: { min: -60, max: 1200, unit: '°C', zh: '温度' },
  humidity: { min: 0, max: 100, unit: '%', zh: '湿度' },
  leakage_ma: { min: 0, max: 10_000, unit: 'mA', zh: '剩余电流' },
  current_a: { min: 0, max: 10_000, unit: 'A', zh: '电流' },
  voltage_v: { min: 0, max: 1_000, unit: 'V', zh: '电压' },
  power_w: { min: 0, max: 10_000_000, unit: 'W', zh: '功率' },
  energy_kwh: { min: 0, max: 1e9, unit: 'kWh', zh: '电量' },
  box_temp: { min: -60, max: 300, unit: '°C', zh: '电箱温度' },
  water_l: { min: 0, max: 1e9, unit: 'L', zh: '用水量' },
  battery: { min: 0, max: 100, unit: '%', zh: '电量百分比' },
  rssi: { min: -200, max: 0, unit: 'dBm', zh: '信号强度' },
  people: { min: 0, max: 100_000, unit: '', zh: '人数' },
};
/** Metrics we do not know are taken within this bound. */
const GENERIC_LIMIT = 1e9;
const NAME = /^[a-z][a-z0-9_]{0,31}$/;

export interface Telemetry {
  ts: number;
  metrics: Array<[string, number]>;
  event: string | null;
  data: Record<string, unknown>;
}

export type Parsed = { ok: true; message: Telemetry } | { ok: false; reason: RejectReason; detail: string };

const refuse = (reason: RejectReason, detail: string): Parsed => ({ ok: false, reason, detail });

/** Checks one message (already JSON-decoded); now and the retention bound its time. */
export function checkMessage(value: unknown, now: number, oldestMs: number): Parsed {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return refuse('malformed', 'not a JSON object');
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v))
    if (key !== 'ts' && key !== 'metrics' && key !== 'event' && key !== 'data')
      return refuse('malformed', `unknown field ${key.slice(0, 40)}`);
  let ts: number;
  if (v.ts === undefined) ts = now;
  else if (typeof v.ts === 'number') ts = v.ts;
  else if (typeof v.ts === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v.ts)) ts = Date.parse(v.ts);
  else return refuse('malformed', 'ts must be ISO-8601 or epoch milliseconds');
  if (!Number.isFinite(ts) || !Number.isInteger(ts)) return refuse('malformed', 'ts is not a time');
  if (ts > now + 10 * 60_000) return refuse('bad_timestamp', 'ts is more than 10 minutes ahead');
  if (ts < oldestMs) return refuse('bad_timestamp', 'ts is older than the retention');
  const metrics: Array<[string, number]> = [];
  if (v.metrics !== undefined) {
    if (typeof v.metrics !== 'object' || v.metrics === null || Array.isArray(v.metrics))
      return refuse('malformed', 'metrics must be an object');
    const entries = Object.entries(v.metrics as Record<string, unknown>);
    if (entries.length > MAX_METRICS_PER_MESSAGE)
      return refuse('malformed', `more than ${MAX_METRICS_PER_MESSAGE} metrics`);
    for (const [name, x] of entries) {
      if (!NAME.test(name)) return refuse('malformed', `bad metric name ${name.slice(0, 40)}`);
      if (typeof x !== 'number') return refuse('malformed', `${name} is not a number`);
      const range = METRICS[name];
      if (!Number.isFinite(x) || (range ? x < range.min || x > range.max : Math.abs(x) > GENERIC_LIMIT))
        return refuse('absurd_value', `${name}=${x}`);
      metrics.push([name, x]);
    }
  }
  let event: string | null = null;
  let data: Record<string, unknown> = {};
  if (v.event !== undefined) {
    if (typeof v.event !== 'string' || !NAME.test(v.event))
      return refuse('malformed', 'event must be a lower-case name');
    event = v.event;
    if (v.data !== undefined) {
      if (typeof v.data !== 'object' || v.data === null || Array.isArray(v.data))
        return refuse('malformed', 'data must be an object');
      data = v.data as Record<string, unknown>;
    }
  } else if (v.data !== undefined) return refuse('malformed', 'data without event');
  if (metrics.length === 0 && event === null) return refuse('malformed', 'neither metrics nor event');
  return { ok: true, message: { ts, metrics, event, data } };
}

/** Checks a raw payload (bytes off MQTT). */
export function parsePayload(payload: Buffer | string, now: number, oldestMs: number): Parsed {
  const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  if (size > MAX_PAYLOAD_BYTES) return refuse('oversize', `${size} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
  } catch {
    return refuse('malformed', 'not JSON');
  }
  return checkMessage(value, now, oldestMs);
}

export const TOPIC_PREFIX = 'gongzhi/devices/';
export const TOPIC_SUFFIX = '/telemetry';
/**
 * A device's alarm topic: the same messages as telemetry, for what the device itself takes
 * for an alarm (its own threshold crossed, a smoke or gas event, and the all-clear after).
 * The gateway takes it apart from the telemetry stream (its own subscription, its own
 * session at an external broker), so an alarm never queues behind a backlog of readings.
 */
export const ALARM_TOPIC_SUFFIX = '/alarm';
export const topicOf = (code: string) => `${TOPIC_PREFIX}${code}${TOPIC_SUFFIX}`;
export const alarmTopicOf = (code: string) => `${TOPIC_PREFIX}${code}${ALARM_TOPIC_SUFFIX}`;

/** The device code in a telemetry (or alarm) topic, or null if the topic is not one. */
export function codeOfTopic(topic: string): string | null {
  return topicParts(topic)?.code ?? null;
}

/** A device topic's code and lane: telemetry, or alarm (urgent); null if the topic is neither. */
export function topicParts(topic: string): { code: string; urgent: boolean } | null {
  if (!topic.startsWith(TOPIC_PREFIX)) return null;
  const urgent = topic.endsWith(ALARM_TOPIC_SUFFIX);
  if (!urgent && !topic.endsWith(TOPIC_SUFFIX)) return null;
  const suffix = urgent ? ALARM_TOPIC_SUFFIX : TOPIC_SUFFIX;
  const code = topic.slice(TOPIC_PREFIX.length, topic.length - suffix.length);
  return code.length > 0 && !code.includes('/') ? { code, urgent } : null;
}

/**
 * The alarm-topic subscription that goes with a telemetry subscription (MQTT_TOPIC):
 * the same filter with /alarm for /telemetry (a shared subscription stays shared); null
 * when the filter does not end in /telemetry (then only that filter is subscribed).
 */
export function alarmFilterOf(filter: string): string | null {
  return filter.endsWith(TOPIC_SUFFIX) ? `${filter.slice(0, -TOPIC_SUFFIX.length)}${ALARM_TOPIC_SUFFIX}` : null;
}
