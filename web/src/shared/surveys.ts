/** API shapes of /api/surveys (server/src/modules/surveys/schema.ts): surveys (问卷调查). */
import type { SurveysApi, SurveysInput } from '@gongzhi/server/api';
import { api } from './api.ts';
import type { Page } from './types.ts';

export type SurveySummary = SurveysApi['SurveySummary'];
export type Survey = SurveysApi['SurveyView'];
export type MySurvey = SurveysApi['MySurvey'];
export type SurveyInput = SurveysInput['SurveyBody'];
export type Question = SurveyInput['questions'][number];
export type QuestionType = Question['type'];
export type Results = SurveysApi['ResultsView'];
export type TextAnswer = SurveysApi['TextAnswer'];
export type Phase = Survey['phase'];
export type AnswerValue = number | number[] | string;

export const PHASES: readonly Phase[] = ['draft', 'scheduled', 'open', 'closed'];
export const QUESTION_TYPES: readonly QuestionType[] = ['single', 'multiple', 'rating', 'number', 'text'];

const base = '/api/surveys';

export const surveysKeys = { all: ['surveys'] as const };

export const surveysApi = {
  list: (q: { q?: string; communityId?: number; phase?: Phase; limit?: number; cursor?: string }) =>
    api.get<Page<SurveySummary>>(base, q),
  mine: (q: { limit?: number; cursor?: string }) => api.get<Page<MySurvey>>(`${base}/mine`, q),
  get: (id: number) => api.get<Survey>(`${base}/${id}`),
  create: (body: SurveyInput) => api.post<Survey>(base, body),
  update: (id: number, body: SurveyInput) => api.put<Survey>(`${base}/${id}`, body),
  publish: (id: number) => api.post<Survey>(`${base}/${id}/publish`),
  respond: (id: number, answers: Record<string, AnswerValue>) =>
    api.post<{ submittedAt: string }>(`${base}/${id}/responses`, { answers }),
  results: (id: number) => api.get<Results>(`${base}/${id}/results`),
  texts: (id: number, q: { questionId: string; q?: string; limit?: number; cursor?: string }) =>
    api.get<Page<TextAnswer>>(`${base}/${id}/texts`, q),
};
