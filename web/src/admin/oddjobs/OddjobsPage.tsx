import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, Space, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { oddjobsApi, oddjobsKeys, yuan, type Employer, type Posting, refusal } from '../../shared/oddjobs.ts';
import { formatDateTime } from '../../shared/time.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { HelpQueueTab } from './HelpQueueTab.tsx';
import { MonthlyFiguresTab } from './MonthlyFiguresTab.tsx';

const STATUS_COLORS = { pending: 'gold', approved: 'green', rejected: 'red' } as const;

/**
 * 零工市场 for staff, in tabs: employers waiting for review and the postings; the help queue
 * (帮扶队列) of seekers who need a hand; the monthly figures (月度统计).
 */
export default function OddjobsPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState('market');
  return (
    <>
      <PageHeader title={t('nav.oddjobs')} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          { key: 'market', label: t('oddjobs.tabs.market'), children: <MarketTab /> },
          { key: 'help', label: t('oddjobs.tabs.help'), children: <HelpQueueTab /> },
          { key: 'figures', label: t('oddjobs.tabs.figures'), children: <MonthlyFiguresTab /> },
        ]}
      />
    </>
  );
}

/** Employers waiting for review (approve, or reject with a reason), and the postings. */
function MarketTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [reasons, setReasons] = useState<Record<number, string>>({});
  const employers = useQuery({ queryKey: [...oddjobsKeys.all, 'employers'], queryFn: () => oddjobsApi.employers() });
  const postings = useQuery({ queryKey: [...oddjobsKeys.all, 'postings', 'all'], queryFn: oddjobsApi.postings });
  const review = useMutation({
    mutationFn: ({ id, decision }: { id: number; decision: 'approve' | 'reject' }) =>
      oddjobsApi.review(id, decision, reasons[id] ?? ''),
    onSuccess: () => client.invalidateQueries({ queryKey: oddjobsKeys.all }),
    onError: (e) => void message.error(refusal(e)),
  });
  return (
    <>
      <Card title={t('oddjobs.review')} style={{ marginBottom: 16 }}>
        <Table<Employer>
          rowKey="id"
          size="small"
          loading={employers.isLoading}
          dataSource={employers.data?.items ?? []}
          pagination={false}
          columns={[
            { title: t('oddjobs.employerName'), dataIndex: 'name' },
            { title: t('oddjobs.creditCode'), dataIndex: 'creditCode' },
            { title: t('oddjobs.community'), render: (_, e) => e.community.name },
            { title: t('oddjobs.contactName'), render: (_, e) => `${e.contactName} ${e.contactPhone}` },
            {
              title: '',
              render: (_, e) => (
                <Tag color={STATUS_COLORS[e.status]} data-testid={`employer-status-${e.id}`}>
                  {t(`oddjobs.employerStatuses.${e.status}`)}
                </Tag>
              ),
            },
            {
              title: '',
              render: (_, e) =>
                e.status === 'pending' && (
                  <Space>
                    <Input
                      size="small"
                      placeholder={t('oddjobs.rejectReason')}
                      value={reasons[e.id] ?? ''}
                      onChange={(ev) => setReasons({ ...reasons, [e.id]: ev.target.value })}
                    />
                    <Button
                      size="small"
                      type="primary"
                      onClick={() => review.mutate({ id: e.id, decision: 'approve' })}
                      data-testid={`approve-${e.id}`}
                    >
                      {t('oddjobs.approve')}
                    </Button>
                    <Button
                      size="small"
                      danger
                      disabled={(reasons[e.id] ?? '').trim().length < 2}
                      onClick={() => review.mutate({ id: e.id, decision: 'reject' })}
                    >
                      {t('oddjobs.reject')}
                    </Button>
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      <Card title={t('oddjobs.postings')}>
        <Table<Posting>
          rowKey="id"
          size="small"
          loading={postings.isLoading}
          dataSource={postings.data?.items ?? []}
          pagination={false}
          columns={[
            { title: t('oddjobs.postTitle'), dataIndex: 'title' },
            { title: t('oddjobs.employerName'), render: (_, p) => p.employer.name },
            { title: t('oddjobs.wage'), render: (_, p) => `${yuan(p.wageFen)} ${t(`oddjobs.units.${p.wageUnit}`)}` },
            { title: t('oddjobs.place'), dataIndex: 'placeName' },
            { title: t('oddjobs.startsAt'), render: (_, p) => formatDateTime(p.startsAt).slice(0, 16) },
            { title: t('oddjobs.headcount'), render: (_, p) => `${p.hiredCount}/${p.headcount}` },
            { title: '', render: (_, p) => <Tag>{p.status}</Tag> },
          ]}
        />
      </Card>
    </>
  );
}
