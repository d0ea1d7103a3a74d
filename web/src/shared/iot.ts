/**
 * Shapes of the devices, alarms, care and charging API (issue 6), as
 * /api/openapi.json describes them, and the small helpers the screens share.
 */
import type { TFunction } from 'i18next';

import type { CareApi, ChargingApi, DevicesApi } from '@gongzhi/server/api';
import {
  ACTIVE_STATUSES,
  ALARM_STATUSES,
  CHECK_KINDS,
  DEVICE_TYPES,
  HELPER_RELATIONS,
  SEVERITIES,
  TARGET_KINDS,
  VISIT_METHODS,
} from '@gongzhi/server/enums';

export { ALARM_STATUSES, CHECK_KINDS, DEVICE_TYPES, HELPER_RELATIONS, SEVERITIES, TARGET_KINDS, VISIT_METHODS };
// ---------- devices and alarms ----------

export type DeviceType = DevicesApi['DeviceType'];
export type Severity = DevicesApi['Severity'];
export type AlarmStatus = DevicesApi['AlarmStatus'];
export const ACTIVE_ALARM_STATUSES: readonly AlarmStatus[] = ACTIVE_STATUSES;
export type DeviceStatus = DeviceView['status'];
export const ALARM_TYPES = [
  'fire',
  'high_temp',
  'temp_rise',
  'leakage',
  'box_overheat',
  'overcurrent',
  'smoking',
  'device_offline',
] as const;

export type LatestValue = DeviceView['latest'][number];

export type DeviceView = DevicesApi['DeviceView'];

export type DeviceDetail = DevicesApi['DeviceDetail'];

export type DeviceWithSecret = DevicesApi['DeviceWithSecret'];

export type RuleView = DevicesApi['RuleView'];
/** A metric's readings, raw or in buckets (min, average, max, count). */
export type ReadingsView = DevicesApi['ReadingsView'];

export type AlarmView = DevicesApi['AlarmView'];

/** GET /api/live, event "alarm". */
export type LiveAlarmEvent = DevicesApi['LiveAlarmEvent'];

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

/** A metric's name in the reader's language (烟雾浓度); an unknown metric by its code. */
export function metricName(t: TFunction, metric: string): string {
  return t(`iot.metric.${metric}`, { defaultValue: metric });
}

/** A metric's unit as the reader writes it (度, litres); empty when it has none or is unknown. */
export function metricUnit(t: TFunction, metric: string): string {
  return t(`iot.unit.${metric}`, { defaultValue: '' });
}

/** Name and unit: 剩余电流 (毫安), Smoke (dB/m). */
export function metricLabel(t: TFunction, metric: string): string {
  const unit = metricUnit(t, metric);
  return unit ? `${metricName(t, metric)} (${unit})` : metricName(t, metric);
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

export type TargetKind = CareApi['TargetKind'];
export type CheckKind = CareApi['CheckKind'];
export type CheckStatus = CareApi['CheckStatus'];
export type HelperRelation = CareApi['HelperRelation'];
export type VisitMethod = CareApi['VisitMethod'];

export type HelperView = CareApi['HelperView'];

export type CareRuleView = CareApi['RuleView'];

export type CheckView = CareApi['CheckView'];

export type VisitPlanView = CareApi['VisitPlanView'];

export type TargetSummary = CareApi['TargetSummary'];

export type TargetDetail = CareApi['TargetDetail'];

export type BoardItem = CareApi['BoardItem'];

export type BoardView = CareApi['BoardView'];

export type MineView = CareApi['MineView'];

export type VisitView = CareApi['VisitView'];

export type OverdueItem = CareApi['OverdueItem'];

/** Whether a helper may confirm the check now: not done, and its window has opened. */
export function canConfirm(check: Pick<CheckView, 'status' | 'opensAt'>, now: number): boolean {
  return check.status !== 'done' && Date.parse(check.opensAt) <= now;
}

export const CHECK_STATUS_COLORS: Record<string, string> = { pending: 'processing', done: 'success', missed: 'error' };

// ---------- charging ----------

export type BandKind = ChargingApi['BandKind'];

export type BandView = ChargingApi['BandView'];

export type TariffView = ChargingApi['TariffView'];

export type PortView = ChargingApi['PortView'];

export type StationListItem = ChargingApi['StationListItem'];

export type StationView = ChargingApi['StationView'];

export type BillLineView = ChargingApi['BillLineView'];

export type SessionView = ChargingApi['SessionView'];

export type ReceiptView = ChargingApi['ReceiptView'];

export type StatsRow = ChargingApi['StatsRow'];

export type StatsView = ChargingApi['StatsView'];

export type ChargePortView = ChargingApi['ChargePortView'];

export type MySessionView = ChargingApi['MySessionView'];

export type WalletView = ChargingApi['WalletView'];

export type WalletEntryView = ChargingApi['WalletEntryView'];

export type ChargingStatementView = ChargingApi['StatementView'];

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
