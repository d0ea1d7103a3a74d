/** API shapes of /api/credit (server/src/modules/credit/schema.ts), its calls and helpers. */
import type { CreditApi, CreditInput } from '@gongzhi/server/api';
import { api } from './api.ts';
import type { Page } from './types.ts';

export type CreditBreakdown = CreditApi['Breakdown'];
export type CreditLine = CreditApi['EvidenceLine'];
export type CreditMerchant = CreditApi['MerchantRow'];
export type CreditAppeal = CreditApi['AppealView'];
export type CreditGrade = CreditMerchant['grade'];
export type EvidenceInput = CreditInput['EvidenceBody'];
export type AppealInput = CreditInput['AppealBody'];
export type DecisionInput = CreditInput['DecisionBody'];

export const CREDIT_GRADES: readonly CreditGrade[] = ['A', 'B', 'C', 'D'];
export const STAFF_EVIDENCE_KINDS = ['inspection', 'complaint', 'alarm', 'fix', 'civic'] as const;
/** Per kind: the points staff may give (the server checks them too). */
export const EVIDENCE_BOUNDS: Record<(typeof STAFF_EVIDENCE_KINDS)[number], [number, number]> = {
  inspection: [-20, 5],
  complaint: [-10, 0],
  alarm: [-10, 0],
  fix: [0, 10],
  civic: [0, 5],
};
export const GRADE_COLORS: Record<CreditGrade, string> = { A: 'green', B: 'blue', C: 'orange', D: 'red' };

const base = '/api/credit';
export const creditKeys = { all: ['credit'] as const };

type ListQuery = { grade?: CreditGrade; q?: string; limit?: number; cursor?: string };

export const creditApi = {
  merchants: (q: ListQuery) => api.get<Page<CreditMerchant>>(`${base}/merchants`, q),
  priority: (q: ListQuery) => api.get<Page<CreditMerchant>>(`${base}/priority`, q),
  breakdown: (id: number) => api.get<CreditBreakdown>(`${base}/merchants/${id}`),
  addEvidence: (id: number, body: EvidenceInput) => api.post<CreditBreakdown>(`${base}/merchants/${id}/evidence`, body),
  appeals: (q: { status?: CreditAppeal['status']; limit?: number; cursor?: string }) =>
    api.get<Page<CreditAppeal>>(`${base}/appeals`, q),
  decide: (id: number, body: DecisionInput) => api.post<CreditAppeal>(`${base}/appeals/${id}/decide`, body),
  card: (id: number) => api.post<{ token: string; path: string }>(`${base}/merchants/${id}/card`),
  mine: () => api.get<CreditBreakdown>(`${base}/mine`),
  appeal: (body: AppealInput) => api.post<CreditAppeal>(`${base}/mine/appeals`, body),
};
