import { i18n } from './i18n/index.ts';
import type { LatLng } from './types.ts';

/**
 * Where the device is, from the browser (WGS-84, as the API wants). Rejects with a
 * message to show when the user says no, there is no fix, or it takes too long.
 */
export function currentPosition(timeoutMs = 10_000): Promise<LatLng> {
  return new Promise((resolve, reject) => {
    if (typeof navigator === 'undefined' || !navigator.geolocation) {
      reject(new Error(i18n.t('location.unsupported')));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (position) => resolve({ lat: position.coords.latitude, lng: position.coords.longitude }),
      (error) =>
        reject(new Error(i18n.t(error.code === error.PERMISSION_DENIED ? 'location.denied' : 'location.unavailable'))),
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
    );
  });
}

/** Six decimals (~0.1 m) is all a location needs. */
export function roundCoord(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
