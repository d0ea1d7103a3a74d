import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Dialog, Form, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { selfServiceCalls, selfServiceKeys, selfServiceQueries } from '../../shared/query/self-service.ts';
import { formatDateTime } from '../../shared/time.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import './account.css';

/**
 * 注销账号 (个人信息保护法): says plainly what happens (staff review, personal data anonymised,
 * records kept), takes a request with an optional reason, and shows an open one with a way to
 * withdraw it.
 */
export function DeleteAccountPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const mine = useQuery(selfServiceQueries.myDeletion());
  const [busy, setBusy] = useState(false);

  const act = async (confirm: string, confirmText: string, call: () => Promise<unknown>, done: string) => {
    if (!(await Dialog.confirm({ content: confirm, confirmText }))) return;
    setBusy(true);
    try {
      await call();
      Toast.show({ icon: 'success', content: done });
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
    } finally {
      setBusy(false);
      await queryClient.invalidateQueries({ queryKey: selfServiceKeys.myDeletion() });
    }
  };

  const request = mine.data?.request;
  return (
    <div className="h5-page h5-standalone" data-testid="delete-account-page">
      <PageNavBar title={t('selfService.deletion.title')} onBack={() => navigate('/me')} />
      <Card title={t('selfService.deletion.what')} className="h5-self-card">
        <ol className="h5-self-steps">
          {t('selfService.deletion.steps', { returnObjects: true }).map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
      </Card>
      {mine.error && !mine.data ? (
        <LoadFailed error={mine.error} onRetry={() => void mine.refetch()} />
      ) : !mine.data ? (
        <ListSkeleton lines={2} />
      ) : request ? (
        <Card title={t('selfService.deletion.pending')} className="h5-self-card" data-testid="deletion-pending">
          <p className="h5-muted">
            {t('selfService.deletion.pendingBody', { time: formatDateTime(request.requestedAt) })}
          </p>
          <Button
            block
            loading={busy}
            onClick={() =>
              void act(
                t('selfService.deletion.withdrawConfirm'),
                t('selfService.deletion.withdraw'),
                selfServiceCalls.withdrawDeletion,
                t('selfService.deletion.withdrawn'),
              )
            }
          >
            {t('selfService.deletion.withdraw')}
          </Button>
        </Card>
      ) : (
        <Form
          layout="vertical"
          onFinish={({ reason }: { reason?: string }) =>
            void act(
              t('selfService.deletion.confirm'),
              t('selfService.deletion.submit'),
              () => selfServiceCalls.requestDeletion(reason?.trim() ?? ''),
              t('selfService.deletion.requested'),
            )
          }
          footer={
            <Button block type="submit" color="danger" size="large" loading={busy}>
              {t('selfService.deletion.submit')}
            </Button>
          }
        >
          <Form.Item name="reason" label={t('selfService.deletion.reason')}>
            <TextArea placeholder={t('selfService.deletion.reasonPlaceholder')} maxLength={500} rows={3} showCount />
          </Form.Item>
        </Form>
      )}
    </div>
  );
}
