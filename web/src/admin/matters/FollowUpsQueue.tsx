import { Button, Empty, Input, Rate, Select, Space, Tag, Typography } from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import {
  FOLLOW_UP_CHANNELS,
  FOLLOW_UP_OUTCOMES,
  FOLLOW_UP_STATES,
  type FollowUp,
  type FollowUpChannel,
  type FollowUpOutcome,
  type FollowUpState,
  followUpsQueries,
} from '../../shared/query/follow-ups.ts';
import { formatDateTime } from '../../shared/time.ts';
import { numberParam, oneOf, useUrlFilters } from '../../shared/useUrlFilters.ts';
import { CommunitySelect } from '../components/CommunitySelect.tsx';
import { CursorTable } from '../components/CursorTable.tsx';
import { FollowUpCallModal } from './FollowUpCallModal.tsx';

const STATE_COLORS: Record<FollowUpState, string> = {
  waiting: 'default',
  due: 'gold',
  overdue: 'red',
  done: 'green',
};

/** Named apart from the matter filters, which the other tabs of the page keep in the same address. */
const FILTERS = ['followState', 'followCommunity', 'followChannel', 'followOutcome', 'followQ'] as const;

function minute(iso: string) {
  return formatDateTime(iso).slice(0, 16);
}

/** What came of a follow-up so far: the rating and solved-or-not, or the calls that did not reach. */
function Result({ f }: { f: FollowUp }) {
  const { t } = useTranslation();
  if (f.outcome === 'none')
    return <Typography.Text type="secondary">{t('followUps.admin.outcomes.none')}</Typography.Text>;
  return (
    <div className="gz-two-lines">
      <Space size={4} wrap>
        <Tag color={f.outcome === 'not_reached' ? 'orange' : 'blue'}>{t(`followUps.admin.outcomes.${f.outcome}`)}</Tag>
        {f.rating !== null && <Rate disabled value={f.rating} style={{ fontSize: 12 }} />}
        {f.resolved !== null && (
          <Tag color={f.resolved ? 'green' : 'volcano'}>
            {f.resolved ? t('followUps.resolvedYes') : t('followUps.resolvedNo')}
          </Tag>
        )}
      </Space>
      <div className="gz-muted gz-small">
        {f.channel === 'call' && t('followUps.admin.attempts', { count: f.attempts })}
        {f.recordedBy && ` · ${t('followUps.admin.recordedBy', { name: f.recordedBy })}`}
        {f.comment && (
          <Typography.Text type="secondary" ellipsis={{ tooltip: f.comment }} style={{ display: 'block' }}>
            {f.comment}
          </Typography.Text>
        )}
      </div>
    </div>
  );
}

/**
 * 待回访: the satisfaction follow-ups of closed matters of my area, soonest due first; by default
 * those not done (waiting, due, overdue). Staff who handle matters record a phone call on a row.
 */
export function FollowUpsQueue({ canCall }: { canCall: boolean }) {
  const { t } = useTranslation();
  const [filters, setFilters] = useUrlFilters(FILTERS);
  const state = oneOf(filters.followState, FOLLOW_UP_STATES);
  const communityId = numberParam(filters.followCommunity);
  const channel = oneOf(filters.followChannel, FOLLOW_UP_CHANNELS);
  const outcome = oneOf(filters.followOutcome, FOLLOW_UP_OUTCOMES);
  const [search, setSearch] = useState(filters.followQ ?? '');
  const [calling, setCalling] = useState<FollowUp | null>(null);

  return (
    <div data-testid="follow-ups-queue">
      <Typography.Paragraph type="secondary">{t('followUps.admin.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select<FollowUpState>
          value={state}
          onChange={(v) => setFilters({ followState: v })}
          allowClear
          placeholder={t('followUps.admin.allOpen')}
          style={{ minWidth: 140 }}
          options={FOLLOW_UP_STATES.map((s) => ({ value: s, label: t(`followUps.admin.states.${s}`) }))}
          data-testid="follow-up-state"
        />
        <CommunitySelect value={communityId} onChange={(v) => setFilters({ followCommunity: v })} allowClear />
        <Select<FollowUpChannel>
          value={channel}
          onChange={(v) => setFilters({ followChannel: v })}
          allowClear
          placeholder={t('followUps.admin.channel')}
          style={{ minWidth: 120 }}
          options={FOLLOW_UP_CHANNELS.map((c) => ({ value: c, label: t(`followUps.admin.channels.${c}`) }))}
        />
        <Select<FollowUpOutcome>
          value={outcome}
          onChange={(v) => setFilters({ followOutcome: v })}
          allowClear
          placeholder={t('followUps.admin.outcome')}
          style={{ minWidth: 140 }}
          options={FOLLOW_UP_OUTCOMES.map((o) => ({ value: o, label: t(`followUps.admin.outcomes.${o}`) }))}
        />
        <Input.Search
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => setFilters({ followQ: v.trim() })}
          allowClear
          maxLength={40}
          placeholder={t('followUps.admin.search')}
          style={{ width: 220 }}
        />
      </Space>
      <CursorTable
        rowKey="id"
        size="middle"
        scroll={{ x: 1100 }}
        pageQuery={(page) =>
          followUpsQueries.list({ state, communityId, channel, outcome, q: filters.followQ, ...page })
        }
        onRow={(f) => ({ 'data-testid': `follow-up-row-${f.code}` }) as HTMLAttributes<HTMLElement>}
        rowClassName={(f) => (f.state === 'overdue' ? 'gz-row-overdue' : '')}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('followUps.admin.empty')} />,
        }}
        columns={[
          {
            title: t('followUps.admin.columns.code'),
            dataIndex: 'code',
            width: 170,
            fixed: 'left',
            render: (code: string, f) => (
              <div className="gz-two-lines">
                <Link to={`/matters/${f.matterId}`} className="gz-mono gz-matter-code-link">
                  {code}
                </Link>
                <div className="gz-muted gz-small">{f.community.name}</div>
              </div>
            ),
          },
          {
            title: t('followUps.admin.columns.matter'),
            key: 'matter',
            width: 220,
            render: (_v, f) => (
              <div className="gz-two-lines">
                <strong>{f.category}</strong>
                <Typography.Text type="secondary" ellipsis={{ tooltip: f.description }} style={{ display: 'block' }}>
                  {f.description}
                </Typography.Text>
              </div>
            ),
          },
          {
            title: t('followUps.admin.columns.reporter'),
            key: 'reporter',
            width: 130,
            render: (_v, f) => (
              <div className="gz-two-lines">
                <span>{f.reporterName}</span>
                {!f.hasReporterAccount && <div className="gz-muted gz-small">{t('followUps.admin.noAccount')}</div>}
              </div>
            ),
          },
          {
            title: t('followUps.admin.columns.closedAt'),
            dataIndex: 'closedAt',
            width: 140,
            render: (at: string) => <span className="gz-mono">{minute(at)}</span>,
          },
          {
            title: t('followUps.admin.columns.dueAt'),
            key: 'due',
            width: 170,
            render: (_v, f) => (
              <div className="gz-two-lines">
                <span className="gz-mono">{minute(f.dueAt)}</span>
                {f.state !== 'done' && (
                  <div className="gz-muted gz-small">
                    {t('followUps.admin.overdueAt', { time: minute(f.overdueAt) })}
                  </div>
                )}
              </div>
            ),
          },
          {
            title: t('followUps.admin.columns.state'),
            dataIndex: 'state',
            width: 90,
            render: (s: FollowUpState) => (
              <Tag color={STATE_COLORS[s]} data-testid="follow-up-state-tag">
                {t(`followUps.admin.states.${s}`)}
              </Tag>
            ),
          },
          {
            title: t('followUps.admin.columns.result'),
            key: 'result',
            width: 240,
            render: (_v, f) => <Result f={f} />,
          },
          ...(canCall
            ? [
                {
                  title: '',
                  key: 'actions',
                  fixed: 'right' as const,
                  width: 130,
                  render: (_v: unknown, f: FollowUp) =>
                    f.state === 'done' ? null : (
                      <Button size="small" onClick={() => setCalling(f)} data-testid={`follow-up-call-${f.code}`}>
                        {t('followUps.admin.record')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      <FollowUpCallModal followUp={calling} onClose={() => setCalling(null)} />
    </div>
  );
}
