import { Alert, Card, Checkbox, Space, Spin, Switch, TreeSelect, Typography } from 'antd';
import { divIcon, type DivIcon } from 'leaflet';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Marker, Tooltip, useMap, useMapEvents } from 'react-leaflet';
import { useSearchParams } from 'react-router-dom';
import { useCoalesced, useDebounced, useLive } from '../../shared/live.tsx';
import { pinIcon } from '../../shared/map/pin.ts';
import { STATUS_COLORS, statusLabel } from '../../shared/matters.ts';
import { OPEN_MATTER_STATUSES, type MapCluster, type MatterMap, type MatterStatus } from '../../shared/types.ts';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { BaseMap, useDatum } from '../../shared/map/BaseMap.tsx';
import { MatterDrawer } from '../matters/MatterDrawer.tsx';
import { useOrgTree } from '../org/OrgTreeContext.tsx';
import { areaTree, communitiesUnder } from '../org/orgIndex.ts';
import { mattersCalls } from '../../shared/query/matters.ts';

/** The server gives single matters from this zoom on; clusters before. */
const POINTS_ZOOM = 17;

/** A round badge sized by the count, shaded by how much of it is still open. */
function clusterIcon(cluster: MapCluster): DivIcon {
  const size = Math.round(30 + Math.min(34, Math.log10(Math.max(1, cluster.count)) * 14));
  const openShare = cluster.count > 0 ? cluster.open / cluster.count : 0;
  const tone = openShare > 0.5 ? 'hot' : openShare > 0 ? 'warm' : 'calm';
  const label = cluster.count >= 10000 ? `${Math.round(cluster.count / 1000)}k` : String(cluster.count);
  return divIcon({
    className: 'gz-cluster-wrap',
    html: `<div class="gz-cluster gz-cluster-${tone}" style="width:${size}px;height:${size}px;line-height:${size}px">${label}</div>`,
    iconSize: [size, size],
    iconAnchor: [size / 2, size / 2],
  });
}

/** 事项地图: server-side clusters (H3 cells) for the view, single matters when close in. */
export default function MattersMapPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const { index } = useOrgTree();
  const onlyOpen = params.get('all') !== '1';
  // The map starts framed on one area (the first of the caller's), as far-apart
  // districts would shrink to dots together; the area is in the URL.
  const areas = useMemo(() => (index ? areaTree(index) : []), [index]);
  const areaId = Number(params.get('area')) || areas[0]?.value;
  const areaCommunities = useMemo(
    () => (index && areaId !== undefined ? new Set(communitiesUnder(index, areaId).map((c) => c.id)) : undefined),
    [index, areaId],
  );
  const [statuses, setStatuses] = useState<MatterStatus[]>([...OPEN_MATTER_STATUSES]);
  const [openId, setOpenId] = useState<number | null>(null);
  const [state, setState] = useState<{ data?: MatterMap; zoom: number; loading: boolean; error?: unknown }>({
    zoom: 13,
    loading: true,
  });

  const points = useMemo(
    () => state.data?.points.filter((p) => statuses.includes(p.status)) ?? [],
    [state.data, statuses],
  );
  const clustered = state.zoom < POINTS_ZOOM;

  return (
    <div className="gz-page">
      <PageHeader title={t('nav.mattersMap')} description={t('mattersMap.subtitle')} />
      <Card>
        <div className="gz-filters">
          <TreeSelect
            showSearch={{ treeNodeFilterProp: 'title' }}
            placeholder={t('map.area')}
            value={areaId}
            onChange={(value: number) => {
              const p = new URLSearchParams(params);
              p.set('area', String(value));
              setParams(p);
            }}
            treeData={areas}
            treeDefaultExpandAll
            style={{ width: 220 }}
            aria-label={t('map.area')}
          />
          <Space>
            <Switch
              checked={onlyOpen}
              onChange={(checked) => {
                const p = new URLSearchParams(params);
                if (checked) p.delete('all');
                else p.set('all', '1');
                setParams(p, { replace: true });
              }}
              aria-label={t('mattersMap.onlyOpen')}
            />
            <span>{t('mattersMap.onlyOpen')}</span>
          </Space>
          <Typography.Text type="secondary">{t('mattersMap.statusFilter')}</Typography.Text>
          <Checkbox.Group<MatterStatus>
            value={statuses}
            onChange={setStatuses}
            disabled={clustered}
            options={OPEN_MATTER_STATUSES.map((s) => ({
              value: s,
              label: (
                <span className="gz-status-dot-label">
                  <span className="gz-status-dot" style={{ background: STATUS_COLORS[s] }} />
                  {statusLabel(t, s)}
                </span>
              ),
            }))}
          />
        </div>
        {state.error !== undefined && <LoadError error={state.error} />}
        <div className="gz-map-wrap">
          {state.loading && (
            <div className="gz-map-busy">
              <Spin size="small" />
            </div>
          )}
          {/* Framed once the caller's areas are known, so the first view is the right one. */}
          {index ? (
            <BaseMap
              key={areaId ?? 'all'}
              zoom={13}
              className="gz-map"
              fitBackdrop
              backdrop={areaCommunities ? { communityIds: areaCommunities } : {}}
            >
              <MatterLayer onlyOpen={onlyOpen} onState={setState} />
              {clustered
                ? state.data?.clusters.map((cluster) => <ClusterMarker key={cluster.cell} cluster={cluster} />)
                : points.map((point) => <PointMarker key={point.id} point={point} onOpen={setOpenId} />)}
            </BaseMap>
          ) : (
            <div className="gz-map gz-map-pending" />
          )}
          <div className="gz-map-legend" data-testid="matters-map-legend">
            <div className="gz-map-legend-title">{t('mattersMap.legend')}</div>
            <div className="gz-map-legend-row">
              <span className="gz-cluster gz-cluster-hot gz-cluster-sample">9</span>
              {t('mattersMap.cluster')}
            </div>
            <div className="gz-map-legend-row">
              <span className="gz-status-dot" style={{ background: STATUS_COLORS.reported }} />
              {t('mattersMap.point')}
            </div>
            <div className="gz-map-legend-row">
              <span className="gz-status-dot gz-status-dot-late" />
              {t('mattersMap.overdue')}
            </div>
            <div className="gz-muted gz-small">
              {clustered
                ? t('mattersMap.zoomHint')
                : `${t('mattersMap.pointsHint')} · ${t('mattersMap.shown', { count: points.length })}`}
            </div>
          </div>
          {!state.loading && state.data && state.data.clusters.length === 0 && state.data.points.length === 0 && (
            <div className="gz-map-empty">
              <Alert type="info" showIcon title={t('matters.empty')} />
            </div>
          )}
        </div>
      </Card>
      <MatterDrawer matterId={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}

interface LayerState {
  data?: MatterMap;
  zoom: number;
  loading: boolean;
  error?: unknown;
}

/**
 * Asks for the view's clusters or points after the map settles (debounced), cancelling
 * the previous ask, and again when a matter changes; never all matters at once.
 */
function MatterLayer({
  onlyOpen,
  onState,
}: {
  onlyOpen: boolean;
  onState: (update: (s: LayerState) => LayerState) => void;
}) {
  const map = useMap();
  const { fromView } = useDatum();
  const controller = useRef<AbortController | null>(null);

  const load = () => {
    controller.current?.abort();
    const ac = new AbortController();
    controller.current = ac;
    const bounds = map.getBounds();
    const sw = fromView(bounds.getSouthWest());
    const ne = fromView(bounds.getNorthEast());
    const zoom = Math.round(map.getZoom());
    onState((s) => ({ ...s, loading: true }));
    mattersCalls
      .map(
        {
          south: Math.max(-90, sw.lat).toFixed(6),
          west: Math.max(-180, sw.lng).toFixed(6),
          north: Math.min(90, ne.lat).toFixed(6),
          east: Math.min(180, ne.lng).toFixed(6),
          zoom,
          onlyOpen: onlyOpen ? 'true' : 'false',
        },
        ac.signal,
      )
      .then(
        (data) => {
          if (!ac.signal.aborted) onState(() => ({ data, zoom, loading: false }));
        },
        (error: unknown) => {
          if (!ac.signal.aborted) onState((s) => ({ ...s, loading: false, error }));
        },
      );
  };
  const loadSoon = useDebounced(load, 250);
  useMapEvents({ moveend: loadSoon, zoomend: loadSoon });
  // biome-ignore lint/correctness/useExhaustiveDependencies: the map loads again when the open-only filter changes
  useEffect(() => {
    loadSoon();
    return () => controller.current?.abort();
  }, [onlyOpen, loadSoon]);
  // Changes elsewhere refresh the counts, at most once a second however busy the area.
  const refresh = useCoalesced(load, 1000);
  useLive('matter', refresh);
  useLive('resync', refresh);
  return null;
}

function ClusterMarker({ cluster }: { cluster: MapCluster }) {
  const { t } = useTranslation();
  const map = useMap();
  const { toView } = useDatum();
  const at = toView(cluster);
  return (
    <Marker
      position={at}
      icon={clusterIcon(cluster)}
      eventHandlers={{ click: () => map.flyTo(at, Math.min(POINTS_ZOOM, map.getZoom() + 2), { duration: 0.4 }) }}
    >
      <Tooltip direction="top" offset={[0, -12]}>
        {t('mattersMap.clusterTip', { count: cluster.count, open: cluster.open })}
      </Tooltip>
    </Marker>
  );
}

function PointMarker({ point, onOpen }: { point: MatterMap['points'][number]; onOpen: (id: number) => void }) {
  const { t } = useTranslation();
  const { toView } = useDatum();
  return (
    <Marker
      position={toView(point)}
      icon={pinIcon(point.overdue ? '#cf1322' : STATUS_COLORS[point.status], point.overdue ? 'gz-pin-pulse' : '')}
      eventHandlers={{ click: () => onOpen(point.id) }}
    >
      <Tooltip direction="top" offset={[0, -28]}>
        {point.code} · {statusLabel(t, point.status)}
        {point.overdue && ` · ${t('mattersMap.overdue')}`}
      </Tooltip>
    </Marker>
  );
}
