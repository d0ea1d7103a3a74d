import { Alert, Card, Checkbox, Spin, TreeSelect, Typography } from 'antd';
import { geoJSON, type LatLng, type Layer, type PathOptions } from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GeoJSON, MapContainer, Popup, useMap, useMapEvents } from 'react-leaflet';
import { useSearchParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../../shared/api.ts';
import { useClientConfig } from '../../shared/config.ts';
import { roundCoord } from '../../shared/geolocation.ts';
import { NearestBuilding } from '../components/NearestBuilding.tsx';
import { MapTiles, onGcjTiles as drawnOnGcj } from '../../shared/map/MapTiles.tsx';
import { GridLabels } from '../../shared/map/GridLabels.tsx';
import { BuildingsLayer } from '../../shared/map/BuildingsLayer.tsx';
import { MapDatum } from '../../shared/map/BaseMap.tsx';
import { gcj02ToWgs84 } from '../../shared/geo/gcj02.ts';
import { GRID_KIND_COLORS, gridKindLabel } from '../../shared/labels.ts';
import type { GridFeature, GridFeatureCollection, GridKind, LocateResult } from '../../shared/types.ts';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { GridMapDrawer } from '../map/GridMapDrawer.tsx';
import {
  PatrolDayPanel,
  PatrolTrailControl,
  PatrolTrailsLayer,
  usePatrolDay,
  workersOf,
} from '../map/PatrolTrails.tsx';
import { zonedDate } from '../../shared/time.ts';
import { toGcj02 } from '../../shared/geo/geometry.ts';
import { useOrgTree } from '../org/OrgTreeContext.tsx';
import { areaTree, communitiesUnder } from '../org/orgIndex.ts';
import { orgQueries } from '../../shared/query/org.ts';
import { useQuery, keepPreviousData } from '@tanstack/react-query';
import { orgCalls } from '../../shared/query/org.ts';

const DRAWN_KINDS: GridKind[] = ['resident', 'special'];
const HANGZHOU: [number, number] = [30.2878, 120.1738];

type Located = { at: LatLng; point: { lat: number; lng: number } } & (
  | { state: 'loading' }
  | { state: 'found'; result: LocateResult }
  | { state: 'none' }
  | { state: 'error'; message: string }
);

export default function GridMapPage() {
  const { t } = useTranslation();
  const { index } = useOrgTree();
  const [params, setParams] = useSearchParams();
  // The area is a division of any level; a whole district is drawn at once, as the
  // boundaries of far-apart districts would shrink to dots on one map.
  const requestedArea = Number(params.get('area') ?? params.get('communityId')) || undefined;
  const areaOptions = useMemo(() => (index ? areaTree(index) : []), [index]);
  const areaId = requestedArea ?? areaOptions[0]?.value;
  const area = areaId !== undefined ? index?.divisionById.get(areaId) : undefined;
  const communityId = area?.level === 'community' ? area.id : undefined;
  const areaCommunityIds = useMemo(
    () => (index && areaId !== undefined ? new Set(communitiesUnder(index, areaId).map((c) => c.id)) : null),
    [index, areaId],
  );
  const [kinds, setKinds] = useState<GridKind[]>(DRAWN_KINDS);
  const [openGridId, setOpenGridId] = useState<number | null>(null);
  const [located, setLocated] = useState<Located | null>(null);
  // 巡查轨迹: the day's trails over the grids, ?trails=YYYY-MM-DD to open the map with them.
  const [trailDate, setTrailDate] = useState<string | null>(params.get('trails'));
  const patrolDay = usePatrolDay(trailDate, communityId, areaCommunityIds);
  const trailWorkers = useMemo(() => workersOf(patrolDay.data), [patrolDay.data]);

  const config = useClientConfig();
  // The grids shown stay until the next area's have come, so the map never flashes empty.
  const collection = useQuery({ ...orgQueries.gridsGeoJson({ communityId }), placeholderData: keepPreviousData });
  const inArea = useMemo(() => {
    if (!collection.data || !areaCommunityIds) return undefined;
    return {
      ...collection.data,
      features: collection.data.features.filter((f) => areaCommunityIds.has(f.properties.communityId)),
    };
  }, [collection.data, areaCommunityIds]);
  const onGcjTiles = drawnOnGcj(config.data?.map);

  const shown = useMemo(() => {
    if (!inArea) return undefined;
    const filtered = { ...inArea, features: inArea.features.filter((f) => kinds.includes(f.properties.kind)) };
    return onGcjTiles ? toGcj02(filtered) : filtered;
  }, [inArea, kinds, onGcjTiles]);

  const mobileGridCount = (index?.tree.grids ?? []).filter(
    (g) => g.kind === 'mobile' && areaCommunityIds?.has(g.communityId),
  ).length;

  const locate = async (at: LatLng) => {
    // Clicks land in the tiles' datum; the API speaks WGS-84.
    const [lng, lat] = onGcjTiles ? gcj02ToWgs84(at.lng, at.lat) : [at.lng, at.lat];
    const point = { lat: roundCoord(lat), lng: roundCoord(lng) };
    setLocated({ at, point, state: 'loading' });
    try {
      const result = await orgCalls.locate(lat, lng);
      setLocated({ at, point, state: 'found', result });
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) setLocated({ at, point, state: 'none' });
      else setLocated({ at, point, state: 'error', message: errorMessage(error) });
    }
  };

  return (
    <div className="gz-page">
      <PageHeader title={t('nav.map')} description={t('map.subtitle')} />
      <Card>
        <div className="gz-filters">
          <TreeSelect
            showSearch={{ treeNodeFilterProp: 'title' }}
            placeholder={t('map.area')}
            value={areaId}
            onChange={(value: number) => {
              setLocated(null);
              setOpenGridId(null);
              setParams({ area: String(value) });
            }}
            treeData={areaOptions}
            treeDefaultExpandAll
            style={{ width: 240 }}
            aria-label={t('map.area')}
          />
          <Checkbox.Group<GridKind>
            value={kinds}
            onChange={setKinds}
            options={DRAWN_KINDS.map((kind) => ({ value: kind, label: gridKindLabel(t, kind) }))}
          />
          <PatrolTrailControl date={trailDate} onChange={setTrailDate} today={zonedDate()} />
          <Typography.Text type="secondary">{t('map.clickHint')}</Typography.Text>
        </div>
        {collection.error && <LoadError error={collection.error} onRetry={() => void collection.refetch()} />}
        <div className="gz-map-wrap">
          {(collection.isLoading || config.isLoading) && (
            <div className="gz-map-loading">
              <Spin />
            </div>
          )}
          <MapContainer center={HANGZHOU} zoom={13} className="gz-map" attributionControl={false}>
            <MapTiles map={config.data?.map} />
            {shown && (
              <GridLayer
                key={`${areaId ?? 'all'}-${kinds.join()}-${onGcjTiles}`}
                collection={shown}
                selectedId={openGridId}
                onOpen={setOpenGridId}
              />
            )}
            {shown && <GridLabels collection={shown} />}
            <MapDatum gcj={onGcjTiles}>
              <BuildingsLayer communityId={communityId} gridNames={shown} />
            </MapDatum>
            {shown && <FitBounds collection={shown} />}
            {trailDate !== null && (
              <MapDatum gcj={onGcjTiles}>
                <PatrolTrailsLayer workers={trailWorkers} />
              </MapDatum>
            )}
            <ClickToLocate onClick={locate} />
            {located && (
              <Popup position={located.at} eventHandlers={{ remove: () => setLocated(null) }}>
                <LocatePopup located={located} onOpen={setOpenGridId} />
              </Popup>
            )}
          </MapContainer>
          <Legend collection={inArea} mobileGridCount={mobileGridCount} />
          {shown && shown.features.length === 0 && !collection.isLoading && (
            <div className="gz-map-empty">
              <Alert type="info" showIcon title={t('map.noBoundaries')} />
            </div>
          )}
        </div>
        {trailDate !== null && (
          <PatrolDayPanel
            day={patrolDay.data}
            workers={trailWorkers}
            loading={patrolDay.isLoading}
            error={patrolDay.error}
            onRetry={() => void patrolDay.refetch()}
          />
        )}
      </Card>
      <GridMapDrawer gridId={openGridId} onClose={() => setOpenGridId(null)} />
    </div>
  );
}

function tooltipElement(feature: GridFeature, personsLabel: string, buildingsLabel: string): HTMLElement {
  // Built from text nodes, so names from the data can never inject markup.
  const root = document.createElement('div');
  const title = document.createElement('strong');
  title.textContent = feature.properties.name;
  const community = document.createElement('div');
  community.textContent = feature.properties.communityName;
  const counts = document.createElement('div');
  counts.textContent = `${personsLabel} ${feature.properties.personCount} · ${buildingsLabel} ${feature.properties.buildingCount}`;
  root.append(title, community, counts);
  return root;
}

function GridLayer({
  collection,
  selectedId,
  onOpen,
}: {
  collection: GridFeatureCollection;
  selectedId: number | null;
  onOpen: (id: number) => void;
}) {
  const { t } = useTranslation();
  const style = (feature?: GridFeature): PathOptions => {
    const kind = feature?.properties.kind ?? 'resident';
    const selected = feature?.properties.id === selectedId;
    return {
      color: GRID_KIND_COLORS[kind],
      weight: selected ? 4 : 2,
      fillColor: GRID_KIND_COLORS[kind],
      fillOpacity: selected ? 0.35 : kind === 'special' ? 0.28 : 0.14,
    };
  };
  return (
    <GeoJSON
      data={collection}
      style={(feature) => style(feature as GridFeature | undefined)}
      onEachFeature={(feature: GridFeature, layer: Layer) => {
        layer.bindTooltip(tooltipElement(feature, t('map.persons'), t('map.buildings')), {
          sticky: true,
          className: 'gz-map-tooltip',
        });
        layer.on('click', () => onOpen(feature.properties.id));
      }}
    />
  );
}

/** Frames the drawn grids whenever the set changes. */
function FitBounds({ collection }: { collection: GridFeatureCollection }) {
  const map = useMap();
  useEffect(() => {
    if (collection.features.length === 0) return;
    const bounds = geoJSON(collection).getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 17, animate: false });
  }, [collection, map]);
  return null;
}

function ClickToLocate({ onClick }: { onClick: (at: LatLng) => void }) {
  useMapEvents({ click: (event) => onClick(event.latlng) });
  return null;
}

function LocatePopup({ located, onOpen }: { located: Located; onOpen: (id: number) => void }) {
  const { t } = useTranslation();
  switch (located.state) {
    case 'loading':
      return <Spin size="small" />;
    case 'none':
      return (
        <div className="gz-locate">
          <div>{t('map.outsideGrids')}</div>
          <NearestBuilding point={located.point} />
        </div>
      );
    case 'error':
      return <span className="gz-danger">{located.message}</span>;
    case 'found': {
      const { result } = located;
      return (
        <div className="gz-locate" data-testid="locate-result">
          <div className="gz-locate-title">{t('map.pointBelongsTo')}</div>
          <Typography.Link strong onClick={() => onOpen(result.grid.id)}>
            {result.grid.name}
          </Typography.Link>
          <div className="gz-muted">
            {[result.district?.name, result.street?.name, result.community.name].filter(Boolean).join(' / ')}
          </div>
          <div style={{ marginTop: 4 }}>
            <NearestBuilding point={located.point} />
          </div>
          {result.otherGrids.length > 0 && (
            <div style={{ marginTop: 4 }}>
              {t('map.alsoIn')}{' '}
              {result.otherGrids.map((g, i) => (
                <span key={g.id}>
                  {i > 0 && t('common.listSeparator')}
                  <Typography.Link onClick={() => onOpen(g.id)}>{g.name}</Typography.Link>
                </span>
              ))}
            </div>
          )}
        </div>
      );
    }
  }
}

function Legend({
  collection,
  mobileGridCount,
}: {
  collection: GridFeatureCollection | undefined;
  mobileGridCount: number;
}) {
  const { t } = useTranslation();
  const count = (kind: GridKind) => collection?.features.filter((f) => f.properties.kind === kind).length ?? 0;
  return (
    <div className="gz-map-legend">
      <div className="gz-map-legend-title">{t('map.legend')}</div>
      {DRAWN_KINDS.map((kind) => (
        <div key={kind} className="gz-map-legend-row">
          <span
            className="gz-map-swatch"
            style={{ borderColor: GRID_KIND_COLORS[kind], background: `${GRID_KIND_COLORS[kind]}33` }}
          />
          {gridKindLabel(t, kind)} <span className="gz-muted">({count(kind)})</span>
        </div>
      ))}
      <div className="gz-map-legend-row">
        <span className="gz-map-swatch gz-map-swatch-dashed" style={{ borderColor: GRID_KIND_COLORS.mobile }} />
        {gridKindLabel(t, 'mobile')}{' '}
        <span className="gz-muted">
          ({mobileGridCount}) {t('map.noFixedBoundary')}
        </span>
      </div>
    </div>
  );
}
