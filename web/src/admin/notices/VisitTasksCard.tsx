import { queryOptions } from '@tanstack/react-query';
import { Card, Select, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { noticesApi, noticesKeys } from '../../shared/notices.ts';
import { CursorTable } from '../components/CursorTable.tsx';

const COLORS = { open: 'orange', done: 'green', cancelled: 'default' } as const;

/** Visit tasks of the area: elders living alone who did not acknowledge an anti-fraud alert in time. */
export function VisitTasksCard() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'open' | 'done' | 'cancelled' | undefined>('open');
  return (
    <Card
      title={t('notices.tasksDescription')}
      extra={
        <Select
          allowClear
          value={status}
          onChange={setStatus}
          style={{ width: 120 }}
          options={(['open', 'done', 'cancelled'] as const).map((s) => ({
            value: s,
            label: t(`notices.taskStatuses.${s}`),
          }))}
        />
      }
    >
      <CursorTable
        rowKey="id"
        data-testid="notice-tasks"
        pageQuery={(page) =>
          queryOptions({
            queryKey: [...noticesKeys.all, 'tasks', { status, ...page }] as const,
            queryFn: () => noticesApi.tasks({ status, ...page }),
          })
        }
        columns={[
          { title: t('notices.person'), render: (_, x) => x.person.name },
          { title: t('notices.address'), render: (_, x) => x.person.address },
          { title: t('notices.grid'), render: (_, x) => x.grid ?? x.community },
          { title: t('notices.headline'), render: (_, x) => x.notice.headline },
          { title: t('notices.dueAt'), render: (_, x) => dayjs(x.dueAt).format('MM-DD HH:mm') },
          {
            title: t('notices.current'),
            render: (_, x) => (
              <Tag color={COLORS[x.status]}>
                {t(`notices.taskStatuses.${x.status}`)}
                {x.method && ` · ${t(`notices.ackMethods.${x.method}`)}`}
              </Tag>
            ),
          },
          { title: t('notices.note'), dataIndex: 'note' },
        ]}
      />
    </Card>
  );
}
