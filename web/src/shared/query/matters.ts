import { queryOptions } from '@tanstack/react-query';
import { api, type Query } from '../api.ts';
import type {
  Assignee,
  Category,
  CategorySuggestion,
  MatterContact,
  MatterDetail,
  MatterListItem,
  MatterMap,
  NearbyMatter,
  Open311Client,
  Page,
  Station,
} from '../types.ts';

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

/** Changes and one-off reads of matters; callers invalidate mattersKeys.all (or set the answer) after. */
export const mattersCalls = {
  /** An action on a matter (accept, dispatch, notes …); the answer is the matter as it now stands. */
  act: (id: number, path: string, body?: unknown) => api.post<MatterDetail>(`/api/matters/${id}/${path}`, body),
  /** An action whose answer is the matter, or {ok} for those that change nothing shown (follow). */
  actOn: (id: number, path: string, body?: unknown) =>
    api.post<MatterDetail | { ok: true }>(`/api/matters/${id}/${path}`, body),
  revealContact: (id: number) => api.post<MatterContact>(`/api/matters/${id}/reveal-contact`),
  report: (body: unknown) => api.post<MatterDetail>('/api/matters', body),
  help: (body: { lat: number; lng: number; description: string }) => api.post<MatterDetail>('/api/matters/help', body),
  suggest: (body: { description: string; anonymous: boolean; photos: string[] }) =>
    api.post<MatterDetail>('/api/matters/suggestions', body),
  suggestCategory: (description: string) =>
    api.post<{ suggestions: CategorySuggestion[] }>('/api/matters/suggest-category', { description }),
  nearby: (query: Query) => api.get<{ items: NearbyMatter[] }>('/api/matters/nearby', query),
  mine: (query: Query) => api.get<Page<MatterListItem>>('/api/matters/mine', query),
  /** How many matters a list query matches (limit=1, withTotal), so totals agree with the queues. */
  count: (query: Query, signal?: AbortSignal) =>
    api
      .get<Page<MatterListItem>>('/api/matters', { ...query, limit: 1, withTotal: 'true' }, signal)
      .then((page) => page.total ?? 0),
  map: (query: Query, signal?: AbortSignal) => api.get<MatterMap>('/api/matters/map', query, signal),
  categories: (includeInactive: boolean, signal?: AbortSignal) =>
    api
      .get<{ items: Category[] }>(
        '/api/matters/categories',
        includeInactive ? { includeInactive: 'true' } : undefined,
        signal,
      )
      .then((r) => r.items),
  updateCategory: (id: number, body: object) => api.patch<Category>(`/api/matters/categories/${id}`, body),
  createStation: (body: object) => api.post<Station>('/api/stations', body),
  updateStation: (id: number, body: object) => api.patch<Station>(`/api/stations/${id}`, body),
  createOpen311Client: (body: object) => api.post<Open311Client>('/api/matters/open311-clients', body),
  deleteOpen311Client: (id: number) => api.delete(`/api/matters/open311-clients/${id}`),
};
