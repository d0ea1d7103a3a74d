import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Input, Select, Space, Switch, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { CASE_STATUSES, RISKS, type CaseStatus, type Risk } from '../../shared/mediation.ts';
import { mediationQueries } from '../../shared/query/mediation.ts';
import { formatFen } from '../../shared/points.ts';
import { can, useMe } from '../../shared/session.tsx';
import { formatDateTime } from '../../shared/time.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { ExportButton } from '../components/ExportButton.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useAreaDrill } from '../org/AreaDrill.tsx';
import { CaseStatusTag, RiskTag, useCatalogue } from './tags.tsx';

const QUEUES = ['all', 'mine', 'unassigned'] as const;
type Queue = (typeof QUEUES)[number];

/** 调解案件: cases of the area (a mediator: their studios' and their own), with search and filters. */
export default function CasesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const catalogue = useCatalogue();
  const studios = useQuery(mediationQueries.studios());
  // The queue is in the address, so the workbench's counts open the list they count.
  const [params, setParams] = useSearchParams();
  const requested = params.get('queue');
  const queue: Queue = (QUEUES as readonly string[]).includes(requested ?? '') ? (requested as Queue) : 'all';
  const setQueue = (next: Queue) =>
    setParams(
      (p) => {
        p.set('queue', next);
        return p;
      },
      { replace: true },
    );
  // The workbench opens "my open cases" by status in the address.
  const [status, setStatus] = useState<CaseStatus[]>(() =>
    params.getAll('status').filter((s): s is CaseStatus => (CASE_STATUSES as readonly string[]).includes(s)),
  );
  const [q, setQ] = useState('');

  const [category, setCategory] = useState<string[]>([]);
  const [risk, setRisk] = useState<Risk>();
  const [studioId, setStudioId] = useState<number>();
  const [overdue, setOverdue] = useState(false);
  const statusName = new Map(catalogue.data?.statuses.map((s) => [s.code, s.name]));
  const { areaId, communityId, banner } = useAreaDrill({ community: true });
  const listQuery = {
    queue,
    areaId,
    communityId,
    q: q || undefined,
    status,
    category,
    risk,
    studioId,
    overdue: overdue ? 'true' : undefined,
  };

  return (
    <div className="gz-page">
      <PageHeader
        title={t('mediation.list.title')}
        description={t('mediation.list.subtitle')}
        extra={
          <Space>
            <ExportButton kind="mediation-cases" filters={listQuery} />
            {can(me, 'mediation.handle') && (
              <Link to="/mediation/cases/new">
                <Button type="primary" icon={<PlusOutlined />}>
                  {t('mediation.list.newCase')}
                </Button>
              </Link>
            )}
          </Space>
        }
      />
      <Card>
        <Tabs
          activeKey={queue}
          onChange={(k) => setQueue(k as Queue)}
          items={QUEUES.map((k) => ({ key: k, label: t(`mediation.queue.${k}`) }))}
        />
        {banner}
        <Space wrap style={{ marginBottom: 16 }}>
          <Input.Search allowClear placeholder={t('mediation.list.search')} onSearch={setQ} style={{ width: 240 }} />
          <Select
            mode="multiple"
            allowClear
            value={status}
            onChange={setStatus}
            placeholder={t('mediation.fields.status')}
            style={{ minWidth: 160 }}
            maxTagCount="responsive"
            options={CASE_STATUSES.map((s) => ({ value: s, label: statusName.get(s) ?? s }))}
            aria-label={t('mediation.fields.status')}
          />
          <Select
            mode="multiple"
            allowClear
            value={category}
            onChange={setCategory}
            placeholder={t('mediation.fields.category')}
            style={{ minWidth: 180 }}
            maxTagCount="responsive"
            options={catalogue.data?.categories.map((c) => ({ value: c.code, label: c.name }))}
            aria-label={t('mediation.fields.category')}
          />
          <Select
            allowClear
            value={risk}
            onChange={setRisk}
            placeholder={t('mediation.fields.risk')}
            style={{ width: 120 }}
            options={RISKS.map((r) => ({ value: r, label: t(`mediation.risk.${r}`) }))}
            aria-label={t('mediation.fields.risk')}
          />
          <Select
            allowClear
            value={studioId}
            onChange={setStudioId}
            placeholder={t('mediation.fields.studio')}
            style={{ width: 180 }}
            options={studios.data?.items.map((s) => ({ value: s.id, label: s.name }))}
            aria-label={t('mediation.fields.studio')}
          />
          <Space>
            <Switch checked={overdue} onChange={setOverdue} aria-label={t('mediation.list.overdueOnly')} />
            {t('mediation.list.overdueOnly')}
          </Space>
        </Space>
        <CursorTable
          rowKey="id"
          pageQuery={(page) => mediationQueries.cases({ ...listQuery, ...page })}
          scroll={{ x: 1040 }}
          locale={{ emptyText: t('mediation.list.empty') }}
          rowClassName={(c) => (c.overdue ? 'gz-row-overdue' : '')}
          onRow={(c) =>
            ({
              onClick: () => navigate(`/mediation/cases/${c.id}`),
              style: { cursor: 'pointer' },
              'data-testid': `case-row-${c.code}`,
            }) as HTMLAttributes<HTMLElement>
          }
          columns={[
            {
              title: t('mediation.fields.code'),
              dataIndex: 'code',
              width: 185,
              render: (code: string, c) => (
                <div className="gz-two-lines">
                  <span className="gz-mono">{code}</span>
                  <div className="gz-muted gz-small">{formatDateTime(c.acceptedAt).slice(0, 16)}</div>
                </div>
              ),
            },
            {
              title: `${t('mediation.fields.category')} / ${t('mediation.fields.summary')}`,
              key: 'what',
              // What the dispute is about gets the room the fixed columns leave, never less than this.
              width: 220,
              render: (_v, c) => (
                <div className="gz-two-lines">
                  <Space size={4}>
                    <strong>{c.category.name}</strong>
                    {c.groupDispute && <Tag color="magenta">{t('mediation.fields.group')}</Tag>}
                  </Space>
                  <Typography.Text
                    type="secondary"
                    ellipsis={{ tooltip: c.summary }}
                    style={{ display: 'block', maxWidth: '100%' }}
                  >
                    {c.summary}
                  </Typography.Text>
                </div>
              ),
            },
            {
              title: t('mediation.fields.parties'),
              key: 'parties',
              width: 120,
              ellipsis: true,
              render: (_v, c) => c.parties.map((p) => p.name).join('、'),
            },
            {
              title: t('mediation.fields.amountShort'),
              dataIndex: 'amountFen',
              width: 112,
              align: 'right',
              render: (fen: number) => (fen ? formatFen(fen) : '—'),
            },
            {
              title: t('mediation.fields.status'),
              dataIndex: 'status',
              width: 96,
              render: (s: CaseStatus, c) => <CaseStatusTag status={s} name={c.statusName} />,
            },
            {
              title: t('mediation.fields.risk'),
              dataIndex: 'risk',
              width: 80,
              render: (r: Risk) => <RiskTag risk={r} />,
            },
            {
              title: t('mediation.fields.mediator'),
              key: 'mediator',
              width: 100,
              ellipsis: true,
              render: (_v, c) =>
                c.mediator?.name ?? (
                  <Typography.Text type="secondary">{t('mediation.queue.unassigned')}</Typography.Text>
                ),
            },
            {
              title: t('mediation.fields.dueAt'),
              dataIndex: 'dueAt',
              width: 120,
              render: (due: string, c) => {
                if (c.endedAt || c.agreedAt) return <Typography.Text type="secondary">—</Typography.Text>;
                const days = dayjs(due).diff(dayjs(), 'day');
                return c.overdue ? (
                  <Tag color="red">{t('mediation.list.overdueBy', { days: Math.max(1, -days) })}</Tag>
                ) : (
                  <span>{t('mediation.list.dueIn', { days })}</span>
                );
              },
            },
          ]}
        />
      </Card>
    </div>
  );
}
