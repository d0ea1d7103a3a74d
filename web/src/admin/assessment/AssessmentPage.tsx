import { PlayCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import {
  assessmentCalls,
  assessmentKeys,
  assessmentQueries,
  type AssessmentAppeal,
  type AssessmentScheme,
  type AssessmentSchemeSummary,
} from '../../shared/query/assessment.ts';
import { formatDateTime } from '../../shared/time.ts';
import { useUrlFilters } from '../../shared/useUrlFilters.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { EChart, type ChartOption } from '../components/EChart.tsx';
import { ExportButton } from '../components/ExportButton.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { peerGroupName } from '../../shared/assessment.ts';
import { SchemeForm } from './SchemeForm.tsx';
import { ScoreDrawer } from './ScoreDrawer.tsx';

const FILTERS = ['tab', 'scheme', 'month', 'peerGroup', 'appealStatus'] as const;
type Filters = ReturnType<typeof useUrlFilters<(typeof FILTERS)[number]>>;
const PEER_COLORS = ['#1f5fbf', '#13a8a8', '#fa8c16', '#722ed1', '#52c41a', '#eb2f96'];

/**
 * 考核: the monthly ranking by peer group with a bar chart and each score's breakdown to its
 * records; the district's schemes with their versions; appeals, granted or refused.
 */
export default function AssessmentPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useUrlFilters(FILTERS);
  const tab = filters.tab === 'schemes' || filters.tab === 'appeals' ? filters.tab : 'ranking';
  const schemes = useQuery(assessmentQueries.schemes({ limit: 100 }));
  const list = schemes.data?.items ?? [];
  return (
    <>
      <PageHeader title={t('assessment.title')} description={t('assessment.subtitle')} />
      {schemes.error && <LoadError error={schemes.error} onRetry={() => void schemes.refetch()} />}
      <Tabs
        activeKey={tab}
        onChange={(key) => setFilters({ tab: key === 'ranking' ? undefined : key })}
        items={[
          {
            key: 'ranking',
            label: t('assessment.tabs.ranking'),
            children:
              tab === 'ranking' ? (
                <Ranking schemes={list} loading={schemes.isLoading} filters={[filters, setFilters]} />
              ) : null,
          },
          {
            key: 'schemes',
            label: t('assessment.tabs.schemes'),
            children: tab === 'schemes' ? <Schemes schemes={list} loading={schemes.isLoading} /> : null,
          },
          {
            key: 'appeals',
            label: t('assessment.tabs.appeals'),
            children: tab === 'appeals' ? <Appeals filters={[filters, setFilters]} /> : null,
          },
        ]}
      />
    </>
  );
}

function Ranking({
  schemes,
  loading,
  filters: [filters, setFilters],
}: {
  schemes: AssessmentSchemeSummary[];
  loading: boolean;
  filters: Filters;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [shown, setShown] = useState<number | null>(null);
  const scheme = schemes.find((s) => String(s.id) === filters.scheme) ?? schemes[0];
  const month = filters.month ?? scheme?.scoredMonths[0] ?? dayjs().subtract(1, 'month').format('YYYY-MM');
  const query = scheme ? { schemeId: scheme.id, month, peerGroup: filters.peerGroup } : null;
  // The chart: the first 200 of the ranking, coloured by peer group.
  const chart = useQuery({ ...assessmentQueries.scores({ ...query, limit: 200 }), enabled: query !== null });
  const rows = chart.data?.items ?? [];
  const groups = [...new Set(rows.map((r) => r.peerGroup))];
  const run = useMutation({
    mutationFn: () => assessmentCalls.run(scheme!.id, month),
    onSuccess: (r) => {
      message.success(t('assessment.runDone', { subjects: r.subjects, version: r.version }));
      void queryClient.invalidateQueries({ queryKey: assessmentKeys.all });
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  if (!loading && !scheme) return <Empty description={t('assessment.noScheme')} />;
  const option: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 72 },
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.subjectName),
      axisLabel: { interval: 0, rotate: rows.length > 8 ? 35 : 0 },
    },
    yAxis: { type: 'value', max: (v: { max: number }) => Math.max(100, Math.ceil(v.max)) },
    series: groups.map((g, i) => ({
      name: peerGroupName(t, g),
      type: 'bar' as const,
      stack: 'score',
      barMaxWidth: 28,
      color: PEER_COLORS[i % PEER_COLORS.length],
      data: rows.map((r) => (r.peerGroup === g ? r.score : null)),
    })),
  };
  return (
    <Card>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          style={{ width: 220 }}
          placeholder={t('assessment.filters.scheme')}
          value={scheme?.id}
          onChange={(v) => setFilters({ scheme: String(v), peerGroup: undefined })}
          options={schemes.map((s) => ({ value: s.id, label: s.name }))}
          data-testid="scheme-filter"
        />
        <DatePicker
          picker="month"
          allowClear={false}
          value={dayjs(`${month}-01`)}
          onChange={(v) => v && setFilters({ month: v.format('YYYY-MM'), peerGroup: undefined })}
          data-testid="month-filter"
        />
        <Select
          allowClear
          style={{ width: 180 }}
          placeholder={t('assessment.filters.peerGroup')}
          value={filters.peerGroup}
          onChange={(v) => setFilters({ peerGroup: v })}
          options={groups.map((g) => ({ value: g, label: peerGroupName(t, g) }))}
          data-testid="peer-filter"
        />
        {scheme?.canConfigure && (
          <Button
            icon={<PlayCircleOutlined />}
            loading={run.isPending}
            onClick={() => run.mutate()}
            data-testid="run-month"
          >
            {t('assessment.run')}
          </Button>
        )}
        {query && <ExportButton kind="assessment-scores" filters={query} />}
      </Space>
      {chart.error && <LoadError error={chart.error} onRetry={() => void chart.refetch()} />}
      {rows.length > 0 && <EChart option={option} height={300} ariaLabel={t('assessment.chart')} />}
      {query && (
        <CursorTable
          rowKey="id"
          pageQuery={(page) => assessmentQueries.scores({ ...query, ...page })}
          size="middle"
          scroll={{ x: 1000 }}
          data-testid="ranking"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('assessment.noScores')} /> }}
          columns={[
            {
              title: t('assessment.columns.peerGroup'),
              key: 'peer',
              width: 140,
              render: (_, s) => peerGroupName(t, s.peerGroup),
            },
            {
              title: t('assessment.columns.rank'),
              key: 'rank',
              width: 100,
              render: (_, s) => `${s.rank} / ${s.peerSize}`,
            },
            { title: t('assessment.columns.subject'), dataIndex: 'subjectName' },
            {
              title: t('assessment.columns.area'),
              key: 'area',
              render: (_, s) => (s.gridName ? `${s.divisionName} · ${s.gridName}` : s.divisionName),
            },
            { title: t('assessment.columns.residents'), dataIndex: 'residents', align: 'right', width: 90 },
            { title: t('assessment.columns.raw'), dataIndex: 'rawPoints', align: 'right', width: 90 },
            { title: t('assessment.columns.factor'), dataIndex: 'workloadFactor', align: 'right', width: 110 },
            {
              title: t('assessment.columns.score'),
              key: 'score',
              align: 'right',
              width: 90,
              render: (_, s) => <Typography.Text strong>{s.score}</Typography.Text>,
            },
            {
              title: t('assessment.columns.flags'),
              key: 'flags',
              render: (_, s) =>
                s.flags.map((f) => (
                  <Tag key={f} color="orange">
                    {t(`assessment.flag.${f}`, { defaultValue: f })}
                  </Tag>
                )),
            },
            {
              title: t('assessment.columns.actions'),
              key: 'actions',
              width: 90,
              render: (_, s) => (
                <Button type="link" size="small" onClick={() => setShown(s.id)} data-testid={`open-score-${s.id}`}>
                  {t('assessment.open')}
                </Button>
              ),
            },
          ]}
        />
      )}
      {shown !== null && <ScoreDrawer id={shown} onClose={() => setShown(null)} />}
    </Card>
  );
}

function Versions({ id }: { id: number }) {
  const { t } = useTranslation();
  const { data } = useQuery(assessmentQueries.scheme(id));
  if (!data) return null;
  return (
    <div data-testid={`versions-${id}`}>
      <Typography.Text strong>{t('assessment.scheme.versions')}</Typography.Text>
      <Timeline
        style={{ marginTop: 12 }}
        items={data.versions.map((v) => ({
          color: v.version === data.currentVersion ? 'blue' : 'gray',
          children: (
            <Space direction="vertical" size={0}>
              <span>
                {t('assessment.scheme.version', { version: v.version })} ·{' '}
                {t('assessment.scheme.from', { month: v.effectiveFrom })}
                {v.version === data.currentVersion && (
                  <Tag style={{ marginInlineStart: 8 }}>{t('assessment.scheme.current')}</Tag>
                )}
              </span>
              <Typography.Text type="secondary">
                {v.indicators.map((i) => `${t(`assessment.indicator.${i.indicator}`)} ${i.weight}`).join('，')}
              </Typography.Text>
              <Typography.Text type="secondary">
                {t('assessment.scheme.by', { name: v.createdByName, at: formatDateTime(v.createdAt).slice(0, 16) })}
                {v.note ? ` · ${v.note}` : ''}
              </Typography.Text>
            </Space>
          ),
        }))}
      />
    </div>
  );
}

function Schemes({ schemes, loading }: { schemes: AssessmentSchemeSummary[]; loading: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<AssessmentScheme | null | 'new'>(null);
  const archive = useMutation({
    mutationFn: (id: number) => assessmentCalls.archiveScheme(id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: assessmentKeys.all }),
    onError: (e) => message.error(errorMessage(e)),
  });
  const canCreate = schemes.some((s) => s.canConfigure) || schemes.length === 0;
  return (
    <Card>
      {canCreate && (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing('new')}
          style={{ marginBottom: 12 }}
          data-testid="new-scheme"
        >
          {t('assessment.scheme.create')}
        </Button>
      )}
      <Table
        rowKey="id"
        loading={loading}
        dataSource={schemes}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        expandable={{ expandedRowRender: (s) => <Versions id={s.id} /> }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('assessment.scheme.empty')} />,
        }}
        columns={[
          { title: t('assessment.scheme.columns.name'), dataIndex: 'name' },
          { title: t('assessment.scheme.columns.district'), dataIndex: 'districtName' },
          {
            title: t('assessment.scheme.columns.subjectKind'),
            key: 'kind',
            render: (_, s) => t(`assessment.subjectKind.${s.subjectKind}`),
          },
          {
            title: t('assessment.scheme.columns.version'),
            key: 'version',
            render: (_, s) =>
              `${t('assessment.scheme.version', { version: s.currentVersion })} · ${t('assessment.scheme.from', { month: s.current.effectiveFrom })}`,
          },
          {
            title: t('assessment.scheme.columns.indicators'),
            key: 'indicators',
            render: (_, s) =>
              s.current.indicators.map((i) => (
                <Tag key={i.indicator}>
                  {t(`assessment.indicator.${i.indicator}`)} {i.weight}
                </Tag>
              )),
          },
          {
            title: t('assessment.scheme.columns.scored'),
            key: 'scored',
            render: (_, s) => s.scoredMonths.join('，') || '—',
          },
          {
            title: t('assessment.scheme.columns.actions'),
            key: 'actions',
            render: (_, s) =>
              s.canConfigure && (
                <Space>
                  <Button
                    size="small"
                    onClick={async () => setEditing(await queryClient.fetchQuery(assessmentQueries.scheme(s.id)))}
                    data-testid={`edit-scheme-${s.id}`}
                  >
                    {t('assessment.scheme.edit')}
                  </Button>
                  <Popconfirm title={t('assessment.scheme.archiveConfirm')} onConfirm={() => archive.mutate(s.id)}>
                    <Button size="small" danger>
                      {t('assessment.scheme.archive')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
      {editing !== null && <SchemeForm scheme={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}

function Appeals({ filters: [filters, setFilters] }: { filters: Filters }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [deciding, setDeciding] = useState<{ appeal: AssessmentAppeal; decision: 'grant' | 'refuse' } | null>(null);
  const [form] = Form.useForm<{ reason: string; adjustedPoints?: number; adjustedValue?: number }>();
  const status = filters.appealStatus ?? 'pending';
  const decide = useMutation({
    mutationFn: (v: { reason: string; adjustedPoints?: number; adjustedValue?: number }) =>
      assessmentCalls.decide(deciding!.appeal.id, {
        decision: deciding!.decision,
        reason: v.reason,
        ...(deciding!.decision === 'grant'
          ? {
              adjustedPoints: v.adjustedPoints,
              ...(v.adjustedValue !== undefined && v.adjustedValue !== null ? { adjustedValue: v.adjustedValue } : {}),
            }
          : {}),
      }),
    onSuccess: () => {
      message.success(t('assessment.appeal.decided'));
      setDeciding(null);
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: assessmentKeys.all });
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <Card>
      <Select
        style={{ width: 140, marginBottom: 12 }}
        value={status}
        onChange={(v) => setFilters({ appealStatus: v })}
        options={[
          ...(['pending', 'granted', 'refused'] as const).map((s) => ({
            value: s,
            label: t(`assessment.appeal.status.${s}`),
          })),
        ]}
        data-testid="appeal-status"
      />
      <CursorTable
        rowKey="id"
        pageQuery={(page) => assessmentQueries.appeals({ status, ...page })}
        size="middle"
        scroll={{ x: 1000 }}
        data-testid="appeals"
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('assessment.appeal.empty')} />,
        }}
        columns={[
          { title: t('assessment.appeal.columns.month'), dataIndex: 'month', width: 90 },
          { title: t('assessment.appeal.columns.subject'), dataIndex: 'subjectName' },
          {
            title: t('assessment.appeal.columns.indicator'),
            key: 'indicator',
            render: (_, a) => t(`assessment.indicator.${a.indicator}`),
          },
          { title: t('assessment.appeal.columns.reason'), dataIndex: 'reason', ellipsis: true },
          { title: t('assessment.appeal.columns.appellant'), dataIndex: 'appellantName' },
          { title: t('assessment.appeal.columns.before'), dataIndex: 'pointsBefore', align: 'right' },
          {
            title: t('assessment.appeal.columns.after'),
            key: 'after',
            align: 'right',
            render: (_, a) => a.adjustedPoints ?? '—',
          },
          {
            title: t('assessment.appeal.columns.status'),
            key: 'status',
            render: (_, a) => (
              <Space direction="vertical" size={0}>
                <Tag color={a.status === 'granted' ? 'green' : a.status === 'pending' ? 'processing' : 'default'}>
                  {t(`assessment.appeal.status.${a.status}`)}
                </Tag>
                {a.decisionReason && <Typography.Text type="secondary">{a.decisionReason}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: t('assessment.appeal.columns.actions'),
            key: 'actions',
            render: (_, a) =>
              a.canDecide && (
                <Space>
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => setDeciding({ appeal: a, decision: 'grant' })}
                    data-testid={`grant-${a.id}`}
                  >
                    {t('assessment.appeal.grant')}
                  </Button>
                  <Button
                    size="small"
                    onClick={() => setDeciding({ appeal: a, decision: 'refuse' })}
                    data-testid={`refuse-${a.id}`}
                  >
                    {t('assessment.appeal.refuse')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      <Modal
        open={deciding !== null}
        title={
          deciding
            ? t(deciding.decision === 'grant' ? 'assessment.appeal.grantTitle' : 'assessment.appeal.refuseTitle')
            : ''
        }
        onCancel={() => setDeciding(null)}
        onOk={() => form.submit()}
        confirmLoading={decide.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => decide.mutate(v)}>
          {deciding?.decision === 'grant' && (
            <>
              <Form.Item
                name="adjustedPoints"
                label={t('assessment.appeal.adjustedPoints')}
                rules={[{ required: true }]}
              >
                <InputNumber min={0} max={100} step={0.5} data-testid="adjusted-points" />
              </Form.Item>
              <Form.Item name="adjustedValue" label={t('assessment.appeal.adjustedValue')}>
                <InputNumber min={0} />
              </Form.Item>
            </>
          )}
          <Form.Item
            name="reason"
            label={t('assessment.appeal.decisionReason')}
            rules={[{ required: true, min: 2, max: 1000 }]}
          >
            <Input.TextArea rows={3} data-testid="decision-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
