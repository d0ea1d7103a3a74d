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

/** A position as the phone gives it while watching: where, how sure (metres), and when. */
export interface WatchedPosition extends LatLng {
  accuracy: number;
  at: Date;
}

/**
 * Follows the device's position (navigator.geolocation.watchPosition) until the returned
 * function is called. Errors are passed as a message to show.
 */
export function watchPosition(onPosition: (position: WatchedPosition) => void, onError: (message: string) => void) {
  if (typeof navigator === 'undefined' || !navigator.geolocation) {
    onError(i18n.t('location.unsupported'));
    return () => undefined;
  }
  const id = navigator.geolocation.watchPosition(
    (p) =>
      onPosition({
        lat: p.coords.latitude,
        lng: p.coords.longitude,
        accuracy: p.coords.accuracy,
        at: new Date(p.timestamp),
      }),
    (error) => onError(i18n.t(error.code === error.PERMISSION_DENIED ? 'location.denied' : 'location.unavailable')),
    { enableHighAccuracy: true, maximumAge: 5_000 },
  );
  return () => navigator.geolocation.clearWatch(id);
}
