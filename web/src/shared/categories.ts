import { useTranslation } from 'react-i18next';
import { api } from './api.ts';
import type { Category } from './types.ts';
import { useAsync, type AsyncState } from './useAsync.ts';

const cache = new Map<string, Promise<Category[]>>();

/** The catalogue in the UI language, fetched once per language (names come translated). */
export function loadCategories(locale: string, includeInactive = false): Promise<Category[]> {
  const key = `${locale}:${includeInactive}`;
  let loading = cache.get(key);
  if (!loading) {
    loading = api.get<{ items: Category[] }>('/api/matters/categories', includeInactive ? { includeInactive: 'true' } : undefined).then((r) => r.items);
    loading.catch(() => cache.delete(key)); // try again next time
    cache.set(key, loading);
  }
  return loading;
}

/** After an edit, so every screen sees the new names, deadlines and fields. */
export function forgetCategories() {
  cache.clear();
}

export function useCategories(includeInactive = false): AsyncState<Category[]> {
  const { i18n } = useTranslation();
  return useAsync(() => loadCategories(i18n.language, includeInactive), [i18n.language, includeInactive]);
}
