import { z } from 'zod';

export const SEARCH_KINDS = ['person', 'matter', 'case', 'building', 'grid', 'device'] as const;
export const SearchKind = z.enum(SEARCH_KINDS);
export type SearchKind = z.infer<typeof SearchKind>;

export const SearchQuery = z.object({
  q: z
    .string()
    .trim()
    .min(1)
    .max(60)
    .describe('A name, code, address or whole phone number; each kind is searched the way its own list searches'),
  limit: z.coerce.number().int().min(1).max(20).default(5).describe('Hits per kind (1–20)'),
});

export const SearchHit = z.object({
  kind: SearchKind,
  id: z.number(),
  title: z.string(),
  subtitle: z.string().describe('Where it is, or what state it is in; personal data masked'),
  code: z.string().nullable(),
});

export const SearchResult = z.object({
  q: z.string(),
  groups: z.array(
    z.object({
      kind: SearchKind,
      hits: z.array(SearchHit),
      more: z.boolean().describe('More hits than shown: open the list of that kind with the same words'),
    }),
  ),
});
export type SearchResult = z.infer<typeof SearchResult>;
export type SearchHit = z.infer<typeof SearchHit>;
