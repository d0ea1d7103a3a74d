import { ArrowLeftOutlined, QrcodeOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  InputNumber,
  Modal,
  Popconfirm,
  Result,
  Space,
  Statistic,
  Table,
  Typography,
} from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../shared/api.ts';
import {
  formatMinutes,
  minutesBetween,
  reasonOf,
  SIGNUP_STATUS_COLORS,
  signupStatusLabel,
} from '../../shared/points.ts';
import { formatDateTime } from '../../shared/time.ts';
import { pointsKeys } from '../../shared/query/points.ts';
import { volunteerCalls, volunteerKeys, volunteerQueries } from '../../shared/query/volunteer.ts';
import type { Activity, Signup } from '../../shared/types.ts';
import { useNow } from '../../shared/useNow.ts';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ColorTag } from '../components/ColorTag.tsx';
import { useCommunityName } from '../components/CommunityField.tsx';
import { ACTIVITY_STATUS_COLORS } from './ActivitiesPage.tsx';

/** An activity: its sign-ups with check-in and out, the rotating code, and hours approved by a leader or staff. */
export default function ActivityPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const id = Number(useParams().id);
  const communityName = useCommunityName();
  const queryClient = useQueryClient();
  const activity = useQuery(volunteerQueries.activity(id));
  // Approved hours earn points: both lists are stale after a decision.
  const changed = () => {
    void queryClient.invalidateQueries({ queryKey: volunteerKeys.all });
    void queryClient.invalidateQueries({ queryKey: pointsKeys.all });
  };
  const [approving, setApproving] = useState<Signup | null>(null);
  const [showCode, setShowCode] = useState(false);
  const a = activity.data;

  const reject = async (s: Signup) => {
    try {
      await volunteerCalls.recordHours(id, { userId: s.userId, approve: false });
      message.success(t('pointsAdmin.activities.rejected'));
      changed();
    } catch (error) {
      message.error(reasonOf(error));
    }
  };
  if (activity.error instanceof ApiError && activity.error.status === 404) {
    return (
      <Result
        status="404"
        title={t('pointsAdmin.activities.notFound')}
        extra={<Link to="/volunteer/activities">{t('pointsAdmin.activities.back')}</Link>}
      />
    );
  }
  const approvedTotal = (a?.signups ?? []).reduce(
    (sum, s) => sum + (s.status === 'approved' ? (s.approvedMinutes ?? 0) : 0),
    0,
  );
  return (
    <div className="gz-page">
      <Link to="/volunteer/activities">
        <ArrowLeftOutlined /> {t('pointsAdmin.activities.back')}
      </Link>
      {activity.error && <LoadError error={activity.error} onRetry={() => void activity.refetch()} />}
      <PageHeader
        title={a ? a.title : ' '}
        description={a && `${a.teamName} · ${communityName(a.communityId)}`}
        extra={
          a?.canLead && (
            <Button icon={<QrcodeOutlined />} onClick={() => setShowCode(true)}>
              {t('pointsAdmin.activities.showCode')}
            </Button>
          )
        }
      />
      <Card loading={!a} style={{ marginBottom: 16 }}>
        {a && (
          <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
            <Descriptions.Item label={t('deliberation.fields.status')}>
              <ColorTag color={ACTIVITY_STATUS_COLORS[a.status]}>{t(`volunteer.activityStatus.${a.status}`)}</ColorTag>
            </Descriptions.Item>
            <Descriptions.Item
              label={t('pointsAdmin.activities.time')}
            >{`${formatDateTime(a.startsAt).slice(0, 16)} – ${formatDateTime(a.endsAt).slice(11, 16)}`}</Descriptions.Item>
            <Descriptions.Item label={t('volunteer.place')}>{a.place || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('volunteer.capacity')}>
              {t('volunteer.signedUpOf', { count: a.signedUp, capacity: a.capacity })}
            </Descriptions.Item>
            <Descriptions.Item label={t('pointsAdmin.activities.totalApproved')}>
              {formatMinutes(t, approvedTotal)}
            </Descriptions.Item>
            {a.description && <Descriptions.Item label={t('volunteer.description')}>{a.description}</Descriptions.Item>}
          </Descriptions>
        )}
      </Card>
      <Card title={t('pointsAdmin.activities.signups')}>
        {a && !a.canLead ? (
          <Alert type="info" showIcon title={t('pointsAdmin.activities.cannotLead')} />
        ) : (
          <Table<Signup>
            rowKey="userId"
            size="middle"
            loading={activity.isFetching}
            dataSource={a?.signups ?? []}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            locale={{ emptyText: t('pointsAdmin.activities.noSignups') }}
            data-testid="signups"
            columns={[
              { title: t('pointsAdmin.accounts.name'), dataIndex: 'name' },
              {
                title: t('deliberation.fields.status'),
                dataIndex: 'status',
                render: (s: Signup['status']) => (
                  <ColorTag color={SIGNUP_STATUS_COLORS[s]}>{signupStatusLabel(t, s)}</ColorTag>
                ),
              },
              {
                title: t('volunteer.checkedInAt'),
                dataIndex: 'checkedInAt',
                render: (v: string | null) => (v ? formatDateTime(v).slice(11, 16) : '—'),
              },
              {
                title: t('volunteer.checkedOutAt'),
                dataIndex: 'checkedOutAt',
                render: (v: string | null) => (v ? formatDateTime(v).slice(11, 16) : '—'),
              },
              {
                title: t('volunteer.measured'),
                key: 'm',
                render: (_v, s) => {
                  const m = s.minutes ?? minutesBetween(s.checkedInAt, s.checkedOutAt);
                  return m === null ? '—' : formatMinutes(t, m);
                },
              },
              {
                title: t('volunteer.approvedMinutes'),
                dataIndex: 'approvedMinutes',
                render: (v: number | null, s) => (s.status === 'approved' && v !== null ? formatMinutes(t, v) : '—'),
              },
              {
                title: t('common.actions'),
                key: 'a',
                render: (_v, s) =>
                  s.status === 'checked_out' && (
                    <Space size="small">
                      <Button size="small" type="primary" onClick={() => setApproving(s)}>
                        {t('pointsAdmin.activities.approve')}
                      </Button>
                      <Popconfirm
                        title={t('pointsAdmin.activities.rejectConfirm', { name: s.name })}
                        onConfirm={() => reject(s)}
                      >
                        <Button size="small" danger>
                          {t('pointsAdmin.activities.reject')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
              },
            ]}
          />
        )}
      </Card>
      {approving && a && (
        <ApproveModal
          activity={a}
          signup={approving}
          onClose={() => setApproving(null)}
          onDone={() => {
            setApproving(null);
            changed();
          }}
        />
      )}
      {showCode && <CodeModal activityId={id} onClose={() => setShowCode(false)} />}
    </div>
  );
}

function ApproveModal({
  activity,
  signup,
  onClose,
  onDone,
}: {
  activity: Activity;
  signup: Signup;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ minutes: number }>();
  const [saving, setSaving] = useState(false);
  const scheduled = minutesBetween(activity.startsAt, activity.endsAt) ?? 0;
  const measured = signup.minutes ?? minutesBetween(signup.checkedInAt, signup.checkedOutAt) ?? 0;
  const save = async (v: { minutes: number }) => {
    setSaving(true);
    try {
      await volunteerCalls.recordHours(activity.id, { userId: signup.userId, approve: true, minutes: v.minutes });
      message.success(t('pointsAdmin.activities.approved', { minutes: formatMinutes(t, v.minutes) }));
      onDone();
    } catch (error) {
      message.error(reasonOf(error));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={t('pointsAdmin.activities.approveTitle', { name: signup.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      okText={t('pointsAdmin.activities.approve')}
    >
      <Typography.Paragraph type="secondary">{t('pointsAdmin.activities.approveHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={save} initialValues={{ minutes: Math.min(measured, scheduled) }}>
        <Form.Item
          name="minutes"
          label={t('pointsAdmin.activities.minutes')}
          rules={[{ required: true, message: t('validation.required') }]}
          extra={`${t('volunteer.measured')}：${formatMinutes(t, measured)}`}
        >
          <InputNumber min={0} max={scheduled} precision={0} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CodeModal({ activityId, onClose }: { activityId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const now = useNow(1000);
  // A new code is fetched as the shown one runs out (at most every 30 s).
  const code = useQuery({
    ...volunteerQueries.checkinCode(activityId),
    refetchInterval: (query) =>
      query.state.data
        ? Math.min(30_000, Math.max(1_000, new Date(query.state.data.validUntil).getTime() - Date.now() + 200))
        : false,
  });
  return (
    <Modal open title={t('pointsAdmin.activities.checkinCode')} onCancel={onClose} footer={null}>
      {code.error && <LoadError error={code.error} onRetry={() => void code.refetch()} />}
      <Statistic
        value={code.data?.code ?? '······'}
        valueStyle={{ fontSize: 48, letterSpacing: 8, fontFamily: 'monospace', textAlign: 'center' }}
        style={{ textAlign: 'center' }}
      />
      <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
        {t('pointsAdmin.activities.codeHint')}
      </Typography.Paragraph>
      {code.data && (
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          {Math.max(0, Math.round((new Date(code.data.validUntil).getTime() - now) / 1000))} s
        </Typography.Paragraph>
      )}
    </Modal>
  );
}
