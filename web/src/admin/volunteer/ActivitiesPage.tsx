import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { volunteerCalls, volunteerKeys, volunteerQueries } from '../../shared/query/volunteer.ts';
import { formatDateTime, zonedWallClockToIso } from '../../shared/time.ts';
import type { Activity } from '../../shared/types.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { ExportButton } from '../components/ExportButton.tsx';
import { applyServerFieldErrors } from '../components/formErrors.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { ColorTag } from '../components/ColorTag.tsx';
import { CommunitySelect } from '../components/CommunitySelect.tsx';
import { SeriesPanel } from './SeriesPanel.tsx';

export const ACTIVITY_STATUS_COLORS: Record<Activity['status'], string> = {
  open: '#389e0d',
  closed: '#8c8c8c',
  cancelled: '#cf1322',
};

interface ActivityForm {
  teamId: number;
  title: string;
  description: string;
  place: string;
  time: [Dayjs, Dayjs];
  capacity: number;
}

/** 志愿活动: activities of the area with filters by status, team and date; a leader or staff opens one to approve hours. */
export default function ActivitiesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [communityId, setCommunityId] = useState<number>();
  const [teamId, setTeamId] = useState<number>();
  const [status, setStatus] = useState<Activity['status']>();
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const queryClient = useQueryClient();
  const teams = useQuery({ ...volunteerQueries.teams({ communityId }), placeholderData: keepPreviousData });
  const [creating, setCreating] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<ActivityForm>();
  const from = range ? zonedWallClockToIso(range[0].startOf('day')) : undefined;
  const to = range ? zonedWallClockToIso(range[1].add(1, 'day').startOf('day')) : undefined;
  const listQuery = { q: q || undefined, communityId, teamId, status, from, to };
  const create = async (v: ActivityForm) => {
    setSaving(true);
    try {
      const a = await volunteerCalls.createActivity({
        teamId: v.teamId,
        title: v.title,
        description: v.description ?? '',
        place: v.place ?? '',
        startsAt: zonedWallClockToIso(v.time[0]),
        endsAt: zonedWallClockToIso(v.time[1]),
        capacity: v.capacity,
      });
      message.success(t('pointsAdmin.activities.created'));
      setCreating(false);
      void queryClient.invalidateQueries({ queryKey: volunteerKeys.all });
      navigate(`/volunteer/activities/${a.id}`);
    } catch (error) {
      if (!applyServerFieldErrors(form, error, ['teamId', 'title', 'description', 'place', 'capacity']))
        message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };
  const teamOptions = (teams.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }));
  return (
    <div className="gz-page">
      <PageHeader
        title={t('pointsAdmin.activities.title')}
        description={t('pointsAdmin.activities.subtitle')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              form.resetFields();
              setCreating(true);
            }}
          >
            {t('pointsAdmin.activities.newActivity')}
          </Button>
        }
      />
      <Card>
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            placeholder={t('pointsAdmin.activities.searchPlaceholder')}
            onSearch={(v) => setQ(v.trim())}
            style={{ width: 220 }}
            aria-label={t('pointsAdmin.search')}
          />
          <CommunitySelect
            value={communityId}
            onChange={(v) => {
              setCommunityId(v);
              setTeamId(undefined);
            }}
            allowClear
          />
          <Select
            value={teamId}
            onChange={setTeamId}
            allowClear
            placeholder={t('pointsAdmin.activities.team')}
            aria-label={t('pointsAdmin.activities.team')}
            options={teamOptions}
            style={{ minWidth: 150 }}
          />
          <Select
            value={status}
            onChange={setStatus}
            allowClear
            placeholder={t('deliberation.fields.status')}
            aria-label={t('deliberation.fields.status')}
            options={(['open', 'closed', 'cancelled'] as const).map((s) => ({
              value: s,
              label: t(`volunteer.activityStatus.${s}`),
            }))}
            style={{ minWidth: 120 }}
          />
          <DatePicker.RangePicker
            value={range}
            onChange={(v) => setRange(v?.[0] && v[1] ? [v[0], v[1]] : null)}
            aria-label={t('pointsAdmin.activities.dateRange')}
          />
          <ExportButton kind="volunteer-activities" filters={listQuery} />
        </Space>
        <CursorTable
          rowKey="id"
          pageQuery={(page) => volunteerQueries.activities({ ...listQuery, ...page })}
          locale={{ emptyText: t('pointsAdmin.activities.empty') }}
          onRow={(a) => ({ onClick: () => navigate(`/volunteer/activities/${a.id}`), style: { cursor: 'pointer' } })}
          columns={[
            {
              title: t('volunteer.title'),
              dataIndex: 'title',
              render: (v: string) => <Typography.Link>{v}</Typography.Link>,
            },
            { title: t('pointsAdmin.activities.team'), dataIndex: 'teamName', width: 130 },
            {
              title: t('pointsAdmin.activities.time'),
              key: 'time',
              width: 230,
              render: (_v, a) =>
                `${formatDateTime(a.startsAt).slice(0, 16)} – ${formatDateTime(a.endsAt).slice(11, 16)}`,
            },
            { title: t('volunteer.place'), dataIndex: 'place', ellipsis: true },
            {
              title: t('pointsAdmin.activities.signedUp'),
              key: 'n',
              width: 90,
              align: 'right',
              render: (_v, a) => `${a.signedUp}/${a.capacity}`,
            },
            {
              title: t('deliberation.fields.status'),
              dataIndex: 'status',
              width: 90,
              render: (s: Activity['status']) => (
                <ColorTag color={ACTIVITY_STATUS_COLORS[s]}>{t(`volunteer.activityStatus.${s}`)}</ColorTag>
              ),
            },
          ]}
        />
      </Card>
      <SeriesPanel teamOptions={teamOptions} />
      <Modal
        open={creating}
        title={t('pointsAdmin.activities.newActivity')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={saving}
        okText={t('common.save')}
        width={560}
      >
        <Form<ActivityForm>
          form={form}
          layout="vertical"
          onFinish={create}
          initialValues={{
            capacity: 10,
            time: [dayjs().add(1, 'day').hour(9).minute(0), dayjs().add(1, 'day').hour(11).minute(0)],
          }}
        >
          <Form.Item
            name="teamId"
            label={t('pointsAdmin.activities.team')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <Select options={teamOptions} showSearch optionFilterProp="label" />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('volunteer.title')}
            rules={[{ required: true, whitespace: true, min: 2, message: t('validation.required') }]}
          >
            <Input maxLength={80} />
          </Form.Item>
          <Form.Item name="place" label={t('volunteer.place')}>
            <Input maxLength={120} />
          </Form.Item>
          <Form.Item
            name="time"
            label={t('pointsAdmin.activities.time')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <DatePicker.RangePicker showTime={{ format: 'HH:mm', minuteStep: 5 }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item
            name="capacity"
            label={t('volunteer.capacity')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <InputNumber min={1} max={10000} precision={0} />
          </Form.Item>
          <Form.Item name="description" label={t('volunteer.description')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
