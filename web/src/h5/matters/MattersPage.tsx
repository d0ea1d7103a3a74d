import { Badge, Button, ErrorBlock, InfiniteScroll, PullToRefresh, Skeleton } from 'antd-mobile';
import { RightOutline } from 'antd-mobile-icons';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { useCoalesced, useLive } from '../../shared/live.tsx';
import { useNotifications } from '../../shared/notifications.tsx';
import { formatDateTime } from '../../shared/time.ts';
import type { MatterListItem } from '../../shared/types.ts';
import { MatterStatusTag } from '../matters/MatterStatusTag.tsx';
import { mattersCalls } from '../../shared/query/matters.ts';
import { PageNavBar } from '../components/PageNavBar.tsx';

const PAGE = 20;

/** 我的事项: what I reported or follow, newest first; kept fresh by the live stream. */
export default function MattersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { items: notifications } = useNotifications();
  const [items, setItems] = useState<MatterListItem[] | undefined>();
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const generation = useRef(0);

  const loadFirst = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const page = await mattersCalls.mine({ limit: PAGE });
      if (mine !== generation.current) return;
      setItems(page.items);
      setCursor(page.nextCursor);
      setError(undefined);
    } catch (e) {
      if (mine === generation.current) setError(e);
    }
  }, []);

  const loadMore = async () => {
    if (!cursor) return;
    const mine = generation.current;
    const page = await mattersCalls.mine({ limit: PAGE, cursor });
    if (mine !== generation.current) return;
    setItems((current) => [...(current ?? []), ...page.items.filter((m) => !current?.some((c) => c.id === m.id))]);
    setCursor(page.nextCursor);
  };

  useEffect(() => {
    void loadFirst();
  }, [loadFirst]);
  const refreshSoon = useCoalesced(() => void loadFirst(), 400);
  useLive('matter', refreshSoon);
  useLive('resync', refreshSoon);

  const unreadAbout = new Set(
    (notifications ?? []).filter((n) => !n.read && n.entityType === 'matter').map((n) => Number(n.entityId)),
  );

  let content: ReactNode;
  if (error !== undefined && !items) {
    content = (
      <ErrorBlock status="disconnected" title={t('common.loadFailed')} description={errorMessage(error)}>
        <Button size="small" color="primary" onClick={() => void loadFirst()}>
          {t('common.retry')}
        </Button>
      </ErrorBlock>
    );
  } else if (!items) {
    content = (
      <div className="h5-section">
        <Skeleton.Paragraph lineCount={8} animated />
      </div>
    );
  } else if (items.length === 0) {
    content = (
      <ErrorBlock status="empty" title={t('h5.matters.empty')} description={t('h5.matters.emptyHint')}>
        <Button color="primary" shape="rounded" onClick={() => navigate('/report')}>
          {t('h5.matters.goReport')}
        </Button>
      </ErrorBlock>
    );
  } else {
    content = (
      <>
        <ul className="h5-matters" data-testid="my-matters">
          {items.map((m) => (
            <li
              key={m.id}
              className="h5-matter-card"
              onClick={() => navigate(`/matters/${m.id}`)}
              data-testid={`my-matter-${m.code}`}
            >
              <div className="h5-matter-card-top">
                <span className="h5-matter-card-category">
                  {unreadAbout.has(m.id) ? (
                    <Badge content={Badge.dot} className="h5-matter-dot">
                      {m.category.name}
                    </Badge>
                  ) : (
                    m.category.name
                  )}
                </span>
                <MatterStatusTag status={m.status} />
              </div>
              <div className="h5-matter-card-text">{m.description}</div>
              <div className="h5-matter-card-foot">
                <span>
                  {m.code} · {formatDateTime(m.createdAt).slice(0, 16)}
                </span>
                <RightOutline />
              </div>
            </li>
          ))}
        </ul>
        <InfiniteScroll loadMore={loadMore} hasMore={Boolean(cursor)} />
      </>
    );
  }

  return (
    <div className="h5-page">
      <PageNavBar title={t('h5.matters.title')} />
      <PullToRefresh onRefresh={loadFirst}>{content}</PullToRefresh>
    </div>
  );
}
