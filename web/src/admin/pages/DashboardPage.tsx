import {
  ApartmentOutlined,
  AuditOutlined,
  CloudUploadOutlined,
  EnvironmentOutlined,
  HomeOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Card, Col, Empty, Row, Skeleton, Statistic, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../shared/api.ts';
import { GRID_KIND_COLORS, gridKindLabel, tagLabel } from '../../shared/labels.ts';
import { can, useMe } from '../../shared/session.tsx';
import { GRID_KINDS, type Grid, type Page, type Permission, type Person, type TagCount } from '../../shared/types.ts';
import { useAsync } from '../../shared/useAsync.ts';
import { EChart, type ChartOption } from '../components/EChart.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { fetchAllPages } from '../data.ts';
import { useOrgTree } from '../org/OrgTreeContext.tsx';

interface AreaTotals {
  /** Where a click on the bar leads: the people list filtered to this unit. */
  link: string;
  name: string;
  persons: number;
  buildings: number;
}

/**
 * People and buildings per community, summed over its grids (people outside any
 * grid are not counted); within a single community, per grid instead.
 */
function areaTotals(grids: Grid[]): AreaTotals[] {
  const communities = new Set(grids.map((g) => g.communityId));
  const byKey = new Map<string, AreaTotals>();
  for (const grid of grids) {
    const perGrid = communities.size === 1;
    const key = perGrid ? `g${grid.id}` : `c${grid.communityId}`;
    const totals = byKey.get(key) ?? {
      link: perGrid ? `/persons?communityId=${grid.communityId}&gridId=${grid.id}` : `/persons?communityId=${grid.communityId}`,
      name: perGrid ? grid.name : grid.communityName,
      persons: 0,
      buildings: 0,
    };
    totals.persons += grid.personCount;
    totals.buildings += grid.buildingCount;
    byKey.set(key, totals);
  }
  return [...byKey.values()].sort((a, b) => b.persons - a.persons);
}

export default function DashboardPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const { index } = useOrgTree();
  const canReadPersons = can(me, 'org.person.read');

  const grids = useAsync((signal) => fetchAllPages<Grid>('/api/org/grids', {}, signal), []);
  const tags = useAsync(
    (signal) => (canReadPersons ? api.get<{ items: TagCount[] }>('/api/org/persons/tags', undefined, signal) : Promise.resolve({ items: [] })),
    [canReadPersons],
  );
  const personTotal = useAsync(
    (signal) =>
      canReadPersons
        ? api.get<Page<Person>>('/api/org/persons', { limit: 1, withTotal: 'true' }, signal).then((page) => page.total ?? 0)
        : Promise.resolve(undefined),
    [canReadPersons],
  );

  const areas = useMemo(() => areaTotals(grids.data ?? []), [grids.data]);
  const perGrid = new Set(grids.data?.map((g) => g.communityId)).size === 1;
  // A grid worker's scope is one grid, so its community counts too though it is only context.
  const communityCount = index ? new Set([...index.communities.map((c) => c.id), ...index.tree.grids.map((g) => g.communityId)]).size : undefined;
  const buildingTotal = grids.data?.reduce((sum, grid) => sum + grid.buildingCount, 0);

  return (
    <div className="gz-page">
      <PageHeader title={t('dashboard.title', { name: me.displayName })} description={t('dashboard.subtitle')} />
      <Row gutter={[16, 16]}>
        <StatCard title={t('dashboard.communities')} value={communityCount} icon={<ApartmentOutlined />} tone="blue" />
        <StatCard title={t('dashboard.grids')} value={index?.tree.grids.length} icon={<EnvironmentOutlined />} tone="green" />
        <StatCard title={t('dashboard.buildings')} value={buildingTotal} icon={<HomeOutlined />} tone="orange" />
        {canReadPersons && <StatCard title={t('dashboard.persons')} value={personTotal.data} icon={<TeamOutlined />} tone="red" />}
      </Row>

      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        {canReadPersons && (
          <Col xs={24} xl={12}>
            <Card title={t('dashboard.byTag')} extra={<Typography.Text type="secondary">{t('dashboard.clickToFilter')}</Typography.Text>}>
              {tags.error !== undefined ? (
                <LoadError error={tags.error} onRetry={tags.reload} />
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
            extra={<Typography.Text type="secondary">{perGrid ? t('dashboard.clickToFilter') : t('dashboard.byCommunityNote')}</Typography.Text>}
          >
            {grids.error !== undefined ? (
              <LoadError error={grids.error} onRetry={grids.reload} />
            ) : !grids.data ? (
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
              <EChart ariaLabel={t('dashboard.gridKinds')} height={260} option={gridKindChartOption(t, index.tree.grids.map((g) => g.kind))} />
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

function StatCard({ title, value, icon, tone }: { title: string; value: number | undefined; icon: ReactNode; tone: keyof typeof STAT_TONES }) {
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
    { to: '/persons', icon: <TeamOutlined />, label: t('nav.persons'), hint: t('dashboard.linkPersons'), permission: 'org.person.read' },
    { to: '/org', icon: <ApartmentOutlined />, label: t('nav.org'), hint: t('dashboard.linkOrg'), permission: 'org.read' },
    { to: '/map', icon: <EnvironmentOutlined />, label: t('nav.map'), hint: t('dashboard.linkMap'), permission: 'org.read' },
    { to: '/imports', icon: <CloudUploadOutlined />, label: t('nav.imports'), hint: t('dashboard.linkImports'), permission: 'org.import' },
    { to: '/audit', icon: <AuditOutlined />, label: t('nav.audit'), hint: t('dashboard.linkAudit'), permission: 'audit.read' },
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
      { type: 'bar', name: t('dashboard.people'), data: sorted.map((c) => c.persons), itemStyle: { color: '#1f5fbf' }, barMaxWidth: 14, label: { show: true, position: 'right' } },
      { type: 'bar', name: t('dashboard.buildings'), data: sorted.map((c) => c.buildings), itemStyle: { color: '#fa8c16' }, barMaxWidth: 14 },
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
