import type { ColumnType, Generated, JSONColumnType } from 'kysely';

export const QUESTION_TYPES = ['single', 'multiple', 'rating', 'number', 'text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
/** Where a survey stands, from its publishing and its times: never stored, so it cannot disagree with the clock. */
export const PHASES = ['draft', 'scheduled', 'open', 'closed'] as const;
export type Phase = (typeof PHASES)[number];

/** A question as stored in the survey: options for choices, a maximum of choices, bounds for numbers. */
export interface Question {
  id: string;
  type: QuestionType;
  title: string;
  required: boolean;
  options?: string[] | undefined;
  maxChoices?: number | undefined;
  min?: number | undefined;
  max?: number | undefined;
}

/** An answer per question id: an option index, option indexes, a rating, a number or a text. */
export type Answers = Record<string, number | number[] | string>;

export interface SurveyTable {
  id: Generated<number>;
  community_id: number;
  title: string;
  description: Generated<string>;
  grid_ids: Generated<number[]>;
  building_ids: Generated<number[]>;
  audience_tags: Generated<string[]>;
  anonymous: boolean;
  questions: JSONColumnType<Question[], string, string>;
  opens_at: Date;
  closes_at: Date;
  published_at: Date | null;
  notified: Generated<number>;
  created_by: number;
  created_at: Date;
  updated_at: Date;
}

export interface ResponseTable {
  id: Generated<number>;
  survey_id: number;
  /** HMAC of (survey, person) under a kept server key: stops a second response, leads back to nobody. */
  respondent_hash: string;
  /** Only for named surveys. */
  person_id: number | null;
  user_id: number | null;
  respondent_name: string | null;
  answers: JSONColumnType<Answers, string, string>;
  submitted_at: ColumnType<Date, Date, Date>;
}

export interface SurveysTables {
  'surveys.surveys': SurveyTable;
  'surveys.responses': ResponseTable;
}
