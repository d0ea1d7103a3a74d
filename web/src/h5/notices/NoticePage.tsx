import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Tag, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { noticesApi, noticesKeys } from '../../shared/notices.ts';
import { formatDateTime } from '../../shared/time.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';

/** One of my notices, opened (read), in large type, with a big 我已知晓 button. */
export default function NoticePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const id = Number(useParams().id);
  const notice = useQuery({ queryKey: [...noticesKeys.all, 'mine', id], queryFn: () => noticesApi.openMine(id) });
  const ack = useMutation({
    mutationFn: () => noticesApi.acknowledge(id),
    onSuccess: (n) => {
      client.setQueryData([...noticesKeys.all, 'mine', id], n);
      void client.invalidateQueries({ queryKey: [...noticesKeys.all, 'mine'], exact: true });
      Toast.show({ icon: 'success', content: t('notices.h5.acked') });
    },
    onError: (e) => Toast.show({ icon: 'fail', content: errorMessage(e) }),
  });
  const n = notice.data;
  return (
    <>
      <PageNavBar
        title={n ? t(`notices.topics.${n.topic}`) : t('notices.h5.mine')}
        onBack={() => navigate('/notices')}
      />
      {notice.error ? (
        <LoadFailed error={notice.error} onRetry={() => void notice.refetch()} />
      ) : !n ? (
        <ListSkeleton />
      ) : (
        <div style={{ padding: 12 }} data-testid="notice-page">
          {!n.current && n.supersededBy && (
            <Card style={{ marginBottom: 12, background: '#fff7e6' }}>
              {t('notices.h5.superseded')}{' '}
              <a onClick={() => navigate(`/notices/${n.supersededBy}`)}>{t('notices.h5.seeUpdate')}</a>
            </Card>
          )}
          <Card>
            <div style={{ fontSize: 24, fontWeight: 700, lineHeight: 1.4 }} data-testid="notice-headline">
              {n.headline}
            </div>
            <div style={{ color: '#888', margin: '8px 0' }}>
              {n.fraudType && <Tag color="danger">{t(`notices.fraudTypes.${n.fraudType}`)}</Tag>} {n.sender.name} ·{' '}
              {formatDateTime(n.sent)}
            </div>
            <div style={{ fontSize: 19, lineHeight: 1.7, whiteSpace: 'pre-wrap' }}>{n.description}</div>
            {n.instruction && (
              <div style={{ marginTop: 12, padding: 12, background: '#fff1f0', borderRadius: 8 }}>
                <div style={{ fontWeight: 700, color: '#c00000', fontSize: 19 }}>{t('notices.h5.instruction')}</div>
                <div style={{ fontSize: 19, lineHeight: 1.7 }}>{n.instruction}</div>
              </div>
            )}
            {n.topic === 'anti_fraud' && (
              <div style={{ marginTop: 12, fontSize: 17, color: '#c00000' }}>{t('notices.h5.hotline')}</div>
            )}
          </Card>
          <div style={{ marginTop: 20 }}>
            {n.acknowledgedAt ? (
              <div style={{ textAlign: 'center', fontSize: 20, color: '#389e0d' }} data-testid="notice-acked">
                ✓ {t('notices.h5.ackedAt', { at: formatDateTime(n.acknowledgedAt) })}
              </div>
            ) : (
              <Button
                block
                color="primary"
                style={{ height: 64, fontSize: 24, fontWeight: 700 }}
                loading={ack.isPending}
                onClick={() => ack.mutate()}
                data-testid="notice-ack"
              >
                {t('notices.h5.ack')}
              </Button>
            )}
          </div>
        </div>
      )}
    </>
  );
}
