import type { LatLng } from 'leaflet';
import { createContext, useContext, type ReactNode } from 'react';
import { gcj02ToWgs84, wgs84ToGcj02 } from '../geo/gcj02.ts';
import type { LatLng as Point } from '../types.ts';

interface Datum {
  /** A WGS-84 point from the API, where the map draws it. */
  toView: (point: Point) => [number, number];
  /** A point on the map (a click), as WGS-84 for the API. */
  fromView: (at: LatLng) => Point;
}

export const identity: Datum = { toView: (p) => [p.lat, p.lng], fromView: (at) => ({ lat: at.lat, lng: at.lng }) };
export const gcj: Datum = {
  toView: (p) => {
    const [lng, lat] = wgs84ToGcj02(p.lng, p.lat);
    return [lat, lng];
  },
  fromView: (at) => {
    const [lng, lat] = gcj02ToWgs84(at.lng, at.lat);
    return { lat, lng };
  },
};

export const DatumContext = createContext<Datum>(identity);

/** Converts between the API's WGS-84 and the datum the map is drawn in (GCJ-02 on Chinese tiles). */
export function useDatum(): Datum {
  return useContext(DatumContext);
}

/** For a map made without BaseMap: the datum its children convert through. */
export function MapDatum({ gcj: onGcj, children }: { gcj: boolean; children: ReactNode }) {
  return <DatumContext.Provider value={onGcj ? gcj : identity}>{children}</DatumContext.Provider>;
}
