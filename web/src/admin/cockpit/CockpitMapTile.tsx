import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { cellToBoundary } from 'h3-js';
import type { Polygon as LeafletPolygon } from 'leaflet';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Polygon, Tooltip, useMap, useMapEvents } from 'react-leaflet';
import { useNavigate } from 'react-router-dom';
import { useDebounced } from '../../shared/live.tsx';
import { BaseMap, useDatum } from '../../shared/map/BaseMap.tsx';
import {
  type CockpitMapView,
  type CockpitUnitQuery,
  cellListHref,
  cockpitQueries,
} from '../../shared/query/cockpit.ts';
import { orgQueries } from '../../shared/query/org.ts';
import type { MapCluster } from '../../shared/types.ts';
import { communitiesUnder, indexOrgTree } from '../org/orgIndex.ts';
import { classLabel, type HexClass, hexClasses, hexColour } from './hex-scale.ts';
import './cockpit-map.css';

/** From zoom 17 the map endpoint gives single matters; the tile keeps to cells. */
const MAX_CELL_ZOOM = 16;
const NO_CLUSTERS: MapCluster[] = [];

/**
 * 事项分布: the unit's grid polygons with H3 hexagons coloured by their open matters (在办).
 * Open matters rather than the period's: a leader looks at the map for where work stands
 * now, and the counts are kept per cell as matters open and close, so the map is cheap at any
 * size. Each hexagon opens the list of exactly the matters it counts.
 */
export function CockpitMapTile({ unit, variant }: { unit: CockpitUnitQuery; variant: 'console' | 'wall' }) {
  const { t } = useTranslation();
  const tree = useQuery(orgQueries.tree());
  // The grids drawn: those of the communities under the area, of the grid's community, or all the caller sees.
  const backdrop = useMemo(() => {
    if (!tree.data) return null;
    const index = indexOrgTree(tree.data);
    if (unit.gridId) {
      const grid = index.gridById.get(unit.gridId);
      return grid ? { communityId: grid.communityId } : {};
    }
    if (unit.areaId) return { communityIds: new Set(communitiesUnder(index, unit.areaId).map((c) => c.id)) };
    return {};
  }, [tree.data, unit.areaId, unit.gridId]);
  const [shown, setShown] = useState<{ clusters: MapCluster[]; classes: HexClass[] }>({ clusters: [], classes: [] });
  const total = shown.clusters.reduce((sum, c) => sum + c.count, 0);

  return (
    <div className={`gz-cockpit-map gz-cockpit-map-${variant}`} data-testid="cockpit-map">
      {backdrop ? (
        <BaseMap
          key={`${unit.areaId ?? ''}-${unit.gridId ?? ''}`}
          zoom={13}
          className="gz-cockpit-map-canvas"
          backdrop={backdrop}
          fitBackdrop
        >
          <HexLayer unit={unit} onShown={setShown} />
        </BaseMap>
      ) : (
        <div className="gz-cockpit-map-canvas" />
      )}
      <div className="gz-cockpit-map-legend" data-testid="cockpit-map-legend">
        <div className="gz-cockpit-map-legend-title">{t('cockpit.map.legend')}</div>
        {shown.classes.length === 0 ? (
          <div className="gz-cockpit-map-legend-note">{t('cockpit.map.none')}</div>
        ) : (
          shown.classes.map((c) => (
            <div key={c.from} className="gz-cockpit-map-legend-row">
              <span className="gz-cockpit-map-swatch" style={{ background: c.colour }} />
              {classLabel(c)}
            </div>
          ))
        )}
        <div className="gz-cockpit-map-legend-note" data-testid="cockpit-map-total">
          {t('cockpit.map.total', { count: total, cells: shown.clusters.length })}
        </div>
        {variant === 'console' && <div className="gz-cockpit-map-legend-note">{t('cockpit.map.hint')}</div>}
      </div>
    </div>
  );
}

/** Asks for the cells of the view once the map settles (framed on the unit, or moved), and draws them. */
function HexLayer({
  unit,
  onShown,
}: {
  unit: CockpitUnitQuery;
  onShown: (shown: { clusters: MapCluster[]; classes: HexClass[] }) => void;
}) {
  const { t } = useTranslation();
  const map = useMap();
  const navigate = useNavigate();
  const { fromView, toView } = useDatum();
  const [view, setView] = useState<CockpitMapView | null>(null);
  const readView = useDebounced(() => {
    const bounds = map.getBounds();
    const sw = fromView(bounds.getSouthWest());
    const ne = fromView(bounds.getNorthEast());
    setView({
      south: Math.max(-90, sw.lat).toFixed(5),
      west: Math.max(-180, sw.lng).toFixed(5),
      north: Math.min(90, ne.lat).toFixed(5),
      east: Math.min(180, ne.lng).toFixed(5),
      zoom: Math.min(MAX_CELL_ZOOM, Math.round(map.getZoom())),
    });
  }, 300);
  useMapEvents({ moveend: readView, zoomend: readView });
  useEffect(readView, [readView]);
  const cells = useQuery({
    ...cockpitQueries.map(unit, view ?? { south: '0', west: '0', north: '0', east: '0', zoom: 1 }),
    enabled: view !== null,
    placeholderData: keepPreviousData,
  });
  // One empty list for every render without data: a new [] each time would report it up without end.
  const clusters = cells.data?.clusters ?? NO_CLUSTERS;
  const classes = useMemo(() => hexClasses(clusters.map((c) => c.count)), [clusters]);
  useEffect(() => onShown({ clusters, classes }), [clusters, classes, onShown]);
  const shapes = useMemo(
    () =>
      clusters.map((c) => ({
        cluster: c,
        ring: cellToBoundary(c.cell).map(([lat, lng]) => toView({ lat, lng })),
      })),
    [clusters, toView],
  );

  return shapes.map(({ cluster, ring }) => (
    <HexShape
      key={cluster.cell}
      ring={ring}
      cluster={cluster}
      colour={hexColour(classes, cluster.count)}
      label={t('cockpit.map.cellTip', { count: cluster.count })}
      onOpen={() => navigate(cellListHref(unit, cluster.cell))}
    />
  ));
}

/** One hexagon, with its cell and count on the drawn shape for assistive tools and tests. */
function HexShape({
  ring,
  cluster,
  colour,
  label,
  onOpen,
}: {
  ring: [number, number][];
  cluster: MapCluster;
  colour: string;
  label: string;
  onOpen: () => void;
}) {
  const ref = useRef<LeafletPolygon | null>(null);
  useEffect(() => {
    const element = ref.current?.getElement();
    element?.setAttribute('data-cell', cluster.cell);
    element?.setAttribute('data-count', String(cluster.count));
    element?.setAttribute('aria-label', label);
  }, [cluster.cell, cluster.count, label]);
  return (
    <Polygon
      ref={ref}
      positions={ring}
      // A class is given to the shape only when it is made (Leaflet's className), not by pathOptions.
      className="gz-hex"
      pathOptions={{ color: '#7f2704', weight: 1, opacity: 0.7, fillColor: colour, fillOpacity: 0.6 }}
      eventHandlers={{ click: onOpen }}
    >
      <Tooltip sticky>{label}</Tooltip>
    </Polygon>
  );
}
