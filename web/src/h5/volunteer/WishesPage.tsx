import {
  Button,
  CapsuleTabs,
  Dialog,
  ErrorBlock,
  Image,
  InfiniteScroll,
  Popup,
  PullToRefresh,
  Toast,
  type ImageUploadItem,
} from 'antd-mobile';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../../shared/api.ts';
import { WISH_STATUS_COLORS, reasonOf } from '../../shared/points.ts';
import { useMe } from '../../shared/session.tsx';
import { formatDateTime } from '../../shared/time.ts';
import { volunteerCalls, volunteerKeys, volunteerQueries } from '../../shared/query/volunteer.ts';
import type { Wish, WishStatus } from '../../shared/types.ts';
import { PhotoPicker, photoTokensOf } from '../matters/PhotoPicker.tsx';
import { ColorTag } from '../components/ColorTag.tsx';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';

const FILTERS: ('all' | WishStatus)[] = ['open', 'claimed', 'fulfilled', 'all'];

/** 微心愿: wishes posted for residents in need; a volunteer claims one and fulfils it with a photo. */
export default function WishesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const [filter, setFilter] = useState<'all' | WishStatus>('open');
  const queryClient = useQueryClient();
  const list = useInfiniteQuery(
    volunteerQueries.wishPages({ status: filter === 'all' ? undefined : filter, limit: 20 }),
  );
  const items = list.data?.pages.flatMap((page) => page.items);
  const [fulfilling, setFulfilling] = useState<Wish | null>(null);

  const move = async (wish: Wish, action: 'claim' | 'fulfil', body: unknown, done: string) => {
    try {
      await volunteerCalls.wishAction(wish.id, action, body);
      Toast.show({ icon: 'success', content: done });
      await queryClient.invalidateQueries({ queryKey: volunteerKeys.all });
      return true;
    } catch (error) {
      Toast.show({ icon: 'fail', content: reasonOf(error) });
      if (error instanceof ApiError && error.status === 409)
        await queryClient.invalidateQueries({ queryKey: volunteerKeys.all });
      return false;
    }
  };

  let content: ReactNode;
  if (list.error && !items) content = <LoadFailed error={list.error} onRetry={() => void list.refetch()} />;
  else if (!items) content = <ListSkeleton />;
  else if (items.length === 0) content = <ErrorBlock status="empty" title={t('volunteer.h5.noWishes')} />;
  else
    content = (
      <>
        <ul className="h5-plain-list" data-testid="wishes">
          {items.map((w) => (
            <li key={w.id} className="h5-card h5-wish" data-testid={`wish-${w.id}`}>
              <div className="h5-activity-top">
                <span className="h5-activity-title">{w.title}</span>
                <ColorTag color={WISH_STATUS_COLORS[w.status]}>{t(`volunteer.wishStatus.${w.status}`)}</ColorTag>
              </div>
              <div className="h5-small h5-wish-for">{t('volunteer.h5.wishFor', { label: w.beneficiaryLabel })}</div>
              {w.description && <div className="h5-deed-text">{w.description}</div>}
              <div className="h5-muted h5-small">
                {w.claimedByUnit
                  ? t('volunteer.h5.claimedByUnit', { unit: w.claimedByUnit })
                  : w.claimedByUserId === me.id
                    ? t('volunteer.h5.claimedByMe')
                    : w.claimedByUserId
                      ? t('volunteer.h5.claimedBySomeone')
                      : t('volunteer.h5.postedAt', { at: formatDateTime(w.createdAt).slice(0, 10) })}
              </div>
              {w.fulfilmentPhotos.length > 0 && (
                <div className="h5-photos">
                  {w.fulfilmentPhotos.map((p) => (
                    <Image
                      key={p.url}
                      src={p.thumbnailUrl}
                      width={64}
                      height={64}
                      fit="cover"
                      className="h5-photo"
                      lazy
                    />
                  ))}
                </div>
              )}
              {w.thanksNote && <div className="h5-wish-thanks">{w.thanksNote}</div>}
              {w.status === 'open' && (
                <div className="h5-signup-actions">
                  <Button
                    size="small"
                    color="primary"
                    shape="rounded"
                    onClick={async () => {
                      if (
                        await Dialog.confirm({
                          content: t('volunteer.h5.claimConfirm', { title: w.title }),
                          confirmText: t('volunteer.h5.claim'),
                          cancelText: t('common.cancel'),
                        })
                      ) {
                        await move(w, 'claim', {}, t('volunteer.h5.claimed'));
                      }
                    }}
                  >
                    {t('volunteer.h5.claim')}
                  </Button>
                </div>
              )}
              {w.status === 'claimed' && w.claimedByUserId === me.id && (
                <div className="h5-signup-actions">
                  <Button size="small" color="primary" shape="rounded" onClick={() => setFulfilling(w)}>
                    {t('volunteer.h5.fulfil')}
                  </Button>
                </div>
              )}
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
      <PageNavBar title={t('points.h5.entries.wishes')} onBack={() => navigate(-1)} />
      <p className="h5-page-intro">{t('volunteer.h5.wishesIntro')}</p>
      <CapsuleTabs activeKey={filter} onChange={(key) => setFilter(key as 'all' | WishStatus)} className="h5-capsules">
        {FILTERS.map((f) => (
          <CapsuleTabs.Tab key={f} title={f === 'all' ? t('common.all') : t(`volunteer.wishStatus.${f}`)} />
        ))}
      </CapsuleTabs>
      <PullToRefresh onRefresh={async () => void (await list.refetch())}>{content}</PullToRefresh>
      <FulfilSheet
        wish={fulfilling}
        onClose={() => setFulfilling(null)}
        onSubmit={async (photos) => {
          if (fulfilling === null || !(await move(fulfilling, 'fulfil', { photos }, t('volunteer.h5.fulfilled'))))
            return false;
          setFulfilling(null);
          return true;
        }}
      />
    </div>
  );
}

function FulfilSheet({
  wish,
  onClose,
  onSubmit,
}: {
  wish: Wish | null;
  onClose: () => void;
  onSubmit: (photos: string[]) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [photos, setPhotos] = useState<ImageUploadItem[]>([]);
  const [uploading, setUploading] = useState(false);
  const [busy, setBusy] = useState(false);
  const tokens = photoTokensOf(photos);
  return (
    <Popup
      visible={wish !== null}
      onMaskClick={onClose}
      bodyClassName="h5-sheet"
      destroyOnClose
      afterClose={() => setPhotos([])}
    >
      <div className="h5-sheet-title">{t('volunteer.h5.fulfilTitle')}</div>
      <p className="h5-muted h5-sheet-text">{t('volunteer.h5.fulfilHint', { title: wish?.title ?? '' })}</p>
      <div className="h5-sheet-photos">
        <PhotoPicker value={photos} onChange={setPhotos} onBusy={setUploading} />
      </div>
      <Button
        block
        color="primary"
        size="large"
        loading={busy}
        disabled={uploading || tokens.length === 0}
        onClick={async () => {
          setBusy(true);
          await onSubmit(tokens);
          setBusy(false);
        }}
      >
        {t('volunteer.h5.fulfilSubmit')}
      </Button>
    </Popup>
  );
}
