import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Popover, Progress, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorMessage, type Query } from '../../shared/api.ts';
import {
  exportCalls,
  exportFileUrl,
  exportFilters,
  exportKeys,
  exportQueries,
  isFinished,
  type ExportJob,
  type ExportKind,
} from '../../shared/query/exports.ts';

/**
 * 导出 Excel: exports a list with the filters it shows now. The file is written on the server in
 * the background; a popover follows its progress and offers the download when it is done.
 */
export function ExportButton({ kind, filters }: { kind: ExportKind; filters: Query }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [jobId, setJobId] = useState<number | null>(null);
  const [open, setOpen] = useState(false);
  const [starting, setStarting] = useState(false);

  const start = async () => {
    setStarting(true);
    try {
      const job = await exportCalls.start({ kind, filters: exportFilters(filters) });
      queryClient.setQueryData(exportKeys.one(job.id), job);
      void queryClient.invalidateQueries({ queryKey: exportKeys.all });
      setJobId(job.id);
      setOpen(true);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setStarting(false);
    }
  };

  return (
    <Popover
      open={open && jobId !== null}
      onOpenChange={(next) => {
        if (!next) setOpen(false);
      }}
      trigger="click"
      placement="bottomRight"
      title={t('exports.title')}
      content={jobId !== null ? <ExportProgress id={jobId} /> : null}
    >
      <Button
        icon={<FileExcelOutlined />}
        loading={starting}
        onClick={() => void start()}
        title={t('exports.buttonHint')}
        data-testid={`export-${kind}`}
      >
        {t('exports.button')}
      </Button>
    </Popover>
  );
}

/** One export's progress, polled until it ends; the download once written. */
export function ExportProgress({ id }: { id: number }) {
  const { t } = useTranslation();
  const job = useQuery({
    ...exportQueries.one(id),
    refetchInterval: (query) => (query.state.data && isFinished(query.state.data.status) ? false : 1000),
  });
  const data = job.data;
  return (
    <Space direction="vertical" style={{ width: 280 }} data-testid="export-progress">
      {data ? <ExportState job={data} /> : <Progress percent={0} status="active" />}
      <Link to="/exports">{t('exports.allExports')}</Link>
    </Space>
  );
}

function ExportState({ job }: { job: ExportJob }) {
  const { t } = useTranslation();
  if (job.status === 'failed')
    return <Alert type="error" showIcon message={t('exports.failed')} description={job.failure} />;
  if (job.status === 'expired')
    return <Typography.Text type="secondary">{t('exports.status.expired')}</Typography.Text>;
  if (job.status === 'done')
    return (
      <>
        <Progress percent={100} />
        <Typography.Text>{t('exports.done', { rows: job.rowsWritten })}</Typography.Text>
        <Button type="primary" icon={<DownloadOutlined />} href={exportFileUrl(job.id)} download={job.fileName}>
          {t('exports.download')}
        </Button>
      </>
    );
  const percent = job.rowsTotal ? Math.min(99, Math.floor((job.rowsWritten / job.rowsTotal) * 100)) : 0;
  return (
    <>
      <Progress percent={percent} status="active" />
      <Typography.Text type="secondary">
        {job.rowsTotal !== null
          ? t('exports.progress', { written: job.rowsWritten, total: job.rowsTotal })
          : t('exports.progressNoTotal', { written: job.rowsWritten })}
      </Typography.Text>
    </>
  );
}
