import { queryOptions } from '@tanstack/react-query';
import { api, type Query } from '../api.ts';
import type { MatterDetail, MatterListItem, Page, Station } from '../types.ts';

/**
 * Matters (事项): query keys, queries and calls. Every key starts with mattersKeys.all, so a
 * live matter event (LiveInvalidation) or a change made here makes all of them stale at once.
 */
export const mattersKeys = {
  all: ['matters'] as const,
  list: (query: Query) => [...mattersKeys.all, 'list', query] as const,
  detail: (id: number) => [...mattersKeys.all, 'detail', id] as const,
  stations: (query: Query) => [...mattersKeys.all, 'stations', query] as const,
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
  /** Service stations (服务站点): kept with matters, whose intake names the nearest one. */
  stations: (query: Query) =>
    queryOptions({ queryKey: mattersKeys.stations(query), queryFn: ({ signal }) => api.get<Page<Station>>('/api/stations', query, signal) }),
};
