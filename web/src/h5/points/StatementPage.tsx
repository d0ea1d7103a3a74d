import { ErrorBlock, InfiniteScroll, PullToRefresh } from 'antd-mobile';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { formatPoints, POSTING_KIND_COLORS, postingKindLabel } from '../../shared/points.ts';
import { formatDateTime } from '../../shared/time.ts';
import { pointsQueries } from '../../shared/query/points.ts';
import { ColorTag } from '../components/ColorTag.tsx';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import type { ReactNode } from 'react';
import { PageNavBar } from '../components/PageNavBar.tsx';

const PAGE = 20;

/** 积分明细: every posting, newest first, with the balance it left, as a bank statement. */
export default function StatementPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const account = useQuery(pointsQueries.me());
  const list = useInfiniteQuery(pointsQueries.myStatement(PAGE));
  const items = list.data?.pages.flatMap((page) => page.items);

  let content: ReactNode;
  if (list.error && !items) content = <LoadFailed error={list.error} onRetry={() => void list.refetch()} />;
  else if (!items) content = <ListSkeleton />;
  else if (items.length === 0)
    content = <ErrorBlock status="empty" title={t('points.h5.noPostings')} description={t('points.h5.howToEarn')} />;
  else
    content = (
      <>
        <ul className="h5-statement" data-testid="statement">
          {items.map((line) => (
            <li key={line.id} className="h5-statement-line" data-testid="statement-line">
              <div className="h5-statement-main">
                <div className="h5-statement-memo">{line.memo || postingKindLabel(t, line.kind)}</div>
                <div className="h5-muted h5-small">
                  <ColorTag color={POSTING_KIND_COLORS[line.kind]}>{postingKindLabel(t, line.kind)}</ColorTag>{' '}
                  {formatDateTime(line.at).slice(0, 16)}
                </div>
              </div>
              <div className="h5-statement-numbers">
                <div className={`h5-statement-amount ${line.amount > 0 ? 'h5-plus' : 'h5-minus'}`}>
                  {formatPoints(line.amount)}
                </div>
                <div className="h5-muted h5-small">{t('points.h5.balanceAfter', { points: line.balanceAfter })}</div>
              </div>
            </li>
          ))}
        </ul>
        <InfiniteScroll
          loadMore={async () => void (await list.fetchNextPage({ throwOnError: true }))}
          hasMore={list.hasNextPage}
        />
      </>
    );

  return (
    <div className="h5-page">
      <PageNavBar title={t('points.h5.entries.statement')} onBack={() => navigate(-1)} />
      <div className="h5-statement-head">
        <div>
          <div className="h5-muted">{t('points.h5.balance')}</div>
          <strong data-testid="statement-balance">{account.data?.balance ?? '—'}</strong>
        </div>
        <div>
          <div className="h5-muted">{t('points.h5.heldLabel')}</div>
          <strong>{account.data?.held ?? '—'}</strong>
        </div>
      </div>
      <PullToRefresh
        onRefresh={async () => {
          await Promise.all([account.refetch(), list.refetch()]);
        }}
      >
        {content}
      </PullToRefresh>
    </div>
  );
}
