import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, type Query } from '../api.ts';
import type {
  BallotEntry,
  Booking,
  Comment,
  DecisionSummary,
  DecisionView,
  Desk,
  ElectorList,
  FlaggedComment,
  MeetingSummary,
  MeetingView,
  NonVoterList,
  RemindView,
  Slot,
  TopicSummary,
  TopicView,
  VoteSummary,
  VoteView,
} from '../deliberation.ts';
import type { Page } from '../types.ts';

/**
 * Deliberation (议事协商): topics and their comments, meetings, votes, decisions and their
 * follow-up, consultation desks (协商铃) and bookings, moderation. Every key starts with
 * deliberationKeys.all, so a change made here makes them all stale at once.
 */
export const deliberationKeys = {
  all: ['deliberation'] as const,
  topics: (query: Query) => [...deliberationKeys.all, 'topics', query] as const,
  topicPages: (query: Query) => [...deliberationKeys.all, 'topics', 'pages', query] as const,
  topic: (id: number) => [...deliberationKeys.all, 'topics', 'one', id] as const,
  comments: (targetType: 'topic' | 'vote', targetId: number) =>
    [...deliberationKeys.all, 'comments', targetType, targetId] as const,
  flaggedComments: (query: Query) => [...deliberationKeys.all, 'comments', 'flagged', query] as const,
  meetings: (query: Query) => [...deliberationKeys.all, 'meetings', query] as const,
  meeting: (id: number) => [...deliberationKeys.all, 'meetings', 'one', id] as const,
  votes: (query: Query) => [...deliberationKeys.all, 'votes', query] as const,
  votePages: (query: Query) => [...deliberationKeys.all, 'votes', 'pages', query] as const,
  vote: (id: number) => [...deliberationKeys.all, 'votes', 'one', id] as const,
  nonVoters: (id: number, query: Query) => [...deliberationKeys.all, 'votes', 'one', id, 'non-voters', query] as const,
  electors: (id: number, query: Query) => [...deliberationKeys.all, 'votes', 'one', id, 'electors', query] as const,
  entries: (id: number) => [...deliberationKeys.all, 'votes', 'one', id, 'entries'] as const,
  decisions: (query: Query) => [...deliberationKeys.all, 'decisions', query] as const,
  decisionPages: (query: Query) => [...deliberationKeys.all, 'decisions', 'pages', query] as const,
  decision: (id: number) => [...deliberationKeys.all, 'decisions', 'one', id] as const,
  desks: (query: Query) => [...deliberationKeys.all, 'desks', query] as const,
  slots: (deskId: number) => [...deliberationKeys.all, 'desks', deskId, 'slots'] as const,
  deskBookings: (deskId: number) => [...deliberationKeys.all, 'desks', deskId, 'bookings'] as const,
  myBookings: () => [...deliberationKeys.all, 'bookings', 'mine'] as const,
  buildings: (query: Query) => [...deliberationKeys.all, 'buildings', query] as const,
};

const nextCursor = (page: Page<unknown>) => page.nextCursor ?? undefined;

function pages<T>(queryKey: readonly unknown[], path: string, query: Query) {
  return infiniteQueryOptions({
    queryKey,
    queryFn: ({ pageParam, signal }) => api.get<Page<T>>(path, { ...query, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursor,
  });
}

export const deliberationQueries = {
  topics: (query: Query) =>
    queryOptions({
      queryKey: deliberationKeys.topics(query),
      queryFn: ({ signal }) => api.get<Page<TopicSummary>>('/api/deliberation/topics', query, signal),
    }),
  /** Topics page after page (infinite scroll). */
  topicPages: (query: Query) =>
    pages<TopicSummary>(deliberationKeys.topicPages(query), '/api/deliberation/topics', query),
  topic: (id: number) =>
    queryOptions({
      queryKey: deliberationKeys.topic(id),
      queryFn: ({ signal }) => api.get<TopicView>(`/api/deliberation/topics/${id}`, undefined, signal),
    }),
  /** The comments of a topic or a vote (staff also see the hidden ones). */
  comments: (targetType: 'topic' | 'vote', targetId: number) =>
    queryOptions({
      queryKey: deliberationKeys.comments(targetType, targetId),
      queryFn: ({ signal }) =>
        api.get<{ items: Comment[] }>(`/api/deliberation/${targetType}/${targetId}/comments`, undefined, signal),
    }),
  flaggedComments: (query: Query) =>
    queryOptions({
      queryKey: deliberationKeys.flaggedComments(query),
      queryFn: ({ signal }) => api.get<Page<FlaggedComment>>('/api/deliberation/comments/flagged', query, signal),
    }),
  meetings: (query: Query) =>
    queryOptions({
      queryKey: deliberationKeys.meetings(query),
      queryFn: ({ signal }) => api.get<Page<MeetingSummary>>('/api/deliberation/meetings', query, signal),
    }),
  meeting: (id: number) =>
    queryOptions({
      queryKey: deliberationKeys.meeting(id),
      queryFn: ({ signal }) => api.get<MeetingView>(`/api/deliberation/meetings/${id}`, undefined, signal),
    }),
  votes: (query: Query) =>
    queryOptions({
      queryKey: deliberationKeys.votes(query),
      queryFn: ({ signal }) => api.get<Page<VoteSummary>>('/api/deliberation/votes', query, signal),
    }),
  votePages: (query: Query) => pages<VoteSummary>(deliberationKeys.votePages(query), '/api/deliberation/votes', query),
  /** 催票: the electors of a vote who have not voted (staff who run it). */
  nonVoters: (id: number, query: Query) =>
    queryOptions({
      queryKey: deliberationKeys.nonVoters(id, query),
      queryFn: ({ signal }) => api.get<NonVoterList>(`/api/deliberation/votes/${id}/non-voters`, query, signal),
    }),
  /** A vote's roll for entering paper and proxy ballots (staff), names masked. */
  electors: (id: number, query: Query) =>
    queryOptions({
      queryKey: deliberationKeys.electors(id, query),
      queryFn: ({ signal }) => api.get<ElectorList>(`/api/deliberation/votes/${id}/electors`, query, signal),
    }),
  /** Paper and proxy ballots entered for a vote, newest first (pages of 50). */
  entries: (id: number) =>
    pages<BallotEntry>(deliberationKeys.entries(id), `/api/deliberation/votes/${id}/entries`, { limit: 50 }),
  vote: (id: number) =>
    queryOptions({
      queryKey: deliberationKeys.vote(id),
      queryFn: ({ signal }) => api.get<VoteView>(`/api/deliberation/votes/${id}`, undefined, signal),
    }),
  decisions: (query: Query) =>
    queryOptions({
      queryKey: deliberationKeys.decisions(query),
      queryFn: ({ signal }) => api.get<Page<DecisionSummary>>('/api/deliberation/decisions', query, signal),
    }),
  decisionPages: (query: Query) =>
    pages<DecisionSummary>(deliberationKeys.decisionPages(query), '/api/deliberation/decisions', query),
  decision: (id: number) =>
    queryOptions({
      queryKey: deliberationKeys.decision(id),
      queryFn: ({ signal }) => api.get<DecisionView>(`/api/deliberation/decisions/${id}`, undefined, signal),
    }),
  desks: (query: Query = {}) =>
    queryOptions({
      queryKey: deliberationKeys.desks(query),
      queryFn: ({ signal }) => api.get<{ items: Desk[] }>('/api/deliberation/desks', query, signal),
    }),
  slots: (deskId: number) =>
    queryOptions({
      queryKey: deliberationKeys.slots(deskId),
      queryFn: ({ signal }) => api.get<{ items: Slot[] }>(`/api/deliberation/desks/${deskId}/slots`, undefined, signal),
    }),
  deskBookings: (deskId: number) =>
    queryOptions({
      queryKey: deliberationKeys.deskBookings(deskId),
      queryFn: ({ signal }) =>
        api.get<{ items: Booking[] }>(`/api/deliberation/desks/${deskId}/bookings`, undefined, signal),
    }),
  /** The signed-in person's bookings. */
  myBookings: () =>
    queryOptions({
      queryKey: deliberationKeys.myBookings(),
      queryFn: ({ signal }) => api.get<{ items: Booking[] }>('/api/deliberation/bookings', undefined, signal),
    }),
  /** The buildings of a community a vote may be limited to (from the org module; asked here for the vote form). */
  buildings: (query: Query) =>
    queryOptions({
      queryKey: deliberationKeys.buildings(query),
      queryFn: ({ signal }) => api.get<Page<{ id: number; name: string }>>('/api/org/buildings', query, signal),
    }),
};

export const deliberationCalls = {
  /** 催票: one message to every elector of an open vote who has not voted. */
  remind: (voteId: number) => api.post<RemindView>(`/api/deliberation/votes/${voteId}/remind`),
  createTopic: (body: object) => api.post<TopicView>('/api/deliberation/topics', body),
  /** A staff action on a topic (accept, reject, …) with its reason. */
  topicAction: (id: number, action: string, reason: string) =>
    api.post(`/api/deliberation/topics/${id}/${action}`, { reason }),
  support: (topicId: number) => api.post<TopicView>(`/api/deliberation/topics/${topicId}/support`),
  comment: (targetType: 'topic' | 'vote', targetId: number, body: { body: string; parentId?: number }) =>
    api.post(`/api/deliberation/${targetType}/${targetId}/comments`, body),
  flagComment: (id: number) => api.post(`/api/deliberation/comments/${id}/flag`, { reason: '' }),
  moderateComment: (id: number, hidden: boolean) =>
    api.post(`/api/deliberation/comments/${id}/moderate`, { hidden, reason: '' }),
  createMeeting: (body: object) => api.post<MeetingView>('/api/deliberation/meetings', body),
  saveMinutes: (id: number, body: object) => api.post<MeetingView>(`/api/deliberation/meetings/${id}/minutes`, body),
  cancelMeeting: (id: number) => api.post<MeetingView>(`/api/deliberation/meetings/${id}/cancel`),
  addToAgenda: (id: number, topicId: number | undefined) =>
    api.post<MeetingView>(`/api/deliberation/meetings/${id}/agenda`, { topicId }),
  recordAttendance: (id: number, userIds: number[]) =>
    api.post<MeetingView>(`/api/deliberation/meetings/${id}/attendance`, { userIds }),
  createVote: (body: object) => api.post<VoteView>('/api/deliberation/votes', body),
  /** A staff step of a vote (open, close, count, cancel, …); answers the vote as it now stands. */
  voteAction: (id: number, path: string) => api.post<VoteView>(`/api/deliberation/votes/${id}/${path}`),
  /** 录入纸质票 / 登记委托. */
  enterBallot: (id: number, body: object) => api.post<BallotEntry>(`/api/deliberation/votes/${id}/entries`, body),
  revealProxy: (id: number, entryId: number) =>
    api.post<{ proxyName: string }>(`/api/deliberation/votes/${id}/entries/${entryId}/reveal`),
  ballot: (id: number, choice: string) => api.post<VoteView>(`/api/deliberation/votes/${id}/ballot`, { choice }),
  updateDecision: (id: number, body: object) => api.post(`/api/deliberation/decisions/${id}/updates`, body),
  createDesk: (body: object) => api.post<Desk>('/api/deliberation/desks', body),
  addSlots: (deskId: number, slots: unknown[]) => api.post(`/api/deliberation/desks/${deskId}/slots`, { slots }),
  book: (body: { slotId: number; subject: string }) => api.post<Booking>('/api/deliberation/bookings', body),
  cancelBooking: (id: number) => api.post(`/api/deliberation/bookings/${id}/cancel`),
  markBooking: (id: number, status: string) => api.post(`/api/deliberation/bookings/${id}/mark`, { status }),
};
