import type { ExportsApi, ExportsInput } from '@gongzhi/server/api';
import { queryOptions } from '@tanstack/react-query';
import { api, type Query } from '../api.ts';
import type { Page } from '../types.ts';

/** An export to Excel (导出) as its owner sees it: status, progress, file. */
export type ExportJob = ExportsApi['ExportView'];
export type ExportStatus = ExportJob['status'];
export type CreateExportInput = ExportsInput['CreateExportBody'];

/** The lists the console exports (the server registers their sources). */
export const EXPORT_KINDS = [
  'matters',
  'matter-statistics',
  'persons',
  'audit',
  'users',
  'mediation-cases',
  'devices',
  'alarms',
  'care-targets',
  'supervision-orders',
  'charging-sessions',
  'volunteer-activities',
  'points-accounts',
  'deliberation-topics',
  'deliberation-votes',
  'field-visits',
  'invitations',
  'assessment-scores',
  'buildings',
  'points-merchants',
  'credit-priority',
  'volunteer-teams',
  'work-logs',
  'survey-results',
  'alliance-units',
] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const exportKeys = {
  all: ['exports'] as const,
  list: (query: Query) => [...exportKeys.all, 'list', query] as const,
  one: (id: number) => [...exportKeys.all, 'one', id] as const,
};

export const exportQueries = {
  list: (query: Query) =>
    queryOptions({
      queryKey: exportKeys.list(query),
      queryFn: ({ signal }) => api.get<Page<ExportJob>>('/api/exports', query, signal),
      // Refetched while shown, so running exports move on by themselves.
      refetchInterval: 2000,
    }),
  one: (id: number) =>
    queryOptions({
      queryKey: exportKeys.one(id),
      queryFn: ({ signal }) => api.get<ExportJob>(`/api/exports/${id}`, undefined, signal),
    }),
};

export const exportCalls = {
  start: (body: CreateExportInput) => api.post<ExportJob>('/api/exports', body),
};

/** Where the finished file is downloaded (a plain GET with the session cookie). */
export const exportFileUrl = (id: number) => `/api/exports/${id}/file`;

/** A list's query as export filters: paging and empty values left out. */
export function exportFilters(query: Query): Record<string, unknown> {
  const filters: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(query)) {
    if (name === 'cursor' || name === 'limit' || name === 'withTotal') continue;
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    filters[name] = value;
  }
  return filters;
}

export const isFinished = (status: ExportStatus) => status !== 'queued' && status !== 'running';
