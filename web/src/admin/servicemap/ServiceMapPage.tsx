import { AimOutlined, CalculatorOutlined, ClearOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, Row, Segmented, Select, Space, Spin, Table, Tag, TreeSelect } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { latLngBounds } from 'leaflet';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CircleMarker, Marker, Tooltip, useMap, useMapEvents } from 'react-leaflet';
import { BaseMap, useDatum } from '../../shared/map/BaseMap.tsx';
import { pinIcon } from '../../shared/map/pin.ts';
import {
  type Coverage,
  type Gap,
  type GapPage,
  LIFE_CIRCLES,
  type LifeCircle,
  type ServiceKind,
  serviceMapQueries,
  type WhatIf,
  whatIf,
} from '../../shared/query/servicemap.ts';
import { SERVICE_KINDS } from '../../shared/types.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { EChart, type ChartOption } from '../components/EChart.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { areaTree } from '../org/orgIndex.ts';
import { useOrgTree } from '../org/OrgTreeContext.tsx';
import './servicemap.css';

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
const CIRCLE_COLORS: Record<LifeCircle, string> = { 5: '#1f5fbf', 10: '#5b8ff9', 15: '#9ec5fe' };

/** A share as a background: red when few are covered, green when most are. */
function shareColor(share: number) {
  if (share >= 0.9) return '#d9f7be';
  if (share >= 0.6) return '#fff1b8';
  return '#ffccc7';
}

/**
 * 服务一张图: the 15-minute life circle of an area — coverage of the nine kinds of service by
 * residents, per community, the buildings in the gap on a map, and what new stations would change.
 */
export default function ServiceMapPage() {
  const { t } = useTranslation();
  const { index } = useOrgTree();
  const areas = useMemo(() => (index ? areaTree(index) : []), [index]);
  const [areaId, setAreaId] = useState<number | undefined>();
  const [kind, setKind] = useState<ServiceKind>('elderly_care');
  const [level, setLevel] = useState<LifeCircle>(15);
  const [gaps, setGaps] = useState<Gap[]>([]);
  const [planning, setPlanning] = useState(false);
  const [candidates, setCandidates] = useState<{ lat: number; lng: number }[]>([]);
  const [candidateServices, setCandidateServices] = useState<ServiceKind[]>([kind]);
  const coverage = useQuery({ ...serviceMapQueries.coverage(areaId), placeholderData: keepPreviousData });
  const simulate = useMutation({ mutationFn: whatIf });
  const kindName = (k: ServiceKind) => t(`stations.services.${k}`);

  // A new area or kind starts the what-if again: its result was for the old one.
  const { reset } = simulate;
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the area changes
  useEffect(() => {
    reset();
    setCandidates([]);
  }, [areaId, reset]);

  return (
    <>
      <PageHeader title={t('serviceMap.title')} description={t('serviceMap.subtitle')} />
      <Card size="small" className="gz-servicemap-filters">
        <Space wrap>
          <TreeSelect
            allowClear
            showSearch={{ treeNodeFilterProp: 'title' }}
            placeholder={t('serviceMap.area')}
            value={areaId}
            onChange={(id?: number) => setAreaId(id)}
            treeData={areas}
            treeDefaultExpandAll
            style={{ width: 200 }}
            aria-label={t('serviceMap.area')}
          />
          <Select<ServiceKind>
            value={kind}
            onChange={(k) => {
              setKind(k);
              setCandidateServices([k]);
            }}
            options={SERVICE_KINDS.map((k) => ({ value: k, label: kindName(k) }))}
            style={{ width: 160 }}
            aria-label={t('serviceMap.kind')}
            data-testid="servicemap-kind"
          />
          <Segmented<LifeCircle>
            value={level}
            onChange={setLevel}
            options={LIFE_CIRCLES.map((m) => ({ value: m, label: t('serviceMap.minutes', { minutes: m }) }))}
            aria-label={t('serviceMap.circle')}
          />
          {coverage.data && (
            <span className="gz-servicemap-note">
              {t('serviceMap.walking', {
                detour: coverage.data.walking.detour,
                speed: coverage.data.walking.metresPerMinute,
                ms: coverage.data.computedMs,
              })}
            </span>
          )}
        </Space>
      </Card>
      {coverage.isError ? (
        <LoadError error={coverage.error} onRetry={() => coverage.refetch()} />
      ) : !coverage.data ? (
        <div className="gz-servicemap-loading">
          <Spin />
        </div>
      ) : coverage.data.buildings === 0 ? (
        <Card>
          <Empty description={t('serviceMap.empty')} />
        </Card>
      ) : (
        <>
          <Row gutter={[12, 12]}>
            <Col xs={24} xl={10}>
              <CoverageChart coverage={coverage.data} selected={kind} onSelect={setKind} />
            </Col>
            <Col xs={24} xl={14}>
              <Card
                size="small"
                title={t('serviceMap.map')}
                extra={
                  <Space>
                    {planning && (
                      <>
                        <Select<ServiceKind[]>
                          mode="multiple"
                          value={candidateServices}
                          onChange={setCandidateServices}
                          options={SERVICE_KINDS.map((k) => ({ value: k, label: kindName(k) }))}
                          style={{ minWidth: 180 }}
                          maxTagCount="responsive"
                          aria-label={t('serviceMap.whatIf.services')}
                        />
                        <Button
                          type="primary"
                          icon={<CalculatorOutlined />}
                          disabled={candidates.length === 0 || candidateServices.length === 0}
                          loading={simulate.isPending}
                          onClick={() =>
                            simulate.mutate({
                              areaId,
                              stations: candidates.map((c) => ({ ...c, services: candidateServices })),
                            })
                          }
                        >
                          {t('serviceMap.whatIf.compute')}
                        </Button>
                        <Button
                          icon={<ClearOutlined />}
                          onClick={() => {
                            setCandidates([]);
                            simulate.reset();
                          }}
                        >
                          {t('serviceMap.whatIf.clear')}
                        </Button>
                      </>
                    )}
                    <Button icon={<AimOutlined />} onClick={() => setPlanning((p) => !p)} data-testid="servicemap-plan">
                      {planning ? t('serviceMap.whatIf.stop') : t('serviceMap.whatIf.start')}
                    </Button>
                  </Space>
                }
              >
                <div className="gz-servicemap-hint">
                  {planning
                    ? `${t('serviceMap.whatIf.hint')} · ${t('serviceMap.whatIf.candidates', { count: candidates.length })}`
                    : t('serviceMap.mapHint')}
                </div>
                <BaseMap className="gz-servicemap-map" zoom={15}>
                  <GapLayer gaps={gaps} />
                  <CandidateLayer
                    candidates={candidates}
                    planning={planning}
                    onAdd={(point) => setCandidates((c) => (c.length >= 20 ? c : [...c, point]))}
                  />
                </BaseMap>
                {simulate.isError && <LoadError error={simulate.error} />}
                {simulate.data && <WhatIfResult result={simulate.data} />}
              </Card>
            </Col>
          </Row>
          <GapTable
            areaId={areaId}
            kind={kind}
            level={level}
            coverage={coverage.data}
            onPage={(page) => setGaps(page.items)}
          />
          <CommunityTable coverage={coverage.data} />
        </>
      )}
    </>
  );
}

/** Residents' coverage by kind, one bar per life circle; a bar picks its kind. */
function CoverageChart({
  coverage,
  selected,
  onSelect,
}: {
  coverage: Coverage;
  selected: ServiceKind;
  onSelect: (kind: ServiceKind) => void;
}) {
  const { t } = useTranslation();
  const kinds = coverage.kinds.map((k) => k.kind);
  const option: ChartOption = {
    tooltip: { trigger: 'axis', valueFormatter: (v) => `${Number(v).toFixed(1)}%` },
    legend: { top: 0 },
    grid: { left: 110, right: 24, top: 32, bottom: 24 },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    // The kind whose gaps are listed is marked.
    yAxis: {
      type: 'category',
      inverse: true,
      data: kinds.map((k) => `${k === selected ? '▶ ' : ''}${t(`stations.services.${k}`)}`),
    },
    series: LIFE_CIRCLES.map((minutes) => ({
      type: 'bar' as const,
      name: t('serviceMap.coverageShare', { minutes }),
      itemStyle: { color: CIRCLE_COLORS[minutes] },
      data: coverage.kinds.map((k) => {
        const share = k.levels.find((l) => l.minutes === minutes)?.residentsShare ?? 0;
        return Math.round(share * 1000) / 10;
      }),
    })),
  };
  return (
    <Card
      size="small"
      title={t('serviceMap.coverage')}
      extra={t('serviceMap.located', { buildings: coverage.buildings, residents: coverage.residents })}
    >
      <EChart
        option={option}
        height={420}
        ariaLabel={t('serviceMap.coverage')}
        onClick={(event) => {
          const kind = kinds[event.dataIndex];
          if (kind) onSelect(kind);
        }}
      />
    </Card>
  );
}

/** The buildings of the listed gap page, sized by residents, with the nearest station of the kind. */
function GapLayer({ gaps }: { gaps: Gap[] }) {
  const map = useMap();
  const { toView } = useDatum();
  const { t } = useTranslation();
  useEffect(() => {
    if (gaps.length === 0) return;
    map.fitBounds(latLngBounds(gaps.map((g) => toView(g))), { padding: [32, 32], maxZoom: 16, animate: false });
  }, [gaps, map, toView]);
  const stations = new Map(gaps.flatMap((g) => (g.nearest ? [[g.nearest.station.id, g.nearest.station]] : [])));
  return (
    <>
      {gaps.map((g) => (
        <CircleMarker
          key={g.buildingId}
          center={toView(g)}
          radius={Math.min(16, 5 + Math.sqrt(g.residents))}
          pathOptions={{ color: '#cf1322', fillColor: '#ff4d4f', fillOpacity: 0.6, weight: 1 }}
        >
          <Tooltip>
            {g.name} · {t('serviceMap.residents')} {g.residents} ·{' '}
            {g.nearest ? `${g.nearest.station.name} ${g.nearest.minutes}′` : t('serviceMap.outOfReach')}
          </Tooltip>
        </CircleMarker>
      ))}
      {[...stations.values()].map((s) => (
        <Marker key={s.id} position={toView(s)} icon={pinIcon('#1f5fbf')}>
          <Tooltip direction="top" offset={[0, -28]}>
            {s.name}
          </Tooltip>
        </Marker>
      ))}
    </>
  );
}

/** Candidate stations placed by clicks while planning. */
function CandidateLayer({
  candidates,
  planning,
  onAdd,
}: {
  candidates: { lat: number; lng: number }[];
  planning: boolean;
  onAdd: (point: { lat: number; lng: number }) => void;
}) {
  const { t } = useTranslation();
  const { toView, fromView } = useDatum();
  useMapEvents({
    click: (event) => {
      if (planning) onAdd(fromView(event.latlng));
    },
  });
  return (
    <>
      {candidates.map((c, i) => (
        <Marker key={`${c.lat},${c.lng}`} position={toView(c)} icon={pinIcon('#389e0d')}>
          <Tooltip direction="top" offset={[0, -28]} permanent>
            {t('serviceMap.whatIf.candidate', { n: i + 1 })}
          </Tooltip>
        </Marker>
      ))}
    </>
  );
}

function WhatIfResult({ result }: { result: WhatIf }) {
  const { t } = useTranslation();
  const changed = result.change.filter((c) => c.levels.some((l) => l.residents > 0));
  if (changed.length === 0) return <Alert type="info" showIcon message={t('serviceMap.whatIf.noChange')} />;
  const before = new Map(result.before.map((k) => [k.kind, k]));
  const after = new Map(result.after.map((k) => [k.kind, k]));
  return (
    <div className="gz-servicemap-whatif" data-testid="servicemap-whatif">
      <h4>
        {t('serviceMap.whatIf.result')} · {t('serviceMap.whatIf.newlyCovered', { count: result.newlyCovered.length })}
      </h4>
      <Table
        size="small"
        pagination={false}
        rowKey="kind"
        dataSource={changed}
        columns={[
          { title: t('serviceMap.kind'), dataIndex: 'kind', render: (k: ServiceKind) => t(`stations.services.${k}`) },
          ...LIFE_CIRCLES.map((minutes) => ({
            title: t('serviceMap.minutes', { minutes }),
            key: minutes,
            render: (_: unknown, row: WhatIf['change'][number]) => {
              const share = (m: typeof before) =>
                m.get(row.kind)?.levels.find((l) => l.minutes === minutes)?.residentsShare ?? 0;
              const gained = row.levels.find((l) => l.minutes === minutes)?.residents ?? 0;
              return (
                <span>
                  {percent(share(before))} → <strong>{percent(share(after))}</strong>
                  {gained > 0 && <span className="gz-servicemap-gain"> +{gained}</span>}
                </span>
              );
            },
          })),
        ]}
      />
    </div>
  );
}

function GapTable({
  areaId,
  kind,
  level,
  coverage,
  onPage,
}: {
  areaId: number | undefined;
  kind: ServiceKind;
  level: LifeCircle;
  coverage: Coverage;
  onPage: (page: GapPage) => void;
}) {
  const { t } = useTranslation();
  const communities = new Map(coverage.communities.map((c) => [c.communityId, c.name]));
  const columns: ColumnsType<Gap> = [
    { title: t('serviceMap.building'), dataIndex: 'name', ellipsis: true },
    { title: t('serviceMap.community'), dataIndex: 'communityId', render: (id: number) => communities.get(id) ?? id },
    { title: t('serviceMap.residents'), dataIndex: 'residents', align: 'right', width: 90 },
    {
      title: t('serviceMap.nearest'),
      key: 'nearest',
      ellipsis: true,
      render: (_, g) => g.nearest?.station.name ?? <Tag>{t('serviceMap.outOfReach')}</Tag>,
    },
    {
      title: t('serviceMap.walkMinutes'),
      key: 'minutes',
      align: 'right',
      width: 110,
      render: (_, g) => g.nearest?.minutes ?? '—',
    },
  ];
  return (
    <Card
      size="small"
      className="gz-servicemap-gaps"
      title={t('serviceMap.gaps', { kind: t(`stations.services.${kind}`), minutes: level })}
    >
      <CursorTable
        size="small"
        rowKey="buildingId"
        columns={columns}
        pageQuery={(page) => serviceMapQueries.gaps({ areaId, kind, level, ...page })}
        onPage={onPage}
        defaultPageSize={20}
        locale={{ emptyText: <Empty description={t('serviceMap.gapsEmpty', { minutes: level })} /> }}
        data-testid="servicemap-gaps"
      />
    </Card>
  );
}

/** Each community's 15-minute coverage of every kind, coloured, and the kinds it lacks. */
function CommunityTable({ coverage }: { coverage: Coverage }) {
  const { t } = useTranslation();
  type Row = Coverage['communities'][number];
  const columns: ColumnsType<Row> = [
    { title: t('serviceMap.community'), dataIndex: 'name', fixed: 'left', width: 140 },
    { title: t('serviceMap.residents'), dataIndex: 'residents', align: 'right', width: 80 },
    ...coverage.kinds.map((k) => ({
      title: t(`stations.services.${k.kind}`),
      key: k.kind,
      align: 'right' as const,
      width: 96,
      render: (_: unknown, row: Row) => {
        const share = row.kinds.find((x) => x.kind === k.kind)?.levels.find((l) => l.minutes === 15)?.residentsShare;
        return share === undefined ? (
          '—'
        ) : (
          <span className="gz-servicemap-share" style={{ background: shareColor(share) }}>
            {percent(share)}
          </span>
        );
      },
    })),
    {
      title: t('serviceMap.missing'),
      key: 'missing',
      width: 220,
      render: (_: unknown, row: Row) =>
        row.missingKinds.length === 0
          ? t('serviceMap.none')
          : row.missingKinds.map((k) => (
              <Tag color="red" key={k}>
                {t(`stations.services.${k}`)}
              </Tag>
            )),
    },
  ];
  return (
    <Card size="small" title={t('serviceMap.byCommunity')} className="gz-servicemap-communities">
      <Table<Row>
        size="small"
        rowKey="communityId"
        columns={columns}
        dataSource={coverage.communities}
        pagination={coverage.communities.length > 20 ? { pageSize: 20 } : false}
        scroll={{ x: 'max-content' }}
      />
    </Card>
  );
}
