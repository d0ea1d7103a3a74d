import { useInfiniteQuery } from '@tanstack/react-query';
import { Badge, Button, CapsuleTabs, ErrorBlock, InfiniteScroll, PullToRefresh } from 'antd-mobile';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useNotifications } from '../../shared/notifications.tsx';
import { notificationsQueries } from '../../shared/query/notifications.ts';
import { formatDateTime } from '../../shared/time.ts';
import type { AppNotification } from '../../shared/types.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';

/** Where a notification's link (written for the console) leads on the phone, if anywhere. */
export function phoneLink(link: string): string | null {
  const matter = /^\/matters\/(\d+)$/.exec(link);
  if (matter) return `/matters/${matter[1]}`;
  const topic = /^\/deliberation\/topics\/(\d+)$/.exec(link);
  if (topic) return `/deliberation/topics/${topic[1]}`;
  const vote = /^\/deliberation\/votes\/(\d+)$/.exec(link);
  if (vote) return `/deliberation/votes/${vote[1]}`;
  if (link.startsWith('/mediation/cases/')) return '/mediation/mine';
  if (link.startsWith('/deliberation/bookings') || link.startsWith('/deliberation/desks/')) return '/consult';
  if (link.startsWith('/care/')) return '/care';
  return null;
}

/** 消息: every notification of mine, newest first; reading one marks it read and opens what it is about. */
export default function NotificationsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const { unread, markRead } = useNotifications();
  const list = useInfiniteQuery(notificationsQueries.pages(unreadOnly));
  const items = list.data?.pages.flatMap((page) => page.items);

  const open = async (n: AppNotification) => {
    if (!n.read) await markRead([n.id]);
    const to = phoneLink(n.link);
    if (to) navigate(to);
  };

  let content: ReactNode;
  if (list.error && !items) {
    content = <LoadFailed error={list.error} onRetry={() => void list.refetch()} />;
  } else if (!items) {
    content = <ListSkeleton />;
  } else if (items.length === 0) {
    content = (
      <ErrorBlock
        status="empty"
        title={unreadOnly ? t('h5.notifications.noneUnread') : t('h5.notifications.none')}
        description={t('h5.notifications.noneHint')}
      />
    );
  } else {
    content = (
      <>
        <ul className="h5-notifications" data-testid="notifications">
          {items.map((n) => (
            <li key={n.id} className={n.read ? 'h5-notification' : 'h5-notification h5-notification-unread'}>
              <button type="button" onClick={() => void open(n)}>
                <div className="h5-notification-top">
                  {!n.read && <Badge content={Badge.dot} />}
                  <span className="h5-notification-title">{n.title}</span>
                  <span className="h5-muted h5-small">{formatDateTime(n.createdAt)}</span>
                </div>
                {n.body && <div className="h5-notification-body">{n.body}</div>}
              </button>
            </li>
          ))}
        </ul>
        <InfiniteScroll
          loadMore={async () => void (await list.fetchNextPage({ throwOnError: true }))}
          hasMore={list.hasNextPage}
        />
      </>
    );
  }

  return (
    <div className="h5-page">
      <PageNavBar
        title={t('h5.notifications.title')}
        onBack={() => navigate(-1)}
        right={
          unread > 0 && (
            <Button size="mini" fill="none" className="h5-nav-right" onClick={() => void markRead()}>
              {t('h5.notifications.readAll')}
            </Button>
          )
        }
      />
      <CapsuleTabs
        activeKey={unreadOnly ? 'unread' : 'all'}
        onChange={(key) => setUnreadOnly(key === 'unread')}
        className="h5-capsules"
      >
        <CapsuleTabs.Tab key="all" title={t('h5.notifications.all')} />
        <CapsuleTabs.Tab key="unread" title={t('h5.notifications.unread', { count: unread })} />
      </CapsuleTabs>
      <PullToRefresh onRefresh={async () => void (await list.refetch())}>{content}</PullToRefresh>
    </div>
  );
}
