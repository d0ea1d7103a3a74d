import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Map as LeafletMap } from 'leaflet';
import { useMemo, useState } from 'react';
import { CircleMarker, Tooltip, useMap, useMapEvents } from 'react-leaflet';
import { orgQueries } from '../query/org.ts';
import { useDatum } from './datum.tsx';
import type { GridFeatureCollection } from '../types.ts';
import { buildingMode, declutter, fetchBox } from './buildings.ts';
import { gridLabelPlaces, shownGridLabels } from './GridLabels.tsx';
import './labels.css';

const readView = (map: LeafletMap) => ({ zoom: map.getZoom(), bounds: map.getBounds(), size: map.getSize() });

/**
 * The buildings of the caller's area in view, as small points once a community fills the map,
 * with their names written beside them closer in (as many as fit without overlapping). The
 * landmarks of a map without tiles. A failure (no right to read the org) leaves them out.
 */
export function BuildingsLayer({
  communityId,
  gridNames,
}: {
  communityId?: number | undefined;
  /** The grids whose names are written on the map (in the map's datum): building names keep off them. */
  gridNames?: GridFeatureCollection | null | undefined;
}) {
  const map = useMap();
  const { toView, fromView } = useDatum();
  const [view, setView] = useState(() => readView(map));
  useMapEvents({ moveend: () => setView(readView(map)), zoomend: () => setView(readView(map)) });
  const mode = buildingMode(view.zoom);
  const box = useMemo(() => {
    const sw = fromView(view.bounds.getSouthWest());
    const ne = fromView(view.bounds.getNorthEast());
    return fetchBox({ south: sw.lat, west: sw.lng, north: ne.lat, east: ne.lng });
  }, [view, fromView]);
  const points = useQuery({
    ...orgQueries.buildingPoints(box, communityId),
    enabled: mode !== 'hidden',
    placeholderData: keepPreviousData,
  });
  const placed = useMemo(
    () =>
      (points.data?.features ?? []).map((f) => ({
        feature: f,
        at: toView({ lat: f.geometry.coordinates[1], lng: f.geometry.coordinates[0] }),
      })),
    [points.data, toView],
  );
  const gridPlaces = useMemo(() => (gridNames ? gridLabelPlaces(gridNames) : []), [gridNames]);
  const labelled = useMemo(() => {
    if (mode !== 'labels') return new Set<number>();
    const reserved = shownGridLabels(map, gridPlaces).map((g) => {
      const p = map.latLngToContainerPoint(g.center);
      return { id: g.id, text: g.text, x: p.x, y: p.y };
    });
    const onScreen = placed
      .map(({ feature, at }) => {
        const p = map.latLngToContainerPoint(at);
        return { id: feature.id, text: feature.properties.name, x: p.x, y: p.y };
      })
      .filter((c) => c.x >= 0 && c.y >= 0 && c.x <= view.size.x && c.y <= view.size.y);
    // Nor run over another building's point.
    const dots = onScreen.map((c) => ({ ...c, text: '' }));
    return new Set(declutter(onScreen, [...reserved, ...dots]));
    // The view is read again on every move: labels follow the zoom and the pan.
  }, [mode, placed, map, view, gridPlaces]);
  if (mode === 'hidden') return null;
  return (
    <>
      {placed.map(({ feature, at }) => {
        const named = labelled.has(feature.id);
        return (
          <CircleMarker
            key={`${feature.id}-${named}`}
            center={at}
            radius={named ? 4 : 3}
            pathOptions={{
              color: '#5b6b7f',
              weight: 1.5,
              fillColor: '#ffffff',
              fillOpacity: 1,
            }}
            className="gz-building-point"
          >
            {named ? (
              <Tooltip permanent direction="right" offset={[4, 0]} className="gz-building-label">
                {feature.properties.name}
              </Tooltip>
            ) : (
              <Tooltip direction="top" offset={[0, -4]}>
                <strong>{feature.properties.name}</strong>
                {feature.properties.address && <div>{feature.properties.address}</div>}
              </Tooltip>
            )}
          </CircleMarker>
        );
      })}
    </>
  );
}
