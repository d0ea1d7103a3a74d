import { geoJSON, type LatLngBoundsExpression } from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useMemo, type ReactNode } from 'react';
import { GeoJSON, MapContainer, useMap } from 'react-leaflet';
import { useClientConfig } from '../config.ts';
import { MapTiles, onGcjTiles } from './MapTiles.tsx';
import { GridLabels } from './GridLabels.tsx';
import { BuildingsLayer } from './BuildingsLayer.tsx';
import { GRID_KIND_COLORS } from '../labels.ts';
import type { GridFeature, LatLng as Point } from '../types.ts';
import { DatumContext, gcj, identity, useDatum } from './datum.tsx';

export { MapDatum, useDatum } from './datum.tsx';
import { toGcj02 } from '../geo/geometry.ts';
import { orgQueries } from '../query/org.ts';
import { useQuery, keepPreviousData } from '@tanstack/react-query';

export const HANGZHOU: [number, number] = [30.2878, 120.1738];

interface BaseMapProps {
  center?: Point;
  zoom?: number;
  className?: string;
  /**
   * Grid boundaries drawn faintly behind, with their names, and the buildings with theirs
   * closer in: the landmarks when there are no tiles. Of one community, or of those in a
   * set (an area), or all the caller may see.
   */
  backdrop?: { communityId?: number; communityIds?: ReadonlySet<number> } | false;
  /** Frame the backdrop's grids once they are drawn (when there is no centre to start from). */
  fitBackdrop?: boolean;
  children?: ReactNode;
}

/**
 * A Leaflet map that works without a tile server: tiles when configured, otherwise
 * a blank canvas with the grid boundaries as the backdrop. Views set by code (framing,
 * following a point) jump rather than animate: an animation still running when the
 * page is left throws inside Leaflet ("_leaflet_pos" of a removed pane).
 */
export function BaseMap({
  center,
  zoom = 16,
  className = 'gz-map',
  backdrop = {},
  fitBackdrop = false,
  children,
}: BaseMapProps) {
  const config = useClientConfig();
  const mapConfig = config.data?.map;
  const datum = onGcjTiles(mapConfig) ? gcj : identity;
  const start = center ? datum.toView(center) : HANGZHOU;
  return (
    <DatumContext.Provider value={datum}>
      <MapContainer center={start} zoom={zoom} className={className} attributionControl={false}>
        <MapTiles map={mapConfig} />
        {backdrop && (
          <GridBackdrop
            communityId={backdrop.communityId}
            within={backdrop.communityIds}
            fit={fitBackdrop}
            gcj={datum === gcj}
          />
        )}
        {children}
      </MapContainer>
    </DatumContext.Provider>
  );
}

function GridBackdrop({
  communityId,
  within,
  fit,
  gcj: onGcj,
}: {
  communityId?: number;
  within?: ReadonlySet<number>;
  fit: boolean;
  gcj: boolean;
}) {
  const map = useMap();
  // Grids are context on the map: a failure leaves them out rather than breaking the map.
  const grids = useQuery({ ...orgQueries.gridsGeoJson({ communityId }), placeholderData: keepPreviousData });
  const shown = useMemo(() => {
    if (!grids.data) return null;
    const kept = within
      ? { ...grids.data, features: grids.data.features.filter((f) => within.has(f.properties.communityId)) }
      : grids.data;
    return onGcj ? toGcj02(kept) : kept;
  }, [grids.data, within, onGcj]);
  useEffect(() => {
    if (!fit || !shown || shown.features.length === 0) return;
    const bounds = geoJSON(shown).getBounds();
    if (bounds.isValid())
      map.fitBounds(bounds as LatLngBoundsExpression, { padding: [16, 16], maxZoom: 17, animate: false });
  }, [fit, shown, map]);
  if (!shown) return <BuildingsLayer communityId={communityId} />;
  return (
    <>
      <BuildingsLayer communityId={communityId} gridNames={shown} />
      <GridLabels collection={shown} />
      <GeoJSON
        key={`${communityId ?? 'all'}-${[...(within ?? [])].join('.')}-${onGcj}`}
        data={shown}
        interactive={false}
        style={(feature) => {
          const kind = (feature as GridFeature | undefined)?.properties.kind ?? 'resident';
          return {
            color: GRID_KIND_COLORS[kind],
            weight: 1,
            opacity: 0.55,
            fillColor: GRID_KIND_COLORS[kind],
            fillOpacity: 0.05,
          };
        }}
      />
    </>
  );
}

/** Moves the view when the point to show changes. */
export function FlyTo({ point, zoom }: { point: Point | null | undefined; zoom?: number }) {
  const map = useMap();
  const { toView } = useDatum();
  const lat = point?.lat;
  const lng = point?.lng;
  useEffect(() => {
    if (lat === undefined || lng === undefined) return;
    map.setView(toView({ lat, lng }), zoom ?? map.getZoom(), { animate: false });
  }, [lat, lng, zoom, map, toView]);
  return null;
}
