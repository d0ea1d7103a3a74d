import { area } from '@turf/area';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { featureCollection, feature } from '@turf/helpers';
import { intersect } from '@turf/intersect';
import type { GridGeometry } from './tables.ts';

/** Mainland China with a margin; points outside are surely a mistake (or lat/lng swapped). */
export const CHINA_BOUNDS = { minLat: 3.5, maxLat: 54, minLng: 73, maxLng: 136 };

export function withinChina(lat: number, lng: number) {
  return (
    lat >= CHINA_BOUNDS.minLat && lat <= CHINA_BOUNDS.maxLat && lng >= CHINA_BOUNDS.minLng && lng <= CHINA_BOUNDS.maxLng
  );
}

function rings(geometry: GridGeometry): number[][][] {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

/** Problems with a polygon, in words; empty when it can be used as a grid boundary. */
export function geometryProblems(geometry: GridGeometry): string[] {
  const problems: string[] = [];
  const all = rings(geometry);
  if (all.length === 0) problems.push('no rings');
  for (const [i, ring] of all.entries()) {
    if (ring.length < 4) problems.push(`ring ${i} has fewer than 4 positions`);
    const first = ring[0];
    const last = ring[ring.length - 1];
    if (!first || !last || first[0] !== last[0] || first[1] !== last[1]) problems.push(`ring ${i} is not closed`);
    for (const pos of ring) {
      const [lng, lat] = pos;
      if (pos.length < 2 || typeof lng !== 'number' || typeof lat !== 'number' || !withinChina(lat, lng)) {
        problems.push(`ring ${i} has a position outside China: ${JSON.stringify(pos)}`);
        break;
      }
    }
  }
  return problems;
}

export function boundingBox(geometry: GridGeometry) {
  let minLat = Infinity;
  let minLng = Infinity;
  let maxLat = -Infinity;
  let maxLng = -Infinity;
  for (const ring of rings(geometry)) {
    for (const [lng, lat] of ring) {
      minLat = Math.min(minLat, lat!);
      maxLat = Math.max(maxLat, lat!);
      minLng = Math.min(minLng, lng!);
      maxLng = Math.max(maxLng, lng!);
    }
  }
  return { minLat, minLng, maxLat, maxLng };
}

/** PostgreSQL box literal for a bounding box, x = lng and y = lat. */
export function boxLiteral(geometry: GridGeometry): string {
  const b = boundingBox(geometry);
  return `(${b.minLng},${b.minLat}),(${b.maxLng},${b.maxLat})`;
}

/** Area-weighted centroid of the outer ring(s), good enough to place a label. */
export function centroid(geometry: GridGeometry): { lat: number; lng: number } {
  const outer = geometry.type === 'Polygon' ? [geometry.coordinates[0]!] : geometry.coordinates.map((p) => p[0]!);
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (const ring of outer) {
    for (let i = 0; i < ring.length - 1; i++) {
      const [x0, y0] = ring[i]!;
      const [x1, y1] = ring[i + 1]!;
      const cross = x0! * y1! - x1! * y0!;
      area += cross;
      cx += (x0! + x1!) * cross;
      cy += (y0! + y1!) * cross;
    }
  }
  if (area === 0) {
    const b = boundingBox(geometry);
    return { lat: (b.minLat + b.maxLat) / 2, lng: (b.minLng + b.maxLng) / 2 };
  }
  return { lat: cy / (3 * area), lng: cx / (3 * area) };
}

export function containsPoint(geometry: GridGeometry, lat: number, lng: number): boolean {
  return booleanPointInPolygon([lng, lat], geometry);
}

/** Area in m² that two boundaries share (0 when they only touch or are apart). */
export function sharedArea(a: GridGeometry, b: GridGeometry): number {
  const shared = intersect(featureCollection([feature(a), feature(b)]));
  return shared ? area(shared) : 0;
}

const METERS_PER_DEGREE_LAT = 111_320;

/** The box (south, west, north, east) that holds every point within `meters` of a point. */
export function boxAround(lat: number, lng: number, meters: number) {
  const dLat = meters / METERS_PER_DEGREE_LAT;
  const dLng = meters / (METERS_PER_DEGREE_LAT * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
  return { south: lat - dLat, west: lng - dLng, north: lat + dLat, east: lng + dLng };
}
