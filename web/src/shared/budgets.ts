/** API shapes of /api/budgets (server/src/modules/budgets/schema.ts): participatory budgets (微实事, 微创投). */
import type { BudgetsApi, BudgetsInput } from '@gongzhi/server/api';
import { api } from './api.ts';
import type { Page } from './types.ts';

export type RoundSummary = BudgetsApi['RoundSummary'];
export type Round = BudgetsApi['RoundView'];
export type Proposal = BudgetsApi['ProposalView'];
export type RoundInput = BudgetsInput['RoundBody'];
export type ProposalInput = BudgetsInput['ProposalBody'];
export type Ballot = BudgetsApi['BallotView'];
export type SpendingList = BudgetsApi['SpendingList'];
export type Phase = Round['phase'];
export type RoundKind = Round['kind'];

export const ROUND_KINDS: readonly RoundKind[] = ['micro_matters', 'micro_venture'];
export const PHASES: readonly Phase[] = ['proposing', 'reviewing', 'voting', 'closed', 'counted'];

const base = '/api/budgets';

export const budgetsKeys = { all: ['budgets'] as const };

export const budgetsApi = {
  rounds: (q: { communityId?: number; phase?: Phase; limit?: number; cursor?: string }) =>
    api.get<Page<RoundSummary>>(`${base}/rounds`, q),
  round: (id: number) => api.get<Round>(`${base}/rounds/${id}`),
  create: (body: RoundInput) => api.post<Round>(`${base}/rounds`, body),
  propose: (id: number, body: ProposalInput) => api.post<Round>(`${base}/rounds/${id}/proposals`, body),
  review: (proposalId: number, body: { feasible: boolean; note: string }) =>
    api.post<Round>(`${base}/proposals/${proposalId}/review`, body),
  ballot: (id: number) => api.get<Ballot | null>(`${base}/rounds/${id}/ballot`),
  cast: (id: number, proposalIds: number[]) => api.put<Ballot>(`${base}/rounds/${id}/ballot`, { proposalIds }),
  count: (id: number) => api.post<Round>(`${base}/rounds/${id}/count`),
  spending: (proposalId: number) => api.get<SpendingList>(`${base}/proposals/${proposalId}/spending`),
  spend: (proposalId: number, body: { amountYuan: number; spentOn: string; note: string }) =>
    api.post<SpendingList>(`${base}/proposals/${proposalId}/spending`, body),
};

/** ¥12,345.67 in the reader's locale. */
export function yuanText(value: number, locale: string): string {
  return value.toLocaleString(locale === 'en' ? 'en-US' : 'zh-CN', {
    style: 'currency',
    currency: 'CNY',
    maximumFractionDigits: 2,
  });
}
