import { queryOptions } from '@tanstack/react-query';
import { api, type Query } from '../api.ts';
import type { Assignee, MatterDetail, MatterListItem, NearbyMatter, Open311Client, Page, Station } from '../types.ts';

/**
 * Matters (事项): query keys, queries and calls. Every key starts with mattersKeys.all, so a
 * live matter event (LiveInvalidation) or a change made here makes all of them stale at once.
 */
export const mattersKeys = {
  all: ['matters'] as const,
  list: (query: Query) => [...mattersKeys.all, 'list', query] as const,
  detail: (id: number) => [...mattersKeys.all, 'detail', id] as const,
  stations: (query: Query) => [...mattersKeys.all, 'stations', query] as const,
  open311Clients: () => [...mattersKeys.all, 'open311-clients'] as const,
  assignees: (id: number) => [...mattersKeys.all, 'assignees', id] as const,
  nearby: (query: Query) => [...mattersKeys.all, 'nearby', query] as const,
  nearestStations: (query: Query) => [...mattersKeys.all, 'nearest-stations', query] as const,
};

export const mattersQueries = {
  list: (query: Query) =>
    queryOptions({
      queryKey: mattersKeys.list(query),
      queryFn: ({ signal }) => api.get<Page<MatterListItem>>('/api/matters', query, signal),
    }),
  detail: (id: number) =>
    queryOptions({
      queryKey: mattersKeys.detail(id),
      queryFn: ({ signal }) => api.get<MatterDetail>(`/api/matters/${id}`, undefined, signal),
    }),
  open311Clients: () =>
    queryOptions({
      queryKey: mattersKeys.open311Clients(),
      queryFn: ({ signal }) =>
        api.get<{ items: Open311Client[] }>('/api/matters/open311-clients', undefined, signal).then((r) => r.items),
    }),
  /** Who a matter may be dispatched to. */
  assignees: (id: number) =>
    queryOptions({
      queryKey: mattersKeys.assignees(id),
      queryFn: ({ signal }) =>
        api.get<{ items: Assignee[] }>(`/api/matters/${id}/assignees`, undefined, signal).then((r) => r.items),
    }),
  /** Open matters near a point, of a category (possible duplicates). */
  nearby: (query: Query) =>
    queryOptions({
      queryKey: mattersKeys.nearby(query),
      queryFn: ({ signal }) =>
        api.get<{ items: NearbyMatter[] }>('/api/matters/nearby', query, signal).then((r) => r.items),
    }),
  /** The open stations nearest a point, with their distance. */
  nearestStations: (query: Query) =>
    queryOptions({
      queryKey: mattersKeys.nearestStations(query),
      queryFn: ({ signal }) =>
        api.get<{ items: Station[] }>('/api/stations/nearest', query, signal).then((r) => r.items),
    }),
  /** Service stations (服务站点): kept with matters, whose intake names the nearest one. */
  stations: (query: Query) =>
    queryOptions({
      queryKey: mattersKeys.stations(query),
      queryFn: ({ signal }) => api.get<Page<Station>>('/api/stations', query, signal),
    }),
};
