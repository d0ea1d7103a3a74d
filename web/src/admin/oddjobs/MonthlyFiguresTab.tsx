import { useQuery } from '@tanstack/react-query';
import { DatePicker, Empty, Space, Spin, Table, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { zonedDate } from '../../shared/time.ts';
import { CommunitySelect } from '../components/CommunitySelect.tsx';
import { EChart, type ChartOption } from '../components/EChart.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { helpQueries, type MonthFigures } from './help-api.ts';

type Totals = Omit<MonthFigures, 'community'>;

const dash = (v: number | null) => (v === null ? '—' : v);

/**
 * 月度统计: the odd-job market per local month over my area — postings, positions, new seekers,
 * hires, the median time to fill a posting, unpaid-wage cases per 100 hires — as a chart of the
 * area's totals and a table per community.
 */
export function MonthlyFiguresTab() {
  const { t } = useTranslation();
  const thisMonth = zonedDate().slice(0, 7);
  const [range, setRange] = useState<[string, string]>([
    dayjs(`${thisMonth}-01`).subtract(5, 'month').format('YYYY-MM'),
    thisMonth,
  ]);
  const [communityId, setCommunityId] = useState<number | undefined>();
  const figures = useQuery(helpQueries.figures({ from: range[0], to: range[1], communityId }));

  const option = useMemo<ChartOption | null>(() => {
    const totals = figures.data?.totals;
    if (!totals?.length) return null;
    return {
      tooltip: { trigger: 'axis' },
      legend: {},
      grid: { left: 48, right: 48, bottom: 32, top: 40 },
      xAxis: { type: 'category', data: totals.map((m) => m.month) },
      yAxis: [
        { type: 'value', minInterval: 1 },
        { type: 'value', name: t('oddjobs.figures.disputesPer100'), splitLine: { show: false } },
      ],
      series: [
        { name: t('oddjobs.figures.postings'), type: 'bar', data: totals.map((m) => m.postings) },
        { name: t('oddjobs.figures.positions'), type: 'bar', data: totals.map((m) => m.positions) },
        { name: t('oddjobs.figures.seekers'), type: 'bar', data: totals.map((m) => m.seekers) },
        { name: t('oddjobs.figures.hires'), type: 'bar', data: totals.map((m) => m.hires) },
        {
          name: t('oddjobs.figures.disputesPer100'),
          type: 'line',
          yAxisIndex: 1,
          data: totals.map((m) => m.disputesPer100),
        },
      ],
    };
  }, [figures.data, t]);

  const columns = [
    { title: t('oddjobs.figures.month'), dataIndex: 'month', width: 90 },
    { title: t('oddjobs.figures.postings'), dataIndex: 'postings' },
    { title: t('oddjobs.figures.positions'), dataIndex: 'positions' },
    { title: t('oddjobs.figures.seekers'), dataIndex: 'seekers' },
    { title: t('oddjobs.figures.hires'), dataIndex: 'hires' },
    {
      title: <Tooltip title={t('oddjobs.figures.medianFillHelp')}>{t('oddjobs.figures.medianFill')}</Tooltip>,
      render: (_: unknown, m: Totals) => dash(m.medianFillHours),
    },
    { title: t('oddjobs.figures.disputes'), dataIndex: 'disputes' },
    {
      title: t('oddjobs.figures.disputesPer100'),
      render: (_: unknown, m: Totals) => dash(m.disputesPer100),
    },
  ];
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('oddjobs.figures.empty')} />;
  const quiet = (figures.data?.totals ?? []).every((m) => m.postings + m.seekers + m.hires === 0);

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker.RangePicker
          picker="month"
          allowClear={false}
          value={[dayjs(`${range[0]}-01`), dayjs(`${range[1]}-01`)]}
          onChange={(v) => {
            const [from, to] = (v ?? []) as [Dayjs | null, Dayjs | null];
            if (from && to) setRange([from.format('YYYY-MM'), to.format('YYYY-MM')]);
          }}
          aria-label={t('oddjobs.figures.range')}
          data-testid="figures-range"
        />
        <CommunitySelect value={communityId} onChange={setCommunityId} allowClear />
      </Space>
      {figures.isError ? (
        <LoadError error={figures.error} onRetry={() => void figures.refetch()} />
      ) : figures.isLoading ? (
        <div style={{ textAlign: 'center', padding: 48 }}>
          <Spin />
        </div>
      ) : (
        <>
          {option && !quiet ? (
            <EChart option={option} height={300} ariaLabel={t('oddjobs.figures.chartTitle')} />
          ) : (
            empty
          )}
          <Typography.Title level={5}>{t('oddjobs.figures.totals')}</Typography.Title>
          <Table<Totals>
            rowKey="month"
            size="small"
            pagination={false}
            dataSource={figures.data?.totals ?? []}
            columns={columns}
            locale={{ emptyText: empty }}
          />
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('oddjobs.figures.byCommunity')}
          </Typography.Title>
          <Table<MonthFigures>
            rowKey={(m) => `${m.month}-${m.community.id}`}
            size="small"
            pagination={false}
            dataSource={figures.data?.rows ?? []}
            columns={[
              columns[0]!,
              { title: t('oddjobs.figures.community'), render: (_, m) => m.community.name },
              ...columns.slice(1),
            ]}
            locale={{ emptyText: empty }}
          />
        </>
      )}
    </>
  );
}
