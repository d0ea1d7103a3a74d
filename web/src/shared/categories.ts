import { queryOptions, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { mattersKeys } from './query/matters.ts';
import { mattersCalls } from './query/matters.ts';

/** The catalogue in a language (names come translated); under the matters keys, so an edit refreshes it everywhere. */
export function categoriesQuery(locale: string, includeInactive = false) {
  return queryOptions({
    queryKey: [...mattersKeys.all, 'categories', locale, includeInactive] as const,
    queryFn: ({ signal }) => mattersCalls.categories(includeInactive, signal),
    staleTime: 5 * 60_000,
  });
}

/** The catalogue in the UI language. */
export function useCategories(includeInactive = false) {
  const { i18n } = useTranslation();
  return useQuery(categoriesQuery(i18n.language, includeInactive));
}
