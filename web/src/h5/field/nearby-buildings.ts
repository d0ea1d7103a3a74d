/**
 * The building to check in at with no network: the buildings around the worker are kept on the
 * phone (localStorage) while there is one, and the nearest is then found here as the server
 * would (within 500 m, nearest first, then the lower id).
 */
import { ApiError, api } from '../../shared/api.ts';
import type { BuildingFeatureCollection, NearestBuilding } from '../../shared/types.ts';
import { metersBetween } from './sampling.ts';

export interface KnownBuilding {
  id: number;
  name: string;
  address: string;
  lat: number;
  lng: number;
}

/** As the server's /api/org/buildings/nearest. */
export const NEAREST_WITHIN_M = 500;
/** The box kept around the worker: about 1.5 km each way. */
const BOX_DEG = 0.014;
/** The box is fetched again when the worker is this far from where it was fetched, or it is this old. */
const REFETCH_M = 600;
const REFETCH_MS = 6 * 3_600_000;
const STORAGE_KEY = 'gongzhi.field.buildings';

export function nearestOf(
  buildings: readonly KnownBuilding[],
  point: { lat: number; lng: number },
  within = NEAREST_WITHIN_M,
): { building: KnownBuilding; distanceMeters: number } | null {
  let best: { building: KnownBuilding; distanceMeters: number } | null = null;
  for (const building of buildings) {
    const d = metersBetween(point, building);
    if (d > within) continue;
    if (!best || d < best.distanceMeters || (d === best.distanceMeters && building.id < best.building.id))
      best = { building, distanceMeters: d };
  }
  return best && { building: best.building, distanceMeters: Math.round(best.distanceMeters) };
}

interface Kept {
  center: { lat: number; lng: number };
  at: number;
  buildings: KnownBuilding[];
}

function kept(): Kept | null {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Kept | null;
  } catch {
    return null;
  }
}

let fetching: Promise<void> | null = null;

/** Keeps the buildings around a point on the phone, unless those kept already cover it. */
export function keepBuildingsAround(point: { lat: number; lng: number }): Promise<void> {
  const now = Date.now();
  const before = kept();
  if (before && now - before.at < REFETCH_MS && metersBetween(before.center, point) < REFETCH_M)
    return Promise.resolve();
  fetching ??= api
    .get<BuildingFeatureCollection>('/api/org/buildings/points', {
      south: point.lat - BOX_DEG,
      north: point.lat + BOX_DEG,
      west: point.lng - BOX_DEG,
      east: point.lng + BOX_DEG,
      limit: 2000,
    })
    .then((found) => {
      const buildings = found.features.map((f) => ({
        id: f.properties.id,
        name: f.properties.name,
        address: f.properties.address,
        lng: f.geometry.coordinates[0],
        lat: f.geometry.coordinates[1],
      }));
      try {
        localStorage.setItem(STORAGE_KEY, JSON.stringify({ center: point, at: now, buildings } satisfies Kept));
      } catch {
        // storage full or blocked: the check-in then needs the network
      }
    })
    .catch(() => undefined)
    .finally(() => {
      fetching = null;
    });
  return fetching;
}

/** The nearest building of the worker's area: the server's answer, or with no network the phone's. */
export async function nearestBuilding(point: { lat: number; lng: number }): Promise<NearestBuilding> {
  const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  if (!offline) {
    try {
      return await api.get<NearestBuilding>('/api/org/buildings/nearest', {
        lat: point.lat.toFixed(6),
        lng: point.lng.toFixed(6),
      });
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 0)) throw error;
    }
  }
  const found = nearestOf(kept()?.buildings ?? [], point);
  if (!found) return { building: null, distanceMeters: null };
  return {
    building: { ...found.building, communityName: '', gridName: null },
    distanceMeters: found.distanceMeters,
  };
}
