import { gridDisk, latLngToCell } from 'h3-js';

/** H3 cell ids used across modules: r5 (~8 km), r7 (~1.2 km), r8 (~460 m), r9 (~170 m), r10 (~65 m). */
export function cellAt(lat: number, lng: number, res: number): string {
  return latLngToCell(lat, lng, res);
}

/** The cell holding a point and the k rings around it. */
export function cellsAround(lat: number, lng: number, res: number, k: number): string[] {
  return gridDisk(latLngToCell(lat, lng, res), k);
}

const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres. */
export function distanceMeters(aLat: number, aLng: number, bLat: number, bLng: number): number {
  const toRad = Math.PI / 180;
  const dLat = (bLat - aLat) * toRad;
  const dLng = (bLng - aLng) * toRad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * toRad) * Math.cos(bLat * toRad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}
