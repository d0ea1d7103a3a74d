/** API shapes of /api/legal (server/src/modules/legal/schema.ts): the 普法 library and reports of suspicious numbers and links. */
import type { LegalApi, LegalInput } from '@gongzhi/server/api';
import { api } from './api.ts';
import type { Page } from './types.ts';

export type ArticleSummary = LegalApi['ArticleSummary'];
export type Article = LegalApi['ArticleView'];
export type ArticleInput = LegalInput['ArticleBody'];
export type ArticlePatch = LegalInput['ArticlePatch'];
export type ArticleKind = Article['kind'];
export type FraudType = NonNullable<Article['fraudType']>;
export type Report = LegalApi['ReportView'];
export type ReportReceipt = LegalApi['ReportReceipt'];
export type ReportInput = LegalInput['ReportBody'];
export type ReportKind = Report['kind'];
export type TargetTally = LegalApi['TargetTally'];

export const ARTICLE_KINDS: readonly ArticleKind[] = ['law', 'mediation_case', 'fraud_case'];
export const FRAUD_TYPES: readonly FraudType[] = [
  'impersonating_officials',
  'order_brushing',
  'romance_investment',
  'fake_customer_service',
  'fake_loan',
  'fake_credit',
  'impersonating_acquaintance',
  'game_trading',
  'other',
];
export const REPORT_KINDS: readonly ReportKind[] = ['phone', 'link', 'sms', 'app', 'other'];

const base = '/api/legal';

export const legalKeys = { all: ['legal'] as const };

export type ArticleQuery = {
  q?: string;
  kind?: ArticleKind;
  fraudType?: FraudType;
  status?: 'draft' | 'published';
  limit?: number;
  cursor?: string;
};
export type ReportQuery = {
  q?: string;
  kind?: ReportKind;
  moneyLost?: 'true' | 'false';
  limit?: number;
  cursor?: string;
};

export const legalApi = {
  articles: (q: ArticleQuery) => api.get<Page<ArticleSummary>>(`${base}/articles`, q),
  article: (id: number) => api.get<Article>(`${base}/articles/${id}`),
  create: (body: ArticleInput) => api.post<Article>(`${base}/articles`, body),
  update: (id: number, body: ArticlePatch) => api.patch<Article>(`${base}/articles/${id}`, body),
  report: (body: ReportInput) => api.post<ReportReceipt>(`${base}/reports`, body),
  myReports: (q: ReportQuery) => api.get<Page<Report>>(`${base}/reports/mine`, q),
  reports: (q: ReportQuery) => api.get<Page<Report>>(`${base}/reports`, q),
  targets: (days: number) => api.get<TargetTally>(`${base}/reports/targets`, { days }),
};
