import type { FieldApi, FieldInput } from '@gongzhi/server/api';
import { queryOptions } from '@tanstack/react-query';
import { api, type Query } from '../api.ts';
import { fieldKeys } from './field.ts';

export type DayMap = FieldApi['DayMap'];
export type DayPatrol = DayMap['patrols'][number];
export type DayGrid = DayMap['grids'][number];
export type StaffLog = FieldApi['StaffLogList'];
export type StaffLogItem = FieldApi['StaffLogItem'];
export type VisitView = FieldApi['VisitView'];
export type VisitRules = FieldApi['VisitRulesView'];

/** The console's field reads (the day's trails, the staff's logs, visits, rules), under fieldKeys.all. */
export const fieldAdminQueries = {
  day: (query: Query) =>
    queryOptions({
      queryKey: [...fieldKeys.all, 'day', query] as const,
      queryFn: ({ signal }) => api.get<DayMap>('/api/field/patrols/day', query, signal),
    }),
  staffLog: (query: Query) =>
    queryOptions({
      queryKey: [...fieldKeys.all, 'staff-log', query] as const,
      queryFn: ({ signal }) => api.get<StaffLog>('/api/field/work-log/staff', query, signal),
    }),
  visits: (query: Query) =>
    queryOptions({
      queryKey: [...fieldKeys.all, 'visits', query] as const,
      queryFn: ({ signal }) => api.get<FieldApi['VisitList']>('/api/field/visits', query, signal),
    }),
  rules: (communityId: number) =>
    queryOptions({
      queryKey: [...fieldKeys.all, 'rules', communityId] as const,
      queryFn: ({ signal }) => api.get<VisitRules>(`/api/field/visit-rules/${communityId}`, undefined, signal),
    }),
};

export const fieldAdminCalls = {
  setRules: (communityId: number, body: FieldInput['VisitRulesBody']) =>
    api.put<VisitRules>(`/api/field/visit-rules/${communityId}`, body),
};
