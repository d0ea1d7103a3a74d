import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, Modal, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import type { Certificate } from '../../shared/courses.ts';
import { coursesActions, coursesKeys, coursesQueries } from '../../shared/query/courses.ts';
import { formatDateTime } from '../../shared/time.ts';
import { PageHeader } from '../components/PageHeader.tsx';

/** 培训证书: certificates of my area's courses, holders masked; revoke keeps the verification address. */
export default function CertificatesAdminPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const certs = useQuery(coursesQueries.adminCertificates());
  const [revoking, setRevoking] = useState<Certificate | null>(null);
  const [reason, setReason] = useState('');
  const revoke = useMutation({
    mutationFn: () => coursesActions.revoke(revoking!.id, reason),
    onSuccess: () => {
      setRevoking(null);
      setReason('');
      void queryClient.invalidateQueries({ queryKey: coursesKeys.all });
    },
    onError: (e) => void message.error(errorMessage(e)),
  });

  return (
    <div>
      <PageHeader title={t('nav.courseCertificates')} />
      <Card>
        <Table
          rowKey="id"
          loading={certs.isPending}
          dataSource={certs.data?.items ?? []}
          columns={[
            { title: t('courses.admin.holder'), dataIndex: 'holderName' },
            { title: t('courses.admin.course'), dataIndex: 'courseTitle' },
            {
              title: t('courses.admin.issuedAt'),
              render: (_: unknown, c: Certificate) => formatDateTime(c.issuedAt).slice(0, 16),
            },
            {
              title: t('courses.admin.status'),
              render: (_: unknown, c: Certificate) =>
                c.revoked ? (
                  <Tag color="red">{t('courses.admin.revoked')}</Tag>
                ) : (
                  <Tag color="green">{t('courses.admin.valid')}</Tag>
                ),
            },
            {
              title: '',
              render: (_: unknown, c: Certificate) => (
                <>
                  <a href={c.verifyUrl} target="_blank" rel="noreferrer">
                    {t('courses.verify')}
                  </a>{' '}
                  {!c.revoked && (
                    <Button size="small" danger data-testid={`revoke-${c.id}`} onClick={() => setRevoking(c)}>
                      {t('courses.admin.revoke')}
                    </Button>
                  )}
                </>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={revoking !== null}
        title={t('courses.admin.revoke')}
        onCancel={() => setRevoking(null)}
        onOk={() => revoke.mutate()}
        okButtonProps={{ danger: true, disabled: !reason.trim(), id: 'revoke-confirm' }}
        confirmLoading={revoke.isPending}
      >
        <Input
          data-testid="revoke-reason"
          placeholder={t('courses.admin.revokeReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </div>
  );
}
