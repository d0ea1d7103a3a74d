import {
  Button,
  ErrorBlock,
  Image,
  ImageViewer,
  Popup,
  PullToRefresh,
  Rate,
  Skeleton,
  TextArea,
  Toast,
  type ImageUploadItem,
} from 'antd-mobile';
import { EnvironmentOutline, PhoneFill, UserOutline } from 'antd-mobile-icons';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../../shared/api.ts';
import { kindLabel, STATUS_COLORS, timelineActionLabel } from '../../shared/matters.ts';
import { useNotifications } from '../../shared/notifications.tsx';
import { formatDateTime } from '../../shared/time.ts';
import type { MatterDetail, Photo, TimelineEntry } from '../../shared/types.ts';
import { MatterStatusTag } from '../matters/MatterStatusTag.tsx';
import { PhotoPicker, photoTokensOf } from '../matters/PhotoPicker.tsx';
import { mattersKeys, mattersQueries } from '../../shared/query/matters.ts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { mattersCalls } from '../../shared/query/matters.ts';
import { PageNavBar } from '../components/PageNavBar.tsx';
import { OutboxBar } from '../offline/OutboxBar.tsx';
import { StaffActions } from '../workbench/StaffActions.tsx';

type Sheet = 'rate' | 'reopen' | 'note' | null;

/** One matter as its reporter or a follower sees it: progress, photos, and rate / reopen / add / follow. */
export default function MatterDetailPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const { markReadAbout } = useNotifications();
  const queryClient = useQueryClient();
  // Live matter events invalidate the matters keys, so this refetches by itself.
  const loaded = useQuery(mattersQueries.detail(id));
  const [sheet, setSheet] = useState<Sheet>(null);
  const m = loaded.data;
  // What the notifications said about it has now been seen, as it changes too.
  // biome-ignore lint/correctness/useExhaustiveDependencies: marked read again whenever the matter changes while shown
  useEffect(() => {
    void markReadAbout('matter', id).catch(() => undefined);
  }, [id, m?.updatedAt, markReadAbout]);

  const act = async (path: string, body?: unknown, done?: string) => {
    try {
      const result = await mattersCalls.actOn(id, path, body);
      // The action's answer is the newest state: shown at once, the lists refetched.
      if ('id' in result) queryClient.setQueryData(mattersKeys.detail(id), result);
      void queryClient.invalidateQueries({ queryKey: mattersKeys.all });
      if (done) Toast.show({ icon: 'success', content: done });
      setSheet(null);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        Toast.show({ content: t('matters.conflict') });
        void queryClient.invalidateQueries({ queryKey: mattersKeys.all });
        setSheet(null);
      } else {
        Toast.show({ icon: 'fail', content: errorMessage(error) });
      }
      return false;
    }
  };

  let content: ReactNode;
  if (loaded.error && !m) {
    content = (
      <ErrorBlock status="disconnected" title={t('common.loadFailed')} description={errorMessage(loaded.error)}>
        <Button size="small" color="primary" onClick={() => void loaded.refetch()}>
          {t('common.retry')}
        </Button>
      </ErrorBlock>
    );
  } else if (!m) {
    content = (
      <div className="h5-section">
        <Skeleton.Title animated />
        <Skeleton.Paragraph lineCount={8} animated />
      </div>
    );
  } else {
    const can = (a: MatterDetail['allowedActions'][number]) => m.allowedActions.includes(a);
    content = (
      <div className="h5-matter" data-testid="h5-matter" data-status={m.status}>
        <section className="h5-matter-head" style={{ borderTopColor: STATUS_COLORS[m.status] }}>
          <div className="h5-matter-head-top">
            <MatterStatusTag status={m.status} />
            <span className="h5-muted h5-small">{m.code}</span>
          </div>
          <div className="h5-matter-title">{m.category.name}</div>
          <div className="h5-muted h5-small">
            {kindLabel(t, m.kind)} · {formatDateTime(m.createdAt).slice(0, 16)}
            {m.followers > 0 && ` · ${t('matters.detail.followers', { count: m.followers })}`}
          </div>
          {can('rate') && <div className="h5-matter-banner">{t('h5.matter.resolvedTip')}</div>}
        </section>

        {m.rating !== null && (
          <section className="h5-card">
            <div className="h5-card-title">{t('h5.matter.myRating')}</div>
            <Rate readOnly value={m.rating} style={{ '--star-size': '20px' }} />
            {m.ratingComment && <div className="h5-matter-comment">{m.ratingComment}</div>}
          </section>
        )}
        {m.reply && (
          <section className="h5-card">
            <div className="h5-card-title">
              {t('matters.detail.reply')}
              {m.adopted !== null && (
                <span className="h5-card-hint">
                  {m.adopted ? t('matters.detail.adopted') : t('matters.detail.notAdopted')}
                </span>
              )}
            </div>
            <div>{m.reply}</div>
          </section>
        )}

        <section className="h5-card">
          <div className="h5-matter-text">{m.description}</div>
          {m.photos.length > 0 && <PhotoGrid photos={m.photos} />}
          <div className="h5-matter-meta">
            {(m.address || m.location) && (
              <div>
                <EnvironmentOutline /> {m.address || `${m.location!.lat.toFixed(5)}, ${m.location!.lng.toFixed(5)}`}
              </div>
            )}
            {m.grid && (
              <div className="h5-muted">
                {m.community?.name} · {m.grid.name}
              </div>
            )}
            {m.assignee && (
              <div>
                <UserOutline /> {t('h5.matter.handler', { name: m.assignee.name })}
              </div>
            )}
          </div>
        </section>

        {m.station && (
          <section className="h5-card">
            <div className="h5-card-title">{t('h5.matter.station')}</div>
            <div className="h5-help-station">
              <div>
                <div className="h5-help-station-name">{m.station.name}</div>
                <div className="h5-muted h5-small">{m.station.address}</div>
              </div>
              {m.station.phone && (
                <a className="h5-call" href={`tel:${m.station.phone}`}>
                  <PhoneFill /> {t('h5.help.call')}
                </a>
              )}
            </div>
          </section>
        )}

        {m.viewer === 'staff' && <StaffActions matter={m} />}

        <section className="h5-card">
          <div className="h5-card-title">{t('h5.matter.progress')}</div>
          <Progress entries={m.timeline} />
        </section>

        <div className="h5-action-bar" data-testid="h5-actions">
          {can('follow') && (
            <Button
              fill="outline"
              shape="rounded"
              onClick={() => void act('follow', undefined, t('h5.matter.followed'))}
            >
              {t('matters.actions.follow')}
            </Button>
          )}
          {can('unfollow') && (
            <Button
              fill="outline"
              shape="rounded"
              onClick={() => void act('unfollow', undefined, t('h5.matter.unfollowed'))}
            >
              {t('matters.actions.unfollow')}
            </Button>
          )}
          {can('note') && m.viewer !== 'staff' && (
            <Button fill="outline" shape="rounded" onClick={() => setSheet('note')}>
              {t('h5.matter.note')}
            </Button>
          )}
          {can('reopen') && (
            <Button fill="outline" shape="rounded" color="warning" onClick={() => setSheet('reopen')}>
              {t('h5.matter.reopen')}
            </Button>
          )}
          {can('rate') && (
            <Button color="primary" shape="rounded" onClick={() => setSheet('rate')}>
              {t('h5.matter.rate')}
            </Button>
          )}
        </div>
      </div>
    );
  }

  return (
    <div className="h5-page h5-matter-page">
      <PageNavBar
        title={t('h5.matter.title')}
        onBack={() => (window.history.length > 1 ? navigate(-1) : navigate('/matters'))}
      />
      <OutboxBar />
      <PullToRefresh onRefresh={async () => void (await loaded.refetch())}>{content}</PullToRefresh>
      <RateSheet
        open={sheet === 'rate'}
        onClose={() => setSheet(null)}
        onSubmit={(rating, comment) => act('rate', { rating, comment }, t('h5.matter.rated'))}
      />
      <TextSheet
        open={sheet === 'reopen'}
        title={t('h5.matter.reopenTitle')}
        hint={t('h5.matter.reopenHint')}
        placeholder={t('h5.matter.reopenReason')}
        required={t('h5.matter.reopenRequired')}
        min={2}
        onClose={() => setSheet(null)}
        onSubmit={(reason) => act('reopen', { reason }, t('h5.matter.reopened'))}
      />
      <TextSheet
        open={sheet === 'note'}
        title={t('h5.matter.note')}
        placeholder={t('h5.matter.notePlaceholder')}
        required={t('h5.matter.noteRequired')}
        min={1}
        withPhotos
        onClose={() => setSheet(null)}
        onSubmit={(note, photos) => act('notes', { note, photos }, t('h5.matter.noteAdded'))}
      />
    </div>
  );
}

function PhotoGrid({ photos }: { photos: Photo[] }) {
  const [viewing, setViewing] = useState<number | null>(null);
  return (
    <>
      <div className="h5-photos">
        {photos.map((photo, i) => (
          <Image
            key={photo.url}
            src={photo.thumbnailUrl}
            width={76}
            height={76}
            fit="cover"
            className="h5-photo"
            onClick={() => setViewing(i)}
            lazy
          />
        ))}
      </div>
      <ImageViewer.Multi
        images={photos.map((p) => p.url)}
        visible={viewing !== null}
        defaultIndex={viewing ?? 0}
        onClose={() => setViewing(null)}
      />
    </>
  );
}

/** The steps, newest on top; the current one in the status colour. */
function Progress({ entries }: { entries: TimelineEntry[] }) {
  const { t } = useTranslation();
  const shown = [...entries].reverse();
  return (
    <ol className="h5-progress">
      {shown.map((entry, i) => (
        <li
          key={entry.id}
          className={`h5-progress-step${i === 0 ? ' h5-progress-now' : ''}`}
          data-testid="progress-step"
        >
          <span
            className="h5-progress-dot"
            style={entry.toStatus ? { background: STATUS_COLORS[entry.toStatus] } : undefined}
          />
          <div className="h5-progress-body">
            <div className="h5-progress-title">
              <strong>{timelineActionLabel(t, entry.action)}</strong>
              {entry.toStatus && entry.fromStatus !== entry.toStatus && <MatterStatusTag status={entry.toStatus} />}
            </div>
            <div className="h5-muted h5-small">
              {entry.actor} · {formatDateTime(entry.at).slice(0, 16)}
            </div>
            {entry.note && <div className="h5-progress-note">{entry.note}</div>}
            {typeof entry.details.rating === 'number' && (
              <Rate readOnly value={entry.details.rating} style={{ '--star-size': '14px' }} />
            )}
            {entry.photos.length > 0 && <PhotoGrid photos={entry.photos} />}
          </div>
        </li>
      ))}
    </ol>
  );
}

function RateSheet({
  open,
  onClose,
  onSubmit,
}: {
  open: boolean;
  onClose: () => void;
  onSubmit: (rating: number, comment: string) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <Popup visible={open} onMaskClick={onClose} bodyClassName="h5-sheet" destroyOnClose>
      <div className="h5-sheet-title">{t('h5.matter.rateTitle')}</div>
      <div className="h5-rate" data-testid="rate-stars">
        <Rate value={rating} onChange={setRating} style={{ '--star-size': '36px' }} />
      </div>
      <TextArea
        className="h5-textarea h5-sheet-input"
        rows={3}
        maxLength={1000}
        value={comment}
        onChange={setComment}
        placeholder={t('h5.matter.comment')}
      />
      <Button
        block
        color="primary"
        size="large"
        disabled={rating === 0}
        loading={busy}
        onClick={async () => {
          setBusy(true);
          await onSubmit(rating, comment.trim());
          setBusy(false);
        }}
      >
        {t('common.submit')}
      </Button>
    </Popup>
  );
}

interface TextSheetProps {
  open: boolean;
  title: string;
  hint?: string;
  placeholder: string;
  required: string;
  min: number;
  withPhotos?: boolean;
  onClose: () => void;
  onSubmit: (text: string, photos: string[]) => Promise<boolean>;
}

function TextSheet({ open, title, hint, placeholder, required, min, withPhotos, onClose, onSubmit }: TextSheetProps) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [photos, setPhotos] = useState<ImageUploadItem[]>([]);
  const [uploading, setUploading] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <Popup visible={open} onMaskClick={onClose} bodyClassName="h5-sheet" destroyOnClose>
      <div className="h5-sheet-title">{title}</div>
      {hint && <p className="h5-muted h5-sheet-text">{hint}</p>}
      <TextArea
        className="h5-textarea h5-sheet-input"
        rows={4}
        maxLength={2000}
        value={text}
        onChange={setText}
        placeholder={placeholder}
        autoFocus
      />
      {withPhotos && (
        <div className="h5-sheet-photos">
          <PhotoPicker value={photos} onChange={setPhotos} onBusy={setUploading} />
        </div>
      )}
      <Button
        block
        color="primary"
        size="large"
        loading={busy}
        disabled={uploading}
        onClick={async () => {
          if (text.trim().length < min) {
            Toast.show({ content: required });
            return;
          }
          setBusy(true);
          const ok = await onSubmit(text.trim(), photoTokensOf(photos));
          setBusy(false);
          if (ok) {
            setText('');
            setPhotos([]);
          }
        }}
      >
        {t('common.submit')}
      </Button>
    </Popup>
  );
}
