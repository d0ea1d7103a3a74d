import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Popup, Tag, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { noticesApi, noticesKeys, type VisitTask } from '../../shared/notices.ts';
import { formatDateTime } from '../../shared/time.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';

/** The grid worker's visit tasks: elders living alone who did not acknowledge an anti-fraud alert. */
export default function VisitTasksPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [closing, setClosing] = useState<VisitTask | null>(null);
  const [note, setNote] = useState('');
  const tasks = useQuery({
    queryKey: [...noticesKeys.all, 'tasks', 'open'],
    queryFn: () => noticesApi.tasks({ status: 'open', limit: 100 }),
  });
  const close = useMutation({
    mutationFn: (method: 'visited' | 'phoned') => noticesApi.closeTask(closing!.id, { method, note }),
    onSuccess: () => {
      Toast.show({ icon: 'success', content: t('notices.h5.closed') });
      setClosing(null);
      setNote('');
      void client.invalidateQueries({ queryKey: noticesKeys.all });
    },
    onError: (e) => Toast.show({ icon: 'fail', content: errorMessage(e) }),
  });
  return (
    <>
      <PageNavBar title={t('notices.h5.tasks')} onBack={() => navigate(-1)} />
      {tasks.error ? (
        <LoadFailed error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : !tasks.data ? (
        <ListSkeleton />
      ) : (
        <div style={{ padding: 12 }} data-testid="visit-tasks">
          <div style={{ color: '#888', marginBottom: 8 }}>{t('notices.tasksDescription')}</div>
          {tasks.data.items.length === 0 && <Card>{t('notices.h5.tasksEmpty')}</Card>}
          {tasks.data.items.map((x) => (
            <Card key={x.id} style={{ marginBottom: 12 }} data-testid="visit-task">
              <div style={{ fontSize: 18, fontWeight: 600 }}>
                {x.person.name} <Tag color="warning">{t('notices.taskStatuses.open')}</Tag>
              </div>
              <div style={{ color: '#555', margin: '4px 0' }}>{x.person.address || x.community}</div>
              <div>
                {x.notice.fraudType && <Tag color="danger">{t(`notices.fraudTypes.${x.notice.fraudType}`)}</Tag>}{' '}
                {x.notice.headline}
              </div>
              <div style={{ color: '#888', fontSize: 13, margin: '4px 0 8px' }}>
                {t('notices.dueAt')} {formatDateTime(x.dueAt)}
                {x.grid && ` · ${x.grid}`}
              </div>
              <Button block color="primary" onClick={() => setClosing(x)} data-testid="visit-task-close">
                {t('notices.h5.closeTitle')}
              </Button>
            </Card>
          ))}
        </div>
      )}
      <Popup
        visible={closing !== null}
        onMaskClick={() => setClosing(null)}
        bodyStyle={{ padding: '16px 16px calc(16px + env(safe-area-inset-bottom))', boxSizing: 'border-box' }}
      >
        <div style={{ fontSize: 17, fontWeight: 600, marginBottom: 8 }}>
          {t('notices.h5.closeTitle')}：{closing?.person.name}
        </div>
        <TextArea
          placeholder={t('notices.h5.notePlaceholder')}
          value={note}
          onChange={setNote}
          rows={3}
          maxLength={500}
          data-testid="visit-task-note"
        />
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 12, marginTop: 12 }}>
          <Button
            block
            color="primary"
            loading={close.isPending}
            onClick={() => close.mutate('visited')}
            data-testid="visit-task-visited"
          >
            {t('notices.h5.visited')}
          </Button>
          <Button
            block
            loading={close.isPending}
            onClick={() => close.mutate('phoned')}
            data-testid="visit-task-phoned"
          >
            {t('notices.h5.phoned')}
          </Button>
        </div>
      </Popup>
    </>
  );
}
