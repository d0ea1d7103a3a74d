/**
 * Which of the phone's positions a patrol keeps: sparingly, one about every 20 seconds or
 * 20 metres moved, whichever comes first — enough for a trail, little for the battery and the
 * network. Pure, so it is tested without a browser.
 */
export const KEEP_EVERY_MS = 20_000;
export const KEEP_EVERY_M = 20;
/** Kept positions go to the server in a batch this often (and on stop). */
export const SEND_EVERY_MS = 30_000;

export interface Fix {
  lat: number;
  lng: number;
  accuracy: number;
  at: Date;
}

/** Great-circle distance in metres. */
export function metersBetween(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Keep `next` when nothing is kept yet, or enough time has passed, or the phone has moved far enough. */
export function shouldKeep(last: Fix | undefined, next: Fix): boolean {
  if (!last) return true;
  if (next.at.getTime() - last.at.getTime() >= KEEP_EVERY_MS) return true;
  return metersBetween(last, next) >= KEEP_EVERY_M;
}
