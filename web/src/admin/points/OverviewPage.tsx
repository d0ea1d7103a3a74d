import { Card, Col, Empty, Row, Space, Statistic, Tooltip, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFen, formatMinutes } from '../../shared/points.ts';
import { pointsQueries } from '../../shared/query/points.ts';
import { volunteerQueries } from '../../shared/query/volunteer.ts';
import { EChart, type ChartOption } from '../components/EChart.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { CommunitySelect } from '../components/CommunitySelect.tsx';
import { monthsOf, periodRange, PeriodPicker, useThisPeriod } from '../components/PeriodPicker.tsx';

/** 积分概览: points issued, redeemed, expired and held, and volunteering, per community and period. */
export default function OverviewPage() {
  const { t } = useTranslation();
  const [period, setPeriod] = useThisPeriod('year');
  const [communityId, setCommunityId] = useState<number>();
  const { from, to } = periodRange(period);
  const points = useQuery({ ...pointsQueries.stats({ from, to, communityId }), placeholderData: keepPreviousData });
  const volunteer = useQuery({
    ...volunteerQueries.stats({ from, to, communityId }),
    placeholderData: keepPreviousData,
  });
  // The stats answer for one span; the chart by month asks once per month of the period.
  const months = useQuery({
    ...pointsQueries.statsByMonth(monthsOf(period), communityId),
    placeholderData: keepPreviousData,
  });
  const p = points.data;
  const v = volunteer.data;
  const redeemedVouchers = p?.vouchers.redeemed ?? { count: 0, cashFen: 0 };

  const byMonth = useMemo<ChartOption | null>(
    () =>
      !months.data
        ? null
        : {
            tooltip: { trigger: 'axis' },
            legend: { top: 0 },
            grid: { left: 48, right: 16, top: 36, bottom: 28 },
            xAxis: { type: 'category', data: months.data.map((m) => m.label) },
            yAxis: { type: 'value', minInterval: 1 },
            series: [
              {
                name: t('pointsAdmin.overview.issued'),
                type: 'bar',
                data: months.data.map((m) => m.stats.issued),
                itemStyle: { color: '#389e0d' },
              },
              {
                name: t('pointsAdmin.overview.redeemed'),
                type: 'bar',
                data: months.data.map((m) => m.stats.redeemed),
                itemStyle: { color: '#1f5fbf' },
              },
              {
                name: t('pointsAdmin.overview.expired'),
                type: 'bar',
                data: months.data.map((m) => m.stats.expired),
                itemStyle: { color: '#bfbfbf' },
              },
            ],
          },
    [months.data, t],
  );
  const byTeam = useMemo<ChartOption | null>(
    () =>
      !v || v.teams.length === 0
        ? null
        : {
            tooltip: { trigger: 'axis' },
            grid: { left: 110, right: 24, top: 12, bottom: 28 },
            xAxis: { type: 'value', name: t('pointsAdmin.overview.hoursUnit') },
            yAxis: { type: 'category', data: v.teams.map((x) => x.name).reverse() },
            series: [
              {
                name: t('pointsAdmin.overview.hours'),
                type: 'bar',
                data: v.teams.map((x) => Math.round((x.minutes / 60) * 10) / 10).reverse(),
                itemStyle: { color: '#d46b08' },
                barMaxWidth: 28,
              },
            ],
          },
    [v, t],
  );

  return (
    <div className="gz-page" data-testid="points-overview">
      <PageHeader
        title={t('pointsAdmin.overview.title')}
        description={t('pointsAdmin.overview.subtitle')}
        extra={
          <Space wrap>
            <CommunitySelect value={communityId} onChange={setCommunityId} allowClear />
            <PeriodPicker value={period} onChange={setPeriod} />
          </Space>
        }
      />
      {points.error && <LoadError error={points.error} onRetry={() => void points.refetch()} />}
      {volunteer.error && <LoadError error={volunteer.error} onRetry={() => void volunteer.refetch()} />}
      <div className="gz-kpis">
        <Card loading={!p}>
          <Statistic title={t('pointsAdmin.overview.issued')} value={p?.issued} valueStyle={{ color: '#389e0d' }} />
        </Card>
        <Card loading={!p}>
          <Statistic title={t('pointsAdmin.overview.redeemed')} value={p?.redeemed} valueStyle={{ color: '#1f5fbf' }} />
        </Card>
        <Card loading={!p}>
          <Statistic title={t('pointsAdmin.overview.held')} value={p?.held} />
        </Card>
        <Card loading={!p}>
          <Statistic title={t('pointsAdmin.overview.expired')} value={p?.expired} />
        </Card>
        <Card loading={!p}>
          <Tooltip title={t('pointsAdmin.overview.balanceHint')}>
            <Statistic title={t('pointsAdmin.overview.balance')} value={p?.balance} />
          </Tooltip>
        </Card>
        <Card loading={!p}>
          <Statistic title={t('pointsAdmin.overview.redemptions')} value={redeemedVouchers.count} />
          <Typography.Text type="secondary">
            {t('pointsAdmin.overview.redemptionsValue', { value: formatFen(redeemedVouchers.cashFen) })}
          </Typography.Text>
        </Card>
        <Card loading={!v}>
          <Statistic title={t('pointsAdmin.overview.volunteers')} value={v?.volunteers} />
        </Card>
        <Card loading={!v}>
          <Statistic title={t('pointsAdmin.overview.hours')} value={v ? formatMinutes(t, v.minutes) : ''} />
        </Card>
        <Card loading={!v}>
          <Statistic title={t('pointsAdmin.overview.activities')} value={v?.activities} />
        </Card>
        <Card loading={!v}>
          <Statistic title={t('pointsAdmin.overview.goodDeeds')} value={v?.goodDeeds} />
        </Card>
        <Card loading={!v}>
          <Statistic title={t('pointsAdmin.overview.wishes')} value={v?.wishesFulfilled} />
        </Card>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('pointsAdmin.overview.byMonth')} loading={months.isFetching && !months.data}>
            {months.error ? (
              <LoadError error={months.error} onRetry={() => void months.refetch()} />
            ) : (
              byMonth && <EChart option={byMonth} height={300} ariaLabel={t('pointsAdmin.overview.byMonth')} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('pointsAdmin.overview.byTeam')} loading={!v && volunteer.isFetching}>
            {byTeam ? (
              <EChart option={byTeam} height={300} ariaLabel={t('pointsAdmin.overview.byTeam')} />
            ) : (
              v && <Empty description={t('pointsAdmin.overview.noTeamHours')} />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
