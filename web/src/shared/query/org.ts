import { queryOptions } from '@tanstack/react-query';
import { api, type Query } from '../api.ts';
import type {
  Assignment,
  Board,
  Building,
  BuildingFeatureCollection,
  Grid,
  GridFeatureCollection,
  Household,
  ImportJob,
  LocateResult,
  NearestBuilding,
  OrgStats,
  OrgTree,
  Page,
  Person,
  PersonSecrets,
  TagCount,
} from '../types.ts';

/**
 * The organisation (组织架构): divisions, grids, buildings, households, people, assignments,
 * the public board, imports and statistics. Every key starts with orgKeys.all, so a change
 * made here makes all of them stale at once.
 */
export const orgKeys = {
  all: ['org'] as const,
  tree: () => [...orgKeys.all, 'tree'] as const,
  grids: (query: Query) => [...orgKeys.all, 'grids', query] as const,
  grid: (id: number) => [...orgKeys.all, 'grid', id] as const,
  gridsGeoJson: (query: Query) => [...orgKeys.all, 'grids-geojson', query] as const,
  buildings: (query: Query) => [...orgKeys.all, 'buildings', query] as const,
  building: (id: number) => [...orgKeys.all, 'building', id] as const,
  buildingPoints: (query: Query) => [...orgKeys.all, 'building-points', query] as const,
  nearestBuilding: (lat: number, lng: number) => [...orgKeys.all, 'nearest-building', lat, lng] as const,
  households: (buildingId: number) => [...orgKeys.all, 'households', buildingId] as const,
  persons: (query: Query) => [...orgKeys.all, 'persons', query] as const,
  person: (id: number) => [...orgKeys.all, 'person', id] as const,
  personTags: () => [...orgKeys.all, 'person-tags'] as const,
  assignments: (query: Query) => [...orgKeys.all, 'assignments', query] as const,
  board: (query: Query) => [...orgKeys.all, 'board', query] as const,
  imports: (query: Query) => [...orgKeys.all, 'imports', query] as const,
  importTemplate: (kind: string) => [...orgKeys.all, 'import-template', kind] as const,
  stats: () => [...orgKeys.all, 'stats'] as const,
};

/** Addresses the browser opens itself (downloads). */
export const orgUrls = {
  importTemplate: (kind: string) => `/api/org/imports/templates/${kind}`,
  importTemplateXlsx: (kind: string) => `/api/org/imports/templates/${kind}/xlsx`,
};

export const orgQueries = {
  tree: () =>
    queryOptions({
      queryKey: orgKeys.tree(),
      queryFn: ({ signal }) => api.get<OrgTree>('/api/org/tree', undefined, signal),
    }),
  grids: (query: Query) =>
    queryOptions({
      queryKey: orgKeys.grids(query),
      queryFn: ({ signal }) => api.get<Page<Grid>>('/api/org/grids', query, signal),
    }),
  grid: (id: number) =>
    queryOptions({
      queryKey: orgKeys.grid(id),
      queryFn: ({ signal }) => api.get<Grid>(`/api/org/grids/${id}`, undefined, signal),
    }),
  gridsGeoJson: (query: Query) =>
    queryOptions({
      queryKey: orgKeys.gridsGeoJson(query),
      queryFn: ({ signal }) => api.get<GridFeatureCollection>('/api/org/grids/geojson', query, signal),
    }),
  /** Buildings with a position inside a box of the map, as points. */
  buildingPoints: (box: { south: number; west: number; north: number; east: number }, communityId?: number) =>
    queryOptions({
      queryKey: orgKeys.buildingPoints({ ...box, communityId }),
      queryFn: ({ signal }) =>
        api.get<BuildingFeatureCollection>('/api/org/buildings/points', { ...box, communityId }, signal),
      staleTime: 60_000,
    }),
  /** The building nearest to a point (its name and address), or none within 500 m. */
  nearestBuilding: (point: { lat: number; lng: number }) =>
    queryOptions({
      queryKey: orgKeys.nearestBuilding(point.lat, point.lng),
      queryFn: ({ signal }) =>
        api.get<NearestBuilding>(
          '/api/org/buildings/nearest',
          { lat: point.lat.toFixed(6), lng: point.lng.toFixed(6) },
          signal,
        ),
      staleTime: 5 * 60_000,
      retry: false,
    }),
  buildings: (query: Query) =>
    queryOptions({
      queryKey: orgKeys.buildings(query),
      queryFn: ({ signal }) => api.get<Page<Building>>('/api/org/buildings', query, signal),
    }),
  /** Every building matching the query, page after page (for a grid's or a picker's full list). */
  allBuildings: (query: Query) =>
    queryOptions({
      queryKey: [...orgKeys.buildings(query), 'all'] as const,
      queryFn: ({ signal }) => fetchAllPages<Building>('/api/org/buildings', query, signal),
    }),
  building: (id: number) =>
    queryOptions({
      queryKey: orgKeys.building(id),
      queryFn: ({ signal }) => api.get<Building>(`/api/org/buildings/${id}`, undefined, signal),
    }),
  households: (buildingId: number) =>
    queryOptions({
      queryKey: orgKeys.households(buildingId),
      queryFn: ({ signal }) =>
        api
          .get<{ items: Household[] }>(`/api/org/buildings/${buildingId}/households`, undefined, signal)
          .then((r) => r.items),
    }),
  persons: (query: Query) =>
    queryOptions({
      queryKey: orgKeys.persons(query),
      queryFn: ({ signal }) => api.get<Page<Person>>('/api/org/persons', query, signal),
    }),
  person: (id: number) =>
    queryOptions({
      queryKey: orgKeys.person(id),
      queryFn: ({ signal }) => api.get<Person>(`/api/org/persons/${id}`, undefined, signal),
    }),
  personTags: () =>
    queryOptions({
      queryKey: orgKeys.personTags(),
      queryFn: ({ signal }) =>
        api.get<{ items: TagCount[] }>('/api/org/persons/tags', undefined, signal).then((r) => r.items),
    }),
  assignments: (query: Query) =>
    queryOptions({
      queryKey: orgKeys.assignments(query),
      queryFn: ({ signal }) =>
        api.get<{ items: Assignment[] }>('/api/org/assignments', query, signal).then((r) => r.items),
    }),
  board: (query: Query) =>
    queryOptions({
      queryKey: orgKeys.board(query),
      queryFn: ({ signal }) => api.get<Board>('/api/org/board', query, signal),
    }),
  imports: (query: Query) =>
    queryOptions({
      queryKey: orgKeys.imports(query),
      queryFn: ({ signal }) => api.get<Page<ImportJob>>('/api/org/imports', query, signal),
    }),
  importTemplate: (kind: string) =>
    queryOptions({
      queryKey: orgKeys.importTemplate(kind),
      queryFn: ({ signal }) => api.get<string>(orgUrls.importTemplate(kind), undefined, signal),
    }),
  stats: () =>
    queryOptions({
      queryKey: orgKeys.stats(),
      queryFn: ({ signal }) => api.get<OrgStats>('/api/org/stats', undefined, signal),
    }),
};

/**
 * Every item of a cursor-paginated list, for summaries over a caller's whole area;
 * stops after maxPages so a huge area cannot stall the page.
 */
export async function fetchAllPages<T>(path: string, query: Query, signal: AbortSignal, maxPages = 25): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const result = await api.get<Page<T>>(path, { ...query, limit: 200, cursor }, signal);
    items.push(...result.items);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return items;
}

/** Changes and one-off reads of the organisation; callers invalidate orgKeys.all after a change. */
export const orgCalls = {
  /** The community and grid a point lies in. */
  locate: (lat: number, lng: number) =>
    api.get<LocateResult>('/api/org/locate', { lat: lat.toFixed(6), lng: lng.toFixed(6) }),
  createAssignment: (body: object) => api.post<Assignment>('/api/org/assignments', body),
  deleteAssignment: (id: number) => api.delete(`/api/org/assignments/${id}`),
  addHousehold: (buildingId: number, body: object) =>
    api.post<Household>(`/api/org/buildings/${buildingId}/households`, body),
  createPerson: (body: object) => api.post<Person>('/api/org/persons', body),
  updatePerson: (id: number, body: object) => api.patch<Person>(`/api/org/persons/${id}`, body),
  deletePerson: (id: number) => api.delete(`/api/org/persons/${id}`),
  /** Whole ID and phone numbers of a person; audited on the server. */
  revealPerson: (id: number) => api.post<PersonSecrets>(`/api/org/persons/${id}/reveal`),
  importJob: (id: number) => api.get<ImportJob>(`/api/org/imports/${id}`),
  startImport: (form: FormData) => api.upload<ImportJob>('/api/org/imports', form),
  /** The board of the caller's home (三亮一做). */
  myBoard: (signal?: AbortSignal) => api.get<Board>('/api/org/board', undefined, signal),
};
