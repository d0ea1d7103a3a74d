import { ArrowDownOutlined, ArrowUpOutlined, MinusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Card,
  Cascader,
  Col,
  DatePicker,
  Empty,
  Row,
  Segmented,
  Select,
  Spin,
  Table,
  Tabs,
  Tooltip,
  TreeSelect,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { Query } from '../../shared/api.ts';
import { useCategories } from '../../shared/categories.ts';
import { departmentName } from '../../shared/labels.ts';
import { categoryPath, categoryTree } from '../../shared/matters.ts';
import {
  COUNTED,
  drillPath,
  type Figures,
  type Measure,
  type MatterStatistics,
  type StatisticsCompare,
  type StatisticsGrouping,
  type StatisticsRow,
  statisticsQueries,
} from '../../shared/query/statistics.ts';
import { zonedDate } from '../../shared/time.ts';
import { DEPARTMENTS, type Department } from '../../shared/types.ts';
import { EChart, type ChartOption } from '../components/EChart.tsx';
import { ExportButton } from '../components/ExportButton.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { areaTree } from '../org/orgIndex.ts';
import { useOrgTree } from '../org/OrgTreeContext.tsx';
import { type Change, change, hours, percent, type Preset, PRESETS, presetRange, trendGrouping } from './figures.ts';
import { ModuleTabs, useModuleTabs } from './ModuleStats.tsx';
import './statistics.css';

const GROUPINGS: StatisticsGrouping[] = [
  'none',
  'day',
  'week',
  'month',
  'quarter',
  'year',
  'district',
  'street',
  'community',
  'grid',
  'category',
  'source',
  'department',
];
const COMPARES: StatisticsCompare[] = ['none', 'previous', 'year'];
/** Where a matter came from: the sources the intake knows by name. */
const SOURCES = [
  'resident_h5',
  'courier_h5',
  'staff_console',
  'patrol',
  'phone',
  'walk_in',
  'open311',
  'device',
  'care',
] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The page's choices, all in the address, so coming back from a list opened by a count shows the same view. */
interface View {
  tab: string;
  preset: Preset;
  from: string;
  to: string;
  groupBy: StatisticsGrouping;
  compare: StatisticsCompare;
  trendBy: 'day' | 'week' | 'month';
  areaId?: number;
  categoryId?: number;
  source?: string;
  department?: Department;
}

function positive(value: string | null): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function viewOf(params: URLSearchParams): View {
  const requested = params.get('period') as Preset | null;
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const custom = requested === 'custom' && DATE.test(from) && DATE.test(to) && from <= to;
  const preset: Preset = custom ? 'custom' : PRESETS.includes(requested as Preset) ? requested! : 'month';
  const range = preset === 'custom' ? { from, to } : presetRange(preset, zonedDate());
  const groupBy = params.get('groupBy') as StatisticsGrouping | null;
  const compare = params.get('compare') as StatisticsCompare | null;
  const trendBy = params.get('trendBy');
  const department = params.get('department') ?? '';
  const source = params.get('source') ?? '';
  return {
    tab: params.get('tab') ?? 'matters',
    preset,
    ...range,
    groupBy: groupBy && GROUPINGS.includes(groupBy) ? groupBy : 'category',
    compare: compare && COMPARES.includes(compare) ? compare : 'previous',
    trendBy:
      trendBy === 'day' || trendBy === 'week' || trendBy === 'month' ? trendBy : trendGrouping(range.from, range.to),
    areaId: positive(params.get('areaId')),
    categoryId: positive(params.get('categoryId')),
    source: /^[a-z][a-z0-9_]{0,39}$/.test(source) ? source : undefined,
    department: (DEPARTMENTS as readonly string[]).includes(department) ? (department as Department) : undefined,
  };
}

/** 统计分析: matter statistics of the caller's area, and the other modules' figures beside them. */
export default function StatisticsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const view = viewOf(params);
  const { index } = useOrgTree();
  const categories = useCategories();
  const modules = useModuleTabs(view);

  const set = (changes: Record<string, string | number | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) {
      if (value === undefined || value === '') p.delete(name);
      else p.set(name, String(value));
    }
    setParams(p, { replace: true });
  };

  const filters = {
    categoryId: view.categoryId,
    areaId: view.areaId,
    source: view.source,
    department: view.department,
  };
  const tableQuery = { from: view.from, to: view.to, groupBy: view.groupBy, compare: view.compare, ...filters };
  const stats = useQuery({ ...statisticsQueries.matters(tableQuery), placeholderData: keepPreviousData });
  const trend = useQuery({
    ...statisticsQueries.matters({ from: view.from, to: view.to, groupBy: view.trendBy, ...filters }),
    placeholderData: keepPreviousData,
  });

  const areas = useMemo(() => (index ? areaTree(index) : []), [index]);
  const categoryOptions = useMemo(() => categoryTree(categories.data ?? []), [categories.data]);

  return (
    <div className="gz-page gz-statistics">
      <PageHeader title={t('nav.statistics')} description={t('statistics.subtitle')} />
      <Card className="gz-statistics-filters" size="small">
        <div className="gz-filters" style={{ marginBottom: 0 }}>
          <Segmented<Preset>
            value={view.preset}
            onChange={(preset) =>
              preset === 'custom'
                ? set({ period: 'custom', from: view.from, to: view.to, trendBy: undefined })
                : set({ period: preset, from: undefined, to: undefined, trendBy: undefined })
            }
            options={PRESETS.map((p) => ({ value: p, label: t(`statistics.period.${p}`) }))}
            aria-label={t('statistics.period.label')}
          />
          <DatePicker.RangePicker
            value={[dayjs(view.from), dayjs(view.to)]}
            allowClear={false}
            onChange={(range) =>
              range?.[0] &&
              range[1] &&
              set({
                period: 'custom',
                from: range[0].format('YYYY-MM-DD'),
                to: range[1].format('YYYY-MM-DD'),
                trendBy: undefined,
              })
            }
            style={{ width: 250 }}
            aria-label={t('statistics.period.custom')}
          />
          <Select<StatisticsGrouping>
            value={view.groupBy}
            onChange={(groupBy) => set({ groupBy })}
            options={GROUPINGS.map((g) => ({ value: g, label: t(`statistics.groupBy.${g}`) }))}
            style={{ width: 120 }}
            aria-label={t('statistics.groupBy.label')}
            data-testid="statistics-group-by"
          />
          <Select<StatisticsCompare>
            value={view.compare}
            onChange={(compare) => set({ compare })}
            options={COMPARES.map((c) => ({ value: c, label: t(`statistics.compare.${c}`) }))}
            style={{ width: 150 }}
            aria-label={t('statistics.compare.label')}
          />
          <TreeSelect
            allowClear
            showSearch={{ treeNodeFilterProp: 'title' }}
            placeholder={t('statistics.filters.area')}
            value={view.areaId}
            onChange={(areaId?: number) => set({ areaId })}
            treeData={areas}
            treeDefaultExpandAll
            style={{ width: 180 }}
            aria-label={t('statistics.filters.area')}
          />
          <Cascader
            changeOnSelect
            allowClear
            showSearch
            placeholder={t('statistics.filters.category')}
            value={view.categoryId ? categoryPath(categories.data ?? [], view.categoryId) : undefined}
            onChange={(path) => set({ categoryId: path?.length ? Number(path[path.length - 1]) : undefined })}
            options={categoryOptions.map((node) => ({
              value: node.value,
              label: node.label,
              children: node.children?.map((c) => ({ value: c.value, label: c.label })),
            }))}
            style={{ width: 180 }}
            aria-label={t('statistics.filters.category')}
          />
          <Select<string>
            allowClear
            placeholder={t('statistics.filters.source')}
            value={view.source}
            onChange={(source) => set({ source })}
            options={SOURCES.map((s) => ({ value: s, label: t(`matters.sources.${s}`) }))}
            style={{ width: 140 }}
            aria-label={t('statistics.filters.source')}
          />
          <Select<Department>
            allowClear
            placeholder={t('statistics.filters.department')}
            value={view.department}
            onChange={(department) => set({ department })}
            options={DEPARTMENTS.map((d) => ({ value: d, label: departmentName(t, d) }))}
            style={{ width: 150 }}
            aria-label={t('statistics.filters.department')}
          />
        </div>
      </Card>
      <Tabs
        activeKey={modules.tabs.some((m) => m.key === view.tab) ? view.tab : 'matters'}
        onChange={(tab) => set({ tab: tab === 'matters' ? undefined : tab })}
        items={[
          {
            key: 'matters',
            label: t('statistics.tabs.matters'),
            children: (
              <MatterStatisticsView
                view={view}
                stats={stats}
                trend={trend}
                exportQuery={tableQuery}
                onTrendBy={(trendBy) => set({ trendBy })}
              />
            ),
          },
          ...modules.tabs.map((m) => ({
            key: m.key,
            label: t(`statistics.tabs.${m.key}`),
            children: <ModuleTabs tab={m} />,
          })),
        ]}
      />
    </div>
  );
}

type Loaded = {
  data?: MatterStatistics;
  error: unknown;
  isPending: boolean;
  isFetching: boolean;
  refetch: () => unknown;
};

function MatterStatisticsView({
  view,
  stats,
  trend,
  exportQuery,
  onTrendBy,
}: {
  view: View;
  stats: Loaded;
  trend: Loaded;
  /** The table's query, which its export takes as its filters. */
  exportQuery: Query;
  onTrendBy: (by: 'day' | 'week' | 'month') => void;
}) {
  const { t } = useTranslation();
  if (stats.error) return <LoadError error={stats.error} onRetry={() => void stats.refetch()} />;
  if (!stats.data)
    return (
      <div className="gz-statistics-loading">
        <Spin />
      </div>
    );
  const s = stats.data;
  return (
    <Spin spinning={stats.isFetching}>
      <Tiles stats={s} compare={view.compare} />
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            title={t('statistics.trend')}
            extra={
              <Segmented<'day' | 'week' | 'month'>
                size="small"
                value={view.trendBy}
                onChange={onTrendBy}
                options={(['day', 'week', 'month'] as const).map((by) => ({
                  value: by,
                  label: t(`statistics.trendBy.${by}`),
                }))}
              />
            }
          >
            {trend.error ? (
              <LoadError error={trend.error} onRetry={() => void trend.refetch()} />
            ) : (
              <TrendChart stats={trend.data} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            title={t('statistics.comparison', { group: t(`statistics.groupBy.${view.groupBy}`).replace(/^按/, '') })}
          >
            <ComparisonChart stats={s} />
          </Card>
        </Col>
      </Row>
      <Card
        size="small"
        title={t('statistics.table')}
        style={{ marginTop: 16 }}
        extra={<ExportButton kind="matter-statistics" filters={exportQuery} />}
      >
        <FiguresTable stats={s} />
      </Card>
    </Spin>
  );
}

/** The headline figures, each with its move against 环比 or 同比; a count opens its list. */
function Tiles({ stats, compare }: { stats: MatterStatistics; compare: StatisticsCompare }) {
  const { t } = useTranslation();
  const before = stats.previous?.figures;
  const tile = (
    figure: keyof Figures,
    value: string,
    measure?: Measure,
    format: (v: number | null | undefined) => string = String,
  ) => {
    const now = stats.total[figure];
    const moved = before ? change(figure, now, before[figure]) : null;
    return (
      <Col xs={12} md={6} xl={3} key={figure}>
        <Card size="small" className="gz-statistics-tile" data-testid={`tile-${figure}`}>
          <div className="gz-statistics-tile-label" title={t(`statistics.figures.${tileLabel(figure)}`)}>
            {t(`statistics.figures.${tileLabel(figure)}`)}
          </div>
          <div className="gz-statistics-tile-value">
            {measure ? <Link to={drillPath(measure, stats)}>{value}</Link> : value}
          </div>
          {moved && compare !== 'none' && <Moved change={moved} compare={compare} before={format(before?.[figure])} />}
        </Card>
      </Col>
    );
  };
  const inHours = (minutes: number | null | undefined) => {
    const h = hours(minutes);
    return h === null ? '—' : t('statistics.hours', { hours: h });
  };
  return (
    <Row gutter={[12, 12]}>
      {tile('received', String(stats.total.received), 'received')}
      {tile('resolved', String(stats.total.resolved), 'resolved')}
      {tile('resolutionRate', percent(stats.total.resolutionRate), undefined, percent)}
      {tile('onTimeRate', percent(stats.total.onTimeRate), undefined, percent)}
      {tile('overdue', String(stats.total.overdue), 'overdue')}
      {tile('satisfactionRate', percent(stats.total.satisfactionRate), undefined, percent)}
      {tile('repeat', String(stats.total.repeat), 'repeat')}
      {tile('resolveMedianMinutes', inHours(stats.total.resolveMedianMinutes), undefined, inHours)}
    </Row>
  );
}

function tileLabel(figure: keyof Figures) {
  switch (figure) {
    case 'acceptMedianMinutes':
      return 'acceptMedian' as const;
    case 'acceptP90Minutes':
      return 'acceptP90' as const;
    case 'resolveMedianMinutes':
      return 'resolveMedian' as const;
    case 'resolveP90Minutes':
      return 'resolveP90' as const;
    default:
      return figure;
  }
}

/** ↑ 12.5% against 环比 or 同比 (percentage points for a rate), with the value compared with in its tooltip. */
function Moved({ change: c, compare, before }: { change: Change; compare: StatisticsCompare; before: string }) {
  const { t } = useTranslation();
  const name = t(`statistics.compareShort.${compare}`);
  const icon =
    c.direction === 'up' ? <ArrowUpOutlined /> : c.direction === 'down' ? <ArrowDownOutlined /> : <MinusOutlined />;
  const tone = c.good === null ? 'flat' : c.good ? 'good' : 'bad';
  const amount =
    c.amount === null
      ? t('statistics.before', { value: before })
      : c.points
        ? t('statistics.points', { value: c.amount })
        : c.amount;
  return (
    <Tooltip title={t('statistics.before', { value: before })}>
      <div className={`gz-statistics-move gz-statistics-move-${tone}`}>
        {name} {c.direction === 'flat' && c.amount === null ? null : icon} {amount}
      </div>
    </Tooltip>
  );
}

const SERIES: { measure: Measure; figure: 'received' | 'resolved' | 'overdue'; color: string }[] = [
  { measure: 'received', figure: 'received', color: '#1f5fbf' },
  { measure: 'resolved', figure: 'resolved', color: '#389e0d' },
  { measure: 'overdue', figure: 'overdue', color: '#cf1322' },
];

function TrendChart({ stats }: { stats: MatterStatistics | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const option = useMemo<ChartOption | null>(
    () =>
      !stats
        ? null
        : {
            tooltip: { trigger: 'axis' },
            legend: { top: 0 },
            grid: { left: 40, right: 16, top: 36, bottom: 28 },
            xAxis: {
              type: 'category',
              data: stats.rows.map((r) => (stats.groupBy === 'day' ? r.key.slice(5) : r.key)),
            },
            yAxis: { type: 'value', minInterval: 1 },
            series: SERIES.map((s) => ({
              name: t(`statistics.figures.${s.figure}`),
              type: 'line',
              smooth: true,
              data: stats.rows.map((r) => r.figures[s.figure]),
              itemStyle: { color: s.color },
            })),
          },
    [stats, t],
  );
  if (!stats || !option)
    return (
      <div className="gz-statistics-chart-empty">
        <Spin />
      </div>
    );
  if (stats.rows.every((r) => SERIES.every((s) => r.figures[s.figure] === 0)))
    return <Empty className="gz-statistics-chart-empty" description={t('statistics.empty')} />;
  return (
    <EChart
      option={option}
      height={280}
      ariaLabel={t('statistics.trend')}
      onClick={(e) => {
        const row = stats.rows[e.dataIndex];
        const series = SERIES[e.seriesIndex ?? 0];
        if (row && series) navigate(drillPath(series.measure, row));
      }}
    />
  );
}

/** The groups side by side (the first 15 by matters received); a bar opens its list. */
function ComparisonChart({ stats }: { stats: MatterStatistics }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const periods = ['day', 'week', 'month', 'quarter', 'year'].includes(stats.groupBy);
  const rows = useMemo(() => (periods ? stats.rows : stats.rows.slice(0, 15)), [periods, stats.rows]);
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 72 },
      xAxis: {
        type: 'category',
        data: rows.map((r) => r.label),
        axisLabel: { rotate: rows.length > 6 ? 30 : 0, interval: 0, width: 90, overflow: 'truncate' },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: SERIES.map((s) => ({
        name: t(`statistics.figures.${s.figure}`),
        type: 'bar',
        data: rows.map((r) => r.figures[s.figure]),
        itemStyle: { color: s.color },
        barMaxWidth: 28,
      })),
    }),
    [rows, t],
  );
  if (stats.groupBy === 'none' || rows.length === 0 || rows.every((r) => r.figures.received + r.figures.resolved === 0))
    return <Empty className="gz-statistics-chart-empty" description={t('statistics.empty')} />;
  return (
    <EChart
      option={option}
      height={280}
      ariaLabel={t('statistics.comparison', { group: '' })}
      onClick={(e) => {
        const row = rows[e.dataIndex];
        const series = SERIES[e.seriesIndex ?? 0];
        if (row && series) navigate(drillPath(series.measure, row));
      }}
    />
  );
}

type TableRow = Pick<StatisticsRow, 'key' | 'label' | 'measureFrom' | 'measureTo' | 'drill' | 'figures'> & {
  total?: boolean;
};

/** Counts whose heading is four characters or more. */
const WIDE_COUNTS: ReadonlySet<string> = new Set([
  'acceptedOnTime',
  'resolvedOnTime',
  'repeat',
  'supervisedYellow',
  'supervisedRed',
]);

/** Rows × figures: every count a link to exactly its matters, rates as percentages, times in hours. */
function FiguresTable({ stats }: { stats: MatterStatistics }) {
  const { t } = useTranslation();
  const totalRow: TableRow = {
    key: '__total',
    label: t('statistics.total'),
    measureFrom: stats.measureFrom,
    measureTo: stats.measureTo,
    drill: stats.drill,
    figures: stats.total,
    total: true,
  };
  const rows: TableRow[] = [...stats.rows, totalRow];
  const hoursCell = (minutes: number | null) => hours(minutes) ?? '—';
  const columns: ColumnsType<TableRow> = [
    {
      title: t('statistics.group'),
      dataIndex: 'label',
      fixed: 'left',
      width: 150,
      ellipsis: true,
      render: (label: string, row) => (row.total ? <strong>{label}</strong> : label),
    },
    ...COUNTED.map(({ figure, measure }) => ({
      title: t(`statistics.figures.${figure}`),
      key: figure,
      align: 'right' as const,
      width: WIDE_COUNTS.has(figure) ? 92 : 72,
      render: (_: unknown, row: TableRow) => (
        <Link
          to={drillPath(measure, row)}
          data-testid={`count-${row.key}-${measure}`}
          title={t('statistics.openList', { count: row.figures[figure] as number })}
        >
          {row.figures[figure]}
        </Link>
      ),
    })),
    ...(['resolutionRate', 'onTimeRate', 'satisfactionRate'] as const).map((figure) => ({
      title: t(`statistics.figures.${figure}`),
      key: figure,
      align: 'right' as const,
      width: 96,
      render: (_: unknown, row: TableRow) => percent(row.figures[figure]),
    })),
    {
      title: t('statistics.figures.ratingMean'),
      key: 'ratingMean',
      align: 'right',
      width: 84,
      render: (_: unknown, row) => (row.figures.ratingMean === null ? '—' : row.figures.ratingMean.toFixed(2)),
    },
    ...(
      [
        ['acceptMedianMinutes', 'acceptMedian'],
        ['acceptP90Minutes', 'acceptP90'],
        ['resolveMedianMinutes', 'resolveMedian'],
        ['resolveP90Minutes', 'resolveP90'],
      ] as const
    ).map(([figure, label]) => ({
      title: `${t(`statistics.figures.${label}`)} (h)`,
      key: figure,
      align: 'right' as const,
      width: 110,
      render: (_: unknown, row: TableRow) => hoursCell(row.figures[figure]),
    })),
  ];
  return (
    <Table<TableRow>
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={rows}
      columns={columns}
      scroll={{ x: 'max-content' }}
      rowClassName={(row) => (row.total ? 'gz-statistics-total-row' : '')}
      data-testid="statistics-table"
    />
  );
}
