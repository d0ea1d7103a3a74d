import { ReloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Input, Segmented, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import type { selfServiceZh } from '../../shared/i18n/self-service.ts';
import {
  type Delivery,
  type DeliveryPage,
  type DeliveryStatus,
  selfServiceCalls,
  selfServiceKeys,
  selfServiceQueries,
} from '../../shared/query/self-service.ts';
import { formatDateTime, zonedWallClockToIso } from '../../shared/time.ts';
import { oneOf, useUrlFilters } from '../../shared/useUrlFilters.ts';
import { CursorTable, type PageRequest } from '../components/CursorTable.tsx';
import { MESSAGE_CHANNELS, MessageFilterFields } from './MessageFilterFields.tsx';

const FILTERS = ['status', 'channel', 'kind', 'critical', 'from', 'to', 'phone'] as const;
const STATUSES = ['queued', 'sent', 'refused', 'failed', 'skipped'] as const;
const KINDS = ['verify_code', 'password_reset', 'help_call', 'alarm_call'] as const;
type KnownEntity = keyof typeof selfServiceZh.deliveries.entity;

/** Colours of the status tags: delivered green, waiting blue, refused orange, failed red, skipped grey. */
const STATUS_COLOR: Record<DeliveryStatus, string> = {
  queued: 'processing',
  sent: 'success',
  refused: 'warning',
  failed: 'error',
  skipped: 'default',
};

/** A local date (YYYY-MM-DD, the place's zone) as the instant its day begins, `days` later. */
const dayStart = (date: string | undefined, days = 0) =>
  date ? zonedWallClockToIso(dayjs(date).add(days, 'day').startOf('day')) : undefined;

/**
 * 发送记录: every SMS and voice call of the administrator's area with its status, attempts and the
 * provider's error, newest first, filtered in the URL and paged by the server; counts per status
 * beside the status filter; a failed message to an account can be sent again (重发).
 */
export function DeliveryLog() {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const [filters, setFilters] = useUrlFilters(FILTERS);
  const status = oneOf(filters.status, STATUSES);
  const channel = oneOf(filters.channel, MESSAGE_CHANNELS);
  const kind = oneOf(filters.kind, KINDS);
  const phone = /^\d{4}$/.test(filters.phone ?? '') ? filters.phone : undefined;
  const [search, setSearch] = useState(phone ?? '');
  useEffect(() => setSearch(phone ?? ''), [phone]);
  const [counts, setCounts] = useState<DeliveryPage['counts'] | null>(null);

  const pageQuery = useCallback(
    (page: PageRequest) =>
      selfServiceQueries.deliveries({
        status,
        channel,
        kind,
        critical: filters.critical === 'true' ? 'true' : undefined,
        from: dayStart(filters.from),
        to: dayStart(filters.to, 1),
        phone,
        ...page,
      }),
    [status, channel, kind, filters.critical, filters.from, filters.to, phone],
  );
  const refresh = () => queryClient.invalidateQueries({ queryKey: [...selfServiceKeys.all, 'deliveries'] });

  const retry = (delivery: Delivery) =>
    modal.confirm({
      title: t('selfService.deliveries.retry'),
      content: t('selfService.deliveries.retryConfirm'),
      okText: t('selfService.deliveries.retry'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await selfServiceCalls.retryDelivery(delivery.id);
          message.success(t('selfService.deliveries.retried'));
        } catch (error) {
          message.error(errorMessage(error));
        } finally {
          await refresh();
        }
      },
    });

  const kindLabel = (k: string, label: string | null) =>
    (KINDS as readonly string[]).includes(k)
      ? t(`selfService.outbox.kinds.${k as (typeof KINDS)[number]}`)
      : (label ?? k);
  const statusLabel = (s: DeliveryStatus) => t(`selfService.deliveries.status.${s}`);
  const total = counts ? STATUSES.reduce((sum, s) => sum + counts[s], 0) : null;

  return (
    <div data-testid="delivery-log">
      <Typography.Paragraph type="secondary">{t('selfService.deliveries.subtitle')}</Typography.Paragraph>
      <div className="gz-filters">
        <Segmented<string>
          value={status ?? ''}
          onChange={(v) => setFilters({ status: v })}
          options={[
            { value: '', label: `${t('selfService.deliveries.allStatuses')}${total === null ? '' : ` ${total}`}` },
            ...STATUSES.map((s) => ({
              value: s,
              label: `${statusLabel(s)}${counts ? ` ${counts[s]}` : ''}`,
            })),
          ]}
          aria-label={t('selfService.deliveries.columns.status')}
        />
      </div>
      <div className="gz-filters">
        <Input.Search
          placeholder={t('selfService.deliveries.phonePlaceholder')}
          allowClear
          value={search}
          maxLength={4}
          status={search && !/^\d{4}$/.test(search) ? 'error' : undefined}
          onChange={(e) => {
            setSearch(e.target.value);
            if (e.target.value.trim() === '' && phone) setFilters({ phone: undefined });
          }}
          onSearch={(v) => {
            const digits = v.trim();
            if (digits === '' || /^\d{4}$/.test(digits)) setFilters({ phone: digits });
            else message.warning(t('selfService.deliveries.phoneInvalid'));
          }}
          enterButton
          style={{ width: 200 }}
          aria-label={t('selfService.deliveries.phonePlaceholder')}
        />
        <MessageFilterFields
          filters={{ channel, kind, from: filters.from, to: filters.to }}
          setFilters={setFilters}
          kinds={KINDS.map((k) => ({ value: k, label: kindLabel(k, null) }))}
        />
        <Checkbox
          checked={filters.critical === 'true'}
          onChange={(e) => setFilters({ critical: e.target.checked ? 'true' : undefined })}
        >
          {t('selfService.deliveries.critical')}
        </Checkbox>
        <Button
          onClick={() =>
            setFilters({
              status: undefined,
              channel: undefined,
              kind: undefined,
              critical: undefined,
              from: undefined,
              to: undefined,
              phone: undefined,
            })
          }
        >
          {t('filters.reset')}
        </Button>
        <Button icon={<ReloadOutlined />} onClick={() => void refresh()}>
          {t('common.refresh')}
        </Button>
      </div>
      <CursorTable<Delivery, ReturnType<typeof selfServiceKeys.deliveries>, Pick<DeliveryPage, 'counts'>>
        rowKey="id"
        pageQuery={pageQuery}
        onPage={(page) => setCounts(page.counts)}
        locale={{ emptyText: t('selfService.deliveries.empty') }}
        scroll={{ x: 1300 }}
        columns={[
          {
            title: t('selfService.deliveries.columns.createdAt'),
            dataIndex: 'createdAt',
            width: 170,
            render: (v: string, d) => (
              <Tooltip title={d.sentAt ? t('selfService.deliveries.sentAt', { at: formatDateTime(d.sentAt) }) : null}>
                <span className="gz-nowrap">{formatDateTime(v)}</span>
              </Tooltip>
            ),
          },
          {
            title: t('selfService.deliveries.columns.channel'),
            dataIndex: 'channel',
            width: 80,
            render: (c: Delivery['channel']) => (
              <Tag color={c === 'voice' ? 'orange' : 'blue'}>{t(`selfService.outbox.channel.${c}`)}</Tag>
            ),
          },
          {
            title: t('selfService.deliveries.columns.kind'),
            dataIndex: 'kind',
            width: 150,
            render: (k: string, d) => (
              <span className="gz-nowrap">
                {kindLabel(k, d.kindLabel)}
                {d.critical && (
                  <Tag color="red" style={{ marginInlineStart: 6 }}>
                    {t('selfService.deliveries.criticalTag')}
                  </Tag>
                )}
              </span>
            ),
          },
          {
            title: t('selfService.deliveries.columns.phone'),
            dataIndex: 'phone',
            width: 130,
            render: (v: string) => <span className="gz-mono">{v || '—'}</span>,
          },
          {
            title: t('selfService.deliveries.columns.status'),
            dataIndex: 'status',
            width: 100,
            render: (s: DeliveryStatus) => <Tag color={STATUS_COLOR[s]}>{statusLabel(s)}</Tag>,
          },
          {
            title: t('selfService.deliveries.columns.attempts'),
            dataIndex: 'attempts',
            width: 90,
            align: 'right',
          },
          {
            title: t('selfService.deliveries.columns.nextAttempt'),
            dataIndex: 'nextAttemptAt',
            width: 170,
            render: (v: string | null) => <span className="gz-nowrap">{v ? formatDateTime(v) : '—'}</span>,
          },
          {
            title: t('selfService.deliveries.columns.error'),
            dataIndex: 'errorCode',
            width: 160,
            ellipsis: { showTitle: false },
            render: (code: string | null, d) =>
              code ? (
                <Tooltip title={d.errorDetail ?? code}>
                  <Typography.Text type={d.status === 'sent' ? 'secondary' : 'danger'} className="gz-mono">
                    {code}
                  </Typography.Text>
                </Tooltip>
              ) : (
                '—'
              ),
          },
          {
            title: t('selfService.deliveries.columns.provider'),
            dataIndex: 'provider',
            width: 90,
          },
          {
            title: t('selfService.deliveries.columns.entity'),
            dataIndex: 'entityType',
            width: 120,
            render: (type: string | null, d) =>
              type && d.entityId
                ? type in t('selfService.deliveries.entity', { returnObjects: true })
                  ? t(`selfService.deliveries.entity.${type as KnownEntity}`, { id: d.entityId })
                  : `${type} #${d.entityId}`
                : '—',
          },
          {
            title: t('selfService.deliveries.columns.actions'),
            key: 'actions',
            width: 90,
            fixed: 'right',
            render: (_, d) =>
              d.retryable ? (
                <Button size="small" onClick={() => retry(d)}>
                  {t('selfService.deliveries.retry')}
                </Button>
              ) : null,
          },
        ]}
      />
    </div>
  );
}
