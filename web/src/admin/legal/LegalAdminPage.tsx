import { PlusOutlined } from '@ant-design/icons';
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Empty, Input, Row, Select, Space, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import {
  ARTICLE_KINDS,
  type Article,
  type ArticleKind,
  type ArticleSummary,
  FRAUD_TYPES,
  type FraudType,
  legalApi,
  legalKeys,
  REPORT_KINDS,
  type Report,
  type ReportKind,
} from '../../shared/legal.ts';
import { formatDateTime } from '../../shared/time.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { type ChartOption, EChart } from '../components/EChart.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ArticleFormModal } from './ArticleFormModal.tsx';

const KIND_COLORS: Record<ArticleKind, string> = { law: 'blue', mediation_case: 'green', fraud_case: 'red' };

function ArticlesTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<ArticleKind | undefined>();
  const [fraudType, setFraudType] = useState<FraudType | undefined>();
  const [status, setStatus] = useState<'draft' | 'published' | undefined>();
  const [editing, setEditing] = useState<Article | 'new' | null>(null);
  const refresh = () => void client.invalidateQueries({ queryKey: legalKeys.all });
  const open = async (a: ArticleSummary) => {
    try {
      setEditing(await legalApi.article(a.id));
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  const toggle = async (a: ArticleSummary) => {
    try {
      await legalApi.update(a.id, { status: a.status === 'published' ? 'draft' : 'published' });
      message.success(t('legal.admin.saved'));
      refresh();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  return (
    <Card
      title={
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={t('legal.search')}
            onSearch={(v) => setQ(v.trim())}
            style={{ width: 280 }}
            data-testid="article-search"
          />
          <Select
            allowClear
            placeholder={t('legal.admin.kind')}
            value={kind}
            onChange={setKind}
            style={{ width: 130 }}
            options={ARTICLE_KINDS.map((k) => ({ value: k, label: t(`legal.kinds.${k}`) }))}
          />
          <Select
            allowClear
            placeholder={t('legal.admin.fraudType')}
            value={fraudType}
            onChange={setFraudType}
            style={{ width: 170 }}
            options={FRAUD_TYPES.map((f) => ({ value: f, label: t(`legal.fraudTypes.${f}`) }))}
          />
          <Select
            allowClear
            placeholder={t('legal.admin.status')}
            value={status}
            onChange={setStatus}
            style={{ width: 110 }}
            options={(['draft', 'published'] as const).map((s) => ({ value: s, label: t(`legal.statuses.${s}`) }))}
          />
        </Space>
      }
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="article-add">
          {t('legal.admin.add')}
        </Button>
      }
    >
      <CursorTable
        rowKey="id"
        scroll={{ x: 900 }}
        pageQuery={(page) =>
          queryOptions({
            queryKey: [...legalKeys.all, 'articles', { q, kind, fraudType, status, ...page }] as const,
            queryFn: () => legalApi.articles({ q: q || undefined, kind, fraudType, status, ...page }),
          })
        }
        locale={{ emptyText: t('legal.empty') }}
        columns={[
          {
            title: t('legal.admin.articleTitle'),
            render: (_: unknown, a: ArticleSummary) => (
              <Space direction="vertical" size={0}>
                <span>{a.title}</span>
                {a.summary && <span style={{ color: '#888', fontSize: 12 }}>{a.summary}</span>}
              </Space>
            ),
          },
          {
            title: t('legal.admin.kind'),
            render: (_: unknown, a: ArticleSummary) => (
              <Space size={4} wrap>
                <Tag color={KIND_COLORS[a.kind]}>{t(`legal.kinds.${a.kind}`)}</Tag>
                {a.fraudType && <Tag>{t(`legal.fraudTypes.${a.fraudType}`)}</Tag>}
              </Space>
            ),
          },
          { title: t('legal.admin.division'), render: (_: unknown, a: ArticleSummary) => a.division.name },
          {
            title: t('legal.admin.status'),
            render: (_: unknown, a: ArticleSummary) => (
              <Tag color={a.status === 'published' ? 'green' : 'default'}>{t(`legal.statuses.${a.status}`)}</Tag>
            ),
          },
          {
            title: t('legal.admin.updatedAt'),
            render: (_: unknown, a: ArticleSummary) => formatDateTime(a.updatedAt),
          },
          {
            title: '',
            render: (_: unknown, a: ArticleSummary) =>
              a.mayEdit && (
                <Space>
                  <Button size="small" onClick={() => void open(a)} data-testid={`article-edit-${a.id}`}>
                    {t('legal.admin.edit')}
                  </Button>
                  <Button size="small" onClick={() => void toggle(a)}>
                    {a.status === 'published' ? t('legal.admin.withdraw') : t('legal.admin.publish')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      {editing && (
        <ArticleFormModal
          article={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            refresh();
          }}
        />
      )}
    </Card>
  );
}

function TargetsCard() {
  const { t } = useTranslation();
  const tally = useQuery({ queryKey: [...legalKeys.all, 'targets'], queryFn: () => legalApi.targets(30) });
  if (tally.isError) return <LoadError error={tally.error} onRetry={() => void tally.refetch()} />;
  const data = tally.data;
  const bars: ChartOption | null =
    data && data.items.length > 0
      ? {
          tooltip: {},
          grid: { left: 150, right: 24, top: 8, bottom: 24 },
          xAxis: { type: 'value', minInterval: 1 },
          yAxis: { type: 'category', inverse: true, data: data.items.map((i) => i.target) },
          series: [
            { type: 'bar', barMaxWidth: 24, data: data.items.map((i) => i.reports), itemStyle: { color: '#c8161d' } },
          ],
        }
      : null;
  const pie: ChartOption | null =
    data && data.byKind.length > 0
      ? {
          tooltip: {},
          series: [
            {
              type: 'pie',
              radius: ['40%', '70%'],
              data: data.byKind.map((k) => ({ name: t(`legal.reportKinds.${k.kind}`), value: k.reports })),
            },
          ],
        }
      : null;
  return (
    <Row gutter={16}>
      <Col xs={24} lg={16}>
        <Card title={t('legal.admin.topTargets')} loading={tally.isPending} size="small">
          {bars ? (
            <EChart option={bars} height={240} ariaLabel={t('legal.admin.topTargets')} />
          ) : (
            <Empty description={t('legal.admin.noTargets')} />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card title={t('legal.admin.byKind')} loading={tally.isPending} size="small">
          {pie ? <EChart option={pie} height={240} ariaLabel={t('legal.admin.byKind')} /> : <Empty />}
        </Card>
      </Col>
    </Row>
  );
}

function ReportsTab() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<ReportKind | undefined>();
  const [moneyLost, setMoneyLost] = useState<'true' | 'false' | undefined>();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <TargetsCard />
      <Card
        title={
          <Space wrap>
            <Input.Search
              allowClear
              placeholder={t('legal.admin.target')}
              onSearch={(v) => setQ(v.trim())}
              style={{ width: 240 }}
              data-testid="report-search"
            />
            <Select
              allowClear
              placeholder={t('legal.reportForm.kind')}
              value={kind}
              onChange={setKind}
              style={{ width: 120 }}
              options={REPORT_KINDS.map((k) => ({ value: k, label: t(`legal.reportKinds.${k}`) }))}
            />
            <Select
              allowClear
              placeholder={t('legal.admin.moneyLost')}
              value={moneyLost}
              onChange={setMoneyLost}
              style={{ width: 110 }}
              options={[
                { value: 'true', label: t('legal.admin.yes') },
                { value: 'false', label: t('legal.admin.no') },
              ]}
            />
          </Space>
        }
      >
        <CursorTable
          rowKey="id"
          scroll={{ x: 1000 }}
          pageQuery={(page) =>
            queryOptions({
              queryKey: [...legalKeys.all, 'reports', { q, kind, moneyLost, ...page }] as const,
              queryFn: () => legalApi.reports({ q: q || undefined, kind, moneyLost, ...page }),
            })
          }
          locale={{ emptyText: t('legal.emptyReports') }}
          columns={[
            { title: t('legal.admin.reportedAt'), render: (_: unknown, r: Report) => formatDateTime(r.createdAt) },
            {
              title: t('legal.admin.target'),
              render: (_: unknown, r: Report) => (
                <Space size={4}>
                  <Tag>{t(`legal.reportKinds.${r.kind}`)}</Tag>
                  <span style={{ wordBreak: 'break-all' }}>{r.target}</span>
                </Space>
              ),
            },
            { title: t('legal.reportForm.description'), dataIndex: 'description', ellipsis: true },
            {
              title: t('legal.admin.moneyLost'),
              render: (_: unknown, r: Report) =>
                r.moneyLost ? (
                  <Tag color="red">{r.amountYuan === null ? t('legal.admin.yes') : `¥${r.amountYuan}`}</Tag>
                ) : (
                  t('legal.admin.no')
                ),
            },
            { title: t('legal.admin.repeats'), dataIndex: 'sameTargetReports', align: 'right' },
            { title: t('legal.admin.community'), render: (_: unknown, r: Report) => r.community.name },
            { title: t('legal.admin.reporter'), dataIndex: 'reporterName' },
            {
              title: t('legal.admin.matter'),
              render: (_: unknown, r: Report) =>
                r.matterId && (
                  <Link to={`/matters/${r.matterId}`} data-testid={`report-matter-${r.id}`}>
                    {t('legal.admin.openMatter')}
                  </Link>
                ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}

/** 普法反诈: the library residents search, and the suspicious numbers and links they report. */
export default function LegalAdminPage() {
  const { t } = useTranslation();
  return (
    <div>
      <PageHeader title={t('nav.legal')} description={t('legal.admin.description')} />
      <Tabs
        items={[
          { key: 'articles', label: t('legal.admin.articlesTab'), children: <ArticlesTab /> },
          { key: 'reports', label: t('legal.admin.reportsTab'), children: <ReportsTab /> },
        ]}
      />
    </div>
  );
}
