import { z } from 'zod';
import { id } from '../../platform/input.ts';
import { PageQuery, pageOf } from '../../platform/pagination.ts';

/** waiting: not yet due; due: due, not yet overdue; overdue; done: answered or the call reached the reporter. */
export const FOLLOW_UP_STATES = ['waiting', 'due', 'overdue', 'done'] as const;
export const FollowUpState = z.enum(FOLLOW_UP_STATES);
export const FollowUpChannel = z
  .enum(['form', 'call'])
  .describe('form: the reporter answered on the H5 form; call: staff called');
export const FollowUpOutcome = z
  .enum(['none', 'answered', 'reached', 'not_reached'])
  .describe('none: nothing yet; answered (form); reached or not_reached (the last call)');

export const FollowUpListQuery = PageQuery.extend({
  communityId: id.optional(),
  state: FollowUpState.optional().describe('Default: all not done (waiting, due, overdue)'),
  channel: FollowUpChannel.optional(),
  outcome: FollowUpOutcome.optional(),
  q: z.string().trim().max(40).optional().describe('Matter code contains'),
});

export const FollowUpView = z.object({
  id: z.number().int(),
  matterId: z.number().int(),
  code: z.string(),
  category: z.string(),
  description: z.string(),
  community: z.object({ id: z.number().int(), name: z.string() }),
  reporterName: z.string().describe('Masked'),
  hasReporterAccount: z.boolean(),
  closedAt: z.string(),
  dueAt: z.string(),
  overdueAt: z.string(),
  state: FollowUpState,
  channel: FollowUpChannel.nullable(),
  outcome: FollowUpOutcome,
  attempts: z.number().int(),
  rating: z.number().int().nullable(),
  resolved: z.boolean().nullable(),
  comment: z.string(),
  recordedBy: z.string().nullable(),
  followedUpAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
});
export const FollowUpList = pageOf(FollowUpView);

export const FollowUpIdParams = z.object({ id });
export const MatterIdParams = z.object({ id });

const rating = z.number().int().min(1).max(5);
export const CallBody = z.object({
  reached: z.boolean().describe('Whether the call reached the reporter'),
  rating: rating.optional().describe('1–5, when reached'),
  resolved: z.boolean().optional().describe('Whether the reporter says it was resolved, when reached'),
  note: z.string().trim().max(1000).default(''),
});

export const AnswerBody = z.object({
  rating,
  resolved: z.boolean(),
  comment: z.string().trim().max(1000).default(''),
});

/** The reporter's follow-up of one matter, on the H5 form. */
export const MyFollowUpView = z.object({
  matterId: z.number().int(),
  code: z.string(),
  category: z.string(),
  description: z.string(),
  closedAt: z.string(),
  done: z.boolean(),
  rating: z.number().int().nullable(),
  resolved: z.boolean().nullable(),
  comment: z.string(),
});
