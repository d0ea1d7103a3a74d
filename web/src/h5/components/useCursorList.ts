import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '../../shared/types.ts';

export interface CursorList<T> {
  items: T[] | undefined;
  error: unknown;
  hasMore: boolean;
  loadMore: () => Promise<void>;
  /** Loads the first page again (pull to refresh, after an action). */
  reload: () => Promise<void>;
}

/**
 * A cursor-paged list for infinite scroll: the first page on load and whenever key
 * changes, more on demand. An answer to an older load never overwrites a newer one.
 */
export function useCursorList<T extends { id: number }>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>, key: string): CursorList<T> {
  const [items, setItems] = useState<T[] | undefined>();
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const generation = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const page = await fetchRef.current(undefined);
      if (mine !== generation.current) return;
      setItems(page.items);
      setCursor(page.nextCursor);
      setError(undefined);
    } catch (e) {
      if (mine === generation.current) setError(e);
    }
  }, []);

  useEffect(() => {
    setItems(undefined);
    setCursor(null);
    void reload();
  }, [key, reload]);

  const loadMore = async () => {
    if (!cursor) return;
    const mine = generation.current;
    const page = await fetchRef.current(cursor);
    if (mine !== generation.current) return;
    setItems((current) => [...(current ?? []), ...page.items.filter((item) => !current?.some((c) => c.id === item.id))]);
    setCursor(page.nextCursor);
  };

  return { items, error, hasMore: Boolean(cursor), loadMore, reload };
}
