import { api } from '../shared/api.ts';
import type { LatLng, Page, Station } from '../shared/types.ts';
import { useAsync } from '../shared/useAsync.ts';
import { useMyBoard } from './useMyBoard.ts';

export interface HomePlace {
  communityId: number | undefined;
  /** Roughly the middle of the home community: where its service stations are. */
  center: LatLng | undefined;
  /** The community's stations, as landmarks on a map with no tiles. */
  stations: Station[];
}

/** Where the user lives, for centring maps when the device cannot tell where it is. */
export function useHomePlace(): HomePlace {
  const board = useMyBoard();
  const communityId = board.data?.board?.community.id;
  const stations = useAsync(
    (signal) =>
      communityId === undefined ? Promise.resolve([]) : api.get<Page<Station>>('/api/stations', { communityId, limit: 50 }, signal).then((page) => page.items),
    [communityId],
  );
  const list = stations.data ?? [];
  const center = list.length
    ? { lat: list.reduce((sum, s) => sum + s.lat, 0) / list.length, lng: list.reduce((sum, s) => sum + s.lng, 0) / list.length }
    : undefined;
  return { communityId, center, stations: list };
}
