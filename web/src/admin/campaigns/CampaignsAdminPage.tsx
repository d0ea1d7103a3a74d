import { queryOptions, useQuery } from '@tanstack/react-query';
import { Card, Input, Select, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CampaignSummary, campaignsApi, campaignsKeys } from '../../shared/campaigns.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { EChart, type ChartOption } from '../components/EChart.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';

const NOTICE_COLORS = { open: 'blue', escalated: 'red', closed: 'green' } as const;

function CampaignDetail({ campaign }: { campaign: CampaignSummary }) {
  const { t } = useTranslation();
  const progress = useQuery({
    queryKey: [...campaignsKeys.all, 'progress', campaign.id],
    queryFn: () => campaignsApi.progress(campaign.id),
  });
  const notices = useQuery({
    queryKey: [...campaignsKeys.all, 'notices', campaign.id],
    queryFn: () => campaignsApi.notices(campaign.id),
  });
  if (progress.error) return <LoadError error={progress.error} onRetry={() => void progress.refetch()} />;
  const p = progress.data;
  const option: ChartOption | null = p
    ? {
        tooltip: { trigger: 'axis' },
        legend: {},
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
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="campaign-detail">
      <Card size="small" title={t('campaigns.byItem')}>
        {option && <EChart option={option} height={240} ariaLabel={t('campaigns.byItem')} />}
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
        <Table
          size="small"
          rowKey="targetId"
          pagination={false}
          loading={progress.isPending}
          dataSource={p?.byTarget ?? []}
          data-testid="campaign-progress"
          columns={[
            { title: t('campaigns.target'), dataIndex: 'name' },
            { title: t('campaigns.checked'), dataIndex: 'checked' },
            { title: t('campaigns.findings'), dataIndex: 'findings' },
            { title: t('campaigns.openNotices'), dataIndex: 'openNotices' },
          ]}
        />
      </Card>
      <Card size="small" title={t('campaigns.notices')}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          loading={notices.isPending}
          dataSource={notices.data?.items ?? []}
          columns={[
            { title: t('campaigns.number'), dataIndex: 'number' },
            { title: t('campaigns.target'), render: (_, n) => n.target.name },
            { title: t('campaigns.deadline'), render: (_, n) => dayjs(n.deadline).format('YYYY-MM-DD HH:mm') },
            {
              title: t('campaigns.status'),
              render: (_, n) => <Tag color={NOTICE_COLORS[n.status]}>{t(`campaigns.noticeStatuses.${n.status}`)}</Tag>,
            },
            { title: t('campaigns.escalations'), dataIndex: 'escalations' },
            {
              title: '',
              render: (_, n) => (
                <a href={campaignsApi.pdfUrl(n.id)} target="_blank" rel="noreferrer" data-testid="notice-pdf">
                  {t('campaigns.pdf')}
                </a>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}

/** 专项整治 in the console: campaigns of the area, and the chosen one's progress and notices. */
export default function CampaignsAdminPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'active' | 'closed' | undefined>();
  const [q, setQ] = useState('');
  const [chosen, setChosen] = useState<CampaignSummary | null>(null);
  return (
    <>
      <PageHeader title={t('campaigns.title')} description={t('campaigns.description')} />
      <Card
        title={
          <Space wrap>
            <Input.Search
              allowClear
              placeholder={t('campaigns.search')}
              onSearch={(v) => setQ(v.trim())}
              style={{ width: 220 }}
            />
            <Select
              allowClear
              placeholder={t('campaigns.status')}
              value={status}
              onChange={setStatus}
              style={{ width: 120 }}
              options={(['active', 'closed'] as const).map((s) => ({ value: s, label: t(`campaigns.statuses.${s}`) }))}
            />
          </Space>
        }
      >
        <CursorTable
          rowKey="id"
          pageQuery={(page) =>
            queryOptions({
              queryKey: [...campaignsKeys.all, 'list', { status, q, ...page }] as const,
              queryFn: () => campaignsApi.list({ status, q: q || undefined, ...page }),
            })
          }
          locale={{ emptyText: t('campaigns.empty') }}
          onRow={(c) => ({ onClick: () => setChosen(c), style: { cursor: 'pointer' } })}
          rowClassName={(c) => (c.id === chosen?.id ? 'ant-table-row-selected' : '')}
          columns={[
            { title: t('campaigns.name'), dataIndex: 'title' },
            { title: t('campaigns.area'), render: (_, c) => c.division.name },
            { title: t('campaigns.period'), render: (_, c) => `${c.startsOn} – ${c.endsOn}` },
            { title: t('campaigns.status'), render: (_, c) => t(`campaigns.statuses.${c.status}`) },
          ]}
        />
      </Card>
      <div style={{ marginTop: 16 }}>
        {chosen ? <CampaignDetail campaign={chosen} /> : <Card>{t('campaigns.pick')}</Card>}
      </div>
    </>
  );
}
