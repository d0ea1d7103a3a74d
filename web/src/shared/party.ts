/** API shapes of /api/party (server/src/modules/party/schema.ts) and its calls. */
import type { PartyApi, PartyInput } from '@gongzhi/server/api';
import { api } from './api.ts';
import type { Page } from './types.ts';

export type PartyOrg = PartyApi['OrgView'];
export type PartyMember = PartyApi['MemberView'];
export type PartyReport = PartyApi['ReportView'];
export type MyParty = PartyApi['MyParty'];
export type BranchStats = PartyApi['BranchStats'];
export type OrgInput = PartyInput['OrgBody'];
export type MemberInput = PartyInput['MemberBody'];
export type PartyOrgKind = PartyOrg['kind'];
export type PartyMemberKind = PartyMember['kind'];

export const PARTY_ORG_KINDS: readonly PartyOrgKind[] = [
  'committee',
  'general_branch',
  'branch',
  'group',
  'center_household',
];
export const PARTY_MEMBER_KINDS: readonly PartyMemberKind[] = ['regular', 'floating', 'in_service'];

const base = '/api/party';
export const partyKeys = { all: ['party'] as const };

export const partyApi = {
  orgs: () => api.get<{ items: PartyOrg[] }>(`${base}/orgs`),
  createOrg: (body: OrgInput) => api.post<PartyOrg>(`${base}/orgs`, body),
  members: (orgId: number, q: { q?: string; limit?: number; cursor?: string }) =>
    api.get<Page<PartyMember>>(`${base}/orgs/${orgId}/members`, q),
  addMember: (body: MemberInput) => api.post<PartyMember>(`${base}/members`, body),
  updateOrg: (id: number, body: PartyInput['OrgPatch']) => api.patch<PartyOrg>(`${base}/orgs/${id}`, body),
  removeOrg: (id: number) => api.delete<null>(`${base}/orgs/${id}`),
  updateMember: (id: number, body: PartyInput['MemberPatch']) => api.patch<PartyMember>(`${base}/members/${id}`, body),
  removeMember: (id: number) => api.delete<null>(`${base}/members/${id}`),
  enrol: (memberId: number, orgId: number) => api.post<PartyMember>(`${base}/members/${memberId}/residence`, { orgId }),
  me: () => api.get<MyParty>(`${base}/me`),
  report: () => api.post<MyParty>(`${base}/me/report`),
  reports: (status?: 'requested' | 'confirmed') => api.get<{ items: PartyReport[] }>(`${base}/reports`, { status }),
  confirm: (id: number) => api.post<PartyReport>(`${base}/reports/${id}/confirm`),
  stats: () => api.get<BranchStats>(`${base}/stats`),
};
