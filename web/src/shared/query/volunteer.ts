import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { AdminVolunteerStats } from '../../admin/points/types.ts';
import { api, type Query } from '../api.ts';
import type {
  Activity,
  CheckinCode,
  GoodDeed,
  MySignups,
  Page,
  Project,
  ProjectSummary,
  Team,
  TeamSummary,
  Wish,
} from '../types.ts';

/**
 * Volunteering (志愿): teams, activities and their hours, good deeds (好人好事), micro-wishes
 * (微心愿), projects (项目认领), stats. Every key starts with volunteerKeys.all. Approved hours and
 * verified good deeds earn points: after those, the points keys are stale too.
 */
export const volunteerKeys = {
  all: ['volunteer'] as const,
  stats: (query: Query) => [...volunteerKeys.all, 'stats', query] as const,
  teams: (query: Query) => [...volunteerKeys.all, 'teams', query] as const,
  team: (id: number) => [...volunteerKeys.all, 'teams', 'one', id] as const,
  ledTeams: () => [...volunteerKeys.all, 'teams', 'led'] as const,
  activities: (query: Query) => [...volunteerKeys.all, 'activities', query] as const,
  activityPages: (query: Query) => [...volunteerKeys.all, 'activities', 'pages', query] as const,
  myActivities: () => [...volunteerKeys.all, 'activities', 'mine'] as const,
  activity: (id: number) => [...volunteerKeys.all, 'activities', 'one', id] as const,
  checkinCode: (activityId: number) => [...volunteerKeys.all, 'activities', 'one', activityId, 'code'] as const,
  goodDeeds: (query: Query) => [...volunteerKeys.all, 'good-deeds', query] as const,
  goodDeedPages: (query: Query) => [...volunteerKeys.all, 'good-deeds', 'pages', query] as const,
  wishes: (query: Query) => [...volunteerKeys.all, 'wishes', query] as const,
  wishPages: (query: Query) => [...volunteerKeys.all, 'wishes', 'pages', query] as const,
  projects: (query: Query) => [...volunteerKeys.all, 'projects', query] as const,
  project: (id: number) => [...volunteerKeys.all, 'projects', 'one', id] as const,
};

const nextCursor = (page: Page<unknown>) => page.nextCursor ?? undefined;

export const volunteerQueries = {
  stats: (query: Query) =>
    queryOptions({
      queryKey: volunteerKeys.stats(query),
      queryFn: ({ signal }) => api.get<AdminVolunteerStats>('/api/volunteer/stats', query, signal),
    }),
  teams: (query: Query = {}) =>
    queryOptions({
      queryKey: volunteerKeys.teams(query),
      queryFn: ({ signal }) => api.get<{ items: TeamSummary[] }>('/api/volunteer/teams', query, signal),
    }),
  team: (id: number) =>
    queryOptions({
      queryKey: volunteerKeys.team(id),
      queryFn: ({ signal }) => api.get<Team>(`/api/volunteer/teams/${id}`, undefined, signal),
    }),
  /**
   * The teams the signed-in user leads (they may announce activities for them). The list does
   * not say one's role, so each team of the area is asked; an area has few.
   */
  ledTeams: () =>
    queryOptions({
      queryKey: volunteerKeys.ledTeams(),
      queryFn: async ({ signal }) => {
        const { items } = await api.get<{ items: TeamSummary[] }>('/api/volunteer/teams', undefined, signal);
        const details = await Promise.all(
          items.map((team) => api.get<Team>(`/api/volunteer/teams/${team.id}`, undefined, signal).catch(() => null)),
        );
        return details.filter((team): team is Team => team?.myRole === 'leader');
      },
    }),
  activities: (query: Query) =>
    queryOptions({
      queryKey: volunteerKeys.activities(query),
      queryFn: ({ signal }) => api.get<Page<Activity>>('/api/volunteer/activities', query, signal),
    }),
  /** Activities page after page (infinite scroll). */
  activityPages: (query: Query) =>
    infiniteQueryOptions({
      queryKey: volunteerKeys.activityPages(query),
      queryFn: ({ pageParam, signal }) =>
        api.get<Page<Activity>>('/api/volunteer/activities', { ...query, cursor: pageParam }, signal),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: nextCursor,
    }),
  /** The signed-in person's sign-ups and hours. */
  myActivities: () =>
    queryOptions({
      queryKey: volunteerKeys.myActivities(),
      queryFn: ({ signal }) => api.get<MySignups>('/api/volunteer/activities/mine', undefined, signal),
    }),
  activity: (id: number) =>
    queryOptions({
      queryKey: volunteerKeys.activity(id),
      queryFn: ({ signal }) => api.get<Activity>(`/api/volunteer/activities/${id}`, undefined, signal),
    }),
  /** The activity's rotating check-in code (for its leader); `at` is when it was fetched. */
  checkinCode: (activityId: number) =>
    queryOptions({
      queryKey: volunteerKeys.checkinCode(activityId),
      queryFn: ({ signal }) =>
        api
          .get<CheckinCode>(`/api/volunteer/activities/${activityId}/code`, undefined, signal)
          .then((code) => ({ ...code, at: Date.now() })),
      staleTime: 0,
    }),
  goodDeeds: (query: Query) =>
    queryOptions({
      queryKey: volunteerKeys.goodDeeds(query),
      queryFn: ({ signal }) => api.get<Page<GoodDeed>>('/api/volunteer/good-deeds', query, signal),
    }),
  goodDeedPages: (query: Query) =>
    infiniteQueryOptions({
      queryKey: volunteerKeys.goodDeedPages(query),
      queryFn: ({ pageParam, signal }) =>
        api.get<Page<GoodDeed>>('/api/volunteer/good-deeds', { ...query, cursor: pageParam }, signal),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: nextCursor,
    }),
  wishes: (query: Query) =>
    queryOptions({
      queryKey: volunteerKeys.wishes(query),
      queryFn: ({ signal }) => api.get<Page<Wish>>('/api/volunteer/wishes', query, signal),
    }),
  wishPages: (query: Query) =>
    infiniteQueryOptions({
      queryKey: volunteerKeys.wishPages(query),
      queryFn: ({ pageParam, signal }) =>
        api.get<Page<Wish>>('/api/volunteer/wishes', { ...query, cursor: pageParam }, signal),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: nextCursor,
    }),
  projects: (query: Query) =>
    queryOptions({
      queryKey: volunteerKeys.projects(query),
      queryFn: ({ signal }) => api.get<Page<ProjectSummary>>('/api/volunteer/projects', query, signal),
    }),
  project: (id: number) =>
    queryOptions({
      queryKey: volunteerKeys.project(id),
      queryFn: ({ signal }) => api.get<Project>(`/api/volunteer/projects/${id}`, undefined, signal),
    }),
};

export const volunteerCalls = {
  createTeam: (body: object) => api.post<Team>('/api/volunteer/teams', body),
  setMember: (teamId: number, body: { userId: number; role: 'leader' | 'member' }) =>
    api.post(`/api/volunteer/teams/${teamId}/members`, body),
  removeMember: (teamId: number, userId: number) => api.delete(`/api/volunteer/teams/${teamId}/members/${userId}`),
  createActivity: (body: object) => api.post<Activity>('/api/volunteer/activities', body),
  /** An action on an activity by its path (signup, cancel, checkin, checkout, …); answers the activity as it now stands. */
  activityAction: (id: number, path: string, body?: unknown) =>
    api.post<Activity>(`/api/volunteer/activities/${id}/${path}`, body),
  recordHours: (activityId: number, body: { userId: number; approve: boolean; minutes?: number }) =>
    api.post(`/api/volunteer/activities/${activityId}/hours`, body),
  createGoodDeed: (body: object) => api.post<GoodDeed>('/api/volunteer/good-deeds', body),
  decideGoodDeed: (id: number, body: { verify: boolean; note: string }) =>
    api.post(`/api/volunteer/good-deeds/${id}/decide`, body),
  createWish: (body: object) => api.post<Wish>('/api/volunteer/wishes', body),
  /** An action on a wish (claim, fulfil, …). */
  wishAction: (id: number, action: string, body?: unknown) =>
    api.post<Wish>(`/api/volunteer/wishes/${id}/${action}`, body),
  createProject: (body: object) => api.post<Project>('/api/volunteer/projects', body),
  updateProject: (id: number, body: object) => api.post(`/api/volunteer/projects/${id}/updates`, body),
};
