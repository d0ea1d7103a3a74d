import { useQuery } from '@tanstack/react-query';
import { List, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { noticesApi, noticesKeys } from '../../shared/notices.ts';
import { formatDateTime } from '../../shared/time.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';

/** 我的通知: the notices I received, the unacknowledged marked. */
export default function MyNoticesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const mine = useQuery({ queryKey: [...noticesKeys.all, 'mine'], queryFn: () => noticesApi.mine({ limit: 50 }) });
  return (
    <>
      <PageNavBar title={t('notices.h5.mine')} onBack={() => navigate(-1)} />
      {mine.error ? (
        <LoadFailed error={mine.error} onRetry={() => void mine.refetch()} />
      ) : !mine.data ? (
        <ListSkeleton />
      ) : (
        <List data-testid="my-notices">
          {mine.data.items.length === 0 && <List.Item>{t('notices.h5.empty')}</List.Item>}
          {mine.data.items.map((n) => (
            <List.Item
              key={n.id}
              data-testid="my-notice"
              onClick={() => navigate(`/notices/${n.id}`)}
              description={`${n.sender.name} · ${formatDateTime(n.sent)}`}
              extra={
                n.acknowledgedAt ? (
                  <Tag color="success">{t('notices.h5.acked')}</Tag>
                ) : !n.current ? (
                  <Tag>{t('notices.supersededTag')}</Tag>
                ) : (
                  <Tag color="danger">{t('notices.h5.ack')}?</Tag>
                )
              }
            >
              {n.topic === 'anti_fraud' && <Tag color="danger">{t('notices.topics.anti_fraud')}</Tag>} {n.headline}
            </List.Item>
          ))}
        </List>
      )}
    </>
  );
}
