import type { WarningsApi, WarningsInput } from '@gongzhi/server/api';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../api.ts';

/** Early warnings (预警) of GET/POST /api/warnings/…: rises, clusters, hot spots and coincidences. */
export type Warning = WarningsApi['WarningView'];
export type WarningRow = WarningsApi['WarningList']['items'][number];
export type WarningPage = WarningsApi['WarningList'];
export type WarningEvaluation = WarningsApi['EvaluationView'];
export type WarningRun = WarningsApi['RunView'];
export type WarningMethod = Warning['method'];
export type WarningStatus = Warning['status'];
export type WarningVerdict = NonNullable<Warning['verdict']>;
/** GET /api/warnings's filters and page; `verdict: 'none'` is what nobody has judged yet. */
export interface WarningListQuery {
  method?: WarningMethod;
  status?: WarningStatus;
  verdict?: WarningVerdict | 'none';
  communityId?: number;
  gridId?: number;
  cursor?: string;
  limit: number;
}

export const WARNING_METHODS = [
  'rise',
  'cluster',
  'hotspot',
  'coincidence',
] as const satisfies readonly WarningMethod[];
export const WARNING_STATUSES = ['open', 'ended'] as const satisfies readonly WarningStatus[];
export const WARNING_VERDICTS = ['confirmed', 'known', 'false'] as const satisfies readonly WarningVerdict[];

export const warningKeys = {
  all: ['warnings'] as const,
  list: (query: WarningListQuery) => [...warningKeys.all, 'list', query] as const,
  detail: (id: number) => [...warningKeys.all, 'detail', id] as const,
  evaluation: () => [...warningKeys.all, 'evaluation'] as const,
};

export const warningQueries = {
  list: (query: WarningListQuery) =>
    queryOptions({
      queryKey: warningKeys.list(query),
      queryFn: ({ signal }) => api.get<WarningPage>('/api/warnings', { ...query, withTotal: 'true' }, signal),
    }),
  detail: (id: number) =>
    queryOptions({
      queryKey: warningKeys.detail(id),
      queryFn: ({ signal }) => api.get<Warning>(`/api/warnings/${id}`, undefined, signal),
    }),
  evaluation: () =>
    queryOptions({
      queryKey: warningKeys.evaluation(),
      queryFn: ({ signal }) => api.get<WarningEvaluation>('/api/warnings/evaluation', undefined, signal),
    }),
};

export const warningCalls = {
  judge: (id: number, body: WarningsInput['VerdictBody']) => api.post<Warning>(`/api/warnings/${id}/verdict`, body),
  run: () => api.post<WarningRun>('/api/warnings/run', {}),
};
