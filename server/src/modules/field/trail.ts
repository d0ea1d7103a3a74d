import { gcj02ToWgs84 } from '../../platform/gcj02.ts';
import { distanceMeters } from '../../platform/geo.ts';

/**
 * A patrol's trail, without the database: GCJ-02 positions (what Chinese map SDKs and
 * WeChat hand out) turned into the WGS-84 we store, and the distance walked.
 */

export type Datum = 'wgs84' | 'gcj02';

/** A position as given, in WGS-84. */
export function toWgs84(p: { lat: number; lng: number; datum: Datum }): { lat: number; lng: number } {
  if (p.datum !== 'gcj02') return { lat: p.lat, lng: p.lng };
  const [lng, lat] = gcj02ToWgs84(p.lng, p.lat);
  return { lat, lng };
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
