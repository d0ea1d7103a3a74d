import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  CloudUploadOutlined,
  EnvironmentOutlined,
  GlobalOutlined,
  HomeOutlined,
  InboxOutlined,
  OrderedListOutlined,
  RightOutlined,
  SyncOutlined,
  TeamOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import { Card, Col, Empty, Row, Skeleton, Statistic, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { GRID_KIND_COLORS, gridKindLabel, tagLabel } from '../../shared/labels.ts';
import { STATUS_COLORS, statusLabel } from '../../shared/matters.ts';
import { can, useMe } from '../../shared/session.tsx';
import {
  GRID_KINDS,
  MATTER_STATUSES,
  type MatterQueue,
  type MatterStatus,
  type OrgStats,
  type Permission,
  type TagCount,
} from '../../shared/types.ts';
import { EChart, type ChartOption } from '../components/EChart.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useOrgTree } from '../org/OrgTreeContext.tsx';
import { orgQueries } from '../../shared/query/org.ts';
import { mattersKeys } from '../../shared/query/matters.ts';
import { useQuery } from '@tanstack/react-query';
import { mattersCalls } from '../../shared/query/matters.ts';

interface AreaTotals {
  /** Where a click on the bar leads: the people list filtered to this unit. */
  link: string;
  name: string;
  persons: number;
  buildings: number;
}

/** People and buildings per community from the server's counts; within a single community, per grid. */
function areaTotals(stats: OrgStats): AreaTotals[] {
  const perGrid = stats.byCommunity.length === 1;
  const rows = perGrid
    ? stats.byGrid.map((g) => ({
        link: `/persons?communityId=${g.communityId}&gridId=${g.id}`,
        name: g.name,
        persons: g.persons,
        buildings: g.buildings,
      }))
    : stats.byCommunity.map((c) => ({
        link: `/persons?communityId=${c.id}`,
        name: c.name,
        persons: c.persons,
        buildings: c.buildings,
      }));
  return rows.sort((a, b) => b.persons - a.persons);
}

/** Still being worked on: not yet resolved, closed, rejected or merged. */
const IN_HAND: MatterStatus[] = ['reported', 'accepted', 'dispatched', 'in_progress', 'escalated', 'reopened'];

interface MatterCounts {
  queues: Map<MatterQueue, number>;
  statuses: Map<MatterStatus, number>;
}

/** Totals from the list endpoint itself (limit=1, withTotal), so they match what the queues show. */
async function matterCounts(signal: AbortSignal): Promise<MatterCounts> {
  const total = (query: Record<string, string>) => mattersCalls.count(query, signal);
  const queues = ['mine', 'overdue', 'unassigned'] as const;
  const [queueTotals, statusTotals] = await Promise.all([
    Promise.all(queues.map((queue) => total({ queue }))),
    Promise.all(MATTER_STATUSES.map((status) => total({ queue: 'all', status }))),
  ]);
  return {
    queues: new Map(queues.map((q, i) => [q, queueTotals[i]!])),
    statuses: new Map(MATTER_STATUSES.map((s, i) => [s, statusTotals[i]!])),
  };
}

export default function DashboardPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const { index } = useOrgTree();
  const canReadPersons = can(me, 'org.person.read');

  const stats = useQuery(orgQueries.stats());
  const tagQuery = useQuery({ ...orgQueries.personTags(), enabled: canReadPersons });
  const tags = {
    ...tagQuery,
    data: canReadPersons ? (tagQuery.data ? { items: tagQuery.data } : undefined) : { items: [] },
  };

  const areas = useMemo(() => (stats.data ? areaTotals(stats.data) : []), [stats.data]);
  const perGrid = stats.data?.byCommunity.length === 1;

  return (
    <div className="gz-page">
      <PageHeader title={t('nav.overview')} description={t('dashboard.subtitle')} />
      <Row gutter={[16, 16]}>
        <StatCard
          title={t('dashboard.communities')}
          value={stats.data?.byCommunity.length}
          icon={<ApartmentOutlined />}
          tone="blue"
        />
        <StatCard
          title={t('dashboard.grids')}
          value={stats.data?.totals.grids}
          icon={<EnvironmentOutlined />}
          tone="green"
        />
        <StatCard
          title={t('dashboard.buildings')}
          value={stats.data?.totals.buildings}
          icon={<HomeOutlined />}
          tone="orange"
        />
        {canReadPersons && (
          <StatCard
            title={t('dashboard.persons')}
            value={stats.data?.totals.persons}
            icon={<TeamOutlined />}
            tone="red"
          />
        )}
      </Row>
      {stats.error && (
        <div style={{ marginTop: 16 }}>
          <LoadError error={stats.error} onRetry={() => void stats.refetch()} />
        </div>
      )}

      {can(me, 'matters.read') && <MattersPanel />}

      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        {canReadPersons && (
          <Col xs={24} xl={12}>
            <Card
              title={t('dashboard.byTag')}
              extra={<Typography.Text type="secondary">{t('dashboard.clickToFilter')}</Typography.Text>}
            >
              {tags.error ? (
                <LoadError error={tags.error} onRetry={() => void tags.refetch()} />
              ) : !tags.data ? (
                <Skeleton active paragraph={{ rows: 6 }} />
              ) : tags.data.items.length === 0 ? (
                <Empty description={t('dashboard.noTags')} />
              ) : (
                <EChart
                  ariaLabel={t('dashboard.byTag')}
                  height={Math.max(240, tags.data.items.length * 34 + 40)}
                  option={tagChartOption(t, tags.data.items)}
                  onClick={(event) => {
                    const tag = tags.data?.items[event.dataIndex]?.tag;
                    if (tag) navigate(`/persons?tag=${encodeURIComponent(tag)}`);
                  }}
                />
              )}
            </Card>
          </Col>
        )}
        <Col xs={24} xl={canReadPersons ? 12 : 24}>
          <Card
            title={perGrid ? t('dashboard.byGrid') : t('dashboard.byCommunity')}
            extra={canReadPersons && <Typography.Text type="secondary">{t('dashboard.clickToFilter')}</Typography.Text>}
          >
            {stats.error ? (
              <LoadError error={stats.error} onRetry={() => void stats.refetch()} />
            ) : !stats.data ? (
              <Skeleton active paragraph={{ rows: 6 }} />
            ) : areas.length === 0 ? (
              <Empty />
            ) : (
              <EChart
                ariaLabel={perGrid ? t('dashboard.byGrid') : t('dashboard.byCommunity')}
                height={Math.max(240, areas.length * 40 + 60)}
                option={areaChartOption(t, areas)}
                onClick={(event) => {
                  const area = areas[areas.length - 1 - event.dataIndex];
                  if (area && canReadPersons) navigate(area.link);
                }}
              />
            )}
          </Card>
        </Col>
      </Row>

      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={10}>
          <Card title={t('dashboard.gridKinds')}>
            {!index ? (
              <Skeleton active />
            ) : index.tree.grids.length === 0 ? (
              <Empty />
            ) : (
              <EChart
                ariaLabel={t('dashboard.gridKinds')}
                height={260}
                option={gridKindChartOption(
                  t,
                  index.tree.grids.map((g) => g.kind),
                )}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card title={t('dashboard.quickLinks')}>
            <QuickLinks />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

const STAT_TONES = {
  blue: { color: '#1f5fbf', background: '#e8f0fc' },
  green: { color: '#389e0d', background: '#eef8e8' },
  orange: { color: '#d46b08', background: '#fdf1e4' },
  red: { color: '#c8161d', background: '#fbe9ea' },
};

function StatCard({
  title,
  value,
  icon,
  tone,
}: {
  title: string;
  value: number | undefined;
  icon: ReactNode;
  tone: keyof typeof STAT_TONES;
}) {
  const colors = STAT_TONES[tone];
  return (
    <Col xs={12} lg={6}>
      <Card className="gz-stat-card">
        <div className="gz-stat">
          <div className="gz-stat-icon" style={colors}>
            {icon}
          </div>
          <Statistic title={title} value={value ?? '—'} loading={value === undefined} />
        </div>
      </Card>
    </Col>
  );
}

function QuickLinks() {
  const { t } = useTranslation();
  const me = useMe();
  const links: { to: string; icon: ReactNode; label: string; hint: string; permission: Permission }[] = [
    {
      to: '/matters',
      icon: <OrderedListOutlined />,
      label: t('nav.mattersQueue'),
      hint: t('dashboard.linkMatters'),
      permission: 'matters.read',
    },
    {
      to: '/matters/map',
      icon: <GlobalOutlined />,
      label: t('nav.mattersMap'),
      hint: t('dashboard.linkMattersMap'),
      permission: 'matters.read',
    },
    {
      to: '/persons',
      icon: <TeamOutlined />,
      label: t('nav.persons'),
      hint: t('dashboard.linkPersons'),
      permission: 'org.person.read',
    },
    {
      to: '/org',
      icon: <ApartmentOutlined />,
      label: t('nav.org'),
      hint: t('dashboard.linkOrg'),
      permission: 'org.read',
    },
    {
      to: '/map',
      icon: <EnvironmentOutlined />,
      label: t('nav.map'),
      hint: t('dashboard.linkMap'),
      permission: 'org.read',
    },
    {
      to: '/imports',
      icon: <CloudUploadOutlined />,
      label: t('nav.imports'),
      hint: t('dashboard.linkImports'),
      permission: 'org.import',
    },
    {
      to: '/audit',
      icon: <AuditOutlined />,
      label: t('nav.audit'),
      hint: t('dashboard.linkAudit'),
      permission: 'audit.read',
    },
  ];
  return (
    <Row gutter={[12, 12]}>
      {links
        .filter((link) => can(me, link.permission))
        .map((link) => (
          <Col xs={24} sm={12} key={link.to}>
            <Link to={link.to} className="gz-quick-link">
              <span className="gz-quick-link-icon">{link.icon}</span>
              <span>
                <strong>{link.label}</strong>
                <br />
                <Typography.Text type="secondary">{link.hint}</Typography.Text>
              </span>
            </Link>
          </Col>
        ))}
    </Row>
  );
}

function tagChartOption(t: TFunction, items: TagCount[]): ChartOption {
  const sorted = [...items].sort((a, b) => a.count - b.count); // largest at the top of a horizontal bar chart
  return {
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: sorted.map((item) => tagLabel(t, item.tag)) },
    series: [
      {
        type: 'bar',
        name: t('dashboard.people'),
        data: sorted.map((item) => item.count),
        itemStyle: { color: '#c8161d', borderRadius: [0, 4, 4, 0] },
        label: { show: true, position: 'right' },
        barMaxWidth: 22,
        cursor: 'pointer',
      },
    ],
  };
}

function areaChartOption(t: TFunction, areas: AreaTotals[]): ChartOption {
  const sorted = [...areas].reverse(); // largest at the top
  return {
    grid: { left: 8, right: 40, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: sorted.map((c) => c.name) },
    series: [
      {
        type: 'bar',
        name: t('dashboard.people'),
        data: sorted.map((c) => c.persons),
        itemStyle: { color: '#1f5fbf' },
        barMaxWidth: 14,
        label: { show: true, position: 'right' },
      },
      {
        type: 'bar',
        name: t('dashboard.buildings'),
        data: sorted.map((c) => c.buildings),
        itemStyle: { color: '#fa8c16' },
        barMaxWidth: 14,
      },
    ],
  };
}

function gridKindChartOption(t: TFunction, kinds: string[]): ChartOption {
  return {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['40%', '64%'],
        center: ['50%', '45%'],
        label: { formatter: '{b}\n{c}' },
        data: GRID_KINDS.map((kind) => ({
          name: gridKindLabel(t, kind),
          value: kinds.filter((k) => k === kind).length,
          itemStyle: { color: GRID_KIND_COLORS[kind] },
        })).filter((slice) => slice.value > 0),
      },
    ],
  };
}

/** 事项概况: what waits for me, what is late, what nobody holds, and all matters by status. */
function MattersPanel() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  // Under the matters keys: live matter events refetch the counts (LiveInvalidation).
  const counts = useQuery({
    queryKey: [...mattersKeys.all, 'dashboard-counts'],
    queryFn: ({ signal }) => matterCounts(signal),
  });
  const c = counts.data;
  const inHand = c ? IN_HAND.reduce((sum, s) => sum + (c.statuses.get(s) ?? 0), 0) : undefined;
  const tiles: { key: string; label: string; value: number | undefined; icon: ReactNode; to: string; tone: string }[] =
    [
      {
        key: 'overdue',
        label: t('dashboard.overdue'),
        value: c?.queues.get('overdue'),
        icon: <AlertOutlined />,
        to: '/matters?queue=overdue',
        tone: 'late',
      },
      {
        key: 'mine',
        label: t('dashboard.mine'),
        value: c?.queues.get('mine'),
        icon: <InboxOutlined />,
        to: '/matters?queue=mine',
        tone: 'blue',
      },
      {
        key: 'unassigned',
        label: t('dashboard.unassigned'),
        value: c?.queues.get('unassigned'),
        icon: <UserSwitchOutlined />,
        to: '/matters?queue=unassigned',
        tone: 'orange',
      },
      {
        key: 'open',
        label: t('dashboard.openMatters'),
        value: inHand,
        icon: <SyncOutlined />,
        to: `/matters?queue=all&${IN_HAND.map((s) => `status=${s}`).join('&')}`,
        tone: 'green',
      },
    ];
  return (
    <Card
      title={t('dashboard.matters')}
      style={{ marginTop: 16 }}
      extra={
        <Link to="/matters">
          {t('dashboard.viewQueue')} <RightOutlined />
        </Link>
      }
      data-testid="matters-panel"
    >
      {counts.error ? (
        <LoadError error={counts.error} onRetry={() => void counts.refetch()} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={10}>
            <div className="gz-matter-tiles">
              {tiles.map((tile) => (
                <Link
                  key={tile.key}
                  to={tile.to}
                  className={`gz-matter-tile gz-matter-tile-${tile.tone}${tile.key === 'overdue' && (tile.value ?? 0) > 0 ? ' gz-matter-tile-alarm' : ''}`}
                  data-testid={`matter-tile-${tile.key}`}
                >
                  <span className="gz-matter-tile-icon">{tile.icon}</span>
                  <Statistic title={tile.label} value={tile.value ?? '—'} loading={tile.value === undefined} />
                </Link>
              ))}
            </div>
          </Col>
          <Col xs={24} xl={14}>
            <Typography.Text type="secondary">{t('dashboard.byStatus')}</Typography.Text>
            {!c ? (
              <Skeleton active paragraph={{ rows: 5 }} />
            ) : (
              <EChart
                ariaLabel={t('dashboard.byStatus')}
                height={250}
                option={statusChartOption(t, c.statuses)}
                onClick={(event) => {
                  const status = MATTER_STATUSES[event.dataIndex];
                  if (status) navigate(`/matters?queue=all&status=${status}`);
                }}
              />
            )}
          </Col>
        </Row>
      )}
    </Card>
  );
}

function statusChartOption(t: TFunction, counts: Map<MatterStatus, number>): ChartOption {
  return {
    grid: { left: 8, right: 8, top: 24, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      data: MATTER_STATUSES.map((s) => statusLabel(t, s)),
      axisLabel: { interval: 0, fontSize: 11 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        data: MATTER_STATUSES.map((s) => ({
          value: counts.get(s) ?? 0,
          itemStyle: { color: STATUS_COLORS[s], borderRadius: [4, 4, 0, 0] },
        })),
        label: { show: true, position: 'top' },
        barMaxWidth: 28,
        cursor: 'pointer',
      },
    ],
  };
}
