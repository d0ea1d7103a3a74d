import { z } from 'zod';
import { AppError } from './errors.ts';

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(20).describe('Items per page (1–200)'),
  cursor: z.string().max(500).optional().describe("Opaque cursor from the previous page's nextCursor"),
});
export type PageQuery = z.infer<typeof PageQuery>;

export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as cursor to get the next page; null on the last page'),
    total: z.number().int().optional().describe('Number of matching items, when asked for with withTotal=true'),
  });
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

/** Cursor over a (sort value, id) key, so pages stay stable while rows are added. */
export interface CursorKey {
  sort: string | number | null;
  id: number;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.sort, key.id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): CursorKey | null {
  if (!cursor) return null;
  try {
    const [sort, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof id !== 'number' || !Number.isInteger(id)) throw new Error('bad id');
    if (sort !== null && typeof sort !== 'string' && typeof sort !== 'number') throw new Error('bad sort');
    return { sort, id };
  } catch {
    throw new AppError('bad_request', { reason: 'cursor' }, [{ path: 'query.cursor', message: 'invalid cursor' }]);
  }
}

/**
 * Turns limit+1 fetched rows into a page: the extra row only says that there is more.
 */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  present: (row: Row) => Item,
  keyOf: (row: Row) => CursorKey,
): Page<Item> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map(present),
    nextCursor: hasMore && last ? encodeCursor(keyOf(last)) : null,
  };
}

/** toPage over rows keyed by id alone, their items made together (one read for names and counts). */
export async function toPageById<Row extends { id: number }, Item>(
  rows: Row[],
  limit: number,
  present: (rows: Row[]) => Promise<Item[]>,
): Promise<Page<Item>> {
  const page = toPage(
    rows,
    limit,
    (r) => r,
    (r) => ({ sort: null, id: r.id }),
  );
  return { items: await present(page.items), nextCursor: page.nextCursor };
}
