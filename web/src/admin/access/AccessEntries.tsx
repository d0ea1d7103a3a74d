import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Select, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import {
  type AccessAlarm,
  type AccessEntry,
  accessApi,
  accessKeys,
  ENTRY_METHODS,
  type EntryMethod,
  type WatchEntry,
} from '../../shared/access.ts';
import { errorMessage } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/time.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { EChart, type ChartOption } from '../components/EChart.tsx';
import { LoadError } from '../components/LoadError.tsx';

/** Entry search (every search audited by the server) and the hourly chart per gate. */
export function EntriesTab({ compoundId }: { compoundId: number | undefined }) {
  const { t } = useTranslation();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(1, 'day'), dayjs()]);
  const [method, setMethod] = useState<EntryMethod | undefined>();
  const [plate, setPlate] = useState('');
  const from = range[0].toISOString();
  const to = range[1].toISOString();
  const hourly = useQuery({
    queryKey: [...accessKeys.all, 'hourly', compoundId, from, to],
    queryFn: () => accessApi.hourly({ ...(compoundId ? { compoundId } : {}), from, to }),
  });
  const hours = [...new Set((hourly.data?.gates ?? []).flatMap((g) => g.hours.map((h) => h.hour)))].sort();
  const option: ChartOption | null =
    hourly.data && hours.length > 0
      ? {
          tooltip: { trigger: 'axis' },
          legend: { top: 0 },
          grid: { left: 40, right: 16, top: 32, bottom: 32 },
          xAxis: { type: 'category', data: hours.map((h) => dayjs(h).format('MM-DD HH:00')) },
          yAxis: { type: 'value', minInterval: 1 },
          series: hourly.data.gates.map((g) => {
            const by = new Map(g.hours.map((h) => [h.hour, h.entries]));
            return { type: 'bar', stack: 'gates', name: g.deviceCode, data: hours.map((h) => by.get(h) ?? 0) };
          }),
        }
      : null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <DatePicker.RangePicker
          showTime
          allowClear={false}
          value={range}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
        />
        <Select
          allowClear
          placeholder={t('access.method')}
          value={method}
          onChange={setMethod}
          style={{ width: 120 }}
          options={ENTRY_METHODS.map((m) => ({ value: m, label: t(`access.methods.${m}`) }))}
        />
        <Input.Search
          allowClear
          placeholder={t('access.plate')}
          onSearch={(v) => setPlate(v.trim())}
          style={{ width: 180 }}
          data-testid="access-entry-plate"
        />
        <Typography.Text type="secondary">{t('access.auditedHint')}</Typography.Text>
      </Space>
      <Card size="small" title={t('access.hourly')}>
        {hourly.error && <LoadError error={hourly.error} onRetry={() => void hourly.refetch()} />}
        {option ? (
          <EChart option={option} height={260} ariaLabel={t('access.hourly')} />
        ) : (
          <div style={{ color: '#999', padding: 24, textAlign: 'center' }}>{t('access.noEntries')}</div>
        )}
      </Card>
      <CursorTable
        rowKey="id"
        size="small"
        scroll={{ x: 900 }}
        pageQuery={(page) =>
          queryOptions({
            queryKey: [...accessKeys.all, 'entries', compoundId, from, to, method, plate, page] as const,
            queryFn: () =>
              accessApi.entries({
                ...(compoundId ? { compoundId } : {}),
                from,
                to,
                ...(method ? { method } : {}),
                ...(plate ? { plate } : {}),
                ...page,
              }),
          })
        }
        locale={{ emptyText: t('access.noEntries') }}
        columns={[
          { title: t('access.at'), render: (_: unknown, e: AccessEntry) => formatDateTime(e.at) },
          { title: t('access.gate'), render: (_: unknown, e: AccessEntry) => e.device.code },
          { title: t('access.method'), render: (_: unknown, e: AccessEntry) => t(`access.methods.${e.method}`) },
          {
            title: t('access.direction'),
            render: (_: unknown, e: AccessEntry) => t(`access.directions.${e.direction}`),
          },
          { title: t('access.credential'), dataIndex: 'credential' },
          { title: t('access.name'), render: (_: unknown, e: AccessEntry) => e.person ?? '—' },
          {
            title: t('access.decision'),
            render: (_: unknown, e: AccessEntry) =>
              e.allowed ? (
                <Tag color="green">{t('access.allowed')}</Tag>
              ) : (
                <Tag color="red">
                  {t('access.refused')} · {t(`access.reasons.${e.reason}`, { defaultValue: e.reason })}
                </Tag>
              ),
          },
        ]}
      />
    </Space>
  );
}

/** The watch list (布控) and the alarms its matches raised. */
export function WatchTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{
    communityId: number;
    kind: 'plate' | 'personId' | 'cardNumber';
    value: string;
    reason: string;
  }>();
  const refresh = () => void client.invalidateQueries({ queryKey: accessKeys.all });
  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      refresh();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title={t('access.watch')}>
        <Form
          form={form}
          layout="inline"
          initialValues={{ kind: 'plate' }}
          style={{ marginBottom: 12 }}
          onFinish={(v) =>
            void act(async () => {
              await accessApi.addWatch({
                communityId: v.communityId,
                reason: v.reason,
                ...(v.kind === 'personId' ? { personId: Number(v.value) } : { [v.kind]: v.value }),
              });
              form.resetFields();
            })
          }
        >
          <Form.Item name="communityId" rules={[{ required: true }]}>
            <InputNumber placeholder={t('access.community')} min={1} style={{ width: 130 }} />
          </Form.Item>
          <Form.Item name="kind">
            <Select
              style={{ width: 100 }}
              options={[
                { value: 'plate', label: t('access.watchKinds.plate') },
                { value: 'personId', label: t('access.watchKinds.person') },
                { value: 'cardNumber', label: t('access.watchKinds.card') },
              ]}
            />
          </Form.Item>
          <Form.Item name="value" rules={[{ required: true }]}>
            <Input style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="reason" rules={[{ required: true }]}>
            <Input placeholder={t('access.watchReason')} style={{ width: 200 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('access.addWatch')}
          </Button>
        </Form>
        <CursorTable
          rowKey="id"
          size="small"
          pageQuery={(page) =>
            queryOptions({
              queryKey: [...accessKeys.all, 'watch', page] as const,
              queryFn: () => accessApi.watch(page),
            })
          }
          locale={{ emptyText: t('access.empty') }}
          columns={[
            { title: t('access.watchKind'), render: (_: unknown, w: WatchEntry) => t(`access.watchKinds.${w.kind}`) },
            { title: '', render: (_: unknown, w: WatchEntry) => w.plate ?? w.person ?? w.card },
            { title: t('access.watchReason'), dataIndex: 'reason' },
            { title: t('access.addedBy'), dataIndex: 'addedBy' },
            { title: t('access.at'), render: (_: unknown, w: WatchEntry) => formatDateTime(w.createdAt) },
            {
              title: t('access.status'),
              render: (_: unknown, w: WatchEntry) =>
                w.status === 'active' ? (
                  <Button size="small" onClick={() => void act(() => accessApi.closeWatch(w.id))}>
                    {t('access.close')}
                  </Button>
                ) : (
                  <Tag>{t('access.closed')}</Tag>
                ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('access.alarms')}>
        <CursorTable
          rowKey="id"
          size="small"
          pageQuery={(page) =>
            queryOptions({
              queryKey: [...accessKeys.all, 'alarms', page] as const,
              queryFn: () => accessApi.alarms(page),
            })
          }
          locale={{ emptyText: t('access.empty') }}
          columns={[
            { title: t('access.at'), render: (_: unknown, a: AccessAlarm) => formatDateTime(a.entryAt) },
            { title: t('access.gate'), dataIndex: 'deviceCode' },
            { title: t('access.method'), render: (_: unknown, a: AccessAlarm) => t(`access.methods.${a.method}`) },
            { title: '', render: (_: unknown, a: AccessAlarm) => a.plate ?? a.person ?? '—' },
            { title: t('access.watchReason'), dataIndex: 'reason' },
            {
              title: t('access.matter'),
              render: (_: unknown, a: AccessAlarm) =>
                a.matterId ? <Link to={`/matters/${a.matterId}`}>{t('access.openMatter')}</Link> : '—',
            },
          ]}
        />
      </Card>
    </Space>
  );
}
