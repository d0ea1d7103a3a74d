/** API shapes of /api/elections (server/src/modules/elections/schema.ts): owners' committee elections (业委会选举). */
import type { ElectionsApi, ElectionsInput } from '@gongzhi/server/api';
import { api } from './api.ts';
import type { Page } from './types.ts';

export type ElectionSummary = ElectionsApi['ElectionSummary'];
export type Election = ElectionsApi['ElectionView'];
export type Candidate = ElectionsApi['CandidateView'];
export type ElectionResult = ElectionsApi['ResultView'];
export type ElectionInput = ElectionsInput['ElectionBody'];
export type OwnerHousehold = ElectionsApi['OwnerList']['items'][number];
export type ElectionPhase = Election['phase'];
export type TieRule = Election['tieRule'];

export const ELECTION_PHASES: readonly ElectionPhase[] = [
  'upcoming',
  'nominating',
  'reviewing',
  'voting',
  'closed',
  'counted',
];
export const TIE_RULES: readonly TieRule[] = ['area', 'lot', 'runoff'];

const base = '/api/elections';

export const electionsKeys = { all: ['elections'] as const };

export const electionsApi = {
  list: (q: { communityId?: number; phase?: ElectionPhase; limit?: number; cursor?: string }) =>
    api.get<Page<ElectionSummary>>(base, q),
  get: (id: number) => api.get<Election>(`${base}/${id}`),
  create: (body: ElectionInput) => api.post<Election>(base, body),
  nominate: (id: number, body: { personId?: number; statement: string; photoUrl?: string }) =>
    api.post<Election>(`${base}/${id}/candidates`, body),
  review: (candidateId: number, body: { approve: boolean; note: string }) =>
    api.post<Election>(`${base}/candidates/${candidateId}/review`, body),
  cast: (id: number, candidateIds: number[]) => api.post<Election>(`${base}/${id}/ballot`, { candidateIds }),
  paper: (id: number, householdId: number, candidateIds: number[]) =>
    api.post<Election>(`${base}/${id}/paper-ballots`, { householdId, candidateIds }),
  owners: (id: number, q: { q?: string; limit?: number; cursor?: string }) =>
    api.get<Page<OwnerHousehold>>(`${base}/${id}/owners`, q),
  count: (id: number) => api.post<Election>(`${base}/${id}/count`),
  lot: (id: number, winnerIds: number[], note: string) => api.post<Election>(`${base}/${id}/lot`, { winnerIds, note }),
};

/** A share as a percentage with one decimal. */
export const percent = (f: { value: number }) => `${(f.value * 100).toFixed(1)}%`;
