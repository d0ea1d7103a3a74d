import { ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Input, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { selfServiceZh } from '../../shared/i18n/self-service.ts';
import { type OutboxMessage, selfServiceQueries } from '../../shared/query/self-service.ts';
import { formatDateTime } from '../../shared/time.ts';
import { oneOf, useUrlFilters } from '../../shared/useUrlFilters.ts';
import { LoadError } from '../components/LoadError.tsx';
import { MESSAGE_CHANNELS, MessageFilterFields } from './MessageFilterFields.tsx';
import { filterOutbox } from './outbox-filter.ts';

const FILTERS = ['q', 'channel', 'kind', 'from', 'to'] as const;
type KnownKind = keyof typeof selfServiceZh.outbox.kinds;

/**
 * 开发环境预览: what the `log` provider of a development server "sent" by SMS and voice, newest
 * first, numbers masked; where an administrator reads the code a resident asked for. Shown only
 * while that provider is in use (with a real one the API answers 404).
 */
export function OutboxPreview() {
  const { t } = useTranslation();
  const outbox = useQuery(selfServiceQueries.outbox());
  const [filters, setFilters] = useUrlFilters(FILTERS);
  const channel = oneOf(filters.channel, MESSAGE_CHANNELS);
  const q = filters.q ?? '';
  const [search, setSearch] = useState(q);
  useEffect(() => setSearch(q), [q]);

  const items = outbox.data?.items;
  const shown = useMemo(
    () => filterOutbox(items ?? [], { q, channel, kind: filters.kind, from: filters.from, to: filters.to }),
    [items, q, channel, filters.kind, filters.from, filters.to],
  );
  const kinds = useMemo(() => [...new Set((items ?? []).map((m) => m.kind))].sort(), [items]);
  const kindLabel = (kind: string) =>
    kind in t('selfService.outbox.kinds', { returnObjects: true })
      ? t(`selfService.outbox.kinds.${kind as KnownKind}`)
      : kind;

  return (
    <div data-testid="outbox-preview">
      <Typography.Paragraph type="secondary">{t('selfService.outbox.subtitle')}</Typography.Paragraph>
      {outbox.error && !outbox.data ? (
        <LoadError error={outbox.error} onRetry={() => void outbox.refetch()} />
      ) : (
        <>
          <div className="gz-filters">
            <Input.Search
              placeholder={t('selfService.outbox.searchPlaceholder')}
              allowClear
              value={search}
              onChange={(e) => {
                setSearch(e.target.value);
                if (e.target.value.trim() === '' && q) setFilters({ q: undefined });
              }}
              onSearch={(v) => setFilters({ q: v.trim() })}
              enterButton
              style={{ width: 240 }}
              aria-label={t('selfService.outbox.searchPlaceholder')}
            />
            <MessageFilterFields
              filters={{ channel, kind: filters.kind, from: filters.from, to: filters.to }}
              setFilters={setFilters}
              kinds={kinds.map((k) => ({ value: k, label: kindLabel(k) }))}
            />
            <Button
              onClick={() =>
                setFilters({ q: undefined, channel: undefined, kind: undefined, from: undefined, to: undefined })
              }
            >
              {t('filters.reset')}
            </Button>
            <Button icon={<ReloadOutlined />} loading={outbox.isFetching} onClick={() => void outbox.refetch()}>
              {t('common.refresh')}
            </Button>
          </div>
          <Table<OutboxMessage>
            rowKey={(m) => `${m.at}|${m.phone}|${m.kind}|${m.text}`}
            loading={!outbox.data}
            dataSource={shown}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
            locale={{ emptyText: t('selfService.outbox.empty') }}
            scroll={{ x: 900 }}
            columns={[
              {
                title: t('selfService.outbox.columns.at'),
                dataIndex: 'at',
                width: 170,
                render: (v: string) => <span className="gz-nowrap">{formatDateTime(v)}</span>,
              },
              {
                title: t('selfService.outbox.columns.channel'),
                dataIndex: 'channel',
                width: 80,
                render: (c: OutboxMessage['channel']) => (
                  <Tag color={c === 'voice' ? 'orange' : 'blue'}>{t(`selfService.outbox.channel.${c}`)}</Tag>
                ),
              },
              {
                title: t('selfService.outbox.columns.phone'),
                dataIndex: 'phone',
                width: 130,
                render: (v: string) => <span className="gz-mono">{v}</span>,
              },
              {
                title: t('selfService.outbox.columns.kind'),
                dataIndex: 'kind',
                width: 120,
                render: (k: string) => <Tag color={k === 'alarm_call' ? 'red' : undefined}>{kindLabel(k)}</Tag>,
              },
              {
                title: t('selfService.outbox.columns.text'),
                dataIndex: 'text',
                render: (v: string) => <Typography.Text copyable={{ text: v }}>{v}</Typography.Text>,
              },
            ]}
          />
        </>
      )}
    </div>
  );
}
