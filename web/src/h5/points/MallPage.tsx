import { Button, Dialog, ErrorBlock, InfiniteScroll, Popup, PullToRefresh, SearchBar, Toast } from 'antd-mobile';
import { EnvironmentOutline, PhoneFill } from 'antd-mobile-icons';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDistance } from '../../shared/matters.ts';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../../shared/api.ts';
import { formatFen, newIdempotencyKey, reasonOf } from '../../shared/points.ts';
import { pointsCalls, pointsKeys, pointsQueries } from '../../shared/query/points.ts';
import type { ShopItem } from '../../shared/types.ts';
import { useMyBoard } from '../useMyBoard.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';

/** One confirmation of one exchange: its key is made when the sheet opens and kept for retries. */
interface Pending {
  item: ShopItem;
  key: string;
}

/** 积分商城: the merchants (爱心商户) and what they take points for; exchange with a confirmation. */
export default function MallPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const board = useMyBoard();
  const home = board.data?.board?.community.id;
  const [q, setQ] = useState('');
  const queryClient = useQueryClient();
  const account = useQuery(pointsQueries.me());
  const items = useQuery(pointsQueries.items());
  const merchants = useInfiniteQuery(pointsQueries.merchantPages({ q, limit: 20 }));
  const merchantList = merchants.data?.pages.flatMap((page) => page.items);
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);

  const itemsOf = useMemo(() => {
    const map = new Map<number, ShopItem[]>();
    for (const item of items.data?.items ?? []) map.set(item.merchantId, [...(map.get(item.merchantId) ?? []), item]);
    return map;
  }, [items.data]);
  // As the server ranks the items: what can be redeemed here, one's own community, then the nearest.
  const shown = useMemo(() => {
    const rank = new Map<number, number>();
    (items.data?.items ?? []).forEach((item, index) => {
      if (!rank.has(item.merchantId)) rank.set(item.merchantId, index);
    });
    const rankOf = (m: { id: number; communityId: number }) =>
      rank.get(m.id) ?? (m.communityId === home ? -1 : Number.MAX_SAFE_INTEGER);
    return [...(merchantList ?? [])].filter((m) => m.active).sort((a, b) => rankOf(a) - rankOf(b));
  }, [merchantList, items.data, home]);
  const balance = account.data?.balance;

  const exchange = async () => {
    if (!pending || busy) return;
    setBusy(true);
    try {
      const voucher = await pointsCalls.buyVoucher({ itemId: pending.item.id, idempotencyKey: pending.key });
      setPending(null);
      void queryClient.invalidateQueries({ queryKey: pointsKeys.all });
      Toast.show({ icon: 'success', content: t('points.h5.exchanged') });
      navigate(`/points/vouchers/${voucher.id}`, { state: { voucher } });
    } catch (error) {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
        // Refused (not enough points, changed, sold out): this confirmation is over; a new one gets a new key.
        setPending(null);
        void queryClient.invalidateQueries({ queryKey: pointsKeys.all });
        await Dialog.alert({
          title: t('points.h5.exchangeRefused'),
          content: reasonOf(error),
          confirmText: t('common.confirm'),
        });
      } else {
        // Unknown outcome (network): the same key on a retry cannot spend twice.
        Toast.show({ icon: 'fail', content: t('points.h5.exchangeRetry', { message: reasonOf(error) }) });
      }
    } finally {
      setBusy(false);
    }
  };

  let content: ReactNode;
  if ((merchants.error && !merchantList) || (items.error && !items.data)) {
    content = (
      <LoadFailed
        error={merchants.error ?? items.error}
        onRetry={() => {
          void items.refetch();
          void merchants.refetch();
        }}
      />
    );
  } else if (!merchantList || !items.data) {
    content = <ListSkeleton />;
  } else if (shown.length === 0) {
    content = <ErrorBlock status="empty" title={q ? t('points.h5.noMerchantsFound') : t('points.h5.noMerchants')} />;
  } else {
    content = (
      <>
        {shown.map((m) => {
          const reach = itemsOf.get(m.id)?.[0];
          return (
            <section key={m.id} className="h5-card h5-merchant" data-testid={`merchant-${m.id}`}>
              <div className="h5-merchant-name">
                {m.name}
                {reach?.ownCommunity && <span className="h5-merchant-reach">{t('points.h5.ownCommunity')}</span>}
                {reach && !reach.ownCommunity && reach.distanceMeters !== null && (
                  <span className="h5-merchant-reach">{formatDistance(t, reach.distanceMeters)}</span>
                )}
              </div>
              {reach && !reach.redeemable && (
                <div className="h5-small h5-merchant-elsewhere">{t('points.h5.elsewhere')}</div>
              )}
              <div className="h5-muted h5-small h5-merchant-meta">
                {m.address && (
                  <span>
                    <EnvironmentOutline /> {m.address}
                  </span>
                )}
                {m.phone && (
                  <a href={`tel:${m.phone}`}>
                    <PhoneFill /> {m.phone}
                  </a>
                )}
              </div>
              <ul className="h5-items">
                {(itemsOf.get(m.id) ?? []).length === 0 && <li className="h5-muted">{t('points.h5.noItems')}</li>}
                {(itemsOf.get(m.id) ?? []).map((item) => {
                  const soldOut = item.stock !== null && item.stock <= 0;
                  const short = balance !== undefined && balance < item.pricePoints;
                  return (
                    <li key={item.id} className="h5-item" data-testid={`item-${item.name}`}>
                      <div className="h5-item-text">
                        <div className="h5-item-name">{item.name}</div>
                        {item.description && <div className="h5-muted h5-small">{item.description}</div>}
                        <div className="h5-small h5-item-meta">
                          <span className="h5-item-price">{t('points.pointsValue', { points: item.pricePoints })}</span>
                          <span className="h5-muted">
                            {t('points.h5.worth', { value: formatFen(item.cashValueFen) })}
                          </span>
                          {item.stock !== null && (
                            <span className="h5-muted">{t('points.h5.stock', { count: item.stock })}</span>
                          )}
                        </div>
                      </div>
                      <Button
                        size="small"
                        color="primary"
                        shape="rounded"
                        disabled={!item.redeemable || soldOut || short || balance === undefined}
                        onClick={() => setPending({ item, key: newIdempotencyKey('ex') })}
                      >
                        {!item.redeemable
                          ? t('points.h5.notHere')
                          : soldOut
                            ? t('points.h5.soldOut')
                            : short
                              ? t('points.h5.notEnough')
                              : t('points.h5.exchange')}
                      </Button>
                    </li>
                  );
                })}
              </ul>
            </section>
          );
        })}
        <InfiniteScroll
          loadMore={async () => void (await merchants.fetchNextPage({ throwOnError: true }))}
          hasMore={merchants.hasNextPage}
        />
      </>
    );
  }

  return (
    <div className="h5-page">
      <PageNavBar
        title={t('points.h5.entries.mall')}
        onBack={() => navigate(-1)}
        right={
          <span className="h5-nav-right" onClick={() => navigate('/points/vouchers')}>
            {t('points.h5.entries.vouchers')}
          </span>
        }
      />
      <div className="h5-mall-top">
        <span>
          {t('points.h5.available')} <strong data-testid="mall-balance">{balance ?? '—'}</strong>
        </span>
        <SearchBar
          placeholder={t('points.h5.searchMerchants')}
          onSearch={(value) => setQ(value.trim())}
          onClear={() => setQ('')}
          className="h5-mall-search"
        />
      </div>
      <PullToRefresh
        onRefresh={async () => {
          await Promise.all([account.refetch(), items.refetch(), merchants.refetch()]);
        }}
      >
        {content}
      </PullToRefresh>

      <Popup
        visible={pending !== null}
        onMaskClick={() => !busy && setPending(null)}
        bodyClassName="h5-sheet"
        destroyOnClose
      >
        {pending && (
          <div data-testid="exchange-sheet">
            <div className="h5-sheet-title">{t('points.h5.confirmTitle')}</div>
            <p className="h5-muted h5-sheet-text">{t('points.h5.confirmBody')}</p>
            <dl className="h5-facts">
              <dt>{t('points.h5.item')}</dt>
              <dd>{pending.item.name}</dd>
              <dt>{t('points.h5.merchant')}</dt>
              <dd>{pending.item.merchantName}</dd>
              <dt>{t('points.h5.price')}</dt>
              <dd className="h5-item-price">{t('points.pointsValue', { points: pending.item.pricePoints })}</dd>
              <dt>{t('points.h5.after')}</dt>
              <dd>{balance !== undefined ? balance - pending.item.pricePoints : '—'}</dd>
            </dl>
            <Button
              block
              color="primary"
              size="large"
              loading={busy}
              disabled={busy}
              onClick={() => void exchange()}
              data-testid="exchange-confirm"
            >
              {t('points.h5.confirmExchange')}
            </Button>
            <Button block fill="none" disabled={busy} onClick={() => setPending(null)}>
              {t('common.cancel')}
            </Button>
          </div>
        )}
      </Popup>
    </div>
  );
}
