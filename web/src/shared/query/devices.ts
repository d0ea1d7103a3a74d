import { queryOptions } from '@tanstack/react-query';
import { api, type Query } from '../api.ts';
import type { AlarmView, DeviceDetail, DeviceView, DeviceWithSecret, ReadingsView, RuleView } from '../iot.ts';
import type { Building, Page } from '../types.ts';
import type { DevicesInput } from '@gongzhi/server/api';

/**
 * Devices, rules and alarms (物联设备, 告警): query keys, queries and calls. Every key starts with
 * devicesKeys.all, so a live alarm event (LiveInvalidation) or a change made here makes the
 * device register, the alarm board and the open drawers stale at once.
 */
export const devicesKeys = {
  all: ['devices'] as const,
  list: (query: Query) => [...devicesKeys.all, 'list', query] as const,
  detail: (id: number) => [...devicesKeys.all, 'detail', id] as const,
  rules: (device: { id: number; type: string }) => [...devicesKeys.all, 'rules', device.id, device.type] as const,
  alarms: (query: Query) => [...devicesKeys.all, 'alarms', query] as const,
  alarm: (id: number) => [...devicesKeys.all, 'alarm', id] as const,
  readings: (id: number, query: Query) => [...devicesKeys.all, 'readings', id, query] as const,
  buildings: (q: string) => [...devicesKeys.all, 'buildings', q] as const,
};

export const devicesQueries = {
  list: (query: Query) =>
    queryOptions({
      queryKey: devicesKeys.list(query),
      queryFn: ({ signal }) => api.get<Page<DeviceView>>('/api/devices', query, signal),
    }),
  detail: (id: number) =>
    queryOptions({
      queryKey: devicesKeys.detail(id),
      queryFn: ({ signal }) => api.get<DeviceDetail>(`/api/devices/${id}`, undefined, signal),
    }),
  /** The rules that apply to a device: its own first, then those of its type, each once. */
  rules: (device: { id: number; type: string }) =>
    queryOptions({
      queryKey: devicesKeys.rules(device),
      queryFn: async ({ signal }) => {
        const [byType, own] = await Promise.all([
          api.get<{ items: RuleView[] }>('/api/devices/rules', { deviceType: device.type }, signal),
          api.get<{ items: RuleView[] }>('/api/devices/rules', { deviceId: device.id }, signal),
        ]);
        const seen = new Set<number>();
        return [...own.items, ...byType.items].filter((r) => {
          if (seen.has(r.id)) return false;
          seen.add(r.id);
          return true;
        });
      },
    }),
  /** A metric's readings in buckets (min, average, max), for the device's chart. */
  readings: (id: number, query: Query) =>
    queryOptions({
      queryKey: devicesKeys.readings(id, query),
      queryFn: ({ signal }) => api.get<ReadingsView>(`/api/devices/${id}/readings`, query, signal),
    }),
  alarms: (query: Query) =>
    queryOptions({
      queryKey: devicesKeys.alarms(query),
      queryFn: ({ signal }) => api.get<Page<AlarmView>>('/api/alarms', query, signal),
    }),
  alarm: (id: number) =>
    queryOptions({
      queryKey: devicesKeys.alarm(id),
      queryFn: ({ signal }) => api.get<AlarmView>(`/api/alarms/${id}`, undefined, signal),
    }),
  /** Buildings of the area to place a device in, by name (the register form's picker). */
  buildings: (q: string) =>
    queryOptions({
      queryKey: devicesKeys.buildings(q),
      queryFn: ({ signal }) => api.get<Page<Building>>('/api/org/buildings', { q: q || undefined, limit: 20 }, signal),
    }),
};

/** The register form's body, as the server's schema takes it. */
type RegisterDeviceBody = DevicesInput['CreateDeviceBody'];

export const devicesCalls = {
  register: (body: RegisterDeviceBody) => api.post<DeviceWithSecret>('/api/devices', body),
  /** A new secret for the device; the old one stops working. */
  rotateSecret: (id: number) => api.post<DeviceWithSecret>(`/api/devices/${id}/secret`),
  setActive: (id: number, active: boolean) => api.patch(`/api/devices/${id}`, { active }),
  acknowledgeAlarm: (id: number) => api.post(`/api/alarms/${id}/ack`, {}),
  clearAlarm: (id: number, note?: string) => api.post(`/api/alarms/${id}/clear`, note ? { note } : {}),
};
