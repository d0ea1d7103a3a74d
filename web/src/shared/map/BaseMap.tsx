import { geoJSON, type LatLng, type LatLngBoundsExpression } from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { GeoJSON, MapContainer, useMap } from 'react-leaflet';
import { useClientConfig } from '../config.ts';
import { MapTiles, onGcjTiles } from './MapTiles.tsx';
import { gcj02ToWgs84, wgs84ToGcj02 } from '../geo/gcj02.ts';
import { GRID_KIND_COLORS } from '../labels.ts';
import type { GridFeature, LatLng as Point } from '../types.ts';
import { toGcj02 } from '../geo/geometry.ts';
import { orgQueries } from '../query/org.ts';
import { useQuery, keepPreviousData } from '@tanstack/react-query';

export const HANGZHOU: [number, number] = [30.2878, 120.1738];

interface Datum {
  /** A WGS-84 point from the API, where the map draws it. */
  toView: (point: Point) => [number, number];
  /** A point on the map (a click), as WGS-84 for the API. */
  fromView: (at: LatLng) => Point;
}

const identity: Datum = { toView: (p) => [p.lat, p.lng], fromView: (at) => ({ lat: at.lat, lng: at.lng }) };
const gcj: Datum = {
  toView: (p) => {
    const [lng, lat] = wgs84ToGcj02(p.lng, p.lat);
    return [lat, lng];
  },
  fromView: (at) => {
    const [lng, lat] = gcj02ToWgs84(at.lng, at.lat);
    return { lat, lng };
  },
};

const DatumContext = createContext<Datum>(identity);

/** Converts between the API's WGS-84 and the datum the map is drawn in (GCJ-02 on Chinese tiles). */
export function useDatum(): Datum {
  return useContext(DatumContext);
}

interface BaseMapProps {
  center?: Point;
  zoom?: number;
  className?: string;
  /**
   * Grid boundaries drawn faintly behind, as the only landmarks when there are no tiles:
   * of one community, or of those in a set (an area), or all the caller may see.
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
  if (!shown) return null;
  return (
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
