import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { refusal } from '../../shared/oddjobs.ts';
import { formatDateTime, zonedWallClockToIso } from '../../shared/time.ts';
import { CommunitySelect, useCommunityOptions, useFirstCommunity } from '../components/CommunitySelect.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { jobfairsApi, jobfairsKeys, type Fair, type FairStatus, type Interview } from './api.ts';
import { FairPanel } from './FairPanel.tsx';

export const STATUS_COLORS: Record<FairStatus, string> = { draft: 'default', published: 'green', closed: 'red' };

/** A new fair, as a draft: community, title, place, time and places. */
function CreateFair({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  useFirstCommunity(form, useCommunityOptions(), 'divisionId');
  const create = useMutation({
    mutationFn: (v: {
      divisionId: number;
      title: string;
      placeName: string;
      description?: string;
      capacity: number;
      time: [Dayjs, Dayjs];
    }) =>
      jobfairsApi.create({
        divisionId: v.divisionId,
        title: v.title,
        placeName: v.placeName,
        description: v.description ?? '',
        capacity: v.capacity,
        startsAt: zonedWallClockToIso(v.time[0]),
        endsAt: zonedWallClockToIso(v.time[1]),
      }),
    onSuccess: () => {
      void message.success(t('jobfairs.created'));
      form.resetFields();
      void client.invalidateQueries({ queryKey: jobfairsKeys.all });
      onClose();
    },
    onError: (e) => void message.error(refusal(e)),
  });
  return (
    <Modal
      open={open}
      title={t('jobfairs.newFair')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('jobfairs.create')}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ capacity: 100 }} onFinish={(v) => create.mutate(v)}>
        <Form.Item name="divisionId" label={t('jobfairs.division')} rules={[{ required: true }]}>
          <CommunitySelect />
        </Form.Item>
        <Form.Item name="title" label={t('jobfairs.fairTitle')} rules={[{ required: true, min: 2, max: 80 }]}>
          <Input data-testid="fair-title" />
        </Form.Item>
        <Form.Item name="placeName" label={t('jobfairs.place')} rules={[{ required: true, min: 2, max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="time" label={t('jobfairs.time')} rules={[{ required: true }]}>
          <DatePicker.RangePicker showTime format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item name="capacity" label={t('jobfairs.capacity')} rules={[{ required: true }]}>
          <InputNumber min={1} max={100000} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="description" label={t('jobfairs.description')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Hires 30 local days old with no follow-up: still employed or not, with a note. */
function FollowupsDue() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [notes, setNotes] = useState<Record<number, string>>({});
  const due = useQuery({ queryKey: [...jobfairsKeys.all, 'due'], queryFn: () => jobfairsApi.due() });
  const record = useMutation({
    mutationFn: ({ id, employed }: { id: number; employed: boolean }) =>
      jobfairsApi.followUp(id, employed, notes[id] ?? ''),
    onSuccess: () => client.invalidateQueries({ queryKey: jobfairsKeys.all }),
    onError: (e) => void message.error(refusal(e)),
  });
  return (
    <Card title={t('jobfairs.followups')} style={{ marginTop: 16 }}>
      <Table<Interview>
        rowKey="id"
        size="small"
        loading={due.isLoading}
        dataSource={due.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('jobfairs.none') }}
        columns={[
          { title: t('jobfairs.title'), render: (_, i) => i.fair.title },
          { title: t('jobfairs.seeker'), dataIndex: 'seekerName' },
          { title: t('jobfairs.employer'), render: (_, i) => i.employer.name },
          { title: t('jobfairs.position'), render: (_, i) => i.position.title },
          { title: t('jobfairs.hiredOn'), dataIndex: 'hiredOn' },
          { title: t('jobfairs.followUpDue'), dataIndex: 'followUpDue' },
          {
            title: '',
            render: (_, i) => (
              <Space>
                <Input
                  size="small"
                  placeholder={t('jobfairs.note')}
                  value={notes[i.id] ?? ''}
                  onChange={(e) => setNotes({ ...notes, [i.id]: e.target.value })}
                />
                <Button size="small" type="primary" onClick={() => record.mutate({ id: i.id, employed: true })}>
                  {t('jobfairs.employed')}
                </Button>
                <Button size="small" onClick={() => record.mutate({ id: i.id, employed: false })}>
                  {t('jobfairs.notEmployed')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** 招聘会 for staff: the fairs of their area (filters, pages), a new fair, one fair's panel, follow-ups due. */
export default function JobfairsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [status, setStatus] = useState<FairStatus | undefined>();
  const [search, setSearch] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);
  const cursor = cursors[cursors.length - 1];
  const fairs = useQuery({
    queryKey: [...jobfairsKeys.all, 'list', status, search, cursor],
    queryFn: () => jobfairsApi.list({ status, q: search || undefined, cursor, limit: 20 }),
  });
  const setFairStatus = useMutation({
    mutationFn: ({ id, action }: { id: number; action: 'publish' | 'close' }) => jobfairsApi.setStatus(id, action),
    onSuccess: () => client.invalidateQueries({ queryKey: jobfairsKeys.all }),
    onError: (e) => void message.error(refusal(e)),
  });
  return (
    <>
      <PageHeader title={t('nav.jobfairs')} />
      <Card
        title={t('jobfairs.subtitle')}
        extra={
          <Space wrap>
            <Select
              allowClear
              placeholder={t('jobfairs.allStatuses')}
              style={{ width: 140 }}
              value={status}
              onChange={(v) => {
                setStatus(v);
                setCursors([]);
              }}
              options={(['draft', 'published', 'closed'] as const).map((s) => ({
                value: s,
                label: t(`jobfairs.statuses.${s}`),
              }))}
            />
            <Input.Search
              allowClear
              placeholder={t('jobfairs.search')}
              onSearch={(v) => {
                setSearch(v.trim());
                setCursors([]);
              }}
              style={{ width: 220 }}
            />
            <Button type="primary" onClick={() => setCreating(true)} data-testid="new-fair">
              {t('jobfairs.newFair')}
            </Button>
          </Space>
        }
      >
        <Table<Fair>
          rowKey="id"
          size="small"
          loading={fairs.isLoading}
          dataSource={fairs.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('jobfairs.none') }}
          columns={[
            { title: t('jobfairs.fairTitle'), dataIndex: 'title' },
            { title: t('jobfairs.division'), render: (_, f) => f.division.name },
            { title: t('jobfairs.place'), dataIndex: 'placeName' },
            { title: t('jobfairs.time'), render: (_, f) => formatDateTime(f.startsAt).slice(0, 16) },
            { title: t('jobfairs.signedUp'), render: (_, f) => `${f.signedUp}/${f.capacity}` },
            {
              title: t('jobfairs.status'),
              render: (_, f) => <Tag color={STATUS_COLORS[f.status]}>{t(`jobfairs.statuses.${f.status}`)}</Tag>,
            },
            {
              title: '',
              render: (_, f) => (
                <Space>
                  <Button size="small" onClick={() => setOpenId(f.id)}>
                    {t('jobfairs.open')}
                  </Button>
                  {f.status === 'draft' && (
                    <Button
                      size="small"
                      type="primary"
                      onClick={() => setFairStatus.mutate({ id: f.id, action: 'publish' })}
                    >
                      {t('jobfairs.publish')}
                    </Button>
                  )}
                  {f.status !== 'closed' && (
                    <Button size="small" danger onClick={() => setFairStatus.mutate({ id: f.id, action: 'close' })}>
                      {t('jobfairs.close')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
        <Space style={{ marginTop: 12 }}>
          {cursors.length > 0 && <Button onClick={() => setCursors(cursors.slice(0, -1))}>{t('jobfairs.back')}</Button>}
          {fairs.data?.nextCursor && (
            <Button onClick={() => setCursors([...cursors, fairs.data!.nextCursor!])}>{t('jobfairs.more')}</Button>
          )}
        </Space>
      </Card>
      {openId !== null && <FairPanel fairId={openId} onClose={() => setOpenId(null)} />}
      <FollowupsDue />
      <CreateFair open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
