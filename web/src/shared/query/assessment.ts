import type { AssessmentApi, AssessmentInput } from '@gongzhi/server/api';
import { queryOptions } from '@tanstack/react-query';
import { api, type Query } from '../api.ts';

export type AssessmentScheme = AssessmentApi['SchemeDetail'];
export type AssessmentSchemeSummary = AssessmentApi['SchemeView'];
export type AssessmentScore = AssessmentApi['ScoreView'];
export type AssessmentScoreDetail = AssessmentApi['ScoreDetail'];
export type AssessmentLine = AssessmentScoreDetail['lines'][number];
export type AssessmentAppeal = AssessmentApi['AppealView'];
export type AssessmentIndicatorConfig = AssessmentInput['CreateSchemeBody']['indicators'][number];

export const assessmentKeys = { all: ['assessment'] as const };

/** Assessment (考核) reads: schemes, scores with their breakdown, appeals. */
export const assessmentQueries = {
  schemes: (query: Query) =>
    queryOptions({
      queryKey: [...assessmentKeys.all, 'schemes', query] as const,
      queryFn: ({ signal }) => api.get<AssessmentApi['SchemeList']>('/api/assessment/schemes', query, signal),
    }),
  scheme: (id: number) =>
    queryOptions({
      queryKey: [...assessmentKeys.all, 'scheme', id] as const,
      queryFn: ({ signal }) => api.get<AssessmentScheme>(`/api/assessment/schemes/${id}`, undefined, signal),
    }),
  /** One's own scores (a grid worker's), newest month first. */
  mine: (query: Query) =>
    queryOptions({
      queryKey: [...assessmentKeys.all, 'mine', query] as const,
      queryFn: ({ signal }) => api.get<AssessmentApi['ScoreList']>('/api/assessment/my-scores', query, signal),
    }),
  scores: (query: Query) =>
    queryOptions({
      queryKey: [...assessmentKeys.all, 'scores', query] as const,
      queryFn: ({ signal }) => api.get<AssessmentApi['ScoreList']>('/api/assessment/scores', query, signal),
    }),
  score: (id: number) =>
    queryOptions({
      queryKey: [...assessmentKeys.all, 'score', id] as const,
      queryFn: ({ signal }) => api.get<AssessmentScoreDetail>(`/api/assessment/scores/${id}`, undefined, signal),
    }),
  appeals: (query: Query) =>
    queryOptions({
      queryKey: [...assessmentKeys.all, 'appeals', query] as const,
      queryFn: ({ signal }) => api.get<AssessmentApi['AppealList']>('/api/assessment/appeals', query, signal),
    }),
};

export const assessmentCalls = {
  createScheme: (body: AssessmentInput['CreateSchemeBody']) =>
    api.post<AssessmentScheme>('/api/assessment/schemes', body),
  updateScheme: (id: number, body: AssessmentInput['UpdateSchemeBody']) =>
    api.put<AssessmentScheme>(`/api/assessment/schemes/${id}`, body),
  archiveScheme: (id: number) => api.delete<AssessmentScheme>(`/api/assessment/schemes/${id}`),
  run: (id: number, month: string) =>
    api.post<AssessmentApi['RunView']>(`/api/assessment/schemes/${id}/runs`, { month }),
  appeal: (scoreId: number, body: AssessmentInput['FileAppealBody']) =>
    api.post<AssessmentAppeal>(`/api/assessment/scores/${scoreId}/appeals`, body),
  decide: (id: number, body: AssessmentInput['DecideAppealBody']) =>
    api.post<AssessmentAppeal>(`/api/assessment/appeals/${id}/decision`, body),
};
