import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { threadComments, type Comment } from '../../shared/deliberation.ts';
import { formatDateTime } from '../../shared/time.ts';
import { deliberationCalls, deliberationKeys, deliberationQueries } from '../../shared/query/deliberation.ts';
import { LoadError } from '../components/LoadError.tsx';
import './deliberation.css';

/** The comments of a topic or vote for staff: hidden ones are shown (greyed) and can be restored. */
export function CommentsPanel({ targetType, targetId }: { targetType: 'topic' | 'vote'; targetId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const comments = useQuery(deliberationQueries.comments(targetType, targetId));
  const moderate = async (c: Comment, hidden: boolean) => {
    try {
      await deliberationCalls.moderateComment(c.id, hidden);
      message.success(hidden ? t('deliberation.admin.hiddenDone') : t('deliberation.admin.shownDone'));
      void queryClient.invalidateQueries({ queryKey: deliberationKeys.all });
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  if (comments.error && !comments.data)
    return <LoadError error={comments.error} onRetry={() => void comments.refetch()} />;
  const threads = threadComments(comments.data?.items ?? []);
  if (comments.data && threads.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('deliberation.comments.none')} />;
  const row = (c: Comment, reply: boolean) => (
    <List.Item
      key={c.id}
      style={reply ? { paddingLeft: 24 } : undefined}
      actions={[
        <Button key="m" size="small" type="link" danger={!c.hidden} onClick={() => void moderate(c, !c.hidden)}>
          {c.hidden ? t('deliberation.admin.show') : t('deliberation.admin.hide')}
        </Button>,
      ]}
    >
      <List.Item.Meta
        title={
          <Space size={8}>
            <span>{c.authorName}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(c.createdAt).slice(0, 16)}
            </Typography.Text>
            {c.flags > 0 && (
              <Tag color="red">
                {t('deliberation.admin.flags')} {c.flags}
              </Tag>
            )}
            {c.hidden && <Tag>{t('deliberation.comments.hidden')}</Tag>}
          </Space>
        }
        description={
          <span style={c.hidden ? { color: '#bfbfbf', textDecoration: 'line-through' } : { color: '#262626' }}>
            {c.body}
          </span>
        }
      />
    </List.Item>
  );
  return (
    <List loading={comments.isPending} size="small">
      {threads.flatMap(({ comment, replies }) => [row(comment, false), ...replies.map((r) => row(r, true))])}
    </List>
  );
}
