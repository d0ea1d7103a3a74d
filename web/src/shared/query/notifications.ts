import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api } from '../api.ts';
import type { NotificationPage } from '../types.ts';

/** In-app notifications (站内通知): query keys, queries and calls. */
export const notificationsKeys = {
  all: ['notifications'] as const,
  latest: (limit: number) => [...notificationsKeys.all, 'latest', limit] as const,
  pages: (unreadOnly: boolean) => [...notificationsKeys.all, 'pages', unreadOnly] as const,
};

export const notificationsQueries = {
  latest: (limit: number) =>
    queryOptions({
      queryKey: notificationsKeys.latest(limit),
      queryFn: ({ signal }) => api.get<NotificationPage>('/api/notifications', { limit }, signal),
    }),
  /** The whole list, a page at a time (the phone's 消息 screen). */
  pages: (unreadOnly: boolean) =>
    infiniteQueryOptions({
      queryKey: notificationsKeys.pages(unreadOnly),
      queryFn: ({ pageParam, signal }) =>
        api.get<NotificationPage>(
          '/api/notifications',
          { limit: 20, cursor: pageParam, unread: unreadOnly ? 'true' : undefined },
          signal,
        ),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    }),
};

export const notificationsCalls = {
  /** Marks the given notifications read, or all of them. */
  markRead: (ids?: number[]) => api.post('/api/notifications/read', ids ? { ids } : {}),
  unread: () => api.get<NotificationPage>('/api/notifications', { unread: 'true', limit: 200 }),
};
