import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Descriptions, Form, Input, Modal, Radio, Space, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { type NoticeView, type Recipient, noticesApi, noticesKeys } from '../../shared/notices.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { EChart, type ChartOption } from '../components/EChart.tsx';
import { LoadError } from '../components/LoadError.tsx';

const STEPS = ['recipients', 'sent', 'delivered', 'read', 'acknowledged'] as const;
const COLORS = ['#8c8c8c', '#1f5fbf', '#13c2c2', '#fa8c16', '#52c41a'];
const at = (v: string | null) => (v ? dayjs(v).format('MM-DD HH:mm') : '–');

/** Staff record that a recipient was told (phone or visit), with a note. */
function RecordAckModal({
  notice,
  recipient,
  onClose,
}: {
  notice: NoticeView;
  recipient: Recipient | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ method: 'phoned' | 'visited'; note: string }>();
  const save = useMutation({
    mutationFn: (v: { method: 'phoned' | 'visited'; note: string }) =>
      noticesApi.recordAck(notice.id, recipient!.id, { method: v.method, note: v.note ?? '' }),
    onSuccess: () => {
      message.success(t('notices.recorded'));
      void client.invalidateQueries({ queryKey: noticesKeys.all });
      onClose();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <Modal
      open={recipient !== null}
      title={`${t('notices.recordTitle')}：${recipient?.name ?? ''}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'notice-record-ok' } as never}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ method: 'phoned', note: '' }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="method" label={t('notices.ackMethod')}>
          <Radio.Group
            options={(['phoned', 'visited'] as const).map((m) => ({ value: m, label: t(`notices.ackMethods.${m}`) }))}
          />
        </Form.Item>
        <Form.Item name="note" label={t('notices.note')}>
          <Input.TextArea rows={2} maxLength={500} data-testid="notice-record-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A notice: its CAP fields, the reach as a bar chart, the recipients with their four times; resend, poster, update. */
export function NoticeDetail({
  noticeId,
  canPublish,
  onFollowUp,
}: {
  noticeId: number;
  canPublish: boolean;
  onFollowUp: (n: NoticeView, msgType: 'update' | 'cancel') => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [onlySilent, setOnlySilent] = useState(false);
  const [recording, setRecording] = useState<Recipient | null>(null);
  const notice = useQuery({ queryKey: [...noticesKeys.all, 'one', noticeId], queryFn: () => noticesApi.get(noticeId) });
  const resend = useMutation({
    mutationFn: () => noticesApi.resend(noticeId),
    onSuccess: (r) => {
      message.success(t('notices.resent', { count: r.resent }));
      void client.invalidateQueries({ queryKey: noticesKeys.all });
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  if (notice.error) return <LoadError error={notice.error} onRetry={() => void notice.refetch()} />;
  const n = notice.data;
  const chart: ChartOption | null = n
    ? {
        tooltip: { trigger: 'axis' },
        grid: { left: 80, right: 32, top: 8, bottom: 24 },
        yAxis: { type: 'category', data: STEPS.map((s) => t(`notices.counts.${s}`)), inverse: true },
        xAxis: { type: 'value', minInterval: 1, max: Math.max(n.counts.recipients, 1) },
        series: [
          {
            type: 'bar',
            data: STEPS.map((s, i) => ({ value: n.counts[s], itemStyle: { color: COLORS[i] } })),
            label: { show: true, position: 'right' },
          },
        ],
      }
    : null;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="notice-detail">
      <Card
        size="small"
        loading={!n}
        title={n?.headline}
        extra={
          n && (
            <Space wrap>
              <a href={noticesApi.posterUrl(n.id)} target="_blank" rel="noreferrer" data-testid="notice-poster">
                {t('notices.poster')}
              </a>
              {canPublish && n.current && (
                <>
                  <Button onClick={() => resend.mutate()} loading={resend.isPending} data-testid="notice-resend">
                    {t('notices.resend')}
                  </Button>
                  <Button onClick={() => onFollowUp(n, 'update')}>{t('notices.update')}</Button>
                  <Button danger onClick={() => onFollowUp(n, 'cancel')}>
                    {t('notices.cancel')}
                  </Button>
                </>
              )}
            </Space>
          )
        }
      >
        {n && (
          <Descriptions size="small" column={3}>
            <Descriptions.Item label={t('notices.topic')}>
              {t(`notices.topics.${n.topic}`)}
              {n.fraudType && ` · ${t(`notices.fraudTypes.${n.fraudType}`)}`}
            </Descriptions.Item>
            <Descriptions.Item label={t('notices.sender')}>{n.sender.name}</Descriptions.Item>
            <Descriptions.Item label={t('notices.fields.msgType')}>
              {t(`notices.msgTypes.${n.msgType}`)} · {t(`notices.statuses.${n.status}`)}
            </Descriptions.Item>
            <Descriptions.Item label="CAP">
              {t(`notices.urgencies.${n.urgency}`)} / {t(`notices.severities.${n.severity}`)} /{' '}
              {t(`notices.certainties.${n.certainty}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('notices.area')}>{n.areas.map((a) => a.name).join('、')}</Descriptions.Item>
            <Descriptions.Item label={t('notices.audience')}>
              {[
                ...n.audienceTags.map((x) => t(`notices.tags.${x as 'elderly_alone'}`, { defaultValue: x })),
                ...n.audienceRoles.map((x) => t(`notices.roles.${x as 'resident'}`, { defaultValue: x })),
              ].join('、')}
            </Descriptions.Item>
            <Descriptions.Item label={t('notices.sent')}>{dayjs(n.sent).format('YYYY-MM-DD HH:mm')}</Descriptions.Item>
            <Descriptions.Item label={t('notices.expires')}>
              {dayjs(n.expires).format('YYYY-MM-DD HH:mm')}
            </Descriptions.Item>
            <Descriptions.Item label={t('notices.current')}>
              {n.current ? (
                <Tag color="green">{t('notices.currentTag')}</Tag>
              ) : (
                <Tag>{n.supersededBy ? t('notices.supersededTag') : t('notices.expiredTag')}</Tag>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('notices.fields.description')} span={3}>
              {n.description}
            </Descriptions.Item>
            {n.instruction && (
              <Descriptions.Item label={t('notices.fields.instruction')} span={3}>
                {n.instruction}
              </Descriptions.Item>
            )}
          </Descriptions>
        )}
      </Card>
      <Card size="small" title={t('notices.funnel')}>
        {chart && <EChart option={chart} height={200} ariaLabel={t('notices.funnel')} />}
        {n && (
          <Space size="large" data-testid="notice-counts">
            {STEPS.map((s) => (
              <span key={s} data-testid={`notice-count-${s}`}>
                {t(`notices.counts.${s}`)} <b>{n.counts[s]}</b>
              </span>
            ))}
          </Space>
        )}
      </Card>
      <Card
        size="small"
        title={t('notices.recipients')}
        extra={
          <Checkbox checked={onlySilent} onChange={(e) => setOnlySilent(e.target.checked)}>
            {t('notices.onlyUnacknowledged')}
          </Checkbox>
        }
      >
        <CursorTable
          rowKey="id"
          size="small"
          data-testid="notice-recipients"
          pageQuery={(page) =>
            queryOptions({
              queryKey: [...noticesKeys.all, 'recipients', noticeId, { onlySilent, ...page }] as const,
              queryFn: () =>
                noticesApi.recipients(noticeId, { state: onlySilent ? 'unacknowledged' : undefined, ...page }),
            })
          }
          columns={[
            { title: t('notices.name'), dataIndex: 'name' },
            { title: t('notices.area'), dataIndex: 'community' },
            { title: t('notices.channel'), render: (_, r) => t(`notices.channels.${r.channel}`) },
            { title: t('notices.counts.sent'), render: (_, r) => at(r.sentAt) },
            { title: t('notices.counts.delivered'), render: (_, r) => at(r.deliveredAt) },
            { title: t('notices.counts.read'), render: (_, r) => at(r.readAt) },
            {
              title: t('notices.counts.acknowledged'),
              render: (_, r) =>
                r.acknowledgedAt ? (
                  <Space size={4} wrap>
                    <Tag color="green">{at(r.acknowledgedAt)}</Tag>
                    {r.ackMethod && t(`notices.ackMethods.${r.ackMethod}`)}
                    {r.ackBy && `（${r.ackBy}）`}
                  </Space>
                ) : canPublish ? (
                  <Button size="small" onClick={() => setRecording(r)} data-testid="notice-record">
                    {t('notices.record')}
                  </Button>
                ) : (
                  '–'
                ),
            },
            { title: t('notices.sends'), dataIndex: 'sends' },
          ]}
        />
      </Card>
      {n && <RecordAckModal notice={n} recipient={recording} onClose={() => setRecording(null)} />}
    </Space>
  );
}
