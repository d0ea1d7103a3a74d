import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Progress, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { EXPORT_KINDS, exportFileUrl, exportQueries, type ExportStatus } from '../../shared/query/exports.ts';
import { formatDateTime } from '../../shared/time.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { PageHeader } from '../components/PageHeader.tsx';

const STATUS_COLORS: Record<ExportStatus, string> = {
  queued: 'default',
  running: 'processing',
  done: 'success',
  failed: 'error',
  expired: 'default',
};

const known = (kind: string): kind is (typeof EXPORT_KINDS)[number] =>
  (EXPORT_KINDS as readonly string[]).includes(kind);

/** 导出记录: the caller's own exports, their progress and their files while kept. */
export default function ExportsPage() {
  const { t } = useTranslation();
  return (
    <div className="gz-page" data-testid="exports-page">
      <PageHeader title={t('exports.title')} description={t('exports.subtitle')} />
      <Card>
        <CursorTable
          rowKey="id"
          pageQuery={(page) => exportQueries.list({ ...page })}
          scroll={{ x: 900 }}
          locale={{ emptyText: t('exports.empty') }}
          columns={[
            {
              title: t('exports.columns.kind'),
              dataIndex: 'kind',
              width: 120,
              render: (kind: string) => (known(kind) ? t(`exports.kind.${kind}`) : kind),
            },
            { title: t('exports.columns.fileName'), dataIndex: 'fileName', ellipsis: true },
            {
              title: t('exports.columns.status'),
              dataIndex: 'status',
              width: 110,
              render: (status: ExportStatus, job) =>
                status === 'failed' ? (
                  <Typography.Text type="danger" title={job.failure ?? undefined}>
                    {t('exports.status.failed')}
                  </Typography.Text>
                ) : (
                  <Tag color={STATUS_COLORS[status]}>{t(`exports.status.${status}`)}</Tag>
                ),
            },
            {
              title: t('exports.columns.rows'),
              width: 180,
              render: (_: unknown, job) =>
                job.status === 'running' || job.status === 'queued' ? (
                  <Progress
                    size="small"
                    percent={job.rowsTotal ? Math.min(99, Math.floor((job.rowsWritten / job.rowsTotal) * 100)) : 0}
                    status="active"
                  />
                ) : (
                  job.rowsWritten
                ),
            },
            {
              title: t('exports.columns.createdAt'),
              dataIndex: 'createdAt',
              width: 160,
              render: (v: string) => formatDateTime(v),
            },
            {
              title: t('exports.columns.expiresAt'),
              dataIndex: 'expiresAt',
              width: 160,
              render: (v: string | null) => (v ? formatDateTime(v) : '—'),
            },
            {
              key: 'download',
              width: 110,
              render: (_: unknown, job) =>
                job.status === 'done' ? (
                  <Button size="small" icon={<DownloadOutlined />} href={exportFileUrl(job.id)} download={job.fileName}>
                    {t('exports.download')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
    </div>
  );
}
