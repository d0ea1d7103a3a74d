/** API shapes of /api/oddjobs (server/src/modules/oddjobs/schema.ts), its calls and helpers. */
import type { OddjobsApi, OddjobsInput } from '@gongzhi/server/api';
import { ApiError, api, errorMessage } from './api.ts';
import type { Page } from './types.ts';

export type Employer = OddjobsApi['EmployerView'];
export type Posting = OddjobsApi['PostingView'];
export type PostingCreated = OddjobsApi['PostingCreated'];
export type Seeker = OddjobsApi['SeekerView'];
export type Match = OddjobsApi['MatchView'];
export type Application = OddjobsApi['ApplicationView'];
export type QrCodeView = OddjobsApi['QrView'];
export type Unpaid = OddjobsApi['UnpaidView'];
export type EmployerInput = OddjobsInput['EmployerBody'];
export type PostingInput = OddjobsInput['PostingBody'];
export type SeekerInput = OddjobsInput['SeekerBody'];

const base = '/api/oddjobs';

export const oddjobsKeys = { all: ['oddjobs'] as const };

export const oddjobsApi = {
  myEmployer: () => api.get<{ employer: Employer | null }>(`${base}/employers/mine`),
  register: (body: EmployerInput) => api.post<Employer>(`${base}/employers`, body),
  employers: (status?: string) => api.get<Page<Employer>>(`${base}/employers`, status ? { status } : {}),
  review: (id: number, decision: 'approve' | 'reject', note = '') =>
    api.post<Employer>(`${base}/employers/${id}/review`, { decision, note }),
  post: (body: PostingInput) => api.post<PostingCreated>(`${base}/postings`, body),
  myPostings: () => api.get<Page<Posting>>(`${base}/postings/mine`),
  postings: () => api.get<Page<Posting>>(`${base}/postings`),
  applicants: (postingId: number) => api.get<{ items: Application[] }>(`${base}/postings/${postingId}/applications`),
  qr: (postingId: number, purpose: 'in' | 'out') =>
    api.get<QrCodeView>(`${base}/postings/${postingId}/qr`, { purpose }),
  mySeeker: () => api.get<{ seeker: Seeker | null }>(`${base}/seekers/me`),
  saveSeeker: (body: SeekerInput) => api.put<Seeker>(`${base}/seekers/me`, body),
  matches: () => api.get<{ items: Match[] }>(`${base}/matches`),
  apply: (postingId: number) => api.post<Application>(`${base}/postings/${postingId}/applications`, {}),
  myApplications: () => api.get<{ items: Application[] }>(`${base}/applications/mine`),
  decide: (id: number, action: 'interview' | 'hire' | 'reject') =>
    api.post<Application>(`${base}/applications/${id}/decide`, { action }),
  scan: (id: number, purpose: 'in' | 'out', token: string) =>
    api.post<Application>(`${base}/applications/${id}/check-${purpose}`, { token }),
  pay: (id: number, amountFen: number) => api.post<Application>(`${base}/applications/${id}/pay`, { amountFen }),
  rate: (id: number, stars: number) => api.post<Application>(`${base}/applications/${id}/rating`, { stars }),
  unpaid: (id: number) => api.post<Unpaid>(`${base}/applications/${id}/unpaid`),
};

export const yuan = (fen: number) => (fen / 100).toFixed(2).replace(/\.00$/, '');

/** What went wrong, in full: the market's refusals (the minimum wage, fee wording, a bad code) name a field. */
export function refusal(error: unknown): string {
  if (error instanceof ApiError && error.details.length) return error.details.map((d) => d.message).join('；');
  return errorMessage(error);
}
