import {
  Button,
  DatePicker,
  ErrorBlock,
  Image,
  InfiniteScroll,
  Input,
  Popup,
  PullToRefresh,
  TextArea,
  Toast,
  type ImageUploadItem,
} from 'antd-mobile';
import { AddOutline } from 'antd-mobile-icons';
import dayjs from 'dayjs';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { GOOD_DEED_STATUS_COLORS, reasonOf } from '../../shared/points.ts';
import { volunteerCalls, volunteerKeys, volunteerQueries } from '../../shared/query/volunteer.ts';
import { PhotoPicker, photoTokensOf } from '../matters/PhotoPicker.tsx';
import { ColorTag } from '../components/ColorTag.tsx';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';

/** 好人好事: the community's verified good deeds, and my own reports with their state; report one. */
export default function GoodDeedsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const list = useInfiniteQuery(volunteerQueries.goodDeedPages({ limit: 20 }));
  const items = list.data?.pages.flatMap((page) => page.items);
  const [reporting, setReporting] = useState(false);

  let content: ReactNode;
  if (list.error && !items) content = <LoadFailed error={list.error} onRetry={() => void list.refetch()} />;
  else if (!items) content = <ListSkeleton />;
  else if (items.length === 0)
    content = (
      <ErrorBlock status="empty" title={t('volunteer.h5.noDeeds')} description={t('volunteer.h5.noDeedsHint')} />
    );
  else
    content = (
      <>
        <ul className="h5-plain-list h5-deeds" data-testid="good-deeds">
          {items.map((d) => (
            <li key={d.id} className="h5-card h5-deed">
              <div className="h5-activity-top">
                <span className="h5-activity-title">{d.title}</span>
                <ColorTag color={GOOD_DEED_STATUS_COLORS[d.status]}>{t(`volunteer.deedStatus.${d.status}`)}</ColorTag>
              </div>
              <div className="h5-muted h5-small">
                {t('volunteer.h5.doerOn', { name: d.doerName, date: d.occurredOn })}
              </div>
              <div className="h5-deed-text">{d.description}</div>
              {d.photos.length > 0 && (
                <div className="h5-photos">
                  {d.photos.map((p) => (
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
              {d.decisionNote && (
                <div className="h5-muted h5-small">{t('volunteer.h5.decisionNote', { note: d.decisionNote })}</div>
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
      <PageNavBar
        title={t('points.h5.entries.goodDeeds')}
        onBack={() => navigate(-1)}
        right={
          <span className="h5-nav-right" onClick={() => setReporting(true)} data-testid="report-deed">
            <AddOutline /> {t('volunteer.h5.reportShort')}
          </span>
        }
      />
      <p className="h5-page-intro">{t('volunteer.h5.deedsIntro')}</p>
      <PullToRefresh onRefresh={async () => void (await list.refetch())}>{content}</PullToRefresh>
      <ReportSheet
        open={reporting}
        onClose={() => setReporting(false)}
        onDone={() => {
          setReporting(false);
          void queryClient.invalidateQueries({ queryKey: volunteerKeys.all });
        }}
      />
    </div>
  );
}

function ReportSheet({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [doerName, setDoerName] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [occurredOn, setOccurredOn] = useState(() => dayjs().format('YYYY-MM-DD'));
  const [picking, setPicking] = useState(false);
  const [photos, setPhotos] = useState<ImageUploadItem[]>([]);
  const [uploading, setUploading] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (!doerName.trim()) return void Toast.show({ content: t('volunteer.h5.doerRequired') });
    if (title.trim().length < 2) return void Toast.show({ content: t('volunteer.h5.titleRequired') });
    if (description.trim().length < 4) return void Toast.show({ content: t('volunteer.h5.descriptionRequired') });
    setBusy(true);
    try {
      await volunteerCalls.createGoodDeed({
        doerName: doerName.trim(),
        title: title.trim(),
        description: description.trim(),
        occurredOn,
        photos: photoTokensOf(photos),
      });
      Toast.show({ icon: 'success', content: t('volunteer.h5.deedReported') });
      setDoerName('');
      setTitle('');
      setDescription('');
      setPhotos([]);
      onDone();
    } catch (error) {
      Toast.show({ icon: 'fail', content: reasonOf(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Popup visible={open} onMaskClick={onClose} bodyClassName="h5-sheet" destroyOnClose>
      <div className="h5-sheet-title">{t('volunteer.h5.reportDeed')}</div>
      <p className="h5-muted h5-sheet-text">{t('volunteer.h5.reportDeedHint')}</p>
      <div className="h5-field">
        <label className="h5-field-label" htmlFor="deed-doer">
          {t('volunteer.doerName')}
        </label>
        <Input id="deed-doer" className="h5-input" value={doerName} onChange={setDoerName} maxLength={60} />
      </div>
      <div className="h5-field">
        <label className="h5-field-label" htmlFor="deed-title">
          {t('volunteer.title')}
        </label>
        <Input
          id="deed-title"
          className="h5-input"
          value={title}
          onChange={setTitle}
          maxLength={80}
          placeholder={t('volunteer.h5.deedTitlePlaceholder')}
        />
      </div>
      <div className="h5-field">
        <label className="h5-field-label" htmlFor="deed-description">
          {t('volunteer.description')}
        </label>
        <TextArea
          id="deed-description"
          className="h5-textarea"
          rows={3}
          maxLength={2000}
          value={description}
          onChange={setDescription}
        />
      </div>
      <div className="h5-field-row" onClick={() => setPicking(true)}>
        <span>{t('volunteer.occurredOn')}</span>
        <strong>{occurredOn}</strong>
      </div>
      <div className="h5-sheet-photos">
        <PhotoPicker value={photos} onChange={setPhotos} onBusy={setUploading} />
      </div>
      <Button block color="primary" size="large" loading={busy} disabled={uploading} onClick={() => void submit()}>
        {t('common.submit')}
      </Button>
      <DatePicker
        visible={picking}
        max={new Date()}
        value={dayjs(occurredOn).toDate()}
        onClose={() => setPicking(false)}
        onConfirm={(value) => setOccurredOn(dayjs(value).format('YYYY-MM-DD'))}
      />
    </Popup>
  );
}
