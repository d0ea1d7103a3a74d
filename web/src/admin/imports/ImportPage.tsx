import { Badge, Button, Card, Modal, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/time.ts';
import type { ImportJob, ImportStatus } from '../../shared/types.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ImportResult } from '../imports/ImportResult.tsx';
import { ImportWizard } from '../imports/ImportWizard.tsx';
import { isFinished, STATUS_BADGE } from '../imports/status.ts';
import { orgKeys, orgQueries } from '../../shared/query/org.ts';
import { useQueryClient } from '@tanstack/react-query';

export default function ImportPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [shown, setShown] = useState<ImportJob | null>(null);
  const refreshHistory = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: orgKeys.all }),
    [queryClient],
  );

  return (
    <div className="gz-page">
      <PageHeader title={t('nav.imports')} description={t('imports.subtitle')} />
      <ImportWizard onFinished={refreshHistory} />
      <Card title={t('imports.history')} style={{ marginTop: 16 }}>
        <CursorTable
          rowKey="id"
          defaultPageSize={10}
          pageQuery={(page) => orgQueries.imports({ ...page })}
          locale={{ emptyText: t('imports.noHistory') }}
          columns={[
            {
              title: t('imports.createdAt'),
              dataIndex: 'createdAt',
              width: 170,
              render: (v: string) => formatDateTime(v),
            },
            {
              title: t('imports.kind'),
              dataIndex: 'kind',
              width: 90,
              render: (kind: ImportJob['kind']) => <Tag>{t(`imports.kinds.${kind}`)}</Tag>,
            },
            { title: t('imports.fileName'), dataIndex: 'fileName', ellipsis: true },
            {
              title: t('imports.statusLabel'),
              dataIndex: 'status',
              width: 120,
              render: (status: ImportStatus) => (
                <Badge status={STATUS_BADGE[status]} text={t(`imports.status.${status}`)} />
              ),
            },
            { title: t('imports.totalRows'), dataIndex: 'totalRows', width: 80 },
            { title: t('imports.inserted'), dataIndex: 'insertedRows', width: 80 },
            { title: t('imports.updated'), dataIndex: 'updatedRows', width: 80 },
            {
              title: t('imports.errors'),
              dataIndex: 'errorCount',
              width: 80,
              render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : 0),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 80,
              render: (_v, job) => (
                <Button type="link" size="small" disabled={!isFinished(job.status)} onClick={() => setShown(job)}>
                  {t('common.view')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={shown !== null}
        onCancel={() => setShown(null)}
        footer={null}
        width={820}
        title={shown?.fileName}
        destroyOnHidden
      >
        {shown && <ImportResult job={shown} />}
      </Modal>
    </div>
  );
}
