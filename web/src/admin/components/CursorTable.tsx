import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Select, Space, Table, Typography, type TableProps } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Page } from '../../shared/types.ts';
import { useAsync } from '../../shared/useAsync.ts';
import { LoadError } from './LoadError.tsx';

const PAGE_SIZES = [10, 20, 50, 100];

export interface PageRequest {
  cursor: string | undefined;
  limit: number;
}

interface CursorTableProps<T> extends Omit<TableProps<T>, 'dataSource' | 'pagination' | 'loading'> {
  fetchPage: (request: PageRequest, signal: AbortSignal) => Promise<Page<T>>;
  /** A new value (e.g. the serialised filters) starts again from the first page. */
  queryKey: string;
  /** A new value loads the current page again, e.g. after an edit. */
  reloadToken?: number;
  /**
   * A new value loads the current page again quietly, without the loading veil:
   * for live updates, so rows change in place instead of flashing.
   */
  liveToken?: number;
  defaultPageSize?: number;
  /** Told of every page shown, e.g. to draw its rows on a map. */
  onPage?: (page: Page<T>) => void;
}

/**
 * A table over a cursor-paginated list. The API pages by opaque cursor, so going
 * back means remembering the cursor of every page already seen.
 */
export function CursorTable<T extends object>({
  fetchPage,
  queryKey,
  reloadToken = 0,
  liveToken = 0,
  defaultPageSize = 20,
  onPage,
  ...tableProps
}: CursorTableProps<T>) {
  const { t } = useTranslation();
  const [pageSize, setPageSize] = useState(defaultPageSize);
  // cursors[i] is the cursor that loads page i; page 0 needs none.
  const [position, setPosition] = useState<{ cursors: (string | undefined)[]; page: number }>({ cursors: [undefined], page: 0 });
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const [startedFor, setStartedFor] = useState(queryKey);
  if (startedFor !== queryKey) {
    // Reset during render so the stale page's cursor is never sent with new filters.
    setStartedFor(queryKey);
    setPosition({ cursors: [undefined], page: 0 });
  }

  const cursor = position.cursors[position.page];
  const { data, error, loading, reload } = useAsync(
    (signal) => fetchRef.current({ cursor, limit: pageSize }, signal),
    [queryKey, pageSize, position.page, cursor, reloadToken, liveToken],
  );
  // Whether the load under way was started by liveToken alone (then it is quiet).
  const trigger = useRef({ live: liveToken, other: '', quiet: false });
  const other = `${queryKey}|${pageSize}|${position.page}|${cursor ?? ''}|${reloadToken}`;
  if (trigger.current.other !== other) trigger.current = { live: liveToken, other, quiet: false };
  else if (trigger.current.live !== liveToken) trigger.current = { live: liveToken, other, quiet: true };
  const showLoading = loading && !(trigger.current.quiet && data !== undefined);

  const onPageRef = useRef(onPage);
  onPageRef.current = onPage;
  useEffect(() => {
    if (data) onPageRef.current?.(data);
  }, [data]);

  useEffect(() => {
    if (!data?.nextCursor) return;
    const nextCursor = data.nextCursor;
    setPosition((p) => {
      if (p.cursors[p.page + 1] === nextCursor) return p;
      const cursors = p.cursors.slice(0, p.page + 1);
      cursors.push(nextCursor);
      return { ...p, cursors };
    });
  }, [data]);

  const hasNext = Boolean(data?.nextCursor) && position.cursors.length > position.page + 1;
  const total = data?.total;
  const pageCount = total !== undefined ? Math.max(1, Math.ceil(total / pageSize)) : undefined;

  return (
    <div className="gz-cursor-table">
      {error !== undefined && (
        <div style={{ marginBottom: 12 }}>
          <LoadError error={error} onRetry={reload} />
        </div>
      )}
      <Table<T> {...tableProps} dataSource={data?.items ?? []} loading={showLoading} pagination={false} />
      <div className="gz-pager">
        <Typography.Text type="secondary">
          {total !== undefined
            ? t('pager.totalWithPages', { total, page: position.page + 1, pages: pageCount })
            : t('pager.page', { page: position.page + 1 })}
        </Typography.Text>
        <Space>
          <Button
            icon={<LeftOutlined />}
            disabled={position.page === 0 || loading}
            onClick={() => setPosition((p) => ({ ...p, page: p.page - 1 }))}
          >
            {t('pager.previous')}
          </Button>
          <Button
            disabled={!hasNext || loading}
            onClick={() => setPosition((p) => ({ ...p, page: p.page + 1 }))}
            iconPlacement="end"
            icon={<RightOutlined />}
          >
            {t('pager.next')}
          </Button>
          <Select
            value={pageSize}
            onChange={(size) => {
              setPageSize(size);
              setPosition({ cursors: [undefined], page: 0 });
            }}
            options={PAGE_SIZES.map((size) => ({ value: size, label: t('pager.pageSize', { size }) }))}
            style={{ width: 120 }}
            aria-label={t('pager.pageSizeLabel')}
          />
        </Space>
      </div>
    </div>
  );
}
