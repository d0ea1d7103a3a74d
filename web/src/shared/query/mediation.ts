import { queryOptions } from '@tanstack/react-query';
import { api, type Query } from '../api.ts';
import type {
  CaseDetail,
  CaseListItem,
  Catalogue,
  Claim,
  MediationStats,
  MyCase,
  RevealView,
  StudioSummary,
  StudioView,
} from '../mediation.ts';
import type { Page } from '../types.ts';

/**
 * Mediation (矛盾调解): cases and their claims register, studios (调解工作室), stats, and the
 * catalogue of categories, statuses and roles. Every key starts with mediationKeys.all, so a
 * change made here makes them all stale at once.
 */
export const mediationKeys = {
  all: ['mediation'] as const,
  cases: (query: Query) => [...mediationKeys.all, 'cases', query] as const,
  myCases: () => [...mediationKeys.all, 'cases', 'mine'] as const,
  case: (id: number) => [...mediationKeys.all, 'cases', 'one', id] as const,
  claims: (caseId: number, query: Query) => [...mediationKeys.all, 'cases', 'one', caseId, 'claims', query] as const,
  studios: (query: Query) => [...mediationKeys.all, 'studios', query] as const,
  studio: (id: number) => [...mediationKeys.all, 'studios', 'one', id] as const,
  stats: (query: Query) => [...mediationKeys.all, 'stats', query] as const,
  catalogue: (language: string) => [...mediationKeys.all, 'catalogue', language] as const,
};

export const mediationQueries = {
  cases: (query: Query) =>
    queryOptions({
      queryKey: mediationKeys.cases(query),
      queryFn: ({ signal }) => api.get<Page<CaseListItem>>('/api/mediation/cases', query, signal),
    }),
  /** The cases the signed-in resident is a party to. */
  myCases: () =>
    queryOptions({
      queryKey: mediationKeys.myCases(),
      queryFn: ({ signal }) => api.get<{ items: MyCase[] }>('/api/mediation/cases/mine', undefined, signal),
    }),
  case: (id: number) =>
    queryOptions({
      queryKey: mediationKeys.case(id),
      queryFn: ({ signal }) => api.get<CaseDetail>(`/api/mediation/cases/${id}`, undefined, signal),
    }),
  /** A group dispute's claims register, with its count and total. */
  claims: (caseId: number, query: Query) =>
    queryOptions({
      queryKey: mediationKeys.claims(caseId, query),
      queryFn: ({ signal }) =>
        api.get<Page<Claim> & { count: number; totalFen: number }>(
          `/api/mediation/cases/${caseId}/claims`,
          query,
          signal,
        ),
    }),
  studios: (query: Query = {}) =>
    queryOptions({
      queryKey: mediationKeys.studios(query),
      queryFn: ({ signal }) => api.get<{ items: StudioSummary[] }>('/api/mediation/studios', query, signal),
    }),
  studio: (id: number) =>
    queryOptions({
      queryKey: mediationKeys.studio(id),
      queryFn: ({ signal }) => api.get<StudioView>(`/api/mediation/studios/${id}`, undefined, signal),
    }),
  stats: (query: Query) =>
    queryOptions({
      queryKey: mediationKeys.stats(query),
      queryFn: ({ signal }) => api.get<MediationStats>('/api/mediation/stats', query, signal),
    }),
  /** The server's catalogue (categories, statuses, roles, referrals) in the UI language; it changes only with a release. */
  catalogue: (language: string) =>
    queryOptions({
      queryKey: mediationKeys.catalogue(language),
      queryFn: ({ signal }) => api.get<Catalogue>('/api/mediation/catalogue', undefined, signal),
      staleTime: Infinity,
    }),
};

/** The endpoint of each case action under the case, where it is not the action's own name. */
const CASE_ACTION_PATHS: Record<string, string> = {
  session: 'sessions',
  agree: 'agreement',
  follow_up: 'follow-ups',
  claim: 'claims',
  party: 'parties',
};

export const mediationCalls = {
  createCase: (body: object) => api.post<CaseDetail>('/api/mediation/cases', body),
  /** One action on a case (take, assign, session, agree, pay an instalment, …). */
  caseAction: (caseId: number, action: string, body: unknown, instalmentSeq?: number) =>
    api.post(
      `/api/mediation/cases/${caseId}/${action === 'pay' ? `instalments/${instalmentSeq}/payments` : (CASE_ACTION_PATHS[action] ?? action)}`,
      body,
    ),
  /** The whole ID and phone numbers of the parties and claimants (audited). */
  reveal: (caseId: number) => api.post<RevealView>(`/api/mediation/cases/${caseId}/reveal`),
  createStudio: (body: object) => api.post('/api/mediation/studios', body),
};

/** Addresses the browser opens itself (printable pages). */
export const mediationUrls = {
  /** The agreement (调解协议书) as a printable page. */
  agreement: (caseId: number, copy: 'masked' | 'signed' = 'masked') =>
    `/api/mediation/cases/${caseId}/agreement.html${copy === 'signed' ? '?copy=signed' : ''}`,
};
