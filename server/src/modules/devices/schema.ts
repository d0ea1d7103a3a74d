import { z } from 'zod';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { ALARM_STATUSES, DEVICE_TYPES, RULE_KINDS, SEVERITIES } from './tables.ts';
import { MAX_METRICS_PER_MESSAGE, REJECT_REASONS } from './telemetry.ts';
import { areaId, id } from '../../platform/input.ts';

export const IdParams = z.object({ id: id });
const code = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{1,63}$/, 'letters, digits, _ . - (2–64)')
  .describe('Device code: the MQTT username and the {code} of its topic gongzhi/devices/{code}/telemetry');
const name = z.string().trim().min(1).max(100);
const time = z.string().describe('ISO-8601');
const csv = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item).max(10)).optional();
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const DeviceType = z
  .enum(DEVICE_TYPES)
  .describe(
    'smoke 烟感, thermal_camera 热成像, electric_meter 智慧电表箱, door_sensor 门磁, curtain_sensor 窗帘传感器, water_meter 水表, ev_charger 充电桩, access_gate 门禁',
  );
export const Severity = z.enum(SEVERITIES).describe('critical > major > minor > warning');
export const AlarmStatus = z.enum(ALARM_STATUSES);

// ---------- devices ----------

export const CreateDeviceBody = z
  .object({
    code,
    type: DeviceType,
    name,
    buildingId: id.optional().describe('Where it is: a building (楼栋)…'),
    householdId: id.optional().describe('…or a household (户)…'),
    gridId: id.optional().describe('…or a grid (a garage or a park is a special grid)'),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
    address: z.string().max(200).optional(),
    careTargetId: id.nullable().optional().describe('The care target (关爱对象) it watches, an id of the care module'),
    note: z.string().max(500).optional(),
  })
  .refine((b) => [b.buildingId, b.householdId, b.gridId].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of buildingId, householdId, gridId',
    path: ['buildingId'],
  })
  .refine((b) => (b.lat === undefined) === (b.lng === undefined), {
    message: 'lat and lng go together',
    path: ['lat'],
  });

export const UpdateDeviceBody = z
  .object({
    name: name.optional(),
    buildingId: id.optional(),
    householdId: id.optional(),
    gridId: id.optional(),
    lat: z.number().min(-90).max(90).nullable().optional(),
    lng: z.number().min(-180).max(180).nullable().optional(),
    address: z.string().max(200).optional(),
    careTargetId: id.nullable().optional(),
    active: z.boolean().optional().describe('false: retired; its messages are refused'),
    note: z.string().max(500).optional(),
  })
  .refine((b) => [b.buildingId, b.householdId, b.gridId].filter((x) => x !== undefined).length <= 1, {
    message: 'give at most one of buildingId, householdId, gridId',
    path: ['buildingId'],
  });

export const DeviceListQuery = PageQuery.extend({
  type: DeviceType.optional(),
  status: z.enum(['unknown', 'online', 'offline']).optional(),
  communityId: id.optional(),
  gridId: id.optional(),
  buildingId: id.optional(),
  careTargetId: id.optional(),
  active: bool.optional(),
  q: z.string().trim().max(100).optional().describe('Code, name or address contains'),
});

const Latest = z.object({ metric: z.string(), value: z.number(), ts: time });

export const DeviceView = z.object({
  id: z.number(),
  code: z.string(),
  type: DeviceType,
  name: z.string(),
  communityId: z.number(),
  communityName: z.string().nullable(),
  gridId: z.number().nullable(),
  gridName: z.string().nullable(),
  buildingId: z.number().nullable(),
  householdId: z.number().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  address: z.string(),
  careTargetId: z.number().nullable(),
  active: z.boolean(),
  status: z.enum(['unknown', 'online', 'offline']),
  lastSeenAt: time.nullable(),
  statusChangedAt: time.nullable(),
  secretRotatedAt: time,
  note: z.string(),
  latest: z.array(Latest),
  createdAt: time,
});
export const DeviceList = pageOf(DeviceView);

export const DeviceDetail = DeviceView.extend({
  rejections: z
    .array(z.object({ reason: z.enum(REJECT_REASONS), count: z.number(), lastAt: time, lastDetail: z.string() }))
    .describe('Refused telemetry of this device, by reason'),
  activeAlarms: z.number(),
  topic: z.string().describe('The MQTT topic it publishes to'),
});

export const DeviceWithSecret = z.object({
  device: DeviceDetail,
  secret: z.string().describe('Shown this once: the MQTT password, and the second half of the HTTP ingest token'),
  token: z.string().describe('For POST /api/ingest/readings: Authorization: Bearer <token>'),
});

/** Bucket widths for a chart: a day in 5-minute steps, a week by the hour, a month by the day. */
export const READING_BUCKETS = { '5m': 300, '1h': 3600, '1d': 86400 } as const;
/** The longest range one request may ask for (a quarter). */
export const READINGS_MAX_DAYS = 92;
/** The most buckets one answer holds: a quarter by the hour (2,208), or about a week in 5-minute steps. */
export const READINGS_MAX_BUCKETS = 2400;

export const ReadingsQuery = z.object({
  metric: z.string().min(1).max(32),
  from: z
    .string()
    .datetime({ offset: true })
    .optional()
    .describe('Start (inclusive); default a day before to. Before to, and at most 92 days before it'),
  to: z
    .string()
    .datetime({ offset: true })
    .optional()
    .describe("End (exclusive); default a minute past the server's time"),
  bucket: z
    .enum(['5m', '1h', '1d'])
    .optional()
    .describe(
      'Summarise into buckets of this width (min, average, max, count each), aligned to the TIME_ZONE setting (a day starts at local midnight), oldest first; at most 2,400 buckets in one answer. Without it, raw readings newest first',
    ),
  limit: z.coerce.number().int().min(1).max(5000).default(500).describe('Raw readings at most (without bucket)'),
});
export const ReadingsView = z.object({
  metric: z.string(),
  bucket: z.enum(['5m', '1h', '1d']).nullable(),
  items: z.array(
    z.object({
      ts: time.describe('The reading, or the start of its bucket'),
      value: z.number().describe('The reading, or the bucket average'),
      min: z.number().optional(),
      max: z.number().optional(),
      count: z.number().optional(),
    }),
  ),
});

export const LatestQuery = z.object({
  deviceIds: csv(id).describe('Device ids, comma-separated (up to 10); or leave out and use the filters'),
  communityId: id.optional(),
  gridId: id.optional(),
  type: DeviceType.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const LatestView = z.object({
  items: z.array(
    z.object({
      deviceId: z.number(),
      code: z.string(),
      status: z.enum(['unknown', 'online', 'offline']),
      lastSeenAt: time.nullable(),
      latest: z.array(Latest),
    }),
  ),
});

export const GatewayStats = z.object({
  mqtt: z.object({
    mode: z.enum(['embedded', 'external', 'off']),
    port: z.number().nullable(),
    connected: z.boolean(),
    connections: z.number(),
    refusedConnections: z.number(),
    received: z.number(),
  }),
  ingest: z.object({
    messages: z.number().describe('Messages stored since start'),
    readings: z.number(),
    events: z.number(),
    batches: z.number(),
    failedBatches: z.number().describe('Failed tries of batches'),
    givenUpBatches: z
      .number()
      .describe('Batches given up after their tries: their messages were not acknowledged, to be sent again'),
    givenUpMessages: z.number(),
    pending: z.number().describe('Messages waiting to be written'),
    lastBatchRows: z.number(),
    lastBatchMs: z.number(),
    maxBatchMs: z.number(),
    urgentBatches: z
      .number()
      .describe('Batches of the urgent lane (alarm topic, events, readings that moved an alarm)'),
    backlogRows: z.number().describe('Readings taken off the broker and not yet stored'),
    highWaterRows: z
      .number()
      .describe('Backlog at which the gateway stops taking messages until a batch of it is stored'),
    maxBacklogRows: z.number(),
    paused: z.number().describe('Times a connection was made to wait for the backlog to go down'),
  }),
  rejectedSinceStart: z.record(z.string(), z.number()),
  rejectedTotal: z
    .array(z.object({ reason: z.string(), count: z.number(), lastAt: time.nullable() }))
    .describe('All servers, all time'),
  unknownDevices: z.number().describe('Messages from unknown devices, all time'),
  partitions: z.object({ oldest: z.string().nullable(), newest: z.string().nullable(), count: z.number() }),
  retentionDays: z.number(),
  alarms: z
    .object({
      transactions: z.number(),
      transitions: z.number(),
      raised: z.number(),
      failedTransactions: z.number(),
      lanes: z.number().describe('Alarm transactions written at once (devices spread over lanes)'),
      lastGroup: z.number().describe('Transitions in the last alarm transaction'),
      maxGroup: z.number(),
      pending: z.number().describe('Transitions decided, not yet written'),
      samples: z.number(),
      receiveMs: z
        .object({ p50: z.number().nullable(), p99: z.number().nullable() })
        .describe('Message time → taken off the broker'),
      evaluateMs: z
        .object({ p50: z.number().nullable(), p99: z.number().nullable() })
        .describe('Taken off the broker → rules run'),
      queueMs: z
        .object({ p50: z.number().nullable(), p99: z.number().nullable() })
        .describe('Rules run → its alarm transaction starts'),
      writeMs: z.object({ p50: z.number().nullable(), p99: z.number().nullable() }).describe('The alarm transaction'),
      totalMs: z
        .object({ p50: z.number().nullable(), p99: z.number().nullable() })
        .describe('Message time → alarm committed (live event sent)'),
      matterMs: z
        .object({ p50: z.number().nullable(), p99: z.number().nullable() })
        .describe('Opening the matter, inside the alarm transaction'),
    })
    .describe(
      'The alarm path (transitions written apart from the reading batches) and where the time of the last raised alarms went',
    ),
  eventLoopDelayMs: z
    .object({ p50: z.number(), p99: z.number(), max: z.number() })
    .describe("Delay of this process's event loop since start: how busy its one thread is"),
});

// ---------- ingest over HTTP ----------

export const IngestReading = z
  .object({
    ts: z.union([z.string(), z.number()]).optional(),
    metrics: z.record(z.string(), z.number()).optional(),
    event: z.string().optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .describe(`A reading {ts, metrics} (up to ${MAX_METRICS_PER_MESSAGE} metrics) or an event {ts, event, data}`);
export const IngestBody = z.object({
  readings: z.array(z.unknown()).min(1).max(1000).describe('Up to 1,000 readings or events; each as on MQTT'),
});
export const IngestResult = z.object({
  accepted: z.number(),
  rejected: z.number(),
  problems: z.array(z.object({ index: z.number(), reason: z.enum(REJECT_REASONS), detail: z.string() })),
});

// ---------- rules ----------

const RuleFields = {
  deviceType: DeviceType.nullable().optional().describe('For every device of a type…'),
  deviceId: id
    .nullable()
    .optional()
    .describe(
      "…or for one device (replacing its type's rule of the same kind, metric or event, alarm type and severity)",
    ),
  name,
  kind: z
    .enum(RULE_KINDS)
    .describe(
      'threshold: metric ≥ / ≤ value (for N readings in a row and/or N seconds); rate: rise (or fall) per minute; absence: no message for N minutes → offline; event: an event name',
    ),
  metric: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,31}$/)
    .nullable()
    .optional(),
  op: z.enum(['>=', '<=']).nullable().optional(),
  value: z.number().finite().nullable().optional(),
  clearValue: z
    .number()
    .finite()
    .nullable()
    .optional()
    .describe('Clears when back under (over, for ≤) this; without it, when the condition no longer holds'),
  durationSeconds: z.number().int().min(0).max(86_400).optional(),
  consecutive: z.number().int().min(1).max(1000).optional(),
  event: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,31}$/)
    .nullable()
    .optional(),
  clearEvent: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,31}$/)
    .nullable()
    .optional(),
  absenceMinutes: z.number().int().min(1).max(10_080).nullable().optional(),
  alarmType: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,39}$/)
    .nullable()
    .optional()
    .describe('The alarm it raises (optional for absence)'),
  severity: Severity.nullable().optional(),
  matterCategory: z
    .string()
    .max(80)
    .nullable()
    .optional()
    .describe(
      'Matters catalogue code of the matter a raised alarm opens, e.g. community.fire_safety.alarm; none: no matter',
    ),
  enabled: z.boolean().optional(),
};
export const RuleBody = z.object(RuleFields);
export const RulePatch = z.object(RuleFields).partial();
export const RuleView = z.object({
  id: z.number(),
  deviceType: DeviceType.nullable(),
  deviceId: z.number().nullable(),
  name: z.string(),
  kind: z.enum(RULE_KINDS),
  metric: z.string().nullable(),
  op: z.enum(['>=', '<=']).nullable(),
  value: z.number().nullable(),
  clearValue: z.number().nullable(),
  durationSeconds: z.number(),
  consecutive: z.number(),
  event: z.string().nullable(),
  clearEvent: z.string().nullable(),
  absenceMinutes: z.number().nullable(),
  alarmType: z.string().nullable(),
  severity: Severity.nullable(),
  matterCategory: z.string().nullable(),
  enabled: z.boolean(),
});
export const RuleListQuery = z.object({
  deviceType: DeviceType.optional(),
  deviceId: id.optional(),
});
export const RuleList = z.object({ items: z.array(RuleView) });

// ---------- alarms ----------

export const AlarmListQuery = PageQuery.extend({
  status: csv(AlarmStatus).describe('Statuses, comma-separated: active_unack,active_ack,cleared_unack,cleared_ack'),
  severity: csv(Severity).describe('Severities, comma-separated'),
  type: z.string().max(40).optional(),
  deviceId: z.string().max(64).optional().describe('The device code, e.g. smoke-demo-001'),
  q: z.string().trim().max(100).optional().describe('Device code, name or address contains'),
  communityId: id.optional(),
  areaId,
  gridId: id.optional(),
  buildingId: id.optional(),
  from: z.string().datetime({ offset: true }).optional().describe('Started at or after'),
  to: z.string().datetime({ offset: true }).optional().describe('Started before'),
});

export const AlarmView = z.object({
  id: z.number(),
  type: z.string(),
  severity: Severity,
  status: AlarmStatus,
  active: z.boolean(),
  acknowledged: z.boolean(),
  device: z.object({ id: z.number(), code: z.string(), name: z.string(), type: DeviceType }),
  lat: z.number().nullable().describe('Where the device is (WGS-84), for the alarm map'),
  lng: z.number().nullable(),
  address: z.string().describe("The device's address"),
  communityId: z.number(),
  communityName: z.string().nullable(),
  gridId: z.number().nullable(),
  gridName: z.string().nullable(),
  buildingId: z.number().nullable(),
  householdId: z.number().nullable(),
  ruleId: z.number().nullable(),
  count: z.number().describe('How many times it was raised while active'),
  firstValue: z.number().nullable(),
  lastValue: z.number().nullable(),
  details: z.record(z.string(), z.unknown()),
  startedAt: time,
  lastAt: time,
  ackedAt: time.nullable(),
  clearedAt: time.nullable(),
  clearReason: z.string().nullable(),
  matterId: z.number().nullable().describe('The matter it opened (GET /api/matters/{id})'),
});
export const AlarmList = pageOf(AlarmView);
export const AlarmActionBody = z.object({ note: z.string().max(500).optional() }).optional();

/** GET /api/live, event "alarm": an alarm of a device in my area was raised, repeated, acknowledged or cleared. */
export const LiveAlarmEvent = z.object({
  topic: z.literal('alarm'),
  id: z.number(),
  change: z.string().describe('raised, updated, acknowledged, cleared'),
  status: AlarmStatus,
  severity: Severity,
  type: z.string(),
  deviceCode: z.string(),
  at: z.string(),
});
