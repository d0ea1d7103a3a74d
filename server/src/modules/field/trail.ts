import { distanceMeters } from '../../platform/geo.ts';

/**
 * A patrol's trail, without the database: GCJ-02 positions (what Chinese map SDKs and
 * WeChat hand out) turned into the WGS-84 we store, and the distance walked.
 */

const A = 6378245.0; // Krasovsky 1940 semi-major axis
// biome-ignore lint/correctness/noPrecisionLoss: the published constant, as the GCJ-02 references give it
const EE = 0.00669342162296594323; // its eccentricity squared

function outsideChina(lng: number, lat: number): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function transformLat(x: number, y: number): number {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return r;
}

function transformLng(x: number, y: number): number {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return r;
}

/** WGS-84 → GCJ-02, [lng, lat]; the same formula as the web's (web/src/shared/geo/gcj02.ts). */
function wgs84ToGcj02(lng: number, lat: number): [number, number] {
  if (outsideChina(lng, lat)) return [lng, lat];
  const radLat = (lat / 180.0) * Math.PI;
  const magic = 1 - EE * Math.sin(radLat) ** 2;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (transformLat(lng - 105.0, lat - 35.0) * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  const dLng = (transformLng(lng - 105.0, lat - 35.0) * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lng + dLng, lat + dLat];
}

/** GCJ-02 → WGS-84 by fixed-point iteration, to well under a centimetre. */
export function gcj02ToWgs84(lat: number, lng: number): { lat: number; lng: number } {
  if (outsideChina(lng, lat)) return { lat, lng };
  let wgsLng = lng;
  let wgsLat = lat;
  for (let i = 0; i < 10; i++) {
    const [gLng, gLat] = wgs84ToGcj02(wgsLng, wgsLat);
    const dLng = gLng - lng;
    const dLat = gLat - lat;
    wgsLng -= dLng;
    wgsLat -= dLat;
    if (Math.abs(dLng) < 1e-9 && Math.abs(dLat) < 1e-9) break;
  }
  return { lat: wgsLat, lng: wgsLng };
}

export type Datum = 'wgs84' | 'gcj02';

/** A position as given, in WGS-84. */
export function toWgs84(p: { lat: number; lng: number; datum: Datum }): { lat: number; lng: number } {
  return p.datum === 'gcj02' ? gcj02ToWgs84(p.lat, p.lng) : { lat: p.lat, lng: p.lng };
}

/** Metres along the samples in time order, poor ones (too inaccurate to trust) left out. */
export function trailMeters(samples: ReadonlyArray<{ lat: number; lng: number; poor: boolean }>): number {
  let total = 0;
  let last: { lat: number; lng: number } | null = null;
  for (const s of samples) {
    if (s.poor) continue;
    if (last) total += distanceMeters(last.lat, last.lng, s.lat, s.lng);
    last = s;
  }
  return total;
}
