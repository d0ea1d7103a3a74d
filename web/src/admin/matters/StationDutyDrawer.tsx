import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Drawer, Form, Popconfirm, Select, Spin, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { STAFF_ROLES } from '@gongzhi/server/enums';
import { ApiError, errorMessage } from '../../shared/api.ts';
import { roleLabel } from '../../shared/labels.ts';
import {
  type StationDuty,
  stationDutyCalls,
  stationDutyKeys,
  stationDutyQueries,
} from '../../shared/query/station-duty.ts';
import { usersQueries } from '../../shared/query/users.ts';
import { formatDateTime, zonedWallClockToIso } from '../../shared/time.ts';
import type { Station } from '../../shared/types.ts';
import { LoadError } from '../components/LoadError.tsx';

/** How far ahead the roster is shown. */
const DAYS_SHOWN = 14;

interface DutyForm {
  userId: number;
  period: [Dayjs, Dayjs];
}

/**
 * 值班表 of a service station: who is on duty when over the next two weeks, with periods added
 * (a member of staff of the station's area and a time span) and removed. A help call to the
 * station reaches whoever is on duty then.
 */
export function StationDutyDrawer({ station, onClose }: { station: Station | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<DutyForm>();
  const [saving, setSaving] = useState(false);
  // The window is fixed when the drawer opens, so the list does not move while it is edited.
  const [span] = useState(() => {
    const start = dayjs().startOf('day');
    return { from: start.toISOString(), to: start.add(DAYS_SHOWN, 'day').toISOString(), now: dayjs() };
  });
  const roster = useQuery({
    ...stationDutyQueries.station(station?.id ?? 0, span.from, span.to),
    enabled: station !== null,
  });

  const add = async (values: DutyForm) => {
    if (!station) return;
    setSaving(true);
    try {
      await stationDutyCalls.add(station.id, {
        userId: values.userId,
        startsAt: zonedWallClockToIso(values.period[0]),
        endsAt: zonedWallClockToIso(values.period[1]),
      });
      message.success(t('selfService.duty.added'));
      form.resetFields();
    } catch (error) {
      const fields = error instanceof ApiError ? error.fieldErrors() : new Map<string, string[]>();
      if (fields.has('userId') || fields.has('endsAt'))
        form.setFields([
          { name: 'userId', errors: fields.get('userId') ?? [] },
          { name: 'period', errors: fields.get('endsAt') ?? [] },
        ]);
      else message.error(errorMessage(error));
    } finally {
      setSaving(false);
      await queryClient.invalidateQueries({ queryKey: stationDutyKeys.all });
    }
  };

  const remove = async (duty: StationDuty) => {
    try {
      await stationDutyCalls.remove(duty.id);
      message.success(t('selfService.duty.removed'));
    } catch (error) {
      message.error(errorMessage(error));
    }
    await queryClient.invalidateQueries({ queryKey: stationDutyKeys.all });
  };

  return (
    <Drawer
      open={station !== null}
      onClose={onClose}
      title={station && `${t('selfService.duty.title')} · ${station.name}`}
      size={640}
      destroyOnHidden
      data-testid="station-duty"
    >
      <Typography.Paragraph type="secondary">{t('selfService.duty.hint')}</Typography.Paragraph>
      {station && (
        <Form form={form} layout="vertical" onFinish={(v) => void add(v)} className="gz-duty-form">
          <Form.Item
            name="userId"
            label={t('selfService.duty.staff')}
            rules={[{ required: true, message: t('selfService.duty.staffPlaceholder') }]}
          >
            <StaffSelect divisionId={station.divisionId} />
          </Form.Item>
          <Form.Item
            name="period"
            label={t('selfService.duty.period')}
            rules={[{ required: true, message: t('selfService.duty.period') }]}
          >
            <DatePicker.RangePicker showTime={{ format: 'HH:mm', minuteStep: 15 }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={saving}>
            {t('selfService.duty.add')}
          </Button>
        </Form>
      )}
      {roster.error && !roster.data ? (
        <LoadError error={roster.error} onRetry={() => void roster.refetch()} />
      ) : (
        <Table<StationDuty>
          rowKey="id"
          size="small"
          loading={roster.isFetching}
          dataSource={roster.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('selfService.duty.empty') }}
          style={{ marginTop: 24 }}
          columns={[
            {
              title: t('selfService.duty.staff'),
              dataIndex: 'userName',
              render: (name: string, d) => (
                <>
                  {name}{' '}
                  {span.now.isAfter(d.startsAt) && span.now.isBefore(d.endsAt) && (
                    <Tag color="green">{t('selfService.duty.onDuty')}</Tag>
                  )}
                </>
              ),
            },
            {
              title: t('selfService.duty.period'),
              key: 'period',
              render: (_v, d) => (
                <span className="gz-nowrap">
                  {formatDateTime(d.startsAt).slice(0, 16)} – {formatDateTime(d.endsAt).slice(0, 16)}
                </span>
              ),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 90,
              render: (_v, d) => (
                <Popconfirm
                  title={t('selfService.duty.removeConfirm')}
                  okText={t('selfService.duty.remove')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => remove(d)}
                >
                  <Button size="small" type="link" danger icon={<DeleteOutlined />}>
                    {t('selfService.duty.remove')}
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      )}
    </Drawer>
  );
}

/** Active staff with a role in the station's area, searched by name as typed; gives the user id. */
function StaffSelect({
  divisionId,
  value,
  onChange,
  id,
}: {
  divisionId: number;
  value?: number;
  onChange?: (userId: number | undefined) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const users = useQuery({
    ...usersQueries.list({ q: q || undefined, divisionId, status: 'active', limit: 50 }),
    placeholderData: keepPreviousData,
  });
  const options = useMemo(
    () =>
      (users.data?.items ?? [])
        .map((u) => ({ user: u, staffRoles: u.grants.filter((g) => STAFF_ROLES.includes(g.role)) }))
        .filter(({ staffRoles }) => staffRoles.length > 0)
        .map(({ user, staffRoles }) => ({
          value: user.id,
          label: `${user.displayName} · ${[...new Set(staffRoles.map((g) => roleLabel(t, g.role)))].join('、')}`,
        })),
    [users.data, t],
  );
  return (
    <Select
      id={id}
      showSearch
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      filterOption={false}
      onSearch={setTyped}
      options={options}
      allowClear
      placeholder={t('selfService.duty.staffPlaceholder')}
      notFoundContent={users.isFetching ? <Spin size="small" /> : t('selfService.duty.noStaff')}
      style={{ width: '100%' }}
      data-testid="duty-staff"
    />
  );
}
