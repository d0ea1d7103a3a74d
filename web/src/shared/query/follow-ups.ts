import type { MatterFollowUpsApi, MatterFollowUpsInput } from '@gongzhi/server/api';
import { queryOptions } from '@tanstack/react-query';
import { api, type Query } from '../api.ts';
import type { Page } from '../types.ts';
import { mattersKeys } from './matters.ts';

/**
 * Satisfaction follow-ups (回访) of closed matters (server/src/modules/matters/schema-follow-ups.ts):
 * the staff's queue (待回访) and calls, the reporter's own form. Keys sit under mattersKeys.all, so
 * a live matter event (a closing) makes the queue stale too.
 */
export type FollowUp = MatterFollowUpsApi['FollowUpView'];
export type FollowUpState = MatterFollowUpsApi['FollowUpState'];
export type FollowUpChannel = MatterFollowUpsApi['FollowUpChannel'];
export type FollowUpOutcome = MatterFollowUpsApi['FollowUpOutcome'];
export type FollowUpListQuery = MatterFollowUpsInput['FollowUpListQuery'];
export type CallInput = MatterFollowUpsInput['CallBody'];
export type AnswerInput = MatterFollowUpsInput['AnswerBody'];
export type MyFollowUp = MatterFollowUpsApi['MyFollowUpView'];

export const FOLLOW_UP_STATES: readonly FollowUpState[] = ['waiting', 'due', 'overdue', 'done'];
export const FOLLOW_UP_CHANNELS: readonly FollowUpChannel[] = ['form', 'call'];
export const FOLLOW_UP_OUTCOMES: readonly FollowUpOutcome[] = ['none', 'answered', 'reached', 'not_reached'];

export const followUpsKeys = {
  all: [...mattersKeys.all, 'follow-ups'] as const,
  list: (query: Query) => [...followUpsKeys.all, 'list', query] as const,
  mine: (matterId: number) => [...followUpsKeys.all, 'mine', matterId] as const,
};

export const followUpsQueries = {
  /** The queue of my area, by due time; not done unless a state is asked. */
  list: (query: Query) =>
    queryOptions({
      queryKey: followUpsKeys.list(query),
      queryFn: ({ signal }) => api.get<Page<FollowUp>>('/api/matters/follow-ups', query, signal),
    }),
  /** The reporter's follow-up of one closed matter. */
  mine: (matterId: number) =>
    queryOptions({
      queryKey: followUpsKeys.mine(matterId),
      queryFn: ({ signal }) => api.get<MyFollowUp>(`/api/matters/${matterId}/follow-up`, undefined, signal),
    }),
};

export const followUpsCalls = {
  /** Staff record a call: not reached, or reached with the reporter's rating and whether it was resolved. */
  recordCall: (id: number, body: CallInput) => api.post<FollowUp>(`/api/matters/follow-ups/${id}/calls`, body),
  /** The reporter answers, once. */
  answer: (matterId: number, body: AnswerInput) => api.post<MyFollowUp>(`/api/matters/${matterId}/follow-up`, body),
};
