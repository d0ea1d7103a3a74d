import { Button, ErrorBlock, InfiniteScroll, PullToRefresh } from 'antd-mobile';
import { RightOutline } from 'antd-mobile-icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { formatFen, VOUCHER_STATUS_COLORS, voucherStatusLabel } from '../../shared/points.ts';
import { formatDateTime } from '../../shared/time.ts';
import { pointsQueries } from '../../shared/query/points.ts';
import { ColorTag } from '../components/ColorTag.tsx';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import type { ReactNode } from 'react';
import { PageNavBar } from '../components/PageNavBar.tsx';

/** 我的券: vouchers, newest first; the held ones are ready to show at the merchant. */
export default function VouchersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useInfiniteQuery(pointsQueries.vouchers(20));
  const items = list.data?.pages.flatMap((page) => page.items);

  let content: ReactNode;
  if (list.error && !items) content = <LoadFailed error={list.error} onRetry={() => void list.refetch()} />;
  else if (!items) content = <ListSkeleton />;
  else if (items.length === 0)
    content = (
      <ErrorBlock status="empty" title={t('points.h5.noVouchers')} description={t('points.h5.noVouchersHint')}>
        <Button color="primary" shape="rounded" onClick={() => navigate('/points/mall')}>
          {t('points.h5.goMall')}
        </Button>
      </ErrorBlock>
    );
  else
    content = (
      <>
        <ul className="h5-vouchers" data-testid="vouchers">
          {items.map((v) => (
            <li
              key={v.id}
              className={`h5-voucher-card${v.status === 'held' ? '' : ' h5-voucher-used'}`}
              onClick={() => navigate(`/points/vouchers/${v.id}`, { state: { voucher: v } })}
              data-testid={`voucher-${v.id}`}
            >
              <div className="h5-voucher-value">
                <strong>{formatFen(v.cashValueFen)}</strong>
                <span>{t('points.pointsValue', { points: v.points })}</span>
              </div>
              <div className="h5-voucher-body">
                <div className="h5-voucher-top">
                  <span className="h5-voucher-name">{v.itemName}</span>
                  <ColorTag color={VOUCHER_STATUS_COLORS[v.status]}>{voucherStatusLabel(t, v.status)}</ColorTag>
                </div>
                <div className="h5-muted h5-small">{v.merchantName}</div>
                <div className="h5-muted h5-small">
                  {v.status === 'redeemed' && v.redeemedAt
                    ? t('points.h5.redeemedAt', { at: formatDateTime(v.redeemedAt).slice(0, 16) })
                    : t('points.h5.expiresAt', { at: formatDateTime(v.expiresAt).slice(0, 16) })}
                </div>
              </div>
              <RightOutline className="h5-voucher-arrow" />
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
      <PageNavBar title={t('points.h5.entries.vouchers')} onBack={() => navigate(-1)} />
      <PullToRefresh onRefresh={async () => void (await list.refetch())}>{content}</PullToRefresh>
    </div>
  );
}
