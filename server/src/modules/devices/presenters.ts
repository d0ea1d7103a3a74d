import type { z } from 'zod';
import type { DeviceInfo } from './ingest.ts';
import type * as repo from './repository.ts';
import { OFFLINE_ALARM, type Rule } from './rules.ts';
import type * as S from './schema.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/** Org names for a page of rows (OrgService.names). */
interface PlaceNames {
  divisions: Map<number, string>;
  grids: Map<number, { name: string }>;
}

/** Names of alarm types, for matters and the board. */
export const ALARM_LABELS: Record<string, { zh: string; en: string }> = {
  fire: { zh: '烟雾火警', en: 'Smoke (fire)' },
  high_temp: { zh: '温度过高', en: 'High temperature' },
  temp_rise: { zh: '温度骤升', en: 'Fast temperature rise' },
  leakage: { zh: '漏电（剩余电流超限）', en: 'Leakage current' },
  box_overheat: { zh: '电表箱过热', en: 'Electric box overheating' },
  overcurrent: { zh: '过流', en: 'Overcurrent' },
  smoking: { zh: '吸烟行为', en: 'Smoking detected' },
  [OFFLINE_ALARM]: { zh: '设备离线', en: 'Device offline' },
};
export const alarmLabel = (type: string) => ALARM_LABELS[type]?.zh ?? type;

export const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** A registry row as the telemetry runtime holds it in memory. */
export function infoOf(d: repo.DeviceRow): DeviceInfo {
  return {
    id: d.id,
    code: d.code,
    type: d.type,
    name: d.name,
    communityId: d.community_id,
    gridId: d.grid_id,
    buildingId: d.building_id,
    householdId: d.household_id,
    careTargetId: d.care_target_id,
    lat: d.lat,
    lng: d.lng,
    address: d.address,
    secretHash: d.secret_hash,
    active: d.active,
    status: d.status,
  };
}

/** A rule row as the engine runs it; the API shows the same shape. */
export function ruleOf(r: repo.RuleRow): Rule {
  return {
    id: r.id,
    deviceType: r.device_type,
    deviceId: r.device_id,
    name: r.name,
    kind: r.kind,
    metric: r.metric,
    op: r.op,
    value: r.value,
    clearValue: r.clear_value,
    durationSeconds: r.duration_seconds,
    consecutive: r.consecutive,
    event: r.event,
    clearEvent: r.clear_event,
    absenceMinutes: r.absence_minutes,
    alarmType: r.alarm_type,
    severity: r.severity,
    matterCategory: r.matter_category,
    enabled: r.enabled,
  };
}

export function alarmView(r: repo.AlarmRow, names: PlaceNames): View<typeof S.AlarmView> {
  return {
    id: r.id,
    type: r.type,
    severity: r.severity,
    status: r.status,
    active: r.status === 'active_unack' || r.status === 'active_ack',
    acknowledged: r.status === 'active_ack' || r.status === 'cleared_ack',
    device: { id: r.device_id, code: r.device_code, name: r.device_name, type: r.device_type },
    lat: r.device_lat,
    lng: r.device_lng,
    address: r.device_address,
    communityId: r.community_id,
    communityName: names.divisions.get(r.community_id) ?? null,
    gridId: r.grid_id,
    gridName: r.grid_id !== null ? (names.grids.get(r.grid_id)?.name ?? null) : null,
    buildingId: r.building_id,
    householdId: r.household_id,
    ruleId: r.rule_id,
    count: r.count,
    firstValue: r.first_value,
    lastValue: r.last_value,
    details: (r.details ?? {}) as Record<string, unknown>,
    startedAt: iso(r.started_at)!,
    lastAt: iso(r.last_at)!,
    ackedAt: iso(r.acked_at),
    clearedAt: iso(r.cleared_at),
    clearReason: r.clear_reason,
    matterId: r.matter_id,
  };
}

/**
 * A device with its latest values. `seenInMemory` is the last message time the runtime
 * holds and has not written yet (last_seen_at is flushed every few seconds).
 */
export function deviceView(
  d: repo.DeviceRow,
  names: PlaceNames,
  latest: Array<{ device_id: number; metric: string; value: number; ts: Date | string }>,
  seenInMemory: number | undefined,
): View<typeof S.DeviceView> {
  return {
    id: d.id,
    code: d.code,
    type: d.type,
    name: d.name,
    communityId: d.community_id,
    communityName: names.divisions.get(d.community_id) ?? null,
    gridId: d.grid_id,
    gridName: d.grid_id !== null ? (names.grids.get(d.grid_id)?.name ?? null) : null,
    buildingId: d.building_id,
    householdId: d.household_id,
    lat: d.lat,
    lng: d.lng,
    address: d.address,
    careTargetId: d.care_target_id,
    active: d.active,
    status: d.status,
    lastSeenAt: iso(
      seenInMemory !== undefined
        ? new Date(Math.max(seenInMemory, d.last_seen_at ? new Date(d.last_seen_at).getTime() : 0))
        : d.last_seen_at,
    ),
    statusChangedAt: iso(d.status_changed_at),
    secretRotatedAt: iso(d.secret_rotated_at)!,
    note: d.note,
    latest: latest
      .filter((l) => l.device_id === d.id)
      .map((l) => ({ metric: l.metric, value: l.value, ts: iso(l.ts)! })),
    createdAt: iso(d.created_at)!,
  };
}

/** A device as the care module shows it beside the person it watches. */
export function careDeviceView(d: repo.DeviceRow) {
  return {
    id: d.id,
    code: d.code,
    type: d.type,
    name: d.name,
    status: d.status,
    lastSeenAt: iso(d.last_seen_at),
    buildingId: d.building_id,
    householdId: d.household_id,
    gridId: d.grid_id,
    communityId: d.community_id,
  };
}
