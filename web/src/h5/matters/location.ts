import { ApiError, errorMessage } from '../../shared/api.ts';
import type { LatLng, LocateResult } from '../../shared/types.ts';
import { orgCalls } from '../../shared/query/org.ts';

export type Located =
  | { state: 'found'; result: LocateResult }
  | { state: 'none' }
  | { state: 'error'; message: string };

/** A chosen place and the grid that holds it. */
export interface Place {
  point: LatLng;
  located: Located | null;
}

export async function locate(point: LatLng): Promise<Located> {
  try {
    return {
      state: 'found',
      result: await orgCalls.locate(point.lat, point.lng),
    };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return { state: 'none' };
    return { state: 'error', message: errorMessage(error) };
  }
}
