import { FlagFilled, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { departmentName } from '../../shared/labels.ts';
import {
  supervisionCalls,
  supervisionKeys,
  supervisionQueries,
  type SupervisionCard,
  type SupervisionOrder,
} from '../../shared/query/supervision.ts';
import { can, useMe } from '../../shared/session.tsx';
import { formatDateTime, zonedWallClockToIso } from '../../shared/time.ts';
import { useUrlFilters } from '../../shared/useUrlFilters.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { ExportButton } from '../components/ExportButton.tsx';
import { EChart, type ChartOption } from '../components/EChart.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { SuperviseForm } from './SuperviseForm.tsx';

const FILTERS = ['tab', 'status', 'card', 'targetKind', 'q'] as const;
type UrlFilters = ReturnType<typeof useUrlFilters<(typeof FILTERS)[number]>>;
export const CARD_COLORS: Record<SupervisionCard, string> = { green: 'green', yellow: 'gold', red: 'red' };
const CARD_HEX: Record<SupervisionCard, string> = { green: '#52c41a', yellow: '#faad14', red: '#f5222d' };

/** 红牌 / 黄牌 / 绿牌 as a coloured tag. */
export function CardTag({ card }: { card: SupervisionCard }) {
  const { t } = useTranslation();
  return (
    <Tag color={CARD_COLORS[card]} data-testid={`card-${card}`} style={{ marginInlineEnd: 0 }}>
      {t(`supervision.card.${card}`)}
    </Tag>
  );
}

/**
 * 督办: the orders of my area with their cards (三色), filters and search, the listed ones
 * (挂牌督办) on a tab of their own, remind (催办), move the deadline, close; and the counts
 * per unit as a table and a bar chart.
 */
export default function SupervisionPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [filters, setFilters] = useUrlFilters(FILTERS);
  const tab = filters.tab === 'listed' || filters.tab === 'counts' ? filters.tab : 'all';
  const [creating, setCreating] = useState(false);
  const [shownId, setShownId] = useState<number | null>(null);
  const manager = can(me, 'supervision.manage');

  const list = (
    <OrderList listed={tab === 'listed'} filters={filters} setFilters={setFilters} onShow={(id) => setShownId(id)} />
  );
  return (
    <>
      <PageHeader
        title={t('supervision.title')}
        description={t('supervision.subtitle')}
        extra={
          manager && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-order">
              {t('supervision.create')}
            </Button>
          )
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(key) => setFilters({ tab: key === 'all' ? undefined : key })}
        items={[
          { key: 'all', label: t('supervision.tabs.all'), children: tab === 'all' ? list : null },
          {
            key: 'listed',
            label: (
              <span>
                <FlagFilled style={{ color: '#f5222d' }} /> {t('supervision.tabs.listed')}
              </span>
            ),
            children: tab === 'listed' ? list : null,
          },
          { key: 'counts', label: t('supervision.tabs.counts'), children: tab === 'counts' ? <UnitCounts /> : null },
        ]}
      />
      {creating && <SuperviseForm open onClose={() => setCreating(false)} />}
      {shownId !== null && <OrderDrawer id={shownId} onClose={() => setShownId(null)} />}
    </>
  );
}

function OrderList({
  listed,
  filters,
  setFilters,
  onShow,
}: {
  listed: boolean;
  filters: UrlFilters[0];
  setFilters: UrlFilters[1];
  onShow: (id: number) => void;
}) {
  const { t } = useTranslation();
  const [reminding, setReminding] = useState<SupervisionOrder | null>(null);
  const [closing, setClosing] = useState<SupervisionOrder | null>(null);
  const query = {
    status: filters.status,
    card: filters.card,
    targetKind: filters.targetKind,
    q: filters.q,
    listed: listed ? 'true' : undefined,
  };
  return (
    <Card>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('supervision.filters.status')}
          style={{ width: 130 }}
          value={filters.status}
          onChange={(v) => setFilters({ status: v })}
          options={(['open', 'done', 'closed'] as const).map((s) => ({
            value: s,
            label: t(`supervision.status.${s}`),
          }))}
        />
        <Select
          allowClear
          placeholder={t('supervision.filters.card')}
          style={{ width: 120 }}
          value={filters.card}
          onChange={(v) => setFilters({ card: v })}
          options={(['red', 'yellow', 'green'] as const).map((c) => ({ value: c, label: t(`supervision.card.${c}`) }))}
          data-testid="card-filter"
        />
        <Select
          allowClear
          placeholder={t('supervision.filters.target')}
          style={{ width: 120 }}
          value={filters.targetKind}
          onChange={(v) => setFilters({ targetKind: v })}
          options={(['matter', 'unit'] as const).map((k) => ({ value: k, label: t(`supervision.target.${k}`) }))}
        />
        <Input.Search
          allowClear
          placeholder={t('supervision.filters.search')}
          defaultValue={filters.q}
          onSearch={(v) => setFilters({ q: v || undefined })}
          style={{ width: 260 }}
        />
        <ExportButton kind="supervision-orders" filters={query} />
      </Space>
      <CursorTable
        rowKey="id"
        pageQuery={(page) => supervisionQueries.list({ ...query, ...page })}
        scroll={{ x: 1100 }}
        size="middle"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('supervision.empty')} /> }}
        columns={[
          {
            title: t('supervision.columns.card'),
            key: 'card',
            width: 110,
            render: (_, o) => (
              <Space size={4} direction="vertical">
                <CardTag card={o.card} />
                {o.worstCard !== o.card && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('supervision.worst', { card: t(`supervision.card.${o.worstCard}`) })}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: t('supervision.columns.target'),
            key: 'target',
            width: 260,
            render: (_, o) => (
              <Space size={4}>
                {o.listed && <Tag color="red">{t('supervision.listed')}</Tag>}
                {o.matterId !== null ? (
                  <Link to={`/matters/${o.matterId}`}>{o.matterCode}</Link>
                ) : (
                  <span>{o.unitName}</span>
                )}
              </Space>
            ),
          },
          {
            title: t('supervision.columns.unit'),
            key: 'unit',
            render: (_, o) =>
              `${o.unitKind === 'department' ? departmentName(t, o.department) : o.unitName}（${t(`supervision.unitKind.${o.unitKind}`)}）`,
          },
          { title: t('supervision.columns.note'), dataIndex: 'note', ellipsis: true },
          {
            title: t('supervision.columns.deadline'),
            key: 'deadline',
            width: 170,
            render: (_, o) => (
              <Space size={4}>
                {formatDateTime(o.deadline).slice(0, 16)}
                {o.status === 'open' && o.late && <Tag color="orange">{t('supervision.late')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('supervision.columns.status'),
            key: 'status',
            width: 90,
            render: (_, o) => t(`supervision.status.${o.status}`),
          },
          { title: t('supervision.columns.reminders'), dataIndex: 'reminders', width: 70, align: 'right' },
          {
            title: t('supervision.columns.actions'),
            key: 'actions',
            width: 200,
            fixed: 'right',
            render: (_, o) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => onShow(o.id)}>
                  {t('supervision.detail')}
                </Button>
                {o.canManage && (
                  <>
                    <Button type="link" size="small" onClick={() => setReminding(o)} data-testid={`remind-${o.id}`}>
                      {t('supervision.remind')}
                    </Button>
                    <Button type="link" size="small" danger onClick={() => setClosing(o)}>
                      {t('supervision.close')}
                    </Button>
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />
      {reminding && <RemindModal order={reminding} onClose={() => setReminding(null)} />}
      {closing && <CloseModal order={closing} onClose={() => setClosing(null)} />}
    </Card>
  );
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: supervisionKeys.all });
}

function RemindModal({ order, onClose }: { order: SupervisionOrder; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const [text, setText] = useState(t('supervision.remindDefault'));
  const remind = useMutation({
    mutationFn: () => supervisionCalls.remind(order.id, text),
    onSuccess: (r) => {
      void message.success(t('supervision.reminded', { n: r.recipients }));
      invalidate();
      onClose();
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  return (
    <Modal
      open
      title={`${t('supervision.remindTitle')} · ${order.matterCode ?? order.unitName}`}
      onCancel={onClose}
      onOk={() => remind.mutate()}
      okButtonProps={{ disabled: text.trim().length < 2 }}
      confirmLoading={remind.isPending}
    >
      <Typography.Paragraph type="secondary">{t('supervision.remindMessage')}</Typography.Paragraph>
      <Input.TextArea rows={3} maxLength={500} value={text} onChange={(e) => setText(e.target.value)} />
    </Modal>
  );
}

function CloseModal({ order, onClose }: { order: SupervisionOrder; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const [note, setNote] = useState('');
  const close = useMutation({
    mutationFn: () => supervisionCalls.close(order.id, note),
    onSuccess: () => {
      void message.success(t('supervision.closed'));
      invalidate();
      onClose();
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  return (
    <Modal
      open
      title={`${t('supervision.closeTitle')} · ${order.matterCode ?? order.unitName}`}
      onCancel={onClose}
      onOk={() => close.mutate()}
      okButtonProps={{ danger: true, disabled: note.trim().length < 2 }}
      confirmLoading={close.isPending}
    >
      <Typography.Paragraph type="secondary">{t('supervision.closeNote')}</Typography.Paragraph>
      <Input.TextArea rows={3} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
    </Modal>
  );
}

function OrderDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const { data, error, refetch } = useQuery(supervisionQueries.order(id));
  const [deadline, setDeadline] = useState<Dayjs | null>(null);
  const move = useMutation({
    mutationFn: (d: Dayjs) => supervisionCalls.update(id, { deadline: zonedWallClockToIso(d) }),
    onSuccess: () => {
      void message.success(t('supervision.moved'));
      setDeadline(null);
      invalidate();
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  return (
    <Drawer open width={560} title={t('supervision.detail')} onClose={onClose}>
      {error && <LoadError error={error} onRetry={() => void refetch()} />}
      {data && (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('supervision.columns.card')}>
              <CardTag card={data.card} />
            </Descriptions.Item>
            <Descriptions.Item label={t('supervision.columns.target')}>
              {data.matterId !== null ? <Link to={`/matters/${data.matterId}`}>{data.matterCode}</Link> : data.unitName}
              {data.listed && (
                <Tag color="red" style={{ marginInlineStart: 8 }}>
                  {t('supervision.listed')}
                </Tag>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('supervision.columns.note')}>{data.note}</Descriptions.Item>
            <Descriptions.Item label={t('supervision.columns.deadline')}>
              {formatDateTime(data.deadline)}
            </Descriptions.Item>
            <Descriptions.Item label={t('supervision.columns.status')}>
              {t(`supervision.status.${data.status}`)}
              {data.closeNote ? ` · ${data.closeNote}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('supervision.columns.createdBy')}>
              {data.createdByName} · {formatDateTime(data.createdAt)}
            </Descriptions.Item>
          </Descriptions>
          {data.canManage && (
            <Space wrap>
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                value={deadline}
                onChange={setDeadline}
                disabledDate={(d) => d.isBefore(dayjs(), 'day')}
              />
              <Button disabled={!deadline} loading={move.isPending} onClick={() => deadline && move.mutate(deadline)}>
                {t('supervision.moveDeadline')}
              </Button>
              <Typography.Text type="secondary">{t('supervision.moveHint')}</Typography.Text>
            </Space>
          )}
          <Typography.Title level={5}>{t('supervision.cardChanges')}</Typography.Title>
          {data.cardChanges.length === 0 ? (
            <Typography.Text type="secondary">{t('supervision.noChanges')}</Typography.Text>
          ) : (
            <Timeline
              items={data.cardChanges.map((c) => ({
                color: CARD_HEX[c.to],
                children: (
                  <Space size={4}>
                    {formatDateTime(c.at)}
                    <CardTag card={c.from} />→<CardTag card={c.to} />
                    {t(`supervision.reason.${c.reason as 'late'}`, { defaultValue: c.reason })}
                  </Space>
                ),
              }))}
            />
          )}
          <Typography.Title level={5}>{t('supervision.reminderLog')}</Typography.Title>
          {data.reminderLog.length === 0 ? (
            <Typography.Text type="secondary">{t('supervision.noReminders')}</Typography.Text>
          ) : (
            <Timeline
              items={data.reminderLog.map((r) => ({
                children: `${formatDateTime(r.at)} ${r.byName}：${r.message}（${r.recipients}）`,
              }))}
            />
          )}
        </Space>
      )}
    </Drawer>
  );
}

function UnitCounts() {
  const { t } = useTranslation();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('month'), dayjs().endOf('day')]);
  const query = {
    from: zonedWallClockToIso(range[0].startOf('day')),
    to: zonedWallClockToIso(range[1].add(1, 'day').startOf('day')),
  };
  const { data, error, refetch, isLoading } = useQuery(supervisionQueries.counts(query));
  const units = data?.units ?? [];
  const name = (u: (typeof units)[number]) =>
    u.unitKind === 'department' ? departmentName(t, u.department) : u.unitName;
  const option: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 64 },
    xAxis: { type: 'category', data: units.map(name), axisLabel: { interval: 0, rotate: units.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: t('supervision.counts.orders'),
        type: 'bar',
        barMaxWidth: 28,
        data: units.map((u) => u.orders),
        color: '#1f5fbf',
      },
      {
        name: t('supervision.counts.onTime'),
        type: 'bar',
        barMaxWidth: 28,
        data: units.map((u) => u.onTime),
        color: CARD_HEX.green,
      },
      {
        name: t('supervision.counts.yellow'),
        type: 'bar',
        barMaxWidth: 28,
        data: units.map((u) => u.yellow),
        color: CARD_HEX.yellow,
      },
      {
        name: t('supervision.counts.red'),
        type: 'bar',
        barMaxWidth: 28,
        data: units.map((u) => u.red),
        color: CARD_HEX.red,
      },
      {
        name: t('supervision.counts.open'),
        type: 'bar',
        barMaxWidth: 28,
        data: units.map((u) => u.open),
        color: '#8c8c8c',
      },
    ],
  };
  return (
    <Card>
      <Space style={{ marginBottom: 12 }} wrap>
        <Typography.Text>{t('supervision.counts.range')}</Typography.Text>
        <DatePicker.RangePicker
          value={range}
          allowClear={false}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
        />
        {data && (
          <Typography.Text type="secondary">
            {t('supervision.counts.note', { hours: data.redAfterHours })}
          </Typography.Text>
        )}
      </Space>
      {error && <LoadError error={error} onRetry={() => void refetch()} />}
      {units.length > 0 && <EChart option={option} height={300} ariaLabel={t('supervision.tabs.counts')} />}
      <Table
        rowKey={(u) => `${u.unitKind}-${u.department ?? ''}-${u.unitDivisionId ?? ''}`}
        loading={isLoading}
        dataSource={units}
        pagination={false}
        size="middle"
        data-testid="unit-counts"
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('supervision.counts.empty')} />,
        }}
        columns={[
          { title: t('supervision.counts.unit'), key: 'unit', render: (_, u) => name(u) },
          { title: t('supervision.counts.orders'), dataIndex: 'orders', align: 'right' },
          { title: t('supervision.counts.onTime'), dataIndex: 'onTime', align: 'right' },
          { title: t('supervision.counts.yellow'), dataIndex: 'yellow', align: 'right' },
          { title: t('supervision.counts.red'), dataIndex: 'red', align: 'right' },
          { title: t('supervision.counts.open'), dataIndex: 'open', align: 'right' },
        ]}
      />
    </Card>
  );
}
