import { queryOptions } from '@tanstack/react-query';
import { api, type Query } from '../api.ts';
import type { BoardView, MineView, OverdueItem, TargetDetail, TargetSummary, VisitView } from '../iot.ts';
import type { Page, Person } from '../types.ts';
import type { CareInput } from '@gongzhi/server/api';

/**
 * Care (关爱): query keys, queries and calls. Every key starts with careKeys.all, so a live matter
 * or alarm event (a missed check opens a care matter; a sensor confirms a check) or a change
 * made here makes the board, the targets and 我的关爱 stale at once.
 */
export const careKeys = {
  all: ['care'] as const,
  board: (query: Query) => [...careKeys.all, 'board', query] as const,
  targets: (query: Query) => [...careKeys.all, 'targets', query] as const,
  overdue: (query: Query) => [...careKeys.all, 'overdue', query] as const,
  target: (id: number) => [...careKeys.all, 'target', id] as const,
  visits: (targetId: number) => [...careKeys.all, 'visits', targetId] as const,
  mine: () => [...careKeys.all, 'mine'] as const,
  persons: (q: string) => [...careKeys.all, 'persons', q] as const,
};

export const careQueries = {
  /** Today's (or a day's) checks per target, with the day's counts. */
  board: (query: Query) =>
    queryOptions({
      queryKey: careKeys.board(query),
      queryFn: ({ signal }) => api.get<BoardView>('/api/care/board', query, signal),
    }),
  targets: (query: Query) =>
    queryOptions({
      queryKey: careKeys.targets(query),
      queryFn: ({ signal }) => api.get<Page<TargetSummary>>('/api/care/targets', query, signal),
    }),
  overdue: (query: Query) =>
    queryOptions({
      queryKey: careKeys.overdue(query),
      queryFn: ({ signal }) => api.get<Page<OverdueItem>>('/api/care/visits/overdue', query, signal),
    }),
  target: (id: number) =>
    queryOptions({
      queryKey: careKeys.target(id),
      queryFn: ({ signal }) => api.get<TargetDetail>(`/api/care/targets/${id}`, undefined, signal),
    }),
  /** The latest visits to a target. */
  visits: (targetId: number) =>
    queryOptions({
      queryKey: careKeys.visits(targetId),
      queryFn: ({ signal }) => api.get<Page<VisitView>>(`/api/care/targets/${targetId}/visits`, { limit: 20 }, signal),
    }),
  /** 我的关爱: the targets the caller helps, today's checks and the alerts to look into. */
  mine: () =>
    queryOptions({
      queryKey: careKeys.mine(),
      queryFn: ({ signal }) => api.get<MineView>('/api/care/mine', undefined, signal),
    }),
  /** People to take into care, by name; without a name, those registered as living alone. */
  persons: (q: string) =>
    queryOptions({
      queryKey: careKeys.persons(q),
      queryFn: ({ signal }) =>
        api.get<Page<Person>>(
          '/api/org/persons',
          { q: q || undefined, tag: q ? undefined : 'elderly_alone', limit: 20 },
          signal,
        ),
    }),
};

/** Request bodies, as the server's schemas take them. */
type CreateTargetBody = CareInput['TargetBody'];
type RecordVisitBody = CareInput['VisitBody'];

export const careCalls = {
  createTarget: (body: CreateTargetBody) => api.post<TargetDetail>('/api/care/targets', body),
  endCare: (targetId: number) => api.patch(`/api/care/targets/${targetId}`, { active: false }),
  setVisitPlan: (targetId: number, body: { everyDays: number; visitorUserId?: number }) =>
    api.put(`/api/care/targets/${targetId}/visit-plan`, body),
  /** A helper says the person is well (saw them, called, visited). */
  confirmCheck: (targetId: number, checkId: number, how: 'saw' | 'called' | 'visited') =>
    api.post(`/api/care/targets/${targetId}/checks/${checkId}/confirm`, { how }),
  /** A helper takes a missed check on: they are looking into it. */
  acknowledgeCheck: (targetId: number, checkId: number) =>
    api.post(`/api/care/targets/${targetId}/checks/${checkId}/acknowledge`, {}),
  recordVisit: (targetId: number | string, body: RecordVisitBody) =>
    api.post(`/api/care/targets/${targetId}/visits`, body),
};
