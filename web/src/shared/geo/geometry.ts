import { wgs84ToGcj02 } from './gcj02.ts';
import type { GridFeatureCollection, GridGeometry, Position } from '../types.ts';

function mapRing(ring: Position[], convert: (lng: number, lat: number) => [number, number]): Position[] {
  return ring.map(([lng = 0, lat = 0]) => convert(lng, lat));
}

function mapGeometry(geometry: GridGeometry, convert: (lng: number, lat: number) => [number, number]): GridGeometry {
  return geometry.type === 'Polygon'
    ? { type: 'Polygon', coordinates: geometry.coordinates.map((ring) => mapRing(ring, convert)) }
    : {
        type: 'MultiPolygon',
        coordinates: geometry.coordinates.map((polygon) => polygon.map((ring) => mapRing(ring, convert))),
      };
}

/** The boundaries moved onto GCJ-02, to sit right on Chinese map tiles. */
export function toGcj02(collection: GridFeatureCollection): GridFeatureCollection {
  return {
    ...collection,
    features: collection.features.map((feature) => ({
      ...feature,
      geometry: mapGeometry(feature.geometry, wgs84ToGcj02),
    })),
  };
}
