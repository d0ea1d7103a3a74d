import { queryOptions } from '@tanstack/react-query';
import { api } from '../api.ts';
import type { NotificationPage } from '../types.ts';

/** In-app notifications (站内通知): query keys, queries and calls. */
export const notificationsKeys = {
  all: ['notifications'] as const,
  latest: (limit: number) => [...notificationsKeys.all, 'latest', limit] as const,
};

export const notificationsQueries = {
  latest: (limit: number) =>
    queryOptions({
      queryKey: notificationsKeys.latest(limit),
      queryFn: ({ signal }) => api.get<NotificationPage>('/api/notifications', { limit }, signal),
    }),
};

export const notificationsCalls = {
  /** Marks the given notifications read, or all of them. */
  markRead: (ids?: number[]) => api.post('/api/notifications/read', ids ? { ids } : {}),
  unread: () => api.get<NotificationPage>('/api/notifications', { unread: 'true', limit: 200 }),
};
