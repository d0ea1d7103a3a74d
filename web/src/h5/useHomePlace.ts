import type { LatLng, Station } from '../shared/types.ts';
import { useMyBoard } from './useMyBoard.ts';
import { mattersQueries } from '../shared/query/matters.ts';
import { useQuery } from '@tanstack/react-query';

export interface HomePlace {
  communityId: number | undefined;
  /** Roughly the middle of the home community: where its service stations are. */
  center: LatLng | undefined;
  /** The community's stations, as landmarks on a map with no tiles. */
  stations: Station[];
  /** Whether the answer is final: the board (and the community's stations) have loaded. */
  settled: boolean;
}

/** Where the user lives, for centring maps when the device cannot tell where it is. */
export function useHomePlace(): HomePlace {
  const board = useMyBoard();
  const communityId = board.data?.board?.community.id;
  const stations = useQuery({
    ...mattersQueries.stations({ communityId, limit: 50 }),
    enabled: communityId !== undefined,
  });
  const list = stations.data?.items ?? [];
  const center = list.length
    ? {
        lat: list.reduce((sum, s) => sum + s.lat, 0) / list.length,
        lng: list.reduce((sum, s) => sum + s.lng, 0) / list.length,
      }
    : undefined;
  const settled = !board.isPending && (communityId === undefined || !stations.isPending);
  return { communityId, center, stations: list, settled };
}
