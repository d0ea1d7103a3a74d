import { BellOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { deliberationCalls, deliberationKeys, deliberationQueries } from '../../shared/query/deliberation.ts';
import { formatDateTime } from '../../shared/time.ts';
import { CursorTable } from '../components/CursorTable.tsx';

/**
 * 催票: who on the roll has not voted yet, searchable by name or address, and one action that
 * reminds them all by message on their phones (those without an account are marked, to be
 * visited or called).
 */
export function NonVotersCard({ voteId, open }: { voteId: number; open: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [q, setQ] = useState('');
  const [sending, setSending] = useState(false);
  const [latest, setLatest] = useState<{ remindedAt: string | null; nextReminderAt: string | null; total: number }>();

  const remind = async () => {
    setSending(true);
    try {
      const sent = await deliberationCalls.remind(voteId);
      message.success(t('deliberation.remind.sent', { count: sent.reminded, unreachable: sent.unreachable }));
      void queryClient.invalidateQueries({ queryKey: deliberationKeys.vote(voteId) });
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setSending(false);
    }
  };
  const waiting = latest?.nextReminderAt;

  return (
    <Card
      title={t('deliberation.remind.title', { count: latest?.total ?? 0 })}
      size="small"
      data-testid="non-voters"
      extra={
        open && (
          <Popconfirm
            title={t('deliberation.remind.confirmTitle')}
            description={t('deliberation.remind.confirmBody')}
            okText={t('deliberation.remind.send')}
            onConfirm={() => void remind()}
            disabled={Boolean(waiting) || latest?.total === 0}
          >
            <Button
              type="primary"
              size="small"
              icon={<BellOutlined />}
              loading={sending}
              disabled={Boolean(waiting) || latest?.total === 0}
              data-testid="remind"
            >
              {t('deliberation.remind.send')}
            </Button>
          </Popconfirm>
        )
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        {latest?.remindedAt && (
          <Typography.Text type="secondary" className="gz-small" data-testid="reminded-at">
            {t('deliberation.remind.last', { at: formatDateTime(latest.remindedAt).slice(0, 16) })}
            {waiting && ` · ${t('deliberation.remind.next', { at: formatDateTime(waiting).slice(11, 16) })}`}
          </Typography.Text>
        )}
        <Input.Search
          allowClear
          size="small"
          placeholder={t('deliberation.remind.search')}
          onSearch={(value) => setQ(value.trim())}
          aria-label={t('deliberation.remind.search')}
        />
        <CursorTable
          rowKey="voterKey"
          size="small"
          defaultPageSize={10}
          pageQuery={(page) => deliberationQueries.nonVoters(voteId, { q: q || undefined, ...page })}
          onPage={(page) =>
            setLatest({ remindedAt: page.remindedAt, nextReminderAt: page.nextReminderAt, total: page.total })
          }
          locale={{ emptyText: t('deliberation.remind.everyoneVoted') }}
          columns={[
            {
              title: t('deliberation.remind.who'),
              key: 'who',
              render: (_v, e) => (
                <div className="gz-two-lines">
                  <span>{e.people.map((p) => p.name).join(t('common.listSeparator'))}</span>
                  <span className="gz-small gz-muted">{e.people[0]?.address}</span>
                </div>
              ),
            },
            {
              title: t('deliberation.remind.reach'),
              key: 'reach',
              width: 110,
              render: (_v, e) =>
                e.reachable ? (
                  <Tag color="blue">{t('deliberation.remind.byMessage')}</Tag>
                ) : (
                  <Tag>{t('deliberation.remind.inPerson')}</Tag>
                ),
            },
          ]}
        />
      </Space>
    </Card>
  );
}
