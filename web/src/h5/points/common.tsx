import { Button, ErrorBlock, Skeleton, Tag } from 'antd-mobile';
import { useCallback, useEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import type { Page } from '../../shared/types.ts';
import './points.css';

/** A status in its colour, as MatterStatusTag draws matter statuses. */
export function ColorTag({ color, children, testId }: { color: string; children: ReactNode; testId?: string }) {
  return (
    <Tag
      className="h5-status-tag"
      data-testid={testId}
      style={{ '--background-color': `${color}18`, '--text-color': color, '--border-color': `${color}55` } as CSSProperties}
    >
      {children}
    </Tag>
  );
}

/** A failed first load, with the server's reason and a way to try again. */
export function LoadFailed({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <ErrorBlock status="disconnected" title={t('common.loadFailed')} description={errorMessage(error)}>
      <Button size="small" color="primary" onClick={onRetry}>
        {t('common.retry')}
      </Button>
    </ErrorBlock>
  );
}

export function ListSkeleton({ lines = 8 }: { lines?: number }) {
  return (
    <div className="h5-section">
      <Skeleton.Title animated />
      <Skeleton.Paragraph lineCount={lines} animated />
    </div>
  );
}

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

/** The home community of the signed-in user from their roles (residents, merchants), if it is one place. */
export function homeCommunityOf(roles: { divisionId: number | null }[]): number | undefined {
  return roles.find((r) => r.divisionId !== null)?.divisionId ?? undefined;
}
