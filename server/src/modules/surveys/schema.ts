import { z } from 'zod';
import { id } from '../../platform/input.ts';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { PHASES, QUESTION_TYPES } from './tables.ts';

const text = (max: number) => z.string().trim().max(max);
const instant = z.iso.datetime({ offset: true }).describe('An instant, ISO 8601 with its offset');
const tag = z
  .string()
  .trim()
  .min(1)
  .max(30)
  .regex(/^[\p{L}\p{N}_-]+$/u, 'letters, digits, _ and - only');

export const IdParams = z.object({ id });
export const Phase = z
  .enum(PHASES)
  .describe('draft: being written; scheduled: published, not yet open; open: answers taken; closed');

export const Question = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9_-]{1,20}$/)
      .describe('A key of the question within its survey (q1, q2 …): answers name it'),
    type: z.enum(QUESTION_TYPES).describe('single choice, multiple choice, rating 1–5, number, short text'),
    title: text(300).min(1),
    required: z.boolean().default(false),
    options: z.array(text(100).min(1)).min(2).max(30).optional().describe('The choices of a single or multiple choice'),
    maxChoices: z.number().int().min(1).max(30).optional().describe('At most this many choices (multiple choice)'),
    min: z.number().optional().describe('Smallest number accepted (number)'),
    max: z.number().optional().describe('Largest number accepted (number)'),
  })
  .describe('A question of a survey');

export const SurveyBody = z.object({
  communityId: id,
  title: text(100).min(1),
  description: text(2000).default(''),
  gridIds: z.array(id).max(100).default([]).describe('Only people filed in these grids (none: the whole community)'),
  buildingIds: z.array(id).max(500).default([]).describe('Only people living in these buildings'),
  audienceTags: z.array(tag).max(20).default([]).describe('Only people carrying any of these tags (老年人, 党员 …)'),
  anonymous: z.boolean().describe('Anonymous: answers are kept with no link to who gave them'),
  questions: z.array(Question).min(1).max(50),
  opensAt: instant,
  closesAt: instant,
});

export const SurveyListQuery = PageQuery.extend({
  q: z.string().trim().max(60).optional().describe('Title contains'),
  communityId: id.optional(),
  phase: Phase.optional(),
});

export const SurveySummary = z.object({
  id: z.number().int(),
  community: z.object({ id: z.number().int(), name: z.string() }),
  title: z.string(),
  phase: Phase,
  anonymous: z.boolean(),
  opensAt: z.string(),
  closesAt: z.string(),
  publishedAt: z.string().nullable(),
  questions: z.number().int(),
  responses: z.number().int(),
  notified: z.number().int().describe('Accounts told when it was published'),
  mayManage: z.boolean(),
});
export const SurveyList = pageOf(SurveySummary);
/** A resident's list: each survey with whether they answered it already. */
export const MySurvey = SurveySummary.extend({ answered: z.boolean() });
export const MySurveyList = pageOf(MySurvey);

export const SurveyView = SurveySummary.extend({
  description: z.string(),
  gridIds: z.array(z.number().int()),
  buildingIds: z.array(z.number().int()),
  audienceTags: z.array(z.string()),
  items: z.array(Question),
  /** For a resident: whether they are in its audience and whether they answered already. */
  mayAnswer: z.boolean(),
  answered: z.boolean(),
});

export const Answer = z.union([z.number(), z.array(z.number().int()), z.string().max(500)]);
export const ResponseBody = z.object({
  answers: z
    .record(z.string().max(20), Answer)
    .describe(
      'Per question id: an option index (single), option indexes (multiple), 1–5 (rating), a number, or a text',
    ),
});
export const ResponseView = z.object({ submittedAt: z.string() });

export const OptionResult = z.object({ label: z.string(), count: z.number().int(), percent: z.number().nullable() });
export const QuestionResult = z.object({
  id: z.string(),
  type: z.enum(QUESTION_TYPES),
  title: z.string(),
  answered: z.number().int().describe('Responses answering it'),
  options: z.array(OptionResult).describe('Per choice, or per rating 1–5: count and percent of those answering'),
  average: z.number().nullable().describe('Mean rating or number'),
});
export const ResultsView = z.object({
  surveyId: z.number().int(),
  title: z.string(),
  responses: z.number().int(),
  audience: z.number().int().describe('People in the audience now'),
  questions: z.array(QuestionResult),
});

export const TextAnswersQuery = PageQuery.extend({
  questionId: z.string().regex(/^[a-z0-9_-]{1,20}$/),
  q: z.string().trim().max(60).optional().describe('Answer contains'),
});
export const TextAnswer = z.object({
  responseId: z.number().int(),
  text: z.string(),
  respondent: z.string().nullable().describe('Masked name, for named surveys only'),
});
export const TextAnswerList = pageOf(TextAnswer);

export const MineQuery = PageQuery;
