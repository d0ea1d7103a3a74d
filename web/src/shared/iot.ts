/**
 * Shapes of the devices, alarms, care and charging API (issue 6), as
 * /api/openapi.json describes them, and the small helpers the screens share.
 */
import type { TFunction } from 'i18next';

// ---------- devices and alarms ----------

export const DEVICE_TYPES = ['smoke', 'thermal_camera', 'electric_meter', 'door_sensor', 'curtain_sensor', 'water_meter', 'ev_charger', 'access_gate'] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];
export const SEVERITIES = ['critical', 'major', 'minor', 'warning'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const ALARM_STATUSES = ['active_unack', 'active_ack', 'cleared_unack', 'cleared_ack'] as const;
export type AlarmStatus = (typeof ALARM_STATUSES)[number];
export const ACTIVE_ALARM_STATUSES: AlarmStatus[] = ['active_unack', 'active_ack'];
export type DeviceStatus = 'unknown' | 'online' | 'offline';
export const ALARM_TYPES = ['fire', 'high_temp', 'temp_rise', 'leakage', 'box_overheat', 'overcurrent', 'smoking', 'device_offline'] as const;

export interface LatestValue {
  metric: string;
  value: number;
  ts: string;
}

export interface DeviceView {
  id: number;
  code: string;
  type: DeviceType;
  name: string;
  communityId: number;
  communityName: string | null;
  gridId: number | null;
  gridName: string | null;
  buildingId: number | null;
  householdId: number | null;
  lat: number | null;
  lng: number | null;
  address: string;
  careTargetId: number | null;
  active: boolean;
  status: DeviceStatus;
  lastSeenAt: string | null;
  statusChangedAt: string | null;
  secretRotatedAt: string;
  note: string;
  latest: LatestValue[];
  createdAt: string;
}

export interface DeviceDetail extends DeviceView {
  rejections: { reason: string; count: number; lastAt: string; lastDetail: string }[];
  activeAlarms: number;
  topic: string;
}

export interface DeviceWithSecret {
  device: DeviceDetail;
  secret: string;
  token: string;
}

export interface RuleView {
  id: number;
  deviceType: DeviceType | null;
  deviceId: number | null;
  name: string;
  kind: 'threshold' | 'rate' | 'absence' | 'event';
  metric: string | null;
  op: '>=' | '<=' | null;
  value: number | null;
  clearValue: number | null;
  durationSeconds: number;
  consecutive: number;
  event: string | null;
  clearEvent: string | null;
  absenceMinutes: number | null;
  alarmType: string | null;
  severity: Severity | null;
  matterCategory: string | null;
  enabled: boolean;
}

export interface AlarmView {
  id: number;
  type: string;
  severity: Severity;
  status: AlarmStatus;
  active: boolean;
  acknowledged: boolean;
  device: { id: number; code: string; name: string; type: DeviceType };
  lat: number | null;
  lng: number | null;
  address: string;
  communityId: number;
  communityName: string | null;
  gridId: number | null;
  gridName: string | null;
  buildingId: number | null;
  householdId: number | null;
  ruleId: number | null;
  count: number;
  firstValue: number | null;
  lastValue: number | null;
  details: Record<string, unknown>;
  startedAt: string;
  lastAt: string;
  ackedAt: string | null;
  clearedAt: string | null;
  clearReason: string | null;
  matterId: number | null;
}

/** GET /api/live, event "alarm". */
export interface LiveAlarmEvent {
  topic: 'alarm';
  id: number;
  change: 'raised' | 'updated' | 'acknowledged' | 'cleared' | string;
  status: AlarmStatus;
  severity: Severity;
  type: string;
  deviceCode: string;
  at: string;
}

/** ThingsBoard's order and colours: critical red, major orange, minor gold, warning blue. */
export const SEVERITY_COLORS: Record<Severity, string> = {
  critical: '#cf1322',
  major: '#fa541c',
  minor: '#d4b106',
  warning: '#1677ff',
};

export const ALARM_STATUS_COLORS: Record<AlarmStatus, string> = {
  active_unack: 'error',
  active_ack: 'warning',
  cleared_unack: 'default',
  cleared_ack: 'success',
};

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** What the caller may do to an alarm now, as the server allows it. */
export function alarmActions(alarm: Pick<AlarmView, 'status'>): { ack: boolean; clear: boolean } {
  return {
    ack: alarm.status === 'active_unack' || alarm.status === 'cleared_unack',
    clear: alarm.status === 'active_unack' || alarm.status === 'active_ack',
  };
}

/** A type's name; unknown types (a custom rule's) show as they are. */
export function alarmTypeLabel(t: TFunction, type: string): string {
  return t(`iot.alarmType.${type}`, { defaultValue: type });
}

export function metricLabel(t: TFunction, metric: string): string {
  return t(`iot.metric.${metric}`, { defaultValue: metric });
}

/** "3 分钟" / "2 小时 5 分" / "1 天 3 小时" since a moment, for the board. */
export function elapsed(t: TFunction, fromIso: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(fromIso)) / 60_000));
  if (minutes < 1) return t('iot.elapsed.justNow');
  if (minutes < 60) return t('iot.elapsed.minutes', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('iot.elapsed.hours', { hours, minutes: minutes % 60 });
  return t('iot.elapsed.days', { days: Math.floor(hours / 24), hours: hours % 24 });
}

// ---------- care ----------

export const TARGET_KINDS = ['elderly_alone', 'disabled', 'seriously_ill'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];
export const CHECK_KINDS = ['curtain_open', 'curtain_close', 'water_used', 'door_open'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];
export type CheckStatus = 'pending' | 'done' | 'missed';
export const HELPER_RELATIONS = ['volunteer', 'grid_worker', 'family', 'neighbour', 'other'] as const;
export type HelperRelation = (typeof HELPER_RELATIONS)[number];
export const VISIT_METHODS = ['home', 'phone', 'video'] as const;
export type VisitMethod = (typeof VISIT_METHODS)[number];

export interface HelperView {
  userId: number;
  name: string;
  relation: HelperRelation;
  position: number;
}

export interface CareRuleView {
  id: number;
  kind: CheckKind;
  kindName: string;
  windowFrom: string;
  dueTime: string;
  active: boolean;
}

export interface CheckView {
  id: number;
  day: string;
  kind: CheckKind;
  kindName: string;
  dueTime: string;
  dueAt: string;
  /** From when it can be met or confirmed; the server refuses a confirmation before. */
  opensAt: string;
  status: CheckStatus;
  satisfiedAt: string | null;
  satisfiedBy: 'device' | 'helper' | null;
  satisfiedByName: string | null;
  note: string;
  late: boolean;
  matterId: number | null;
  responder: { userId: number; name: string } | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  escalations: number;
}

export interface VisitPlanView {
  everyDays: number;
  visitorUserId: number | null;
  visitorName: string | null;
  startsOn: string;
  lastVisitAt: string | null;
  nextDueOn: string;
  overdue: boolean;
}

export interface TargetSummary {
  id: number;
  personId: number;
  name: string;
  kinds: TargetKind[];
  communityId: number;
  communityName: string | null;
  gridId: number | null;
  gridName: string | null;
  address: string;
  active: boolean;
}

export interface TargetDetail extends TargetSummary {
  buildingId: number | null;
  householdId: number | null;
  note: string;
  deviceIds: number[];
  helpers: HelperView[];
  rules: CareRuleView[];
  today: CheckView[];
  visitPlan: VisitPlanView | null;
  canManage: boolean;
}

export interface BoardItem extends TargetSummary {
  helpers: HelperView[];
  checks: CheckView[];
}

export interface BoardView {
  items: BoardItem[];
  nextCursor: string | null;
  total?: number;
  day: string;
  counts: { pending: number; done: number; missed: number };
}

export interface MineView {
  day: string;
  targets: (TargetSummary & { position: number; checks: CheckView[]; visitPlan: VisitPlanView | null })[];
  alerts: (CheckView & { targetId: number; targetName: string })[];
}

export interface VisitView {
  id: number;
  targetId: number;
  visitorUserId: number;
  visitorName: string;
  visitedAt: string;
  method: VisitMethod;
  findings: string;
  photos: { url: string; thumbnailUrl: string }[];
  concern: boolean;
  matterId: number | null;
}

export interface OverdueItem extends TargetSummary {
  visitPlan: VisitPlanView;
  daysOverdue: number;
}

/** Whether a helper may confirm the check now: not done, and its window has opened. */
export function canConfirm(check: Pick<CheckView, 'status' | 'opensAt'>, now: number): boolean {
  return check.status !== 'done' && Date.parse(check.opensAt) <= now;
}

export const CHECK_STATUS_COLORS: Record<string, string> = { pending: 'processing', done: 'success', missed: 'error' };

// ---------- charging ----------

export type BandKind = 'peak' | 'flat' | 'valley' | 'sharp';

export interface BandView {
  kind: BandKind;
  name: string;
  start: string;
  end: string;
  price: string;
  priceE4: number;
}

export interface TariffView {
  id: number;
  effectiveFrom: string;
  bands: BandView[];
  servicePrice: string;
  servicePriceE4: number;
  note: string;
  inForce: boolean;
}

export interface PortView {
  id: number;
  label: string;
  deviceCode: string;
  devicePort: number;
  deviceId: number | null;
  active: boolean;
  charging: boolean;
}

export interface StationListItem {
  id: number;
  name: string;
  communityId: number;
  communityName: string | null;
  gridId: number | null;
  address: string;
  operator: string;
  active: boolean;
  portCount: number;
}

export interface StationView extends Omit<StationListItem, 'portCount'> {
  ports: PortView[];
  tariffs: TariffView[];
}

export interface BillLineView {
  band: BandKind;
  bandName: string;
  period: string;
  tariffId: number;
  minutes: number;
  energyKwh: string;
  price: string;
  electricity: string;
  servicePrice: string;
  service: string;
}

export interface SessionView {
  id: number;
  stationId: number;
  stationName: string;
  portId: number;
  portLabel: string;
  status: 'charging' | 'completed' | 'flagged';
  source: 'device' | 'api';
  sessionRef: string | null;
  startedAt: string;
  stoppedAt: string | null;
  meterStartKwh: string;
  meterEndKwh: string | null;
  energyKwh: string | null;
  electricityFen: number | null;
  serviceFen: number | null;
  totalFen: number | null;
  flagReason: string | null;
  lines: BillLineView[];
}

export interface ReceiptView {
  sessionId: number;
  station: string;
  operator: string;
  address: string;
  port: string;
  startedAt: string;
  stoppedAt: string;
  meterStartKwh: string;
  meterEndKwh: string;
  energyKwh: string;
  lines: BillLineView[];
  electricityFee: string;
  serviceFee: string;
  total: string;
  electricityFen: number;
  serviceFen: number;
  totalFen: number;
  rounding: string;
}

export interface StatsRow {
  stationId: number;
  stationName: string;
  month: string;
  sessions: number;
  energyKwh: string;
  electricityFen: number;
  serviceFen: number;
  totalFen: number;
  averagePerKwhFen: number | null;
  fullCharges: number;
  averagePerFullChargeFen: number | null;
  flagged: number;
}

export interface StatsView {
  fullChargeKwh: string;
  months: string[];
  rows: StatsRow[];
}

/** Fen as yuan with two decimals, in integer arithmetic: 72 → "0.72", -5 → "-0.05". */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** The chart's series: per station, its average per full charge (yuan) for each month, null where none. */
export function fullChargeSeries(stats: StatsView): { station: string; values: (number | null)[] }[] {
  const byStation = new Map<number, { station: string; values: (number | null)[] }>();
  for (const row of stats.rows) {
    let entry = byStation.get(row.stationId);
    if (!entry) {
      entry = { station: row.stationName, values: stats.months.map(() => null) };
      byStation.set(row.stationId, entry);
    }
    const i = stats.months.indexOf(row.month);
    if (i >= 0) entry.values[i] = row.averagePerFullChargeFen === null ? null : row.averagePerFullChargeFen / 100;
  }
  return [...byStation.values()];
}
