/** API shapes of /api/special (server/src/modules/special/schema.ts), the restricted register, and its calls. */
import type { SpecialApi, SpecialInput } from '@gongzhi/server/api';
import { queryOptions } from '@tanstack/react-query';
import { api } from './api.ts';
import type { Page } from './types.ts';

export type SpecialCategory = SpecialApi['Category'];
export type SpecialEntry = SpecialApi['Entry'];
export type SpecialEntryDetail = SpecialApi['EntryDetail'];
export type SpecialField = SpecialCategory['fields'][number];
export type EntryInput = SpecialInput['EntryBody'];
export type VisitInput = SpecialInput['VisitBody'];
export type CloseInput = SpecialInput['CloseBody'];
export const CLOSE_REASONS: readonly CloseInput['reason'][] = ['term_ended', 'moved_away', 'deceased', 'other'];
export type CategoryInput = SpecialInput['CategoryBody'];
export type CategoryPatch = SpecialInput['CategoryPatch'];

/** The fixed, minimal list of fields a category may ask for (server: SPECIAL_FIELDS). */
export const SPECIAL_FIELDS: readonly SpecialField[] = [
  'supervision_end',
  'case_officer',
  'risk_level',
  'guardian_contact',
];

export interface EntryFilters {
  categoryId?: number;
  communityId?: number;
  q?: string;
  overdue?: boolean;
  cursor?: string;
  limit?: number;
}

const base = '/api/special';

export const specialKeys = {
  all: ['special'] as const,
  categories: () => ['special', 'categories'] as const,
  entries: (f: EntryFilters) => ['special', 'entries', f] as const,
  entry: (id: number) => ['special', 'entry', id] as const,
};

export const specialApi = {
  categories: () => api.get<{ items: SpecialCategory[] }>(`${base}/categories`),
  /** With the switched-off ones, to configure them. */
  allCategories: () => api.get<{ items: SpecialCategory[] }>(`${base}/categories`, { all: 'true' }),
  createCategory: (body: CategoryInput) => api.post<SpecialCategory>(`${base}/categories`, body),
  updateCategory: (id: number, body: CategoryPatch) => api.patch<SpecialCategory>(`${base}/categories/${id}`, body),
  entries: (f: EntryFilters) =>
    api.get<Page<SpecialEntry>>(`${base}/entries`, { ...f, overdue: f.overdue ? 'true' : undefined }),
  /** One entry with its visits: the server writes this read to the audit log. */
  entry: (id: number) => api.get<SpecialEntryDetail>(`${base}/entries/${id}`),
  create: (body: EntryInput) => api.post<SpecialEntryDetail>(`${base}/entries`, body),
  recordVisit: (id: number, body: VisitInput) => api.post<SpecialEntryDetail>(`${base}/entries/${id}/visits`, body),
  close: (id: number, body: CloseInput) => api.post<SpecialEntryDetail>(`${base}/entries/${id}/close`, body),
};

/** The category's name in the console's language. */
export function categoryName(c: Pick<SpecialCategory, 'nameZh' | 'nameEn'>, language: string) {
  return language === 'en' ? c.nameEn : c.nameZh;
}

/** The active categories, for filters and the register form. */
export const categoriesQuery = () =>
  queryOptions({ queryKey: specialKeys.categories(), queryFn: () => specialApi.categories(), staleTime: 60_000 });
