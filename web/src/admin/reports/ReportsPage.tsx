import { DownloadOutlined, FileTextOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Empty,
  Form,
  Modal,
  Progress,
  Select,
  Space,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import {
  type MonthlyReport,
  type ReportStatus,
  reportCalls,
  reportHtmlUrl,
  reportKeys,
  reportPdfUrl,
  reportQueries,
} from '../../shared/query/reports.ts';
import { formatDateTime, zonedDate } from '../../shared/time.ts';
import { useUrlFilters } from '../../shared/useUrlFilters.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { PageHeader } from '../components/PageHeader.tsx';

const FILTERS = ['divisionId', 'month', 'allVersions'] as const;
const STATUS_COLORS: Record<ReportStatus, string> = {
  queued: 'default',
  running: 'processing',
  done: 'success',
  failed: 'error',
};

/** The month before the current one, in the place's time zone: the latest a report can be of. */
const lastMonth = () => dayjs(zonedDate()).startOf('month').subtract(1, 'month');

const headline = (r: MonthlyReport, key: string) => r.headline?.find((h) => h.key === key)?.display ?? '—';

/**
 * 月度通报: the monthly reports of the streets and districts I read, newest month first, with
 * their headline figures; open the printable page, download the PDF, or generate one now and
 * follow it until it is ready.
 */
export default function ReportsPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useUrlFilters(FILTERS);
  const [generating, setGenerating] = useState(false);
  const [following, setFollowing] = useState<number | null>(null);
  const units = useQuery(reportQueries.units());
  const generable = (units.data?.items ?? []).filter((u) => u.canGenerate);
  const query = {
    divisionId: filters.divisionId,
    month: filters.month,
    allVersions: filters.allVersions === 'true' ? 'true' : undefined,
  };

  return (
    <>
      <PageHeader
        title={t('reports.title')}
        description={t('reports.subtitle')}
        extra={
          generable.length > 0 && (
            <Button
              type="primary"
              icon={<ThunderboltOutlined />}
              onClick={() => setGenerating(true)}
              data-testid="generate-report"
            >
              {t('reports.generate')}
            </Button>
          )
        }
      />
      {following !== null && <GenerationProgress id={following} onClose={() => setFollowing(null)} />}
      <Card>
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('reports.filters.unit')}
            style={{ width: 200 }}
            loading={units.isLoading}
            value={filters.divisionId ? Number(filters.divisionId) : undefined}
            onChange={(v) => setFilters({ divisionId: v === undefined ? undefined : String(v) })}
            options={(units.data?.items ?? []).map((u) => ({
              value: u.id,
              label: `${u.name}（${t(`reports.unitKind.${u.kind}`)}）`,
            }))}
            data-testid="unit-filter"
          />
          <DatePicker
            picker="month"
            placeholder={t('reports.filters.month')}
            value={filters.month ? dayjs(`${filters.month}-01`) : null}
            onChange={(v: Dayjs | null) => setFilters({ month: v ? v.format('YYYY-MM') : undefined })}
          />
          <Checkbox
            checked={filters.allVersions === 'true'}
            onChange={(e) => setFilters({ allVersions: e.target.checked ? 'true' : undefined })}
          >
            {t('reports.filters.allVersions')}
          </Checkbox>
        </Space>
        <CursorTable
          rowKey="id"
          pageQuery={(page) => reportQueries.list({ ...query, ...page })}
          scroll={{ x: 1250 }}
          size="middle"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reports.empty')} /> }}
          columns={[
            {
              title: t('reports.columns.unit'),
              key: 'unit',
              width: 180,
              render: (_, r) => (
                <Space size={4}>
                  <Typography.Text strong>{r.unitName}</Typography.Text>
                  <Tag>{t(`reports.unitKind.${r.unitKind}`)}</Tag>
                </Space>
              ),
            },
            { title: t('reports.columns.month'), dataIndex: 'month', key: 'month', width: 100 },
            {
              title: t('reports.columns.received'),
              key: 'received',
              width: 90,
              align: 'right',
              render: (_, r) => headline(r, 'received'),
            },
            {
              title: t('reports.columns.resolutionRate'),
              key: 'resolutionRate',
              width: 90,
              align: 'right',
              render: (_, r) => headline(r, 'resolutionRate'),
            },
            {
              title: t('reports.columns.onTimeRate'),
              key: 'onTimeRate',
              width: 100,
              align: 'right',
              render: (_, r) => headline(r, 'onTimeRate'),
            },
            {
              title: t('reports.columns.status'),
              key: 'status',
              width: 120,
              render: (_, r) => (
                <Tooltip title={r.failure ?? undefined}>
                  <Tag color={STATUS_COLORS[r.status]} data-testid={`report-status-${r.status}`}>
                    {t(`reports.status.${r.status}`)}
                  </Tag>
                </Tooltip>
              ),
            },
            {
              title: t('reports.columns.version'),
              key: 'version',
              width: 150,
              render: (_, r) => (
                <Space size={4} direction="vertical">
                  <span>
                    {t('reports.version', { version: r.version })} · {t(`reports.trigger.${r.trigger}`)}
                  </span>
                  {r.supersededAt && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('reports.superseded')}
                    </Typography.Text>
                  )}
                </Space>
              ),
            },
            {
              title: t('reports.columns.finishedAt'),
              key: 'finishedAt',
              width: 170,
              render: (_, r) => formatDateTime(r.finishedAt),
            },
            {
              title: t('reports.columns.actions'),
              key: 'actions',
              fixed: 'right',
              width: 220,
              render: (_, r) =>
                r.status === 'done' ? (
                  <Space size={4}>
                    <Button
                      size="small"
                      icon={<FileTextOutlined />}
                      href={reportHtmlUrl(r.id)}
                      target="_blank"
                      rel="noopener"
                      data-testid="open-report"
                    >
                      {t('reports.open')}
                    </Button>
                    {r.pdfBytes !== null ? (
                      <Button
                        size="small"
                        icon={<DownloadOutlined />}
                        href={reportPdfUrl(r.id)}
                        data-testid="report-pdf"
                      >
                        {t('reports.pdf')}
                      </Button>
                    ) : (
                      <Tooltip title={t('reports.noPdf', { reason: r.pdfNote ?? '' })}>
                        <Button size="small" icon={<DownloadOutlined />} disabled>
                          {t('reports.pdf')}
                        </Button>
                      </Tooltip>
                    )}
                  </Space>
                ) : null,
            },
          ]}
        />
      </Card>
      {generating && (
        <GenerateModal
          units={generable}
          initialUnit={filters.divisionId ? Number(filters.divisionId) : undefined}
          onClose={() => setGenerating(false)}
          onStarted={(id) => {
            setGenerating(false);
            setFollowing(id);
          }}
        />
      )}
    </>
  );
}

function GenerateModal({
  units,
  initialUnit,
  onClose,
  onStarted,
}: {
  units: Array<{ id: number; name: string; kind: 'street' | 'district' }>;
  initialUnit: number | undefined;
  onClose: () => void;
  onStarted: (id: number) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ divisionId: number; month: Dayjs }>();
  const latest = lastMonth();
  const start = useMutation({
    mutationFn: (v: { divisionId: number; month: Dayjs }) =>
      reportCalls.generate({ divisionId: v.divisionId, month: v.month.format('YYYY-MM') }),
    onSuccess: (report) => {
      void queryClient.invalidateQueries({ queryKey: reportKeys.all });
      onStarted(report.id);
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const first = units.find((u) => u.id === initialUnit) ?? units[0];
  return (
    <Modal
      open
      title={t('reports.generateTitle')}
      okText={t('reports.generate')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={start.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ divisionId: first?.id, month: latest }}
        onFinish={(v) => start.mutate(v)}
      >
        <Form.Item name="divisionId" label={t('reports.unit')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={units.map((u) => ({ value: u.id, label: `${u.name}（${t(`reports.unitKind.${u.kind}`)}）` }))}
          />
        </Form.Item>
        <Form.Item name="month" label={t('reports.month')} rules={[{ required: true }]}>
          <DatePicker picker="month" disabledDate={(d) => d.isAfter(latest, 'month')} style={{ width: '100%' }} />
        </Form.Item>
        <Typography.Text type="secondary">{t('reports.generateHint')}</Typography.Text>
      </Form>
    </Modal>
  );
}

/** A generation under way, followed until it ends (the report is polled while queued or running). */
function GenerationProgress({ id, onClose }: { id: number; onClose: () => void }) {
  const { t } = useTranslation();
  const report = useQuery(reportQueries.one(id));
  const r = report.data;
  if (!r) return null;
  const percent = r.status === 'queued' ? 15 : r.status === 'running' ? 60 : 100;
  const type = r.status === 'failed' ? 'error' : r.status === 'done' ? 'success' : 'info';
  return (
    <Alert
      type={type}
      closable
      onClose={onClose}
      style={{ marginBottom: 12 }}
      data-testid="generation-progress"
      message={
        <Space direction="vertical" style={{ width: '100%' }}>
          <span>
            {r.unitName} {r.month} · {t('reports.version', { version: r.version })} ·{' '}
            {r.status === 'done'
              ? `${t('reports.generated')}（${t('reports.duration', { seconds: ((r.durationMs ?? 0) / 1000).toFixed(1) })}）`
              : r.status === 'failed'
                ? t('reports.failed', { reason: r.failure ?? '' })
                : t('reports.generating')}
          </span>
          <Progress
            percent={percent}
            status={r.status === 'failed' ? 'exception' : r.status === 'done' ? 'success' : 'active'}
            showInfo={false}
          />
        </Space>
      }
    />
  );
}
