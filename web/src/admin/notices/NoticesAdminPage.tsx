import { PlusOutlined } from '@ant-design/icons';
import { queryOptions } from '@tanstack/react-query';
import { Button, Card, Input, Select, Space, Tabs, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { type NoticeView, TOPICS, type Topic, noticesApi, noticesKeys } from '../../shared/notices.ts';
import { can, useMe } from '../../shared/session.tsx';
import { CursorTable } from '../components/CursorTable.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { NoticeDetail } from './NoticeDetail.tsx';
import { PublishDrawer } from './PublishDrawer.tsx';
import { VisitTasksCard } from './VisitTasksCard.tsx';

/** 通知公告 in the console: notices of the area with filters and search, publishing, the chosen one's reach; visit tasks. */
export default function NoticesAdminPage() {
  const { t } = useTranslation();
  const me = useMe();
  const canPublish = can(me, 'notices.publish');
  const [topic, setTopic] = useState<Topic | undefined>();
  const [current, setCurrent] = useState<'true' | 'false' | undefined>();
  const [q, setQ] = useState('');
  const { id } = useParams();
  const [chosen, setChosen] = useState<number | null>(id && /^\d+$/.test(id) ? Number(id) : null);
  const [form, setForm] = useState<{ basedOn: { notice: NoticeView; msgType: 'update' | 'cancel' } | null } | null>(
    null,
  );
  const list = (
    <>
      <Card
        title={
          <Space wrap>
            <Input.Search
              allowClear
              placeholder={t('notices.search')}
              onSearch={(v) => setQ(v.trim())}
              style={{ width: 220 }}
              data-testid="notice-search"
            />
            <Select
              allowClear
              placeholder={t('notices.topic')}
              value={topic}
              onChange={setTopic}
              style={{ width: 140 }}
              options={TOPICS.map((k) => ({ value: k, label: t(`notices.topics.${k}`) }))}
            />
            <Select
              allowClear
              placeholder={t('notices.current')}
              value={current}
              onChange={setCurrent}
              style={{ width: 150 }}
              options={(['true', 'false'] as const).map((k) => ({ value: k, label: t(`notices.currents.${k}`) }))}
            />
          </Space>
        }
      >
        <CursorTable
          rowKey="id"
          data-testid="notice-list"
          pageQuery={(page) =>
            queryOptions({
              queryKey: [...noticesKeys.all, 'list', { topic, current, q, ...page }] as const,
              queryFn: () => noticesApi.list({ topic, current, q: q || undefined, ...page }),
            })
          }
          locale={{ emptyText: t('notices.empty') }}
          onRow={(n) => ({ onClick: () => setChosen(n.id), style: { cursor: 'pointer' } })}
          rowClassName={(n) => (n.id === chosen ? 'ant-table-row-selected' : '')}
          columns={[
            {
              title: t('notices.headline'),
              render: (_, n) => (
                <Space size={4}>
                  {n.msgType !== 'alert' && <Tag>{t(`notices.msgTypes.${n.msgType}`)}</Tag>}
                  {n.headline}
                </Space>
              ),
            },
            {
              title: t('notices.topic'),
              render: (_, n) =>
                `${t(`notices.topics.${n.topic}`)}${n.fraudType ? ` · ${t(`notices.fraudTypes.${n.fraudType}`)}` : ''}`,
            },
            { title: t('notices.sender'), render: (_, n) => n.sender.name },
            { title: t('notices.sent'), render: (_, n) => dayjs(n.sent).format('MM-DD HH:mm') },
            {
              title: t('notices.counts.acknowledged'),
              render: (_, n) => `${n.counts.acknowledged} / ${n.counts.recipients}`,
            },
            {
              title: t('notices.current'),
              render: (_, n) =>
                n.current ? (
                  <Tag color="green">{t('notices.currentTag')}</Tag>
                ) : (
                  <Tag>{n.supersededBy ? t('notices.supersededTag') : t('notices.expiredTag')}</Tag>
                ),
            },
          ]}
        />
      </Card>
      <div style={{ marginTop: 16 }}>
        {chosen !== null ? (
          <NoticeDetail
            key={chosen}
            noticeId={chosen}
            canPublish={canPublish}
            onFollowUp={(notice, msgType) => setForm({ basedOn: { notice, msgType } })}
          />
        ) : (
          <Card>{t('notices.pick')}</Card>
        )}
      </div>
    </>
  );
  return (
    <>
      <PageHeader
        title={t('notices.title')}
        description={t('notices.description')}
        extra={
          canPublish && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setForm({ basedOn: null })}
              data-testid="notice-create"
            >
              {t('notices.publish')}
            </Button>
          )
        }
      />
      <Tabs
        items={[
          { key: 'notices', label: t('notices.title'), children: list },
          ...(can(me, 'notices.visit')
            ? [{ key: 'tasks', label: t('notices.tasks'), children: <VisitTasksCard /> }]
            : []),
        ]}
      />
      <PublishDrawer
        open={form !== null}
        basedOn={form?.basedOn ?? null}
        onClose={() => setForm(null)}
        onPublished={(n) => {
          setForm(null);
          setChosen(n.id);
        }}
      />
    </>
  );
}
