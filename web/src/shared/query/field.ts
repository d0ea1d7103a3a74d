import type { FieldApi } from '@gongzhi/server/api';
import { queryOptions } from '@tanstack/react-query';
import { api, type Query } from '../api.ts';

export type Patrol = FieldApi['PatrolView'];
export type DueItem = FieldApi['DueItem'];
export type WorkLog = FieldApi['WorkLogView'];
export type VisitMethod = FieldApi['VisitMethod'];
export type NearestBuilding = {
  building: { id: number; name: string; address: string; lat: number; lng: number } | null;
  distanceMeters: number | null;
};

/** Field work (巡查, 走访, 工作日志): every key starts with fieldKeys.all, so one change makes all stale. */
export const fieldKeys = {
  all: ['field'] as const,
  current: () => [...fieldKeys.all, 'patrol', 'current'] as const,
  due: (query: Query) => [...fieldKeys.all, 'due', query] as const,
  workLog: (query: Query) => [...fieldKeys.all, 'work-log', query] as const,
};

export const fieldQueries = {
  /** My patrol under way, if any: a reload picks it up again. */
  current: () =>
    queryOptions({
      queryKey: fieldKeys.current(),
      queryFn: ({ signal }) => api.get<FieldApi['CurrentPatrol']>('/api/field/patrols/current', undefined, signal),
    }),
  due: (query: Query) =>
    queryOptions({
      queryKey: fieldKeys.due(query),
      queryFn: ({ signal }) => api.get<FieldApi['DueList']>('/api/field/visits/due', query, signal),
    }),
  /** { date } or { month }. */
  workLog: (query: Query) =>
    queryOptions({
      queryKey: fieldKeys.workLog(query),
      queryFn: ({ signal }) => api.get<WorkLog>('/api/field/work-log', query, signal),
    }),
};

/** Calls made at once; the patrol's and visits' own actions go through the offline outbox (h5/offline). */
export const fieldCalls = {
  start: () => api.post<Patrol>('/api/field/patrols'),
  nearestBuilding: (lat: number, lng: number) => api.get<NearestBuilding>('/api/org/buildings/nearest', { lat, lng }),
};
