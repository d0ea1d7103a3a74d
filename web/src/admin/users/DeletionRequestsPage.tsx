import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import {
  type PendingDeletion,
  selfServiceCalls,
  selfServiceKeys,
  selfServiceQueries,
} from '../../shared/query/self-service.ts';
import { formatDateTime } from '../../shared/time.ts';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';

/**
 * 注销申请: requests to delete accounts of people in the caller's area, oldest first. Approving
 * anonymises the account (the dialog says exactly what that removes and keeps); refusing takes a
 * note for the person.
 */
export default function DeletionRequestsPage() {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const pending = useQuery(selfServiceQueries.pendingDeletions());
  const [refusing, setRefusing] = useState<PendingDeletion | null>(null);
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);

  const decide = async (request: PendingDeletion, approve: boolean, withNote: string) => {
    try {
      await selfServiceCalls.decideDeletion(request.id, approve, withNote);
      message.success(approve ? t('selfService.deletionReview.approved') : t('selfService.deletionReview.rejected'));
    } finally {
      await queryClient.invalidateQueries({ queryKey: selfServiceKeys.pendingDeletions() });
    }
  };

  const approve = (request: PendingDeletion) =>
    modal.confirm({
      title: t('selfService.deletionReview.approveTitle', { name: request.displayName }),
      content: t('selfService.deletionReview.approveBody'),
      okText: t('selfService.deletionReview.approve'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      width: 480,
      onOk: () => decide(request, true, '').catch((error) => message.error(errorMessage(error))),
    });

  const refuse = async () => {
    if (!refusing) return;
    setSaving(true);
    try {
      await decide(refusing, false, note.trim());
      setRefusing(null);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="gz-page" data-testid="deletion-requests-page">
      <PageHeader title={t('nav.deletionRequests')} description={t('selfService.deletionReview.subtitle')} />
      <Card>
        {pending.error && !pending.data ? (
          <LoadError error={pending.error} onRetry={() => void pending.refetch()} />
        ) : (
          <Table<PendingDeletion>
            rowKey="id"
            loading={pending.isFetching}
            dataSource={pending.data?.items ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: t('selfService.deletionReview.empty') }}
            scroll={{ x: 900 }}
            columns={[
              {
                title: t('selfService.deletionReview.columns.name'),
                dataIndex: 'displayName',
                width: 160,
                render: (name: string) => <Typography.Text strong>{name}</Typography.Text>,
              },
              {
                title: t('selfService.deletionReview.columns.phone'),
                dataIndex: 'phone',
                width: 130,
                render: (v: string | null) => <span className="gz-mono">{v ?? '—'}</span>,
              },
              {
                title: t('selfService.deletionReview.columns.reason'),
                dataIndex: 'reason',
                render: (v: string) =>
                  v || <Typography.Text type="secondary">{t('selfService.deletionReview.noReason')}</Typography.Text>,
              },
              {
                title: t('selfService.deletionReview.columns.requestedAt'),
                dataIndex: 'requestedAt',
                width: 170,
                render: (v: string) => formatDateTime(v),
              },
              {
                title: t('common.actions'),
                key: 'actions',
                width: 220,
                fixed: 'right',
                render: (_v, r) => (
                  <Space size="small">
                    <Button size="small" danger onClick={() => approve(r)}>
                      {t('selfService.deletionReview.approve')}
                    </Button>
                    <Button
                      size="small"
                      onClick={() => {
                        setNote('');
                        setRefusing(r);
                      }}
                    >
                      {t('selfService.deletionReview.reject')}
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      <Modal
        open={refusing !== null}
        title={refusing && t('selfService.deletionReview.rejectTitle', { name: refusing.displayName })}
        okText={t('selfService.deletionReview.reject')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        onOk={() => void refuse()}
        onCancel={() => setRefusing(null)}
        destroyOnHidden
      >
        <Form layout="vertical">
          <Form.Item label={t('selfService.deletionReview.note')}>
            <Input.TextArea
              value={note}
              onChange={(e) => setNote(e.target.value)}
              maxLength={500}
              rows={3}
              showCount
              placeholder={t('selfService.deletionReview.notePlaceholder')}
            />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
