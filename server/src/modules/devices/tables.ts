import type { ColumnType, Generated, JSONColumnType } from 'kysely';

export const DEVICE_TYPES = [
  'smoke',
  'thermal_camera',
  'electric_meter',
  'door_sensor',
  'curtain_sensor',
  'water_meter',
  'ev_charger',
  'access_gate',
] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

/** Most severe first. */
export const SEVERITIES = ['critical', 'major', 'minor', 'warning'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ALARM_STATUSES = ['active_unack', 'active_ack', 'cleared_unack', 'cleared_ack'] as const;
export type AlarmStatus = (typeof ALARM_STATUSES)[number];
export const ACTIVE_STATUSES: readonly AlarmStatus[] = ['active_unack', 'active_ack'];

export const RULE_KINDS = ['threshold', 'rate', 'absence', 'event'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export type DeviceStatus = 'unknown' | 'online' | 'offline';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface DeviceTable {
  id: Generated<number>;
  code: string;
  type: DeviceType;
  name: string;
  community_id: number;
  grid_id: number | null;
  building_id: number | null;
  household_id: number | null;
  lat: number | null;
  lng: number | null;
  address: Generated<string>;
  care_target_id: number | null;
  secret_hash: string;
  secret_rotated_at: Date;
  active: Generated<boolean>;
  status: Generated<DeviceStatus>;
  last_seen_at: Timestamp | null;
  status_changed_at: Timestamp | null;
  note: Generated<string>;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface MetricTable {
  id: Generated<number>;
  code: string;
}

export interface ReadingTable {
  device_id: number;
  metric_id: number;
  ts: Timestamp;
  value: number;
}

export interface RejectionTable {
  device_id: number;
  reason: string;
  count: number;
  last_at: Timestamp;
  last_detail: Generated<string>;
}

export interface RuleTable {
  id: Generated<number>;
  device_type: DeviceType | null;
  device_id: number | null;
  name: string;
  kind: RuleKind;
  metric: string | null;
  op: '>=' | '<=' | null;
  value: number | null;
  clear_value: number | null;
  duration_seconds: Generated<number>;
  consecutive: Generated<number>;
  event: string | null;
  clear_event: string | null;
  absence_minutes: number | null;
  alarm_type: string | null;
  severity: Severity | null;
  matter_category: string | null;
  enabled: Generated<boolean>;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface AlarmTable {
  id: Generated<number>;
  device_id: number;
  type: string;
  severity: Severity;
  status: AlarmStatus;
  rule_id: number | null;
  community_id: number;
  grid_id: number | null;
  building_id: number | null;
  household_id: number | null;
  count: Generated<number>;
  first_value: number | null;
  last_value: number | null;
  details: JSONColumnType<Record<string, unknown>, string, string>;
  started_at: Timestamp;
  last_at: Timestamp;
  acked_at: Timestamp | null;
  acked_by: number | null;
  cleared_at: Timestamp | null;
  cleared_by: number | null;
  clear_reason: string | null;
  matter_id: number | null;
  created_at: Date;
  updated_at: Date;
}

/** One person of a call chain: who, and why they are on it. */
export interface CallContact {
  userId: number;
  as: 'grid_worker' | 'party_member' | 'fire_station';
}

/** A critical alarm's calls, one person after another until someone acknowledges it. */
export interface AlarmCallChainTable {
  alarm_id: number;
  contacts: JSONColumnType<CallContact[], string, string>;
  next_step: Generated<number>;
  next_at: Timestamp | null;
  calls: JSONColumnType<Array<{ userId: number; at: string; deliveries: number[] }>, string, string>;
  done_at: Timestamp | null;
  done_reason: 'acknowledged' | 'cleared' | 'exhausted' | 'nobody' | null;
  created_at: Date;
}

export interface DevicesTables {
  'devices.alarm_call_chains': AlarmCallChainTable;
  'devices.devices': DeviceTable;
  'devices.metrics': MetricTable;
  'devices.readings': ReadingTable;
  'devices.latest': ReadingTable;
  'devices.rejections': RejectionTable;
  'devices.rules': RuleTable;
  'devices.alarms': AlarmTable;
}
