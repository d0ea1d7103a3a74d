import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  TimePicker,
  Typography,
} from 'antd';
import { keepPreviousData, queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  composeRule,
  type OccurrenceChange,
  seriesCalls,
  seriesKeys,
  type RuleChoice,
  type Series,
} from '../../shared/alliance.ts';
import { errorMessage } from '../../shared/api.ts';
import { volunteerKeys } from '../../shared/query/volunteer.ts';
import { formatDateTime } from '../../shared/time.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { applyServerFieldErrors } from '../components/formErrors.ts';

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

interface SeriesForm extends Omit<RuleChoice, 'until'> {
  teamId: number;
  title: string;
  place: string;
  capacity: number;
  startDate: Dayjs;
  startTime: Dayjs;
  durationMinutes: number;
  until?: Dayjs;
}

const ruleOf = (v: Partial<SeriesForm>) =>
  composeRule({
    freq: v.freq ?? 'weekly',
    weekdays: v.weekdays ?? [],
    monthDay: v.monthDay ?? 1,
    nth: v.nth ?? 1,
    nthWeekday: v.nthWeekday ?? 'SA',
    interval: v.interval ?? 1,
    end: v.end ?? 'never',
    until: v.until?.format('YYYY-MM-DD'),
    count: v.count,
  });

/** 系列活动 (每周二 小区服务日): recurring activities of the area, a rule builder with a preview, and skipping one date. */
export function SeriesPanel({ teamOptions }: { teamOptions: Array<{ value: number; label: string }> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [saving, setSaving] = useState(false);
  const [openId, setOpenId] = useState<number>();
  const [form] = Form.useForm<SeriesForm>();
  const values = Form.useWatch([], form) as Partial<SeriesForm> | undefined;
  const rule = ruleOf(values ?? {});
  const previewBody = values?.startDate &&
    values.startTime && {
      rrule: rule,
      startDate: values.startDate.format('YYYY-MM-DD'),
      startTime: values.startTime.format('HH:mm'),
      durationMinutes: values.durationMinutes ?? 120,
      limit: 6,
    };
  const preview = useQuery({
    queryKey: [...seriesKeys.all, 'preview', previewBody],
    queryFn: () => seriesCalls.preview(previewBody!),
    enabled: creating && Boolean(previewBody),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const detail = useQuery({
    queryKey: seriesKeys.one(openId ?? 0),
    queryFn: ({ signal }) => seriesCalls.one(openId!, signal),
    enabled: openId !== undefined,
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: seriesKeys.all });
    void queryClient.invalidateQueries({ queryKey: volunteerKeys.all });
  };
  const create = async (v: SeriesForm) => {
    setSaving(true);
    try {
      const s = await seriesCalls.create({
        teamId: v.teamId,
        title: v.title,
        place: v.place ?? '',
        capacity: v.capacity,
        rrule: ruleOf(v),
        startDate: v.startDate.format('YYYY-MM-DD'),
        startTime: v.startTime.format('HH:mm'),
        durationMinutes: v.durationMinutes,
      });
      message.success(t('series.created'));
      setCreating(false);
      refresh();
      setOpenId(s.id);
    } catch (error) {
      if (!applyServerFieldErrors(form, error, ['teamId', 'title', 'place', 'capacity']))
        message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };
  const change = async (s: Series, date: string, action: 'skip' | 'cancel', reason = '') => {
    try {
      await seriesCalls.occurrence(s.id, date, { action, reason });
      refresh();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  const [editing, setEditing] = useState(false);
  const freq = values?.freq ?? 'weekly';
  const end = values?.end ?? 'never';
  const weekdayOptions = WEEKDAYS.map((d) => ({
    value: d,
    label: `${t('series.weekdayPrefix')}${t(`series.weekdays.${d}`)}`,
  }));
  return (
    <Card
      title={t('series.title')}
      style={{ marginTop: 16 }}
      extra={
        <Button
          icon={<PlusOutlined />}
          onClick={() => {
            form.resetFields();
            setCreating(true);
          }}
        >
          {t('series.newSeries')}
        </Button>
      }
    >
      <CursorTable
        rowKey="id"
        pageQuery={(page) =>
          queryOptions({
            queryKey: seriesKeys.list({ ...page }),
            queryFn: ({ signal }) => seriesCalls.list({ ...page }, signal),
          })
        }
        locale={{ emptyText: t('series.empty') }}
        onRow={(s) => ({ onClick: () => setOpenId(s.id), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: t('volunteer.title'),
            dataIndex: 'title',
            render: (v: string) => <Typography.Link>{v}</Typography.Link>,
          },
          { title: t('series.rule'), dataIndex: 'rrule', render: (v: string) => <code>{v}</code> },
          { title: t('series.startTime'), dataIndex: 'startTime', width: 90 },
          { title: t('volunteer.place'), dataIndex: 'place', ellipsis: true },
          {
            title: t('deliberation.fields.status'),
            dataIndex: 'active',
            width: 90,
            render: (a: boolean) => (a ? <Tag color="green">✓</Tag> : <Tag>—</Tag>),
          },
        ]}
      />
      <Modal
        open={creating}
        title={t('series.newSeries')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={saving}
        okText={t('common.save')}
        width={720}
      >
        <Form<SeriesForm>
          form={form}
          layout="vertical"
          onFinish={create}
          initialValues={{
            capacity: 20,
            freq: 'weekly',
            weekdays: ['TU'],
            monthDay: 1,
            nth: 2,
            nthWeekday: 'SA',
            interval: 1,
            end: 'never',
            startDate: dayjs(),
            startTime: dayjs().hour(9).minute(0),
            durationMinutes: 120,
          }}
        >
          <Space wrap align="start">
            <Form.Item
              name="teamId"
              label={t('pointsAdmin.activities.team')}
              rules={[{ required: true, message: t('validation.required') }]}
            >
              <Select options={teamOptions} showSearch optionFilterProp="label" style={{ width: 200 }} />
            </Form.Item>
            <Form.Item
              name="title"
              label={t('volunteer.title')}
              rules={[{ required: true, whitespace: true, min: 2, message: t('validation.required') }]}
            >
              <Input maxLength={80} style={{ width: 240 }} />
            </Form.Item>
            <Form.Item name="place" label={t('volunteer.place')}>
              <Input maxLength={120} style={{ width: 180 }} />
            </Form.Item>
          </Space>
          <Form.Item name="freq" label={t('series.repeat')}>
            <Radio.Group
              optionType="button"
              options={(['weekly', 'monthly_day', 'monthly_nth'] as const).map((f) => ({
                value: f,
                label: t(`series.freq.${f}`),
              }))}
            />
          </Form.Item>
          {freq === 'weekly' && (
            <Form.Item name="weekdays" rules={[{ required: true, message: t('validation.required') }]}>
              <Select mode="multiple" options={weekdayOptions} aria-label={t('series.repeat')} style={{ width: 360 }} />
            </Form.Item>
          )}
          {freq === 'monthly_day' && (
            <Form.Item name="monthDay" label={t('series.monthDay')}>
              <InputNumber min={1} max={31} precision={0} />
            </Form.Item>
          )}
          {freq === 'monthly_nth' && (
            <Space>
              <Form.Item name="nth" label={t('series.nth')}>
                <Select
                  style={{ width: 120 }}
                  options={(['1', '2', '3', '4', '-1'] as const).map((n) => ({
                    value: Number(n),
                    label: t(`series.nthOptions.${n}`),
                  }))}
                />
              </Form.Item>
              <Form.Item name="nthWeekday" label={t('series.weekdayPrefix') || ' '}>
                <Select style={{ width: 120 }} options={weekdayOptions} />
              </Form.Item>
            </Space>
          )}
          <Space wrap align="start">
            <Form.Item name="startDate" label={t('series.startDate')} rules={[{ required: true }]}>
              <DatePicker allowClear={false} />
            </Form.Item>
            <TimingFields />
            <Form.Item name="interval" label={t('series.interval')}>
              <InputNumber min={1} max={12} precision={0} />
            </Form.Item>
          </Space>
          <Space wrap align="start">
            <Form.Item name="end" label={t('series.end')}>
              <Select
                style={{ width: 140 }}
                options={(['never', 'until', 'count'] as const).map((e) => ({
                  value: e,
                  label: t(`series.ends.${e}`),
                }))}
              />
            </Form.Item>
            {end === 'until' && (
              <Form.Item name="until" label={t('series.ends.until')} rules={[{ required: true }]}>
                <DatePicker />
              </Form.Item>
            )}
            {end === 'count' && (
              <Form.Item name="count" label={t('series.ends.count')} rules={[{ required: true }]}>
                <InputNumber min={1} max={500} precision={0} />
              </Form.Item>
            )}
          </Space>
          <Typography.Text type="secondary">
            RRULE: <code data-testid="series-rrule">{rule}</code>
          </Typography.Text>
          <Card size="small" title={t('series.preview')} style={{ marginTop: 8 }} data-testid="series-preview">
            {preview.isFetching && !preview.data ? (
              <Spin />
            ) : preview.isError ? (
              <Typography.Text type="danger">{errorMessage(preview.error)}</Typography.Text>
            ) : preview.data?.items.length ? (
              <Space wrap>
                {preview.data.items.map((o) => (
                  <Tag key={o.date}>
                    {formatDateTime(o.startsAt).slice(0, 16)}{' '}
                    {t(`series.weekdays.${WEEKDAYS[(dayjs(o.date).day() + 6) % 7]!}`)}
                  </Tag>
                ))}
              </Space>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('series.noPreview')} />
            )}
          </Card>
        </Form>
      </Modal>
      <Drawer
        rootClassName="gz-series-drawer"
        open={openId !== undefined}
        onClose={() => setOpenId(undefined)}
        width={640}
        title={detail.data?.title}
        extra={
          detail.data?.active && (
            <Button onClick={() => setEditing(true)} data-testid="series-edit">
              {t('series.edit')}
            </Button>
          )
        }
      >
        {detail.isLoading || !detail.data ? (
          <Spin />
        ) : (
          <SeriesDetail
            series={detail.data}
            onChange={change}
            onStop={() => seriesCalls.stop(detail.data!.id).then(refresh)}
            onMoved={refresh}
          />
        )}
      </Drawer>
      {editing && detail.data && (
        <EditSeriesModal
          series={detail.data}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            refresh();
          }}
        />
      )}
    </Card>
  );
}

function SeriesDetail({
  series,
  onChange,
  onStop,
  onMoved,
}: {
  series: Series;
  onChange: (s: Series, date: string, action: 'skip' | 'cancel', reason?: string) => Promise<void>;
  onStop: () => void;
  onMoved: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [moving, setMoving] = useState<Series['occurrences'][number]>();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text>
        {t('series.rule')}: <code>{series.rrule}</code> · {series.startTime} · {series.durationMinutes}′ ·{' '}
        {series.place}
      </Typography.Text>
      {series.exdates.length > 0 && (
        <Typography.Text type="secondary">
          {t('series.skipped')}: {series.exdates.join('、')}
        </Typography.Text>
      )}
      <Typography.Title level={5}>{t('series.next')}</Typography.Title>
      <List
        size="small"
        dataSource={series.next}
        locale={{ emptyText: t('series.noPreview') }}
        renderItem={(o) => (
          <List.Item
            actions={[
              <Button key="skip" size="small" onClick={() => onChange(series, o.date, 'skip')}>
                {t('series.skip')}
              </Button>,
            ]}
          >
            {formatDateTime(o.startsAt).slice(0, 16)}
          </List.Item>
        )}
      />
      <Typography.Title level={5}>{t('series.occurrences')}</Typography.Title>
      <Table
        size="small"
        rowKey="activityId"
        pagination={false}
        dataSource={series.occurrences}
        columns={[
          {
            title: t('pointsAdmin.activities.time'),
            dataIndex: 'startsAt',
            render: (v: string) => formatDateTime(v).slice(0, 16),
          },
          { title: t('volunteer.place'), dataIndex: 'place' },
          { title: t('pointsAdmin.activities.signedUp'), dataIndex: 'signedUp', width: 70 },
          {
            title: t('deliberation.fields.status'),
            key: 's',
            render: (_v, o) => (
              <span>
                {t(`volunteer.activityStatus.${o.status}`)} {o.cancelReason}
              </span>
            ),
          },
          {
            key: 'a',
            width: 170,
            render: (_v, o) =>
              o.status === 'open' && (
                <Space size={4}>
                  <Button size="small" onClick={() => setMoving(o)} data-testid={`occurrence-move-${o.date}`}>
                    {t('series.move')}
                  </Button>
                  <Popconfirm
                    title={<Input placeholder={t('series.cancelReason')} onChange={(e) => setReason(e.target.value)} />}
                    onConfirm={() => onChange(series, o.date, 'cancel', reason)}
                  >
                    <Button size="small" danger>
                      {t('series.cancel')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
      {moving && (
        <MoveOccurrenceModal
          series={series}
          occurrence={moving}
          onClose={() => setMoving(undefined)}
          onMoved={() => {
            setMoving(undefined);
            onMoved();
          }}
        />
      )}
      {series.active && (
        <Popconfirm title={t('series.stop')} onConfirm={onStop}>
          <Button danger>{t('series.stop')}</Button>
        </Popconfirm>
      )}
    </Space>
  );
}

/** The time of day, length and capacity of a series' activities: the same fields when creating and editing. */
function TimingFields() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="startTime" label={t('series.startTime')} rules={[{ required: true }]}>
        <TimePicker format="HH:mm" minuteStep={5} allowClear={false} />
      </Form.Item>
      <Form.Item name="durationMinutes" label={t('series.duration')}>
        <InputNumber min={5} max={1440} step={30} precision={0} />
      </Form.Item>
      <Form.Item name="capacity" label={t('volunteer.capacity')}>
        <InputNumber min={1} max={10000} precision={0} />
      </Form.Item>
    </>
  );
}

interface EditForm {
  title: string;
  place: string;
  capacity: number;
  startTime: Dayjs;
  durationMinutes: number;
}

/** Changes what a series makes (not its rule): the server makes anew the future activities no one signed up for. */
function EditSeriesModal({ series, onClose, onSaved }: { series: Series; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditForm>();
  const [saving, setSaving] = useState(false);
  const save = async (v: EditForm) => {
    setSaving(true);
    try {
      await seriesCalls.update(series.id, {
        title: v.title,
        place: v.place ?? '',
        capacity: v.capacity,
        startTime: v.startTime.format('HH:mm'),
        durationMinutes: v.durationMinutes,
      });
      message.success(t('series.saved'));
      onSaved();
    } catch (error) {
      if (!applyServerFieldErrors(form, error, ['title', 'place', 'capacity', 'startTime', 'durationMinutes']))
        message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={t('series.editTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      okText={t('common.save')}
    >
      <Typography.Paragraph type="secondary">{t('series.editHint')}</Typography.Paragraph>
      <Form<EditForm>
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{
          title: series.title,
          place: series.place,
          capacity: series.capacity,
          startTime: dayjs(series.startTime, 'HH:mm'),
          durationMinutes: series.durationMinutes,
        }}
      >
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
        <Space wrap align="start">
          <TimingFields />
        </Space>
      </Form>
    </Modal>
  );
}

interface MoveForm {
  when: [Dayjs, Dayjs];
  place: string;
  reason: string;
}

/** Moves one activity of a series to another time or place; those signed up are told. */
function MoveOccurrenceModal({
  series,
  occurrence,
  onClose,
  onMoved,
}: {
  series: Series;
  occurrence: Series['occurrences'][number];
  onClose: () => void;
  onMoved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<MoveForm>();
  const [saving, setSaving] = useState(false);
  const starts = dayjs(occurrence.startsAt);
  const move = async (v: MoveForm) => {
    setSaving(true);
    try {
      const body: OccurrenceChange = {
        action: 'move',
        startsAt: v.when[0].toISOString(),
        endsAt: v.when[1].toISOString(),
        place: v.place ?? '',
        reason: v.reason ?? '',
      };
      await seriesCalls.occurrence(series.id, occurrence.date, body);
      message.success(t('series.moved'));
      onMoved();
    } catch (error) {
      if (!applyServerFieldErrors(form, error, ['place', 'reason'])) message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={t('series.moveTitle', { date: occurrence.date })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      okText={t('common.save')}
    >
      <Form<MoveForm>
        form={form}
        layout="vertical"
        onFinish={move}
        initialValues={{
          when: [starts, starts.add(series.durationMinutes, 'minute')],
          place: occurrence.place,
          reason: '',
        }}
      >
        <Form.Item name="when" label={t('series.moveWhen')} rules={[{ required: true }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm', minuteStep: 5 }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item name="place" label={t('series.movePlace')}>
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item name="reason" label={t('series.moveReason')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
