import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Empty, Input, Space, Spin, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { csvBlob } from '../../shared/csv.ts';
import { fieldQueries, type WorkLog } from '../../shared/query/field.ts';
import { fieldAdminQueries, type StaffLog, type StaffLogItem } from '../../shared/query/field-admin.ts';
import { api } from '../../shared/api.ts';
import { zonedDate } from '../../shared/time.ts';
import { numberParam, useUrlFilters } from '../../shared/useUrlFilters.ts';
import { CommunitySelect } from '../components/CommunitySelect.tsx';
import { CursorTable } from '../components/CursorTable.tsx';
import { EChart, type ChartOption } from '../components/EChart.tsx';
import { ExportButton } from '../components/ExportButton.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useOrgTree } from '../org/OrgTreeContext.tsx';

const FILTERS = ['month', 'communityId', 'q'] as const;
type Numbers = WorkLog['totals'];

export function formatDuration(t: TFunction, seconds: number) {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return h > 0 ? t('fieldAdmin.log.hours', { h, m }) : t('fieldAdmin.log.minutes', { m });
}
const km = (meters: number) => (meters / 1000).toFixed(2);

/** The figures of a log, as table columns (a worker's month, or one of their days). */
function numberColumns<T extends { totals?: Numbers } | Numbers>(t: TFunction, pick: (row: T) => Numbers) {
  const col = (key: keyof Numbers, title: string, render?: (n: number) => string) => ({
    title,
    key,
    width: 96,
    align: 'right' as const,
    render: (_: unknown, row: T) => (render ? render(pick(row)[key]) : pick(row)[key]),
  });
  return [
    col('patrols', t('fieldAdmin.log.patrols')),
    col('patrolSeconds', t('fieldAdmin.log.patrolTime'), (s) => formatDuration(t, s)),
    col('patrolMeters', t('fieldAdmin.log.distance'), (m) => t('fieldAdmin.log.km', { km: km(m) })),
    col('buildingsCheckedIn', t('fieldAdmin.log.buildings')),
    col('visits', t('fieldAdmin.log.visits')),
    col('mattersReported', t('fieldAdmin.log.reported')),
    col('mattersTaken', t('fieldAdmin.log.taken')),
    col('mattersClosed', t('fieldAdmin.log.closed')),
  ];
}

/**
 * 工作日志: the area's workers of a month, each with what their patrols, visits and matters
 * add up to, made from what was recorded; a worker's days in a chart and a table; CSV out.
 */
export default function WorkLogPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { index } = useOrgTree();
  const [filters, setFilters] = useUrlFilters(FILTERS);
  const month = filters.month && /^\d{4}-\d{2}$/.test(filters.month) ? filters.month : zonedDate().slice(0, 7);
  const communityId = numberParam(filters.communityId);
  const q = filters.q;
  const [selected, setSelected] = useState<StaffLogItem | null>(null);
  const [firstRow, setFirstRow] = useState<StaffLogItem | null>(null);
  const [exporting, setExporting] = useState(false);
  const shown = selected ?? firstRow;

  const gridName = (id: number | null) => (id !== null ? (index?.gridById.get(id)?.name ?? '') : '');
  const communityName = (id: number | null) => (id !== null ? (index?.divisionById.get(id)?.name ?? '') : '');

  const exportCsv = async () => {
    setExporting(true);
    try {
      const rows: StaffLogItem[] = [];
      let cursor: string | undefined;
      do {
        const page: StaffLog = await api.get<StaffLog>('/api/field/work-log/staff', {
          month,
          communityId,
          q,
          limit: 200,
          cursor,
        });
        rows.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const header = [
        t('fieldAdmin.log.month'),
        t('fieldAdmin.log.worker'),
        t('fieldAdmin.visits.community'),
        t('fieldAdmin.log.grid'),
        t('fieldAdmin.log.patrols'),
        `${t('fieldAdmin.log.patrolTime')} (min)`,
        `${t('fieldAdmin.log.distance')} (km)`,
        t('fieldAdmin.log.buildings'),
        t('fieldAdmin.log.visits'),
        t('fieldAdmin.log.reported'),
        t('fieldAdmin.log.taken'),
        t('fieldAdmin.log.closed'),
      ];
      const blob = csvBlob([
        header,
        ...rows.map((r) => [
          month,
          r.userName,
          communityName(r.communityId),
          gridName(r.gridId),
          r.totals.patrols,
          Math.round(r.totals.patrolSeconds / 60),
          km(r.totals.patrolMeters),
          r.totals.buildingsCheckedIn,
          r.totals.visits,
          r.totals.mattersReported,
          r.totals.mattersTaken,
          r.totals.mattersClosed,
        ]),
      ]);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `${t('fieldAdmin.log.title')}-${month}.csv`;
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setExporting(false);
    }
  };

  return (
    <div className="gz-page">
      <PageHeader
        title={t('fieldAdmin.log.title')}
        description={t('fieldAdmin.log.subtitle')}
        extra={
          <Space>
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportCsv()}>
              {t('fieldAdmin.log.exportCsv')}
            </Button>
            <ExportButton kind="work-logs" filters={{ month, communityId, q }} />
          </Space>
        }
      />
      <Card>
        <div className="gz-filters">
          <DatePicker
            picker="month"
            value={dayjs(`${month}-01`)}
            allowClear={false}
            onChange={(d) => {
              setSelected(null);
              if (d) setFilters({ month: d.format('YYYY-MM') });
            }}
            aria-label={t('fieldAdmin.log.month')}
            data-testid="work-log-month"
          />
          <CommunitySelect
            value={communityId}
            allowClear
            onChange={(v) => {
              setSelected(null);
              setFilters({ communityId: v });
            }}
          />
          <Input.Search
            allowClear
            defaultValue={q}
            placeholder={t('fieldAdmin.log.searchWorker')}
            aria-label={t('fieldAdmin.log.searchWorker')}
            onSearch={(v) => {
              setSelected(null);
              setFilters({ q: v.trim() });
            }}
            style={{ width: 200 }}
          />
        </div>
        <CursorTable
          rowKey="userId"
          pageQuery={(page) => fieldAdminQueries.staffLog({ month, communityId, q, ...page })}
          onPage={(page) => setFirstRow(page.items[0] ?? null)}
          scroll={{ x: 1100 }}
          size="middle"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('fieldAdmin.log.empty')} /> }}
          rowClassName={(r) => (r.userId === shown?.userId ? 'gz-row-selected' : '')}
          onRow={(r) => ({ onClick: () => setSelected(r), style: { cursor: 'pointer' } })}
          columns={[
            {
              title: t('fieldAdmin.log.worker'),
              dataIndex: 'userName',
              width: 140,
              fixed: 'left',
              render: (name: string) => <Typography.Link>{name}</Typography.Link>,
            },
            {
              title: t('fieldAdmin.log.grid'),
              key: 'grid',
              width: 160,
              render: (_: unknown, r: StaffLogItem) => gridName(r.gridId) || communityName(r.communityId),
            },
            ...numberColumns<StaffLogItem>(t, (r) => r.totals),
          ]}
        />
      </Card>
      {shown && <WorkerMonth userId={shown.userId} name={shown.userName} month={month} />}
    </div>
  );
}

/** One worker's days of the month: a chart and the days with anything recorded. */
function WorkerMonth({ userId, name, month }: { userId: number; name: string; month: string }) {
  const { t } = useTranslation();
  const log = useQuery(fieldQueries.workLog({ userId, month }));
  const option = useMemo<ChartOption | null>(() => {
    if (!log.data) return null;
    const days = log.data.days;
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 56, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: days.map((d) => d.date.slice(8)) },
      yAxis: [
        { type: 'value', minInterval: 1 },
        { type: 'value', name: 'km', position: 'right' },
      ],
      series: [
        { name: t('fieldAdmin.log.visits'), type: 'bar', stack: 'n', data: days.map((d) => d.visits) },
        { name: t('fieldAdmin.log.taken'), type: 'bar', stack: 'n', data: days.map((d) => d.mattersTaken) },
        { name: t('fieldAdmin.log.closed'), type: 'bar', stack: 'n', data: days.map((d) => d.mattersClosed) },
        {
          name: t('fieldAdmin.log.distance'),
          type: 'line',
          yAxisIndex: 1,
          data: days.map((d) => Number(km(d.patrolMeters))),
        },
      ],
    };
  }, [log.data, t]);
  const busyDays = (log.data?.days ?? []).filter(
    (d) => d.patrols + d.visits + d.mattersReported + d.mattersTaken + d.mattersClosed > 0,
  );
  return (
    <Card
      title={t('fieldAdmin.log.chartTitle', { name, month })}
      style={{ marginTop: 16 }}
      data-testid="work-log-worker"
      extra={<Typography.Text type="secondary">{t('fieldAdmin.log.chartHint')}</Typography.Text>}
    >
      {log.error && <LoadError error={log.error} onRetry={() => void log.refetch()} />}
      {log.isLoading && <Spin />}
      {option && <EChart option={option} height={260} ariaLabel={t('fieldAdmin.log.chartTitle', { name, month })} />}
      {log.data && (
        <Table
          rowKey="date"
          size="small"
          pagination={false}
          scroll={{ x: 1000 }}
          dataSource={busyDays}
          locale={{ emptyText: t('fieldAdmin.log.empty') }}
          columns={[
            { title: t('fieldAdmin.log.day'), dataIndex: 'date', width: 120 },
            ...numberColumns<WorkLog['days'][number]>(t, (d) => d),
          ]}
        />
      )}
    </Card>
  );
}
