import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Result, Table, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportJob, ImportRowError } from '../../shared/types.ts';
import { errorsCsv } from './status.ts';

/** What a finished import did: how many rows it wrote, or which rows stopped it. */
export function ImportResult({ job, actions }: { job: ImportJob; actions?: ReactNode }) {
  const { t } = useTranslation();

  if (job.status === 'succeeded') {
    return (
      <Result
        status="success"
        title={t('imports.succeeded')}
        subTitle={t('imports.succeededDetail', {
          total: job.totalRows,
          inserted: job.insertedRows,
          updated: job.updatedRows,
        })}
        extra={actions}
      />
    );
  }

  const downloadErrors = () => {
    const url = URL.createObjectURL(errorsCsv(job, [t('imports.row'), t('imports.field'), t('imports.problem')]));
    const link = document.createElement('a');
    link.href = url;
    link.download = t('imports.errorFileName', { name: job.fileName.replace(/\.csv$/i, '') });
    link.click();
    URL.revokeObjectURL(url);
  };

  return (
    <div data-testid="import-failed">
      <Result
        status="error"
        title={job.errorCount > 0 ? t('imports.failedRows', { count: job.errorCount }) : t('imports.failed')}
        subTitle={t('imports.nothingImported')}
        extra={actions}
      />
      {job.failure && <Alert type="error" showIcon title={job.failure} style={{ marginBottom: 16 }} />}
      {job.errors.length > 0 && (
        <>
          <div className="gz-table-toolbar">
            <Typography.Text strong>{t('imports.errorTable')}</Typography.Text>
            <Button icon={<DownloadOutlined />} onClick={downloadErrors}>
              {t('imports.downloadErrors')}
            </Button>
          </div>
          {job.errorCount > job.errors.length && (
            <Alert
              type="warning"
              showIcon
              title={t('imports.errorsTruncated', { shown: job.errors.length, count: job.errorCount })}
              style={{ marginBottom: 12 }}
            />
          )}
          <Table<ImportRowError>
            size="small"
            rowKey={(e, i) => `${e.row}-${e.field ?? ''}-${i}`}
            dataSource={job.errors}
            pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
            columns={[
              { title: t('imports.row'), dataIndex: 'row', width: 90 },
              { title: t('imports.field'), dataIndex: 'field', width: 160, render: (f?: string) => f || '—' },
              { title: t('imports.problem'), dataIndex: 'message' },
            ]}
          />
        </>
      )}
    </div>
  );
}
