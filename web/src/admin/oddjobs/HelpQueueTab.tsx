import { useMutation } from '@tanstack/react-query';
import { App, Button, Checkbox, Empty, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { refusal } from '../../shared/oddjobs.ts';
import { formatDateTime } from '../../shared/time.ts';
import { CommunitySelect } from '../components/CommunitySelect.tsx';
import { CursorTable } from '../components/CursorTable.tsx';
import { HelpActionModal } from './HelpActionModal.tsx';
import { HELP_REASONS, helpApi, helpQueries, type HelpQueueItem, type HelpReason } from './help-api.ts';

const REASON_COLORS: Record<HelpReason, string> = {
  waiting: 'gold',
  older: 'blue',
  disabled: 'purple',
  low_income: 'volcano',
};

/**
 * 帮扶队列: the seekers of my area who need a staff member's help, with why; filtered by reason,
 * community and overdue follow-ups. Names and phones come masked; the whole number is read on
 * demand (audited on the server).
 */
export function HelpQueueTab() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [reason, setReason] = useState<HelpReason | undefined>();
  const [communityId, setCommunityId] = useState<number | undefined>();
  const [overdue, setOverdue] = useState(false);
  const [waitAfterDays, setWaitAfterDays] = useState<number | null>(null);
  const [chosen, setChosen] = useState<HelpQueueItem | null>(null);
  const reveal = useMutation({
    mutationFn: helpApi.contact,
    onSuccess: (c) =>
      void modal.info({
        title: c.name,
        content: <Typography.Text copyable>{c.phone || t('oddjobs.help.none')}</Typography.Text>,
      }),
    onError: (e) => void message.error(refusal(e)),
  });

  return (
    <>
      {waitAfterDays !== null && (
        <Typography.Paragraph type="secondary">{t('oddjobs.help.intro', { days: waitAfterDays })}</Typography.Paragraph>
      )}
      <Space wrap style={{ marginBottom: 12 }}>
        <Select<HelpReason>
          value={reason}
          onChange={(v) => setReason(v ?? undefined)}
          allowClear
          placeholder={t('oddjobs.help.allReasons')}
          style={{ minWidth: 160 }}
          options={HELP_REASONS.map((r) => ({ value: r, label: t(`oddjobs.help.reasons.${r}`) }))}
          data-testid="help-reason"
        />
        <CommunitySelect value={communityId} onChange={setCommunityId} allowClear />
        <Checkbox checked={overdue} onChange={(e) => setOverdue(e.target.checked)} data-testid="help-overdue">
          {t('oddjobs.help.overdueOnly')}
        </Checkbox>
      </Space>
      <CursorTable
        rowKey="seekerId"
        size="small"
        pageQuery={(page) => helpQueries.queue({ reason, communityId, overdue: overdue ? 'true' : undefined, ...page })}
        onPage={(page) => setWaitAfterDays(page.waitAfterDays)}
        scroll={{ x: 1100 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('oddjobs.help.empty')} /> }}
        columns={[
          { title: t('oddjobs.help.name'), dataIndex: 'name', width: 90 },
          {
            title: t('oddjobs.help.phone'),
            width: 190,
            render: (_, s) =>
              s.phone ? (
                <Space size={4}>
                  <span>{s.phone}</span>
                  <Button
                    size="small"
                    type="link"
                    loading={reveal.isPending && reveal.variables === s.seekerId}
                    onClick={() => reveal.mutate(s.seekerId)}
                  >
                    {t('oddjobs.help.reveal')}
                  </Button>
                </Space>
              ) : (
                t('oddjobs.help.none')
              ),
          },
          { title: t('oddjobs.community'), render: (_, s) => s.community.name, width: 120 },
          {
            title: t('oddjobs.help.reason'),
            render: (_, s) => (
              <Space size={[0, 4]} wrap>
                {s.reasons.map((r) => (
                  <Tag key={r} color={REASON_COLORS[r]}>
                    {t(`oddjobs.help.reasons.${r}`)}
                  </Tag>
                ))}
              </Space>
            ),
          },
          { title: t('oddjobs.help.age'), render: (_, s) => s.age ?? t('oddjobs.help.none'), width: 70 },
          {
            title: t('oddjobs.help.waitingDays'),
            render: (_, s) => t('oddjobs.help.days', { n: s.waitingDays }),
            width: 100,
          },
          {
            title: t('oddjobs.help.hired'),
            render: (_, s) => (s.hired ? <Tag color="green">✓</Tag> : t('oddjobs.help.none')),
            width: 80,
          },
          {
            title: t('oddjobs.help.lastAction'),
            render: (_, s) =>
              s.lastAction
                ? `${t(`oddjobs.help.kinds.${s.lastAction.kind}`)} · ${formatDateTime(s.lastAction.at).slice(0, 10)}`
                : t('oddjobs.help.none'),
          },
          {
            title: t('oddjobs.help.followUp'),
            width: 150,
            render: (_, s) =>
              s.followUpOn ? (
                <Space size={4}>
                  <span>{s.followUpOn}</span>
                  {s.overdue && <Tag color="red">{t('oddjobs.help.overdue')}</Tag>}
                </Space>
              ) : (
                t('oddjobs.help.none')
              ),
          },
          {
            title: '',
            fixed: 'right',
            width: 110,
            render: (_, s) => (
              <Button size="small" onClick={() => setChosen(s)} data-testid={`help-record-${s.seekerId}`}>
                {t('oddjobs.help.record')}
              </Button>
            ),
          },
        ]}
      />
      <HelpActionModal seeker={chosen} onClose={() => setChosen(null)} />
    </>
  );
}
