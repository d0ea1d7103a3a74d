import {
  EnvironmentOutlined,
  EyeOutlined,
  LockOutlined,
  PhoneOutlined,
  SafetyCertificateOutlined,
  StarFilled,
} from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Image,
  Popconfirm,
  Rate,
  Skeleton,
  Space,
  Spin,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { TFunction } from 'i18next';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { useCategories } from '../../shared/categories.ts';
import { currentLocale } from '../../shared/i18n/index.ts';
import { fieldLabel, kindLabel, optionLabel, STATUS_COLORS, timelineActionLabel } from '../../shared/matters.ts';
import { useNotifications } from '../../shared/notifications.tsx';
import { formatDateTime } from '../../shared/time.ts';
import { departmentName } from '../../shared/labels.ts';
import type { MatterContact, MatterDetail, Photo, TimelineEntry } from '../../shared/types.ts';
import { useNow } from '../../shared/useNow.ts';
import { LoadError } from '../components/LoadError.tsx';
import { MatterActions } from './MatterActions.tsx';
import { DeskPanels } from './DeskActions.tsx';
import { Deadline, LevelTag, StatusTag, UrgencyTag } from './MatterTags.tsx';
import { mattersKeys, mattersQueries } from '../../shared/query/matters.ts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { mattersCalls } from '../../shared/query/matters.ts';
import { NearestBuilding } from '../components/NearestBuilding.tsx';
import { SuperviseButton } from '../supervision/SuperviseButton.tsx';

// Leaflet only loads when a matter with a location is opened.
const MatterLocationMap = lazy(() => import('./MatterLocationMap.tsx'));

function sourceName(t: TFunction, source: string): string {
  const known = [
    'resident_h5',
    'courier_h5',
    'staff_console',
    'patrol',
    'phone',
    'walk_in',
    'open311',
    'device',
    'care',
  ] as const;
  return (known as readonly string[]).includes(source)
    ? t(`matters.sources.${source as (typeof known)[number]}`)
    : source;
}

/** A matter for staff: what, where, who, how long is left, what happened, and what can be done now. */
export function MatterDetailView({ matterId, onChanged }: { matterId: number; onChanged?: () => void }) {
  const { t } = useTranslation();
  const { markReadAbout } = useNotifications();
  const queryClient = useQueryClient();
  // Live matter events invalidate the matters keys (LiveInvalidation), so this refetches by itself.
  const loaded = useQuery(mattersQueries.detail(matterId));
  const now = useNow(30_000);
  useEffect(() => {
    void markReadAbout('matter', matterId).catch(() => undefined);
  }, [matterId, markReadAbout]);

  if (loaded.error && !loaded.data) return <LoadError error={loaded.error} onRetry={() => void loaded.refetch()} />;
  if (!loaded.data) return <Skeleton active paragraph={{ rows: 12 }} />;
  const m = loaded.data;

  return (
    <div className="gz-matter" data-testid="matter-detail" data-status={m.status}>
      <div className="gz-matter-head">
        <div>
          <Space size={8} wrap>
            <Typography.Text className="gz-matter-code gz-mono" copyable={{ text: m.code }}>
              {m.code}
            </Typography.Text>
            <StatusTag status={m.status} />
            <UrgencyTag urgency={m.urgency} />
            <LevelTag level={m.level} />
          </Space>
          <div className="gz-matter-category">
            {m.category.name}
            <Typography.Text type="secondary"> · {kindLabel(t, m.kind)}</Typography.Text>
          </div>
        </div>
        <Deadline matter={m} loadedAt={loaded.dataUpdatedAt} now={now} hideEmpty />
      </div>

      <Card
        size="small"
        className="gz-matter-actions-card"
        title={t('matters.detail.actions')}
        extra={<SuperviseButton matterId={m.id} />}
      >
        <MatterActions
          matter={m}
          onChanged={(updated) => {
            // An action's answer is the newest state: shown at once, and every matters list refetched.
            if (updated) queryClient.setQueryData(mattersKeys.detail(matterId), updated);
            void queryClient.invalidateQueries({ queryKey: mattersKeys.all });
            onChanged?.();
          }}
        />
      </Card>

      {m.kind === 'suggestion' && m.reply && (
        <Card
          size="small"
          title={t('matters.detail.reply')}
          extra={
            m.adopted !== null && (
              <Tag color={m.adopted ? 'green' : 'default'}>
                {m.adopted ? t('matters.detail.adopted') : t('matters.detail.notAdopted')}
              </Tag>
            )
          }
        >
          {m.reply}
        </Card>
      )}
      {m.rating !== null && (
        <Card size="small" title={t('matters.detail.rating')}>
          <Rate disabled value={m.rating} character={<StarFilled />} />{' '}
          {m.ratingComment && <Typography.Text>{m.ratingComment}</Typography.Text>}
        </Card>
      )}

      <Descriptions
        column={2}
        size="small"
        bordered
        styles={{ label: { width: 110 } }}
        items={[
          { key: 'reported', label: t('matters.detail.reportedAt'), children: formatDateTime(m.createdAt) },
          { key: 'source', label: t('matters.detail.source'), children: sourceName(t, m.source) },
          { key: 'acceptDue', label: t('matters.detail.acceptDue'), children: formatDateTime(m.acceptDueAt) },
          { key: 'resolveDue', label: t('matters.detail.resolveDue'), children: formatDateTime(m.dueAt) },
          {
            key: 'place',
            label: t('matters.detail.place'),
            children: [m.community?.name, m.grid?.name].filter(Boolean).join(' / ') || '—',
          },
          {
            key: 'assignee',
            label: t('matters.columns.assignee'),
            children: m.assignee?.name ?? (
              <Typography.Text type="secondary">{t('matters.unassignedLabel')}</Typography.Text>
            ),
          },
          { key: 'department', label: t('matters.detail.department'), children: departmentName(t, m.department) },
          { key: 'followers', label: t('matters.detail.followersLabel'), children: m.followers },
          ...(m.resolvedAt || m.closedAt
            ? [
                { key: 'resolvedAt', label: t('matters.detail.resolvedAt'), children: formatDateTime(m.resolvedAt) },
                { key: 'closedAt', label: t('matters.detail.closedAt'), children: formatDateTime(m.closedAt) },
              ]
            : []),
          { key: 'reporter', label: t('matters.detail.reporter'), span: 'filled', children: <Reporter matter={m} /> },
          ...(m.station
            ? [
                {
                  key: 'station',
                  label: t('matters.detail.station'),
                  span: 'filled' as const,
                  children: (
                    <Space size={12} wrap>
                      <strong>{m.station.name}</strong>
                      <span className="gz-muted">{m.station.address}</span>
                      {m.station.phone && (
                        <a href={`tel:${m.station.phone}`}>
                          <PhoneOutlined /> {m.station.phone}
                        </a>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
          ...(m.reopenCount > 0
            ? [
                {
                  key: 'reopen',
                  label: t('matters.status.reopened'),
                  span: 'filled' as const,
                  children: t('matters.detail.reopened', { count: m.reopenCount }),
                },
              ]
            : []),
        ]}
      />

      <Attributes matter={m} />

      <section>
        <Typography.Title level={5}>{t('matters.detail.description')}</Typography.Title>
        <Typography.Paragraph className="gz-matter-description">{m.description}</Typography.Paragraph>
        <Typography.Text type="secondary">
          <EnvironmentOutlined />{' '}
          {m.address || (m.location ? <NearestBuilding point={m.location} /> : t('matters.detail.noLocation'))}
        </Typography.Text>
      </section>

      {m.photos.length > 0 && (
        <section>
          <Typography.Title level={5}>{t('matters.detail.photos')}</Typography.Title>
          <Photos photos={m.photos} />
        </section>
      )}

      {m.location && (
        <Suspense
          fallback={
            <div className="gz-mini-map gz-mini-map-loading">
              <Spin />
            </div>
          }
        >
          <MatterLocationMap matter={m} />
        </Suspense>
      )}

      <DeskPanels matter={m} />

      <section>
        <Typography.Title level={5}>{t('matters.detail.timeline')}</Typography.Title>
        <MatterTimeline entries={m.timeline} />
      </section>
    </div>
  );
}

export function Photos({ photos, size = 88 }: { photos: Photo[]; size?: number }) {
  return (
    <Image.PreviewGroup>
      <Space wrap size={8}>
        {photos.map((photo) => (
          <Image
            key={photo.url}
            src={photo.thumbnailUrl}
            preview={{ src: photo.url }}
            width={size}
            height={size}
            className="gz-photo"
            alt=""
          />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}

function Reporter({ matter }: { matter: MatterDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [contact, setContact] = useState<MatterContact | null>(null);
  const [revealing, setRevealing] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a revealed number is forgotten when another matter is shown
  useEffect(() => setContact(null), [matter.id]);
  const reveal = async () => {
    setRevealing(true);
    try {
      setContact(await mattersCalls.revealContact(matter.id));
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setRevealing(false);
    }
  };
  const name = contact?.name ?? matter.reporter?.name;
  return (
    <Space size={12} wrap>
      <span>{name ?? '—'}</span>
      {matter.reporter?.anonymous && <Tag icon={<LockOutlined />}>{t('matters.detail.anonymous')}</Tag>}
      {contact ? (
        <>
          {contact.phone ? (
            <a className="gz-mono" href={`tel:${contact.phone}`} data-testid="reporter-phone">
              {contact.phone}
            </a>
          ) : (
            <span className="gz-muted">—</span>
          )}
          <Tag icon={<SafetyCertificateOutlined />} color="warning">
            {t('matters.detail.revealedAudited')}
          </Tag>
        </>
      ) : (
        <>
          {matter.reporterPhone && (
            <span className="gz-mono" data-testid="reporter-phone">
              {matter.reporterPhone}
            </span>
          )}
          {matter.viewer === 'staff' && matter.reporterPhone && (
            <Popconfirm
              title={t('matters.detail.revealTitle')}
              description={t('matters.detail.revealBody')}
              okText={t('matters.detail.revealOk')}
              onConfirm={reveal}
            >
              <Button size="small" icon={<EyeOutlined />} loading={revealing}>
                {t('matters.detail.revealPhone')}
              </Button>
            </Popconfirm>
          )}
        </>
      )}
    </Space>
  );
}

/** The category's extra fields, labelled in the UI language. */
function Attributes({ matter }: { matter: MatterDetail }) {
  const { t } = useTranslation();
  const categories = useCategories(true);
  const entries = Object.entries(matter.attributes);
  if (entries.length === 0) return null;
  const fields = categories.data?.find((c) => c.id === matter.category.id)?.fields ?? [];
  const locale = currentLocale();
  return (
    <Descriptions
      title={t('matters.detail.attributes')}
      column={2}
      size="small"
      bordered
      items={entries.map(([code, value]) => {
        const field = fields.find((f) => f.code === code);
        const shown =
          typeof value === 'boolean'
            ? value
              ? t('common.yes')
              : t('common.no')
            : field?.type === 'select'
              ? optionLabel(field, value, locale)
              : String(value);
        return { key: code, label: field ? fieldLabel(field, locale) : code, children: shown };
      })}
    />
  );
}

export function MatterTimeline({ entries }: { entries: TimelineEntry[] }) {
  const { t } = useTranslation();
  if (entries.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Timeline
      className="gz-timeline"
      items={entries.map((entry) => ({
        key: entry.id,
        color: entry.internal ? 'gray' : entry.toStatus ? STATUS_COLORS[entry.toStatus] : 'blue',
        content: (
          <div
            className={`gz-timeline-entry${entry.internal ? ' gz-timeline-internal' : ''}`}
            data-testid="timeline-entry"
          >
            <div className="gz-timeline-title">
              <strong>{timelineActionLabel(t, entry.action)}</strong>
              {entry.toStatus && entry.fromStatus !== entry.toStatus && <StatusTag status={entry.toStatus} />}
              {entry.internal && (
                <Tag icon={<LockOutlined />} color="default">
                  {t('matters.detail.internal')}
                </Tag>
              )}
              {typeof entry.details.rating === 'number' && (
                <Rate disabled value={entry.details.rating} className="gz-timeline-rate" />
              )}
            </div>
            <div className="gz-muted gz-small">
              {entry.actor} · {formatDateTime(entry.at)}
              {typeof entry.details.assignee === 'string' && ` · → ${entry.details.assignee}`}
            </div>
            {entry.note && <div className="gz-timeline-note">{entry.note}</div>}
            {entry.photos.length > 0 && <Photos photos={entry.photos} size={64} />}
          </div>
        ),
      }))}
    />
  );
}
