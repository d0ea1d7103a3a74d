import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { BOOKING_STATUS_COLORS, type Booking, type Desk, type Slot } from '../../shared/deliberation.ts';
import { deliberationCalls, deliberationKeys, deliberationQueries } from '../../shared/query/deliberation.ts';
import { formatDateTime, zonedWallClockToIso } from '../../shared/time.ts';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ColorTag } from '../components/ColorTag.tsx';
import { CommunitySelect, useCommunityOptions } from '../components/CommunitySelect.tsx';

const HOURS = Array.from({ length: 14 }, (_, i) => i + 8);

/** 协商铃: consultation desks and mediators' desks, their slots and bookings. */
export default function DesksPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [communityId, setCommunityId] = useState<number>();
  const queryClient = useQueryClient();
  const desks = useQuery({ ...deliberationQueries.desks({ communityId }), placeholderData: keepPreviousData });
  const [selected, setSelected] = useState<number | null>(null);
  const desk = desks.data?.items.find((d) => d.id === selected) ?? desks.data?.items[0];
  const slots = useQuery({
    ...deliberationQueries.slots(desk?.id ?? 0),
    enabled: Boolean(desk),
    placeholderData: keepPreviousData,
  });
  const bookings = useQuery({
    ...deliberationQueries.deskBookings(desk?.id ?? 0),
    enabled: Boolean(desk),
    placeholderData: keepPreviousData,
  });
  const [creating, setCreating] = useState(false);
  const [adding, setAdding] = useState(false);

  const mark = async (b: Booking, status: 'attended' | 'no_show') => {
    try {
      await deliberationCalls.markBooking(b.id, status);
      void queryClient.invalidateQueries({ queryKey: deliberationKeys.all });
    } catch (error) {
      message.error(errorMessage(error));
    }
  };

  return (
    <div className="gz-page">
      <PageHeader
        title={t('deliberation.admin.desksTitle')}
        description={t('deliberation.admin.desksSubtitle')}
        extra={
          <Space>
            <CommunitySelect value={communityId} onChange={setCommunityId} allowClear />
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('deliberation.admin.newDesk')}
            </Button>
          </Space>
        }
      />
      {desks.error && <LoadError error={desks.error} onRetry={() => void desks.refetch()} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={7}>
          <Card loading={desks.isPending} styles={{ body: { padding: 8 } }}>
            <List
              dataSource={desks.data?.items ?? []}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
              renderItem={(d) => (
                <List.Item
                  onClick={() => setSelected(d.id)}
                  style={{
                    cursor: 'pointer',
                    padding: '10px 12px',
                    borderRadius: 6,
                    background: d.id === desk?.id ? '#e6f0ff' : undefined,
                  }}
                >
                  <List.Item.Meta
                    title={d.name}
                    description={`${t(`deliberation.deskKind.${d.kind}`)}${d.hostName ? ` · ${d.hostName}` : ''}${d.place ? ` · ${d.place}` : ''}`}
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={17}>
          {desk && (
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <Card
                title={`${desk.name} · ${t('deliberation.admin.slots')}`}
                size="small"
                extra={
                  <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
                    {t('deliberation.admin.addSlots')}
                  </Button>
                }
              >
                <Table<Slot>
                  size="small"
                  rowKey="id"
                  loading={slots.isFetching}
                  dataSource={slots.data?.items ?? []}
                  pagination={{ pageSize: 10, showSizeChanger: false }}
                  columns={[
                    {
                      title: t('deliberation.fields.time'),
                      dataIndex: 'startsAt',
                      render: (at: string, s) =>
                        `${formatDateTime(at).slice(0, 16)}–${formatDateTime(s.endsAt).slice(11, 16)}`,
                    },
                    {
                      title: t('deliberation.fields.capacity'),
                      key: 'cap',
                      width: 120,
                      render: (_v, s) => `${s.booked} / ${s.capacity}`,
                    },
                    {
                      title: t('deliberation.fields.status'),
                      key: 'state',
                      width: 110,
                      render: (_v, s) =>
                        s.cancelled ? (
                          <Tag>{t('deliberation.bookingStatus.cancelled')}</Tag>
                        ) : s.booked >= s.capacity ? (
                          <Tag color="orange">{t('deliberation.consult.full')}</Tag>
                        ) : (
                          <Tag color="green">{t('deliberation.consult.book')}</Tag>
                        ),
                    },
                  ]}
                />
              </Card>
              <Card title={t('deliberation.admin.bookings')} size="small">
                <Table<Booking>
                  size="small"
                  rowKey="id"
                  loading={bookings.isFetching}
                  dataSource={bookings.data?.items ?? []}
                  pagination={{ pageSize: 10, showSizeChanger: false }}
                  columns={[
                    {
                      title: t('deliberation.fields.time'),
                      dataIndex: 'startsAt',
                      width: 170,
                      render: (at: string, b) =>
                        `${formatDateTime(at).slice(0, 16)}–${formatDateTime(b.endsAt).slice(11, 16)}`,
                    },
                    { title: t('deliberation.fields.booker'), dataIndex: 'name', width: 120 },
                    { title: t('deliberation.fields.subject'), dataIndex: 'subject' },
                    {
                      title: t('deliberation.fields.status'),
                      dataIndex: 'status',
                      width: 90,
                      render: (s: Booking['status']) => (
                        <ColorTag color={BOOKING_STATUS_COLORS[s]}>{t(`deliberation.bookingStatus.${s}`)}</ColorTag>
                      ),
                    },
                    {
                      title: t('common.actions'),
                      key: 'a',
                      width: 140,
                      render: (_v, b) =>
                        b.status === 'booked' && (
                          <Space size={4}>
                            <Button size="small" onClick={() => void mark(b, 'attended')}>
                              {t('deliberation.admin.markAttended')}
                            </Button>
                            <Button size="small" onClick={() => void mark(b, 'no_show')}>
                              {t('deliberation.admin.markNoShow')}
                            </Button>
                          </Space>
                        ),
                    },
                  ]}
                />
              </Card>
            </Space>
          )}
        </Col>
      </Row>
      {creating && (
        <DeskModal
          onClose={() => setCreating(false)}
          onCreated={(d) => {
            setCreating(false);
            void queryClient.invalidateQueries({ queryKey: deliberationKeys.all });
            setSelected(d.id);
          }}
        />
      )}
      {adding && desk && (
        <SlotsModal
          desk={desk}
          onClose={() => setAdding(false)}
          onAdded={() => {
            setAdding(false);
            void queryClient.invalidateQueries({ queryKey: deliberationKeys.all });
          }}
        />
      )}
    </div>
  );
}

function DeskModal({ onClose, onCreated }: { onClose: () => void; onCreated: (d: Desk) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const communities = useCommunityOptions();
  const [form] = Form.useForm<{ communityId: number; name: string; kind: Desk['kind']; place: string }>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open
      title={t('deliberation.admin.newDesk')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ communityId: communities[0]?.value, kind: 'consultation', place: '' }}
        onFinish={async (v) => {
          setBusy(true);
          try {
            const desk = await deliberationCalls.createDesk(v);
            message.success(t('deliberation.admin.deskCreated'));
            onCreated(desk);
          } catch (error) {
            message.error(errorMessage(error));
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item name="communityId" label={t('deliberation.fields.community')} rules={[{ required: true }]}>
          <CommunitySelect />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('deliberation.fields.name')}
          rules={[{ required: true, min: 2, message: t('validation.required') }]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="kind" label={t('deliberation.fields.kind')}>
          <Radio.Group
            options={(['consultation', 'mediator'] as const).map((k) => ({
              value: k,
              label: t(`deliberation.deskKind.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="place" label={t('deliberation.fields.place')}>
          <Input maxLength={120} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Slots for a range of days: the same start times each day, of one length, with a capacity. */
function SlotsModal({ desk, onClose, onAdded }: { desk: Desk; onClose: () => void; onAdded: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{
    days: [Dayjs, Dayjs];
    hours: number[];
    minutes: number;
    capacity: number;
    weekdaysOnly: boolean;
  }>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open
      title={`${t('deliberation.admin.addSlots')} · ${desk.name}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
      width={560}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          days: [dayjs().add(1, 'day'), dayjs().add(7, 'day')],
          hours: [9, 14],
          minutes: 60,
          capacity: 1,
          weekdaysOnly: true,
        }}
        onFinish={async (v) => {
          const slots = [];
          for (let d = v.days[0].startOf('day'); !d.isAfter(v.days[1], 'day'); d = d.add(1, 'day')) {
            if (v.weekdaysOnly && (d.day() === 0 || d.day() === 6)) continue;
            for (const h of v.hours) {
              const start = d.hour(h).minute(0).second(0);
              slots.push({
                startsAt: zonedWallClockToIso(start),
                endsAt: zonedWallClockToIso(start.add(v.minutes, 'minute')),
                capacity: v.capacity,
              });
            }
          }
          if (slots.length === 0) return;
          setBusy(true);
          try {
            await deliberationCalls.addSlots(desk.id, slots.slice(0, 200));
            message.success(t('deliberation.admin.slotsAdded'));
            onAdded();
          } catch (error) {
            message.error(errorMessage(error));
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item name="days" label={t('deliberation.admin.dateRange')} rules={[{ required: true }]}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item name="weekdaysOnly" valuePropName="checked">
          <Checkbox>{t('deliberation.admin.weekdaysOnly')}</Checkbox>
        </Form.Item>
        <Form.Item
          name="hours"
          label={t('deliberation.admin.hours')}
          rules={[{ required: true, type: 'array', min: 1 }]}
        >
          <Select
            mode="multiple"
            options={HOURS.map((h) => ({ value: h, label: `${String(h).padStart(2, '0')}:00` }))}
          />
        </Form.Item>
        <Space>
          <Form.Item name="minutes" label={t('deliberation.admin.minutesLong')}>
            <InputNumber min={15} max={240} step={15} />
          </Form.Item>
          <Form.Item name="capacity" label={t('deliberation.fields.capacity')}>
            <InputNumber min={1} max={100} />
          </Form.Item>
        </Space>
        <Typography.Text type="secondary">{desk.place}</Typography.Text>
      </Form>
    </Modal>
  );
}
