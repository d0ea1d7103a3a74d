import type { ReportsApi, ReportsInput } from '@gongzhi/server/api';
import { queryOptions } from '@tanstack/react-query';
import { api, type Query } from '../api.ts';

/** A monthly report (月度通报) of a street or district: status, headline figures, files. */
export type MonthlyReport = ReportsApi['ReportView'];
export type ReportStatus = MonthlyReport['status'];
export type ReportUnit = ReportsApi['ReportUnit'];

export const reportKeys = { all: ['reports'] as const };

export const reportQueries = {
  list: (query: Query) =>
    queryOptions({
      queryKey: [...reportKeys.all, 'list', query] as const,
      queryFn: ({ signal }) => api.get<ReportsApi['ReportList']>('/api/reports', query, signal),
      // While a generation is under way the list follows it by itself.
      refetchInterval: (q) =>
        q.state.data?.items.some((r) => r.status === 'queued' || r.status === 'running') ? 1500 : false,
    }),
  one: (id: number) =>
    queryOptions({
      queryKey: [...reportKeys.all, 'one', id] as const,
      queryFn: ({ signal }) => api.get<MonthlyReport>(`/api/reports/${id}`, undefined, signal),
      refetchInterval: (q) => (q.state.data && ['queued', 'running'].includes(q.state.data.status) ? 1000 : false),
    }),
  units: () =>
    queryOptions({
      queryKey: [...reportKeys.all, 'units'] as const,
      queryFn: ({ signal }) => api.get<ReportsApi['ReportUnits']>('/api/reports/units', undefined, signal),
      staleTime: 5 * 60_000,
    }),
};

export const reportCalls = {
  generate: (body: ReportsInput['GenerateReportBody']) => api.post<MonthlyReport>('/api/reports', body),
};

/** The printable HTML (opened in a tab of its own) and the PDF (a plain GET with the session cookie). */
export const reportHtmlUrl = (id: number) => `/api/reports/${id}/html`;
export const reportPdfUrl = (id: number) => `/api/reports/${id}/pdf`;
