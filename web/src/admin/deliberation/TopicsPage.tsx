import { App, Button, Card, Descriptions, Drawer, Input, Progress, Select, Space, Table, Typography } from 'antd';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { TOPIC_STATUS_COLORS, TOPIC_STATUSES, type TopicStatus, type TopicSummary } from '../../shared/deliberation.ts';
import { deliberationCalls, deliberationKeys, deliberationQueries } from '../../shared/query/deliberation.ts';
import { formatDateTime } from '../../shared/time.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { ExportButton } from '../components/ExportButton.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ColorTag } from '../components/ColorTag.tsx';
import { CommentsPanel } from './CommentsPanel.tsx';
import { CommunitySelect } from '../components/CommunitySelect.tsx';

/** 议题: every topic of the area with its support; staff put one on the agenda or decline it. */
export default function TopicsPage() {
  const { t } = useTranslation();
  const [communityId, setCommunityId] = useState<number>();
  const [status, setStatus] = useState<TopicStatus>();
  const [q, setQ] = useState('');
  const listQuery = { communityId, status, q: q || undefined };
  const [params, setParams] = useSearchParams();
  const open = Number(params.get('open')) || null;
  const setOpen = (id: number | null) => setParams(id ? { open: String(id) } : {}, { replace: id === null });

  return (
    <div className="gz-page">
      <PageHeader title={t('deliberation.admin.topicsTitle')} description={t('deliberation.admin.topicsSubtitle')} />
      <Card>
        <Space wrap className="gz-filters" style={{ marginBottom: 16 }}>
          <CommunitySelect value={communityId} onChange={setCommunityId} allowClear />
          <Select
            allowClear
            value={status}
            onChange={setStatus}
            placeholder={t('deliberation.fields.status')}
            style={{ width: 140 }}
            options={TOPIC_STATUSES.map((s) => ({ value: s, label: t(`deliberation.topicStatus.${s}`) }))}
            aria-label={t('deliberation.fields.status')}
          />
          <Input.Search
            allowClear
            placeholder={t('deliberation.admin.searchTopics')}
            onSearch={setQ}
            style={{ width: 260 }}
          />
          <ExportButton kind="deliberation-topics" filters={listQuery} />
        </Space>
        <CursorTable
          rowKey="id"
          pageQuery={(page) => deliberationQueries.topics({ ...listQuery, ...page })}
          onRow={(topic) =>
            ({
              onClick: () => setOpen(topic.id),
              style: { cursor: 'pointer' },
              'data-testid': `topic-row-${topic.id}`,
            }) as HTMLAttributes<HTMLElement>
          }
          columns={[
            {
              title: t('deliberation.fields.title'),
              dataIndex: 'title',
              render: (title: string) => <strong>{title}</strong>,
            },
            {
              title: t('deliberation.fields.party'),
              dataIndex: 'party',
              width: 110,
              render: (p: TopicSummary['party']) => t(`deliberation.party.${p}`),
            },
            { title: t('deliberation.fields.author'), dataIndex: 'authorName', width: 140 },
            {
              title: t('deliberation.fields.supports'),
              key: 'supports',
              width: 180,
              render: (_v, topic) => (
                <Progress
                  size="small"
                  percent={Math.min(100, Math.round((topic.supports / Math.max(1, topic.threshold)) * 100))}
                  format={() => `${topic.supports}/${topic.threshold}`}
                />
              ),
            },
            {
              title: t('deliberation.fields.status'),
              dataIndex: 'status',
              width: 110,
              render: (s: TopicStatus) => (
                <ColorTag color={TOPIC_STATUS_COLORS[s]}>{t(`deliberation.topicStatus.${s}`)}</ColorTag>
              ),
            },
            {
              title: t('deliberation.fields.createdAt'),
              dataIndex: 'createdAt',
              width: 150,
              render: (at: string) => formatDateTime(at).slice(0, 16),
            },
          ]}
        />
      </Card>
      <TopicDrawer id={open} onClose={() => setOpen(null)} />
    </div>
  );
}

function TopicDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const topic = useQuery({
    ...deliberationQueries.topic(id ?? 0),
    enabled: id !== null,
    placeholderData: keepPreviousData,
  });
  const [busy, setBusy] = useState(false);

  const act = async (action: 'agenda' | 'reject', reason = '') => {
    if (id === null) return;
    setBusy(true);
    try {
      await deliberationCalls.topicAction(id, action, reason);
      message.success(action === 'agenda' ? t('deliberation.admin.agendaDone') : t('deliberation.admin.rejected'));
      void queryClient.invalidateQueries({ queryKey: deliberationKeys.all });
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  const reject = () => {
    let reason = '';
    modal.confirm({
      title: t('deliberation.admin.reject'),
      content: (
        <Input.TextArea
          rows={3}
          placeholder={t('deliberation.admin.rejectReason')}
          onChange={(e) => (reason = e.target.value)}
        />
      ),
      onOk: () => act('reject', reason),
    });
  };

  const v = topic.data;
  return (
    <Drawer open={id !== null} onClose={onClose} size={640} title={v?.title ?? ''} destroyOnHidden>
      {topic.error && <LoadError error={topic.error} onRetry={() => void topic.refetch()} />}
      {v && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Space wrap>
            <ColorTag color={TOPIC_STATUS_COLORS[v.status]} testId="drawer-topic-status">
              {t(`deliberation.topicStatus.${v.status}`)}
            </ColorTag>
            {v.canManage && v.status === 'open' && (
              <>
                <Button type="primary" loading={busy} onClick={() => void act('agenda')}>
                  {t('deliberation.admin.agenda')}
                </Button>
                <Button danger loading={busy} onClick={reject}>
                  {t('deliberation.admin.reject')}
                </Button>
              </>
            )}
          </Space>
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label={t('deliberation.fields.author')}>
              {v.authorName}（{t(`deliberation.party.${v.party}`)}）
            </Descriptions.Item>
            <Descriptions.Item label={t('deliberation.fields.scope')}>
              {t(`deliberation.scope.${v.scopeKind}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('deliberation.fields.supports')}>
              {t('deliberation.supportsOf', { count: v.supports, threshold: v.threshold })}
            </Descriptions.Item>
            <Descriptions.Item label={t('deliberation.fields.createdAt')}>
              {formatDateTime(v.createdAt).slice(0, 16)}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{v.body}</Typography.Paragraph>
          {v.rounds.length > 0 && (
            <Table
              size="small"
              pagination={false}
              rowKey={(r) => `${r.meetingId}-${r.round}`}
              dataSource={v.rounds}
              columns={[
                {
                  title: t('deliberation.h5.rounds'),
                  dataIndex: 'round',
                  width: 80,
                  render: (n: number) => t('deliberation.roundN', { n }),
                },
                {
                  title: t('deliberation.admin.meetingsTitle'),
                  dataIndex: 'meetingTitle',
                  render: (title: string, r) => <Link to={`/deliberation/meetings/${r.meetingId}`}>{title}</Link>,
                },
                { title: t('deliberation.admin.outcome'), dataIndex: 'outcome' },
              ]}
            />
          )}
          {v.votes.length > 0 && (
            <div>
              {v.votes.map((vote) => (
                <div key={vote.id}>
                  <Link to={`/deliberation/votes/${vote.id}`}>
                    {t('deliberation.h5.voteLink', { title: vote.title })}
                  </Link>
                </div>
              ))}
            </div>
          )}
          <Typography.Title level={5}>{t('deliberation.admin.discussion')}</Typography.Title>
          {id !== null && <CommentsPanel targetType="topic" targetId={id} />}
        </Space>
      )}
    </Drawer>
  );
}
