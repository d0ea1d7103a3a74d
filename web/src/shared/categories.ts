import { queryOptions, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from './api.ts';
import { mattersKeys } from './query/matters.ts';
import type { Category } from './types.ts';

/** The catalogue in a language (names come translated); under the matters keys, so an edit refreshes it everywhere. */
export function categoriesQuery(locale: string, includeInactive = false) {
  return queryOptions({
    queryKey: [...mattersKeys.all, 'categories', locale, includeInactive] as const,
    queryFn: ({ signal }) =>
      api
        .get<{ items: Category[] }>(
          '/api/matters/categories',
          includeInactive ? { includeInactive: 'true' } : undefined,
          signal,
        )
        .then((r) => r.items),
    staleTime: 5 * 60_000,
  });
}

/** The catalogue in the UI language. */
export function useCategories(includeInactive = false) {
  const { i18n } = useTranslation();
  return useQuery(categoriesQuery(i18n.language, includeInactive));
}
