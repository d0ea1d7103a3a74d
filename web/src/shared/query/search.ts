import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { SearchApi } from '@gongzhi/server/api';
import { api } from '../api.ts';

export type SearchResult = SearchApi['SearchResult'];
export type SearchHit = SearchResult['groups'][number]['hits'][number];
export type SearchKind = SearchHit['kind'];

export const searchQueries = {
  /** The console's one box; the last answer stays while the next is on its way. */
  search: (q: string) =>
    queryOptions({
      queryKey: ['search', q] as const,
      queryFn: ({ signal }) => api.get<SearchResult>('/api/search', { q }, signal),
      enabled: q.length > 0,
      placeholderData: keepPreviousData,
      staleTime: 30_000,
    }),
};
