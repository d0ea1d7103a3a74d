import { api, type Query } from '../shared/api.ts';
import type { Page } from '../shared/types.ts';

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
