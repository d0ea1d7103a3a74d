import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import type { FlaggedComment } from '../../shared/deliberation.ts';
import { deliberationCalls, deliberationKeys, deliberationQueries } from '../../shared/query/deliberation.ts';
import { formatDateTime } from '../../shared/time.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { CommunitySelect } from '../components/CommunitySelect.tsx';

/** 评论审核: flagged comments of the area; hide or show again. */
export default function ModerationPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [communityId, setCommunityId] = useState<number>();
  const queryClient = useQueryClient();
  const moderate = async (c: FlaggedComment, hidden: boolean) => {
    try {
      await deliberationCalls.moderateComment(c.id, hidden);
      message.success(hidden ? t('deliberation.admin.hiddenDone') : t('deliberation.admin.shownDone'));
      void queryClient.invalidateQueries({ queryKey: deliberationKeys.all });
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  return (
    <div className="gz-page">
      <PageHeader
        title={t('deliberation.admin.moderationTitle')}
        description={t('deliberation.admin.moderationSubtitle')}
      />
      <Card>
        <Space style={{ marginBottom: 16 }}>
          <CommunitySelect value={communityId} onChange={setCommunityId} allowClear />
        </Space>
        <CursorTable
          rowKey="id"
          pageQuery={(page) => deliberationQueries.flaggedComments({ communityId, ...page })}
          locale={{ emptyText: t('deliberation.admin.noFlagged') }}
          columns={[
            { title: t('deliberation.fields.author'), dataIndex: 'authorName', width: 140 },
            {
              title: t('deliberation.fields.body'),
              dataIndex: 'body',
              render: (body: string, c) => (
                <span style={c.hidden ? { color: '#bfbfbf', textDecoration: 'line-through' } : undefined}>{body}</span>
              ),
            },
            {
              title: t('deliberation.admin.target'),
              key: 'target',
              width: 120,
              render: (_v, c) =>
                c.targetType === 'vote' ? (
                  <Link to={`/deliberation/votes/${c.targetId}`}>
                    {t('deliberation.h5.vote')} #{c.targetId}
                  </Link>
                ) : (
                  <Link to={`/deliberation/topics?open=${c.targetId}`}>
                    {t('deliberation.h5.topic')} #{c.targetId}
                  </Link>
                ),
            },
            {
              title: t('deliberation.admin.flags'),
              dataIndex: 'flags',
              width: 90,
              render: (n: number) => <Tag color="red">{n}</Tag>,
            },
            {
              title: t('deliberation.fields.createdAt'),
              dataIndex: 'createdAt',
              width: 150,
              render: (at: string) => formatDateTime(at).slice(0, 16),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 110,
              render: (_v, c) => (
                <Button size="small" danger={!c.hidden} onClick={() => void moderate(c, !c.hidden)}>
                  {c.hidden ? t('deliberation.admin.show') : t('deliberation.admin.hide')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
