import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { Card, Col, Empty, Row, Statistic } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type Query } from '../../shared/api.ts';
import { yuan } from '../../shared/iot.ts';
import { careQueries } from '../../shared/query/care.ts';
import { chargingQueries } from '../../shared/query/charging.ts';
import { mediationQueries } from '../../shared/query/mediation.ts';
import { pointsQueries } from '../../shared/query/points.ts';
import { volunteerQueries } from '../../shared/query/volunteer.ts';
import { zonedWallClockToIso } from '../../shared/time.ts';
import { EChart, type ChartOption } from '../components/EChart.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { percent } from './figures.ts';

export type ModuleKey = 'mediation' | 'points' | 'volunteer' | 'charging' | 'care';

export interface ModuleTab {
  key: ModuleKey;
  /** The tab's tiles and chart, or its error. */
  content: ReactNode;
}

/** A module's figures are shown unless the caller may not read them (403): then the tab is left out. */
function refused(query: UseQueryResult<unknown>): boolean {
  return query.error instanceof ApiError && (query.error.status === 403 || query.error.status === 401);
}

/**
 * The other modules' existing stats for the page's period and area (a district, street or
 * community: their APIs' areaId), each a tab, only those the caller may read.
 */
export function useModuleTabs(view: { from: string; to: string; areaId?: number }): { tabs: ModuleTab[] } {
  const { areaId } = view;
  const from = zonedWallClockToIso(dayjs(view.from).startOf('day'));
  const to = zonedWallClockToIso(dayjs(view.to).add(1, 'day').startOf('day'));
  const mediation = useQuery(mediationQueries.stats({ from, to, areaId }));
  const points = useQuery(pointsQueries.stats({ from, to, areaId }));
  const volunteer = useQuery(volunteerQueries.stats({ from, to, areaId }));
  const charging = useQuery(chargingQueries.stats({ from: view.from.slice(0, 7), to: view.to.slice(0, 7), areaId }));
  const board = useQuery(careQueries.board({ limit: 200, areaId }));
  const overdue = useQuery(careQueries.overdue({ limit: 200, areaId }));

  const tabs: ModuleTab[] = [];
  const add = (key: ModuleKey, queries: UseQueryResult<unknown>[], content: () => ReactNode) => {
    if (queries.some(refused)) return;
    const failed = queries.find((q) => q.error);
    if (failed) tabs.push({ key, content: <LoadError error={failed.error} onRetry={() => void failed.refetch()} /> });
    else if (queries.every((q) => q.data !== undefined)) tabs.push({ key, content: content() });
  };
  add('mediation', [mediation], () => <MediationStats stats={mediation.data!} />);
  add('points', [points], () => <PointsStats stats={points.data!} />);
  add('volunteer', [volunteer], () => <VolunteerStats stats={volunteer.data!} />);
  add('charging', [charging], () => <ChargingStats stats={charging.data!} />);
  add('care', [board, overdue], () => <CareStats board={board.data!} overdue={overdue.data!} />);
  return { tabs };
}

export function ModuleTabs({ tab }: { tab: ModuleTab }) {
  return <div data-testid={`module-${tab.key}`}>{tab.content}</div>;
}

function Tiles({ tiles }: { tiles: { label: string; value: ReactNode }[] }) {
  return (
    <Row gutter={[12, 12]}>
      {tiles.map((tile) => (
        <Col xs={12} md={8} xl={4} key={tile.label}>
          <Card size="small" className="gz-statistics-tile">
            <Statistic title={tile.label} value={tile.value as string} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

function ChartCard({ title, option, empty }: { title: string; option: ChartOption; empty: boolean }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={title} style={{ marginTop: 16 }}>
      {empty ? (
        <Empty className="gz-statistics-chart-empty" description={t('statistics.noData')} />
      ) : (
        <EChart option={option} height={280} ariaLabel={title} />
      )}
    </Card>
  );
}

const bars = (labels: string[], series: { name: string; data: number[]; color: string }[]): ChartOption => ({
  tooltip: { trigger: 'axis' },
  legend: { top: 0 },
  grid: { left: 48, right: 16, top: 36, bottom: 48 },
  xAxis: {
    type: 'category',
    data: labels,
    axisLabel: {
      rotate: labels.length > 6 ? 30 : 0,
      interval: 0,
      width: labels.length > 6 ? 90 : 160,
      overflow: 'truncate',
    },
  },
  yAxis: { type: 'value' },
  series: series.map((s) => ({
    name: s.name,
    type: 'bar',
    data: s.data,
    itemStyle: { color: s.color },
    barMaxWidth: 48,
  })),
});

/** What a module's stats query answers. */
type Data<Q extends (query: Query) => { queryFn?: unknown }> = NonNullable<
  ReturnType<typeof useQuery<unknown, Error, Awaited<ReturnType<Extract<ReturnType<Q>['queryFn'], AnyFn>>>>>['data']
>;
type AnyFn = (...args: never[]) => unknown;

function MediationStats({ stats }: { stats: Data<typeof mediationQueries.stats> }) {
  const { t } = useTranslation();
  const k = (
    key: 'accepted' | 'agreed' | 'failed' | 'successRate' | 'overdueOpen' | 'byMonth' | 'thisYear' | 'lastYear',
  ) => t(`statistics.modules.mediation.${key}`);
  return (
    <>
      <Tiles
        tiles={[
          { label: k('accepted'), value: stats.accepted },
          { label: k('agreed'), value: stats.agreed },
          { label: k('failed'), value: stats.failed },
          { label: k('successRate'), value: percent(stats.successRate) },
          { label: k('overdueOpen'), value: stats.overdueOpen },
        ]}
      />
      <ChartCard
        title={k('byMonth')}
        empty={stats.byMonth.every((m) => m.accepted === 0 && m.lastYear === 0)}
        option={bars(
          stats.byMonth.map((m) => m.month),
          [
            { name: k('thisYear'), data: stats.byMonth.map((m) => m.accepted), color: '#1f5fbf' },
            { name: k('lastYear'), data: stats.byMonth.map((m) => m.lastYear), color: '#bfbfbf' },
          ],
        )}
      />
    </>
  );
}

function PointsStats({ stats }: { stats: Data<typeof pointsQueries.stats> }) {
  const { t } = useTranslation();
  const figures = ['issued', 'redeemed', 'held', 'expired'] as const;
  return (
    <>
      <Tiles
        tiles={[
          ...figures.map((f) => ({ label: t(`statistics.modules.points.${f}`), value: stats[f] })),
          { label: t('statistics.modules.points.balance'), value: stats.balance },
        ]}
      />
      <ChartCard
        title={t('statistics.modules.points.chart')}
        empty={figures.every((f) => stats[f] === 0)}
        option={bars(
          figures.map((f) => t(`statistics.modules.points.${f}`)),
          [
            {
              name: t('statistics.tabs.points'),
              data: figures.map((f) => stats[f]),
              color: '#d48806',
            },
          ],
        )}
      />
    </>
  );
}

function VolunteerStats({ stats }: { stats: Data<typeof volunteerQueries.stats> }) {
  const { t } = useTranslation();
  const k = (key: 'volunteers' | 'hours' | 'activities' | 'goodDeeds' | 'wishesFulfilled' | 'byTeam') =>
    t(`statistics.modules.volunteer.${key}`);
  const teams = stats.teams.slice(0, 12);
  return (
    <>
      <Tiles
        tiles={[
          { label: k('volunteers'), value: stats.volunteers },
          { label: k('hours'), value: (stats.minutes / 60).toFixed(1) },
          { label: k('activities'), value: stats.activities },
          { label: k('goodDeeds'), value: stats.goodDeeds },
          { label: k('wishesFulfilled'), value: stats.wishesFulfilled },
        ]}
      />
      <ChartCard
        title={k('byTeam')}
        empty={teams.length === 0}
        option={bars(
          teams.map((team) => team.name),
          [{ name: k('hours'), data: teams.map((team) => Math.round(team.minutes / 6) / 10), color: '#389e0d' }],
        )}
      />
    </>
  );
}

function ChargingStats({ stats }: { stats: Data<typeof chargingQueries.stats> }) {
  const { t } = useTranslation();
  const k = (key: 'sessions' | 'energy' | 'total' | 'fullCharges' | 'byMonth') =>
    t(`statistics.modules.charging.${key}`);
  const sum = (pick: (r: (typeof stats.rows)[number]) => number, rows = stats.rows) =>
    rows.reduce((n, r) => n + pick(r), 0);
  const perMonth = stats.months.map((month) => stats.rows.filter((r) => r.month === month));
  return (
    <>
      <Tiles
        tiles={[
          { label: k('sessions'), value: sum((r) => r.sessions) },
          { label: k('energy'), value: sum((r) => Number(r.energyKwh)).toFixed(1) },
          { label: k('total'), value: yuan(sum((r) => r.totalFen)) },
          { label: k('fullCharges'), value: sum((r) => r.fullCharges) },
        ]}
      />
      <ChartCard
        title={k('byMonth')}
        empty={stats.rows.length === 0}
        option={bars(stats.months, [
          { name: k('sessions'), data: perMonth.map((rows) => sum((r) => r.sessions, rows)), color: '#1f5fbf' },
          {
            name: k('energy'),
            data: perMonth.map((rows) => Math.round(sum((r) => Number(r.energyKwh), rows) * 10) / 10),
            color: '#13c2c2',
          },
        ])}
      />
    </>
  );
}

function CareStats({
  board,
  overdue,
}: {
  board: Data<typeof careQueries.board>;
  overdue: Data<typeof careQueries.overdue>;
}) {
  const { t } = useTranslation();
  const k = (key: 'targets' | 'pending' | 'done' | 'missed' | 'overdueVisits' | 'today') =>
    t(`statistics.modules.care.${key}`);
  const more = (n: number, next: string | null) => (next ? `${n}+` : n);
  const { pending, done, missed } = board.counts;
  return (
    <>
      <Tiles
        tiles={[
          { label: k('targets'), value: more(board.items.length, board.nextCursor) },
          { label: k('done'), value: done },
          { label: k('pending'), value: pending },
          { label: k('missed'), value: missed },
          { label: k('overdueVisits'), value: more(overdue.items.length, overdue.nextCursor) },
        ]}
      />
      <ChartCard
        title={`${k('today')} · ${board.day}`}
        empty={pending + done + missed === 0}
        option={{
          tooltip: { trigger: 'item' },
          legend: { top: 0 },
          series: [
            {
              type: 'pie',
              radius: ['40%', '68%'],
              top: 24,
              data: [
                { name: k('done'), value: done, itemStyle: { color: '#389e0d' } },
                { name: k('pending'), value: pending, itemStyle: { color: '#d48806' } },
                { name: k('missed'), value: missed, itemStyle: { color: '#cf1322' } },
              ],
            },
          ],
        }}
      />
    </>
  );
}
