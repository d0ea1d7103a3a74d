/** API shapes of /api/special (server/src/modules/special/schema.ts), the restricted register, and its calls. */
import type { SpecialApi, SpecialInput } from '@gongzhi/server/api';
import { api } from './api.ts';
import type { Page } from './types.ts';

export type SpecialCategory = SpecialApi['Category'];
export type SpecialEntry = SpecialApi['Entry'];
export type SpecialEntryDetail = SpecialApi['EntryDetail'];
export type SpecialField = SpecialCategory['fields'][number];
export type EntryInput = SpecialInput['EntryBody'];
export type VisitInput = SpecialInput['VisitBody'];

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
  entries: (f: EntryFilters) =>
    api.get<Page<SpecialEntry>>(`${base}/entries`, { ...f, overdue: f.overdue ? 'true' : undefined }),
  /** One entry with its visits: the server writes this read to the audit log. */
  entry: (id: number) => api.get<SpecialEntryDetail>(`${base}/entries/${id}`),
  create: (body: EntryInput) => api.post<SpecialEntryDetail>(`${base}/entries`, body),
  recordVisit: (id: number, body: VisitInput) => api.post<SpecialEntryDetail>(`${base}/entries/${id}/visits`, body),
};
