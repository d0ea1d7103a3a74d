import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { useLive } from './live.tsx';
import { notificationsCalls, notificationsKeys, notificationsQueries } from './query/notifications.ts';
import { activeUser, useSession } from './session.tsx';
import type { AppNotification, NotificationPage } from './types.ts';

/** In-app notifications (站内通知): the unread count and the latest ones, kept fresh by the live stream. */
interface Notifications {
  unread: number;
  /** The latest notifications, newest first; undefined until loaded. */
  items: AppNotification[] | undefined;
  error: unknown;
  reload: () => void;
  /** Marks the given notifications read, or all of them. */
  markRead: (ids?: number[]) => Promise<void>;
  /** Marks read what was said about one matter, once its page has been seen. */
  markReadAbout: (entityType: string, entityId: number) => Promise<void>;
}

const NotificationsContext = createContext<Notifications | null>(null);
const LATEST = 20;
const latest = notificationsQueries.latest(LATEST);

export function NotificationsProvider({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const queryClient = useQueryClient();
  const { data: page, error, refetch } = useQuery({ ...latest, enabled: activeUser(state) !== null });

  // Count a new one at once so the badge moves with the pop-up; the list follows (LiveInvalidation).
  useLive('notification', () => {
    queryClient.setQueryData<NotificationPage>(latest.queryKey, (p) => (p ? { ...p, unread: p.unread + 1 } : p));
  });

  const reload = useCallback(() => void refetch(), [refetch]);

  const markRead = useCallback(
    async (ids?: number[]) => {
      if (ids && ids.length === 0) return;
      queryClient.setQueryData<NotificationPage>(latest.queryKey, (p) =>
        p
          ? {
              ...p,
              items: p.items.map((n) => (!ids || ids.includes(n.id) ? { ...n, read: true } : n)),
              unread: ids ? Math.max(0, p.unread - p.items.filter((n) => ids.includes(n.id) && !n.read).length) : 0,
            }
          : p,
      );
      await notificationsCalls.markRead(ids);
      await queryClient.invalidateQueries({ queryKey: notificationsKeys.all });
    },
    [queryClient],
  );

  const markReadAbout = useCallback(
    async (entityType: string, entityId: number) => {
      const unread = await notificationsCalls.unread();
      const ids = unread.items
        .filter((n) => n.entityType === entityType && n.entityId === String(entityId))
        .map((n) => n.id);
      if (ids.length) await markRead(ids);
    },
    [markRead],
  );

  const value = useMemo(
    () => ({ unread: page?.unread ?? 0, items: page?.items, error, reload, markRead, markReadAbout }),
    [page, error, reload, markRead, markReadAbout],
  );
  return <NotificationsContext.Provider value={value}>{children}</NotificationsContext.Provider>;
}

export function useNotifications(): Notifications {
  const value = useContext(NotificationsContext);
  if (!value) throw new Error('useNotifications outside NotificationsProvider');
  return value;
}
