import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Switch, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { MEETING_KINDS, type MeetingKind, type MeetingSummary, type MeetingView } from '../../shared/deliberation.ts';
import { deliberationCalls, deliberationKeys, deliberationQueries } from '../../shared/query/deliberation.ts';
import { formatDateTime, zonedWallClockToIso } from '../../shared/time.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { applyServerFieldErrors } from '../components/formErrors.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { CommunitySelect, useCommunityOptions } from '../components/CommunitySelect.tsx';

const STATUS_COLORS = { scheduled: 'blue', held: 'green', cancelled: 'default' } as const;

/** 议事会: meetings of the area, newest first; schedule one or a series with its agenda. */
export default function MeetingsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [communityId, setCommunityId] = useState<number>();
  const [upcoming, setUpcoming] = useState(false);
  const [creating, setCreating] = useState(false);

  return (
    <div className="gz-page">
      <PageHeader
        title={t('deliberation.admin.meetingsTitle')}
        description={t('deliberation.admin.meetingsSubtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('deliberation.admin.newMeeting')}
          </Button>
        }
      />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <CommunitySelect value={communityId} onChange={setCommunityId} allowClear />
          <Space>
            <Switch checked={upcoming} onChange={setUpcoming} aria-label={t('deliberation.admin.upcomingOnly')} />
            {t('deliberation.admin.upcomingOnly')}
          </Space>
        </Space>
        <CursorTable
          rowKey="id"
          pageQuery={(page) =>
            deliberationQueries.meetings({ communityId, upcoming: upcoming ? 'true' : undefined, ...page })
          }
          onRow={(m) =>
            ({
              onClick: () => navigate(`/deliberation/meetings/${m.id}`),
              style: { cursor: 'pointer' },
              'data-testid': `meeting-row-${m.id}`,
            }) as HTMLAttributes<HTMLElement>
          }
          columns={[
            {
              title: t('deliberation.fields.time'),
              dataIndex: 'startsAt',
              width: 170,
              render: (at: string, m) => `${formatDateTime(at).slice(0, 16)}–${formatDateTime(m.endsAt).slice(11, 16)}`,
            },
            {
              title: t('deliberation.fields.title'),
              dataIndex: 'title',
              render: (title: string, m) => (
                <>
                  <strong>{title}</strong>
                  {m.seriesId !== null && (
                    <Tag style={{ marginLeft: 8 }}>{t('deliberation.recurrence.semimonthly')}</Tag>
                  )}
                </>
              ),
            },
            {
              title: t('deliberation.fields.kind'),
              dataIndex: 'kind',
              width: 130,
              render: (k: MeetingKind) => t(`deliberation.meetingKind.${k}`),
            },
            { title: t('deliberation.fields.place'), dataIndex: 'place', width: 160, ellipsis: true },
            { title: t('deliberation.fields.topics'), dataIndex: 'topics', width: 70 },
            {
              title: t('deliberation.fields.status'),
              dataIndex: 'status',
              width: 90,
              render: (s: MeetingSummary['status']) => (
                <Tag color={STATUS_COLORS[s]}>{t(`deliberation.meetingStatus.${s}`)}</Tag>
              ),
            },
          ]}
        />
      </Card>
      {creating && (
        <MeetingFormModal
          onClose={() => setCreating(false)}
          onCreated={(m) => navigate(`/deliberation/meetings/${m.id}`)}
        />
      )}
    </div>
  );
}

interface MeetingForm {
  communityId: number;
  kind: MeetingKind;
  title: string;
  place: string;
  time: [Dayjs, Dayjs];
  recurrence: 'none' | 'weekly' | 'semimonthly' | 'monthly';
  occurrences: number;
  topicIds: number[];
}

function MeetingFormModal({ onClose, onCreated }: { onClose: () => void; onCreated: (m: MeetingView) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<MeetingForm>();
  const communities = useCommunityOptions();
  const communityId = Form.useWatch('communityId', form);
  const recurrence = Form.useWatch('recurrence', form);
  const queryClient = useQueryClient();
  const topics = useQuery({
    ...deliberationQueries.topics({ communityId, limit: 100 }),
    enabled: Boolean(communityId),
  });
  const [busy, setBusy] = useState(false);

  const submit = async (values: MeetingForm) => {
    setBusy(true);
    try {
      const meeting = await deliberationCalls.createMeeting({
        communityId: values.communityId,
        kind: values.kind,
        title: values.title,
        place: values.place ?? '',
        startsAt: zonedWallClockToIso(values.time[0]),
        endsAt: zonedWallClockToIso(values.time[1]),
        recurrence: values.recurrence,
        occurrences: values.recurrence === 'none' ? 1 : values.occurrences,
        topicIds: values.topicIds ?? [],
      });
      void queryClient.invalidateQueries({ queryKey: deliberationKeys.all });
      message.success(t('deliberation.admin.meetingCreated'));
      onCreated(meeting);
    } catch (error) {
      if (
        !applyServerFieldErrors(form, error, [
          'communityId',
          'kind',
          'title',
          'place',
          'recurrence',
          'occurrences',
          'topicIds',
        ])
      )
        message.error(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('deliberation.admin.newMeeting')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={busy}
      width={640}
      destroyOnHidden
    >
      <Form<MeetingForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          communityId: communities[0]?.value,
          kind: 'red_tea',
          recurrence: 'none',
          occurrences: 6,
          topicIds: [],
        }}
      >
        <Space style={{ width: '100%' }} size="middle" align="start">
          <Form.Item
            name="communityId"
            label={t('deliberation.fields.community')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <CommunitySelect />
          </Form.Item>
          <Form.Item name="kind" label={t('deliberation.fields.kind')} rules={[{ required: true }]}>
            <Select
              style={{ width: 180 }}
              options={MEETING_KINDS.map((k) => ({ value: k, label: t(`deliberation.meetingKind.${k}`) }))}
            />
          </Form.Item>
        </Space>
        <Form.Item
          name="title"
          label={t('deliberation.fields.title')}
          rules={[{ required: true, min: 2, message: t('validation.required') }]}
        >
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item name="place" label={t('deliberation.fields.place')}>
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item
          name="time"
          label={t('deliberation.fields.time')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Space size="middle">
          <Form.Item name="recurrence" label={t('deliberation.fields.recurrence')}>
            <Select
              style={{ width: 160 }}
              options={(['none', 'weekly', 'semimonthly', 'monthly'] as const).map((r) => ({
                value: r,
                label: t(`deliberation.recurrence.${r}`),
              }))}
            />
          </Form.Item>
          {recurrence && recurrence !== 'none' && (
            <Form.Item name="occurrences" label={t('deliberation.admin.occurrences')}>
              <InputNumber min={1} max={24} />
            </Form.Item>
          )}
        </Space>
        <Form.Item name="topicIds" label={t('deliberation.fields.topics')}>
          <Select
            mode="multiple"
            loading={topics.isFetching}
            optionFilterProp="label"
            options={(topics.data?.items ?? [])
              .filter((x) => ['open', 'on_agenda', 'voting'].includes(x.status))
              .map((x) => ({ value: x.id, label: `${x.title}（${t(`deliberation.topicStatus.${x.status}`)}）` }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
