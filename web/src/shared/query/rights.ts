import { queryOptions } from '@tanstack/react-query';
import { api, type Query } from '../api.ts';
import type { Page } from '../types.ts';
import type {
  Assessment,
  DutySlot,
  RightsCase,
  RightsCaseDetail,
  RightsCaseInput,
  RightsCatalogue,
  RightsFactsInput,
  RightsRoute,
} from '../rights.ts';

/** 维权 (rights help): the intake's preview, cases, the duty slots. Every key starts with rightsKeys.all. */
export const rightsKeys = {
  all: ['rights'] as const,
  catalogue: (language: string) => [...rightsKeys.all, 'catalogue', language] as const,
  preview: (facts: RightsFactsInput, language: string) => [...rightsKeys.all, 'preview', facts, language] as const,
  cases: (query: Query) => [...rightsKeys.all, 'cases', query] as const,
  mine: () => [...rightsKeys.all, 'cases', 'mine'] as const,
  case: (id: number) => [...rightsKeys.all, 'cases', 'one', id] as const,
  slots: () => [...rightsKeys.all, 'slots'] as const,
};

export const rightsQueries = {
  catalogue: (language: string) =>
    queryOptions({
      queryKey: rightsKeys.catalogue(language),
      queryFn: ({ signal }) => api.get<RightsCatalogue>('/api/rights/catalogue', undefined, signal),
      staleTime: Number.POSITIVE_INFINITY,
    }),
  /** The deadlines and routes for the answers so far; nothing is saved. */
  preview: (facts: RightsFactsInput, language: string) =>
    queryOptions({
      queryKey: rightsKeys.preview(facts, language),
      queryFn: () => api.post<Assessment>('/api/rights/preview', facts),
    }),
  cases: (query: Query) =>
    queryOptions({
      queryKey: rightsKeys.cases(query),
      queryFn: ({ signal }) => api.get<Page<RightsCase>>('/api/rights/cases', query, signal),
    }),
  mine: () =>
    queryOptions({
      queryKey: rightsKeys.mine(),
      queryFn: ({ signal }) => api.get<{ items: RightsCaseDetail[] }>('/api/rights/cases/mine', undefined, signal),
    }),
  case: (id: number) =>
    queryOptions({
      queryKey: rightsKeys.case(id),
      queryFn: ({ signal }) => api.get<RightsCaseDetail>(`/api/rights/cases/${id}`, undefined, signal),
    }),
  slots: () =>
    queryOptions({
      queryKey: rightsKeys.slots(),
      queryFn: ({ signal }) => api.get<{ items: DutySlot[] }>('/api/rights/slots', undefined, signal),
    }),
};

export const rightsActions = {
  open: (body: RightsCaseInput) => api.post<RightsCaseDetail>('/api/rights/cases', body),
  route: (id: number, body: { route: RightsRoute; note?: string }) =>
    api.post<RightsCaseDetail>(`/api/rights/cases/${id}/route`, body),
  resolve: (id: number, body: { recoveredFen: number; note: string }) =>
    api.post<RightsCaseDetail>(`/api/rights/cases/${id}/resolve`, body),
  reveal: (id: number) =>
    api.post<{ workerName: string; workerPhone: string; workerIdNumber: string | null }>(
      `/api/rights/cases/${id}/reveal`,
    ),
};
