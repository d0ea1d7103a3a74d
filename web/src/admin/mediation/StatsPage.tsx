import { Card, Col, DatePicker, Row, Space, Statistic, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mediationQueries } from '../../shared/query/mediation.ts';
import { formatFen } from '../../shared/points.ts';
import { zonedWallClockToIso } from '../../shared/time.ts';
import { EChart, type ChartOption } from '../components/EChart.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { CommunitySelect } from '../components/CommunitySelect.tsx';

const rate = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

/** 调解统计: by category, success rate, days to agreement, months against the year before, per studio and mediator. */
export default function StatsPage() {
  const { t } = useTranslation();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('year'), dayjs()]);
  const [communityId, setCommunityId] = useState<number>();
  const stats = useQuery({
    ...mediationQueries.stats({
      from: zonedWallClockToIso(range[0].startOf('day')),
      to: zonedWallClockToIso(range[1].endOf('day')),
      communityId,
    }),
    placeholderData: keepPreviousData,
  });
  const s = stats.data;
  const byCategory = useMemo<ChartOption | null>(
    () =>
      !s
        ? null
        : {
            tooltip: { trigger: 'axis' },
            legend: { top: 0 },
            grid: { left: 40, right: 16, top: 36, bottom: 60 },
            xAxis: { type: 'category', data: s.byCategory.map((c) => c.name), axisLabel: { rotate: 30 } },
            yAxis: { type: 'value', minInterval: 1 },
            series: [
              {
                name: t('mediation.stats.accepted'),
                type: 'bar',
                data: s.byCategory.map((c) => c.accepted),
                itemStyle: { color: '#1f5fbf' },
              },
              {
                name: t('mediation.stats.agreed'),
                type: 'bar',
                data: s.byCategory.map((c) => c.agreed),
                itemStyle: { color: '#389e0d' },
              },
              {
                name: t('mediation.stats.failed'),
                type: 'bar',
                data: s.byCategory.map((c) => c.failed),
                itemStyle: { color: '#cf1322' },
              },
            ],
          },
    [s, t],
  );
  const byMonth = useMemo<ChartOption | null>(
    () =>
      !s
        ? null
        : {
            tooltip: { trigger: 'axis' },
            legend: { top: 0 },
            grid: { left: 40, right: 16, top: 36, bottom: 28 },
            xAxis: { type: 'category', data: s.byMonth.map((m) => m.month) },
            yAxis: { type: 'value', minInterval: 1 },
            series: [
              {
                name: t('mediation.stats.thisYear'),
                type: 'bar',
                data: s.byMonth.map((m) => m.accepted),
                itemStyle: { color: '#1f5fbf' },
              },
              {
                name: t('mediation.stats.lastYear'),
                type: 'bar',
                data: s.byMonth.map((m) => m.lastYear),
                itemStyle: { color: '#bfbfbf' },
              },
            ],
          },
    [s, t],
  );
  const tallyColumns = [
    { title: t('mediation.stats.accepted'), dataIndex: 'accepted', width: 90 },
    { title: t('mediation.stats.agreed'), dataIndex: 'agreed', width: 90 },
    { title: t('mediation.stats.failed'), dataIndex: 'failed', width: 90 },
    { title: t('mediation.stats.successRate'), dataIndex: 'successRate', width: 110, render: rate },
  ];
  return (
    <div className="gz-page">
      <PageHeader
        title={t('mediation.stats.title')}
        description={t('mediation.stats.subtitle')}
        extra={
          <Space>
            <CommunitySelect value={communityId} onChange={setCommunityId} allowClear />
            <DatePicker.RangePicker
              value={range}
              onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
              allowClear={false}
              aria-label={t('mediation.stats.period')}
            />
          </Space>
        }
      />
      {stats.error && <LoadError error={stats.error} onRetry={() => void stats.refetch()} />}
      <div className="gz-kpis">
        <Card loading={!s}>
          <Statistic title={t('mediation.stats.accepted')} value={s?.accepted} />
        </Card>
        <Card loading={!s}>
          <Statistic title={t('mediation.stats.agreed')} value={s?.agreed} />
        </Card>
        <Card loading={!s}>
          <Statistic title={t('mediation.stats.successRate')} value={rate(s?.successRate ?? null)} />
        </Card>
        <Card loading={!s}>
          <Statistic
            title={t('mediation.stats.daysMedian')}
            value={s?.daysToAgreement.median ?? '—'}
            suffix={s?.daysToAgreement.median !== null ? t('mediation.stats.days', { days: '' }).trim() : undefined}
          />
        </Card>
        <Card loading={!s}>
          <Statistic
            title={t('mediation.stats.overdueOpen')}
            value={s?.overdueOpen}
            valueStyle={s?.overdueOpen ? { color: '#cf1322' } : undefined}
          />
        </Card>
        <Card loading={!s}>
          <Statistic title={t('mediation.stats.amount')} value={s ? formatFen(s.amountFen) : ''} />
        </Card>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={t('mediation.stats.byCategory')}>
            {byCategory && <EChart option={byCategory} height={300} ariaLabel={t('mediation.stats.byCategory')} />}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('mediation.stats.byMonth')}>
            {byMonth && <EChart option={byMonth} height={300} ariaLabel={t('mediation.stats.byMonth')} />}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('mediation.stats.byStudio')}>
            <Table
              size="small"
              pagination={false}
              rowKey={(r) => r.studio?.id ?? 0}
              dataSource={s?.byStudio ?? []}
              columns={[
                {
                  title: t('mediation.fields.studio'),
                  key: 'n',
                  render: (_v, r) => r.studio?.name ?? t('mediation.stats.none'),
                },
                ...tallyColumns,
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('mediation.stats.byMediator')}>
            <Table
              size="small"
              pagination={false}
              rowKey={(r) => r.mediator?.id ?? 0}
              dataSource={s?.byMediator ?? []}
              columns={[
                {
                  title: t('mediation.fields.mediator'),
                  key: 'n',
                  render: (_v, r) => r.mediator?.name ?? t('mediation.stats.none'),
                },
                ...tallyColumns,
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
