/** API shapes of /api/compounds (server/src/modules/compounds/schema.ts) and its calls. */
import type { CompoundsApi, CompoundsInput } from '@gongzhi/server/api';
import { api } from './api.ts';
import type { Page } from './types.ts';

export type CompoundSummary = CompoundsApi['CompoundSummary'];
export type Compound = CompoundsApi['CompoundView'];
export type CompoundInput = CompoundsInput['CompoundBody'];
export type CompoundKind = Compound['kind'];

export const COMPOUND_KINDS: readonly CompoundKind[] = ['commodity', 'resettlement', 'old', 'unmanaged', 'other'];
export const MEMBER_ROLES = ['director', 'deputy', 'member'] as const;
export const DOCUMENT_KINDS: readonly Compound['documents'][number]['kind'][] = [
  'owners_rules',
  'meeting_rules',
  'property_contract',
  'minutes',
  'notice',
  'other',
];

const base = '/api/compounds';

export const compoundsKeys = { all: ['compounds'] as const };

export const compoundsApi = {
  list: (q: { communityId?: number; kind?: CompoundKind; q?: string; limit?: number; cursor?: string }) =>
    api.get<Page<CompoundSummary>>(base, q),
  get: (id: number) => api.get<Compound>(`${base}/${id}`),
  create: (body: CompoundInput) => api.post<Compound>(base, body),
  update: (id: number, body: CompoundsInput['CompoundPatch']) => api.patch<Compound>(`${base}/${id}`, body),
  addMember: (id: number, body: CompoundsInput['MemberBody']) => api.post<Compound>(`${base}/${id}/members`, body),
  removeMember: (id: number, memberId: number) => api.delete<Compound>(`${base}/${id}/members/${memberId}`),
  addContract: (id: number, body: CompoundsInput['ContractBody']) =>
    api.post<Compound>(`${base}/${id}/contracts`, body),
  linkMeeting: (id: number, meetingId: number) => api.post<Compound>(`${base}/${id}/meetings`, { meetingId }),
  addHistory: (id: number, body: CompoundsInput['HistoryBody']) => api.post<Compound>(`${base}/${id}/history`, body),
  removeHistory: (id: number, entryId: number) => api.delete<Compound>(`${base}/${id}/history/${entryId}`),
  addDocument: (id: number, body: CompoundsInput['DocumentBody']) =>
    api.post<Compound>(`${base}/${id}/documents`, body),
  removeDocument: (id: number, documentId: number) => api.delete<Compound>(`${base}/${id}/documents/${documentId}`),
};
