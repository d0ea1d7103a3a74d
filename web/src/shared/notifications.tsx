import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from './api.ts';
import { useCoalesced, useLive } from './live.tsx';
import { useSession } from './session.tsx';
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

export function NotificationsProvider({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const signedIn = state.status === 'signed-in';
  const [page, setPage] = useState<{ items: AppNotification[]; unread: number } | undefined>();
  const [error, setError] = useState<unknown>();
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (!signedIn) {
      setPage(undefined);
      return;
    }
    const controller = new AbortController();
    api.get<NotificationPage>('/api/notifications', { limit: LATEST }, controller.signal).then(
      (result) => {
        setPage({ items: result.items, unread: result.unread });
        setError(undefined);
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setError(e);
      },
    );
    return () => controller.abort();
  }, [signedIn, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const reloadSoon = useCoalesced(reload, 300);
  useLive('notification', () => {
    // Count it at once so the badge moves with the pop-up; the list follows.
    setPage((p) => (p ? { ...p, unread: p.unread + 1 } : p));
    reloadSoon();
  });
  useLive('resync', reloadSoon);

  const markRead = useCallback(
    async (ids?: number[]) => {
      if (ids && ids.length === 0) return;
      setPage((p) =>
        p && {
          items: p.items.map((n) => (!ids || ids.includes(n.id) ? { ...n, read: true } : n)),
          unread: ids ? Math.max(0, p.unread - p.items.filter((n) => ids.includes(n.id) && !n.read).length) : 0,
        },
      );
      await api.post('/api/notifications/read', ids ? { ids } : {});
      reload();
    },
    [reload],
  );

  const markReadAbout = useCallback(
    async (entityType: string, entityId: number) => {
      const unread = await api.get<NotificationPage>('/api/notifications', { unread: 'true', limit: 200 });
      const ids = unread.items.filter((n) => n.entityType === entityType && n.entityId === String(entityId)).map((n) => n.id);
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
