import { queryOptions, useQuery } from '@tanstack/react-query';
import { Button, Card, Checkbox, Descriptions, Input, Select, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CampaignView,
  type Notice,
  type NoticeStatus,
  campaignsApi,
  campaignsKeys,
} from '../../shared/campaigns.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { EChart, type ChartOption } from '../components/EChart.tsx';
import { useMe } from '../../shared/session.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { RecheckModal } from './RecheckModal.tsx';

const NOTICE_COLORS = { open: 'blue', escalated: 'red', closed: 'green' } as const;
const STATUSES: NoticeStatus[] = ['open', 'escalated', 'closed'];

/** The notices of a campaign, filtered by status and overdue, with the printable PDF and a re-check. */
function NoticesCard({ campaign, canRecord }: { campaign: CampaignView; canRecord: boolean }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<NoticeStatus | undefined>();
  const [overdue, setOverdue] = useState(false);
  const [q, setQ] = useState('');
  const [rechecking, setRechecking] = useState<Notice | null>(null);
  return (
    <Card
      size="small"
      title={t('campaigns.notices')}
      extra={
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={t('campaigns.noticeSearch')}
            onSearch={(v) => setQ(v.trim())}
            style={{ width: 180 }}
          />
          <Select
            allowClear
            placeholder={t('campaigns.status')}
            value={status}
            onChange={setStatus}
            style={{ width: 110 }}
            data-testid="notice-status-filter"
            options={STATUSES.map((s) => ({ value: s, label: t(`campaigns.noticeStatuses.${s}`) }))}
          />
          <Checkbox checked={overdue} onChange={(e) => setOverdue(e.target.checked)} data-testid="notice-overdue">
            {t('campaigns.onlyOverdue')}
          </Checkbox>
        </Space>
      }
    >
      <CursorTable
        rowKey="id"
        size="small"
        data-testid="campaign-notices"
        locale={{ emptyText: t('campaigns.noticesEmpty') }}
        pageQuery={(page) =>
          queryOptions({
            queryKey: [...campaignsKeys.all, 'notices', campaign.id, { status, overdue, q, ...page }] as const,
            queryFn: () =>
              campaignsApi.noticePage({ campaignId: campaign.id, status, overdue, q: q || undefined, ...page }),
          })
        }
        columns={[
          { title: t('campaigns.number'), dataIndex: 'number' },
          { title: t('campaigns.target'), render: (_, n) => n.target.name },
          {
            title: t('campaigns.findings'),
            render: (_, n) => n.findings.map((f) => f.code).join('、'),
          },
          {
            title: t('campaigns.deadline'),
            render: (_, n) => (
              <Space size={4}>
                {dayjs(n.deadline).format('YYYY-MM-DD HH:mm')}
                {n.overdue && <Tag color="red">{t('campaigns.overdue')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('campaigns.status'),
            render: (_, n) => <Tag color={NOTICE_COLORS[n.status]}>{t(`campaigns.noticeStatuses.${n.status}`)}</Tag>,
          },
          { title: t('campaigns.escalations'), dataIndex: 'escalations' },
          {
            title: t('campaigns.re.history'),
            render: (_, n) =>
              n.rechecks.map((r) => (
                <div key={r.checkedAt}>
                  {dayjs(r.checkedAt).format('MM-DD')} {r.passed ? t('campaigns.passed') : t('campaigns.failed')}
                  {r.note && `：${r.note}`}
                  {r.photoTokens.length > 0 && `（${t('campaigns.re.photos', { count: r.photoTokens.length })}）`}
                </div>
              )),
          },
          {
            title: t('common.actions'),
            render: (_, n) => (
              <Space>
                <a href={campaignsApi.pdfUrl(n.id)} target="_blank" rel="noreferrer" data-testid="notice-pdf">
                  {t('campaigns.pdf')}
                </a>
                {canRecord && n.status !== 'closed' && (
                  <Button size="small" onClick={() => setRechecking(n)} data-testid="notice-recheck">
                    {t('campaigns.recheck')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <RecheckModal notice={rechecking} onClose={() => setRechecking(null)} />
    </Card>
  );
}

/** A campaign: who and when, progress by item and by target (charts and tables), and its notices. */
export function CampaignDetail({
  campaignId,
  canManage,
  onEdit,
}: {
  campaignId: number;
  canManage: boolean;
  onEdit: (c: CampaignView) => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const campaign = useQuery({
    queryKey: [...campaignsKeys.all, 'one', campaignId],
    queryFn: () => campaignsApi.get(campaignId),
  });
  const staff = useQuery({
    queryKey: [...campaignsKeys.all, 'staff', campaign.data?.division.id],
    queryFn: () => campaignsApi.staff(campaign.data!.division.id),
    enabled: canManage && campaign.data !== undefined,
  });
  const progress = useQuery({
    queryKey: [...campaignsKeys.all, 'progress', campaignId],
    queryFn: () => campaignsApi.progress(campaignId),
  });
  if (campaign.error) return <LoadError error={campaign.error} onRetry={() => void campaign.refetch()} />;
  if (progress.error) return <LoadError error={progress.error} onRetry={() => void progress.refetch()} />;
  const c = campaign.data;
  const p = progress.data;
  const names = new Map((staff.data?.items ?? []).map((u) => [u.id, u.name]));
  const byItem: ChartOption | null = p
    ? {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 40, right: 16, top: 36, bottom: 24 },
        xAxis: { type: 'category', data: p.byItem.map((i) => i.code) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          {
            type: 'bar',
            stack: 'all',
            name: t('campaigns.passed'),
            data: p.byItem.map((i) => i.passed),
            color: '#52c41a',
          },
          {
            type: 'bar',
            stack: 'all',
            name: t('campaigns.failed'),
            data: p.byItem.map((i) => i.failed),
            color: '#f5222d',
          },
          {
            type: 'bar',
            stack: 'all',
            name: t('campaigns.notApplicable'),
            data: p.byItem.map((i) => i.notApplicable),
            color: '#bfbfbf',
          },
        ],
      }
    : null;
  const items = c?.items.length ?? 0;
  const byTarget: ChartOption | null = p
    ? {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 110, right: 24, top: 36, bottom: 24 },
        yAxis: { type: 'category', data: p.byTarget.map((x) => x.name), inverse: true },
        xAxis: { type: 'value', minInterval: 1, max: Math.max(items, 1) },
        series: [
          { type: 'bar', name: t('campaigns.checked'), data: p.byTarget.map((x) => x.checked), color: '#1f5fbf' },
          { type: 'bar', name: t('campaigns.findings'), data: p.byTarget.map((x) => x.findings), color: '#f5222d' },
          {
            type: 'bar',
            name: t('campaigns.openNotices'),
            data: p.byTarget.map((x) => x.openNotices),
            color: '#fa8c16',
          },
        ],
      }
    : null;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="campaign-detail">
      <Card
        size="small"
        loading={!c}
        title={c?.title}
        extra={
          c &&
          canManage && (
            <Button onClick={() => onEdit(c)} data-testid="campaign-edit">
              {t('campaigns.edit')}
            </Button>
          )
        }
      >
        {c && (
          <Descriptions size="small" column={3}>
            <Descriptions.Item label={t('campaigns.area')}>{c.division.name}</Descriptions.Item>
            <Descriptions.Item label={t('campaigns.period')}>
              {c.startsOn} – {c.endsOn}
            </Descriptions.Item>
            <Descriptions.Item label={t('campaigns.status')}>{t(`campaigns.statuses.${c.status}`)}</Descriptions.Item>
            <Descriptions.Item label={t('campaigns.members')} span={3}>
              {c.memberIds.length === 0
                ? t('campaigns.noMembers')
                : c.memberIds.map((id) => <Tag key={id}>{names.get(id) ?? `#${id}`}</Tag>)}
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      <Card size="small" title={t('campaigns.byItem')}>
        {byItem && <EChart option={byItem} height={220} ariaLabel={t('campaigns.byItem')} />}
        <Table
          size="small"
          rowKey="itemId"
          pagination={false}
          loading={progress.isPending}
          dataSource={p?.byItem ?? []}
          columns={[
            { title: t('campaigns.item'), render: (_, i) => `${i.code} ${i.text}` },
            { title: t('campaigns.passed'), dataIndex: 'passed' },
            { title: t('campaigns.failed'), dataIndex: 'failed' },
            { title: t('campaigns.notApplicable'), dataIndex: 'notApplicable' },
          ]}
        />
      </Card>
      <Card size="small" title={t('campaigns.byTarget')}>
        {byTarget && (
          <EChart
            option={byTarget}
            height={Math.max(160, 60 + (p?.byTarget.length ?? 0) * 40)}
            ariaLabel={t('campaigns.progressChart')}
          />
        )}
        <Table
          size="small"
          rowKey="targetId"
          pagination={false}
          loading={progress.isPending}
          dataSource={p?.byTarget ?? []}
          data-testid="campaign-progress"
          columns={[
            { title: t('campaigns.target'), dataIndex: 'name' },
            { title: t('campaigns.checked'), render: (_, x) => `${x.checked} / ${items}` },
            { title: t('campaigns.findings'), dataIndex: 'findings' },
            { title: t('campaigns.openNotices'), dataIndex: 'openNotices' },
          ]}
        />
      </Card>
      {c && <NoticesCard campaign={c} canRecord={canManage || c.memberIds.includes(me.id)} />}
    </Space>
  );
}
