import { App, Button, Card, Form, Image, Input, Modal, Segmented, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pointsKeys, pointsQueries } from '../../shared/query/points.ts';
import { volunteerCalls, volunteerKeys, volunteerQueries } from '../../shared/query/volunteer.ts';
import { GOOD_DEED_STATUS_COLORS, reasonOf } from '../../shared/points.ts';
import { can, useMe } from '../../shared/session.tsx';
import { formatDateTime } from '../../shared/time.ts';
import type { GoodDeed, GoodDeedStatus } from '../../shared/types.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ColorTag } from '../components/ColorTag.tsx';
import { useCommunityName } from '../components/CommunityField.tsx';
import { ruleStates } from '../points/rule-states.ts';

/** 好人好事: reports waiting for verification; verifying one rewards the doer by the community's rule. */
export default function GoodDeedsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const communityName = useCommunityName();
  const [status, setStatus] = useState<GoodDeedStatus | 'all'>('reported');
  const [deciding, setDeciding] = useState<{ deed: GoodDeed; verify: boolean } | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ note: string }>();
  // The reward the doer would get: the good-deed rule in force in the deed's community.
  const queryClient = useQueryClient();
  const rules = useQuery({ ...pointsQueries.rules(), enabled: can(me, 'points.read') });
  const reward = useMemo(() => {
    const items = rules.data?.items ?? [];
    const states = ruleStates(items, dayjs().format('YYYY-MM-DD'));
    return new Map(
      items
        .filter((r) => r.eventType === 'good_deed.verified' && states.get(r.id) === 'current')
        .map((r) => [r.communityId, r.pointsPerUnit]),
    );
  }, [rules.data]);
  const decide = async (v: { note?: string }) => {
    if (!deciding) return;
    setSaving(true);
    try {
      await volunteerCalls.decideGoodDeed(deciding.deed.id, { verify: deciding.verify, note: v.note ?? '' });
      message.success(
        t(
          deciding.verify
            ? deciding.deed.doerUserId
              ? 'pointsAdmin.goodDeeds.verified'
              : 'pointsAdmin.goodDeeds.verifiedNoAccount'
            : 'pointsAdmin.goodDeeds.rejectedDone',
        ),
      );
      setDeciding(null);
      // A verified deed earns its doer points.
      void queryClient.invalidateQueries({ queryKey: volunteerKeys.all });
      void queryClient.invalidateQueries({ queryKey: pointsKeys.all });
    } catch (error) {
      message.error(reasonOf(error));
    } finally {
      setSaving(false);
    }
  };
  const points = deciding ? reward.get(deciding.deed.communityId) : undefined;
  return (
    <div className="gz-page">
      <PageHeader title={t('pointsAdmin.goodDeeds.title')} description={t('pointsAdmin.goodDeeds.subtitle')} />
      <Card>
        <Segmented<GoodDeedStatus | 'all'>
          value={status}
          onChange={setStatus}
          style={{ marginBottom: 12 }}
          options={[
            ...(['reported', 'verified', 'rejected'] as const).map((s) => ({
              value: s,
              label: t(`volunteer.deedStatus.${s}`),
            })),
            { value: 'all', label: t('common.all') },
          ]}
        />
        <CursorTable
          rowKey="id"
          pageQuery={(page) => volunteerQueries.goodDeeds({ status: status === 'all' ? undefined : status, ...page })}
          locale={{ emptyText: t('pointsAdmin.goodDeeds.empty') }}
          data-testid="good-deeds"
          columns={[
            {
              title: t('pointsAdmin.goodDeeds.what'),
              key: 'w',
              render: (_v, d) => (
                <div style={{ maxWidth: 420 }}>
                  <strong>{d.title}</strong>
                  <div>
                    <Typography.Text type="secondary">{d.description}</Typography.Text>
                  </div>
                  {d.photos.length > 0 && (
                    <Image.PreviewGroup>
                      <Space size={4} style={{ marginTop: 4 }}>
                        {d.photos.map((p) => (
                          <Image
                            key={p.url}
                            src={p.thumbnailUrl}
                            preview={{ src: p.url }}
                            width={48}
                            height={48}
                            style={{ objectFit: 'cover', borderRadius: 4 }}
                          />
                        ))}
                      </Space>
                    </Image.PreviewGroup>
                  )}
                </div>
              ),
            },
            {
              title: t('pointsAdmin.goodDeeds.doer'),
              key: 'd',
              width: 150,
              render: (_v, d) => (
                <>
                  <div>{d.doerName}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(d.doerUserId ? 'pointsAdmin.goodDeeds.hasAccount' : 'pointsAdmin.goodDeeds.noAccount')}
                  </Typography.Text>
                </>
              ),
            },
            {
              title: t('deliberation.fields.community'),
              key: 'c',
              width: 120,
              render: (_v, d) => communityName(d.communityId),
            },
            { title: t('pointsAdmin.goodDeeds.occurredOn'), dataIndex: 'occurredOn', width: 110 },
            {
              title: t('pointsAdmin.goodDeeds.reportedAt'),
              dataIndex: 'createdAt',
              width: 160,
              render: (v: string) => formatDateTime(v).slice(0, 16),
            },
            {
              title: t('deliberation.fields.status'),
              dataIndex: 'status',
              width: 150,
              render: (s: GoodDeedStatus, d) => (
                <>
                  <ColorTag color={GOOD_DEED_STATUS_COLORS[s]}>{t(`volunteer.deedStatus.${s}`)}</ColorTag>
                  {d.decisionNote && (
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {d.decisionNote}
                      </Typography.Text>
                    </div>
                  )}
                </>
              ),
            },
            {
              title: t('common.actions'),
              key: 'a',
              width: 170,
              render: (_v, d) =>
                d.status === 'reported' &&
                can(me, 'volunteer.manage') && (
                  <Space size="small">
                    <Button
                      size="small"
                      type="primary"
                      onClick={() => {
                        form.resetFields();
                        setDeciding({ deed: d, verify: true });
                      }}
                    >
                      {t('pointsAdmin.goodDeeds.verify')}
                    </Button>
                    <Button
                      size="small"
                      danger
                      onClick={() => {
                        form.resetFields();
                        setDeciding({ deed: d, verify: false });
                      }}
                    >
                      {t('pointsAdmin.goodDeeds.reject')}
                    </Button>
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      <Modal
        open={deciding !== null}
        title={
          deciding &&
          t(deciding.verify ? 'pointsAdmin.goodDeeds.verifyTitle' : 'pointsAdmin.goodDeeds.rejectTitle', {
            title: deciding.deed.title,
          })
        }
        onCancel={() => setDeciding(null)}
        onOk={() => form.submit()}
        confirmLoading={saving}
        okText={deciding && t(deciding.verify ? 'pointsAdmin.goodDeeds.verify' : 'pointsAdmin.goodDeeds.reject')}
        okButtonProps={{ danger: deciding?.verify === false }}
      >
        {deciding?.verify && deciding.deed.doerUserId !== null && (
          <Typography.Paragraph type="secondary">
            {points !== undefined
              ? t('pointsAdmin.goodDeeds.rewardHint', { points })
              : t('pointsAdmin.goodDeeds.noRule')}
          </Typography.Paragraph>
        )}
        <Form form={form} layout="vertical" onFinish={decide}>
          <Form.Item name="note" label={t('pointsAdmin.goodDeeds.note')}>
            <Input.TextArea rows={3} maxLength={500} placeholder={t('pointsAdmin.goodDeeds.notePlaceholder')} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
