import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, type QueryKey, type UseQueryOptions } from '@tanstack/react-query';
import { Button, Select, Space, Table, Typography, type TableProps } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Page } from '../../shared/types.ts';
import { LoadError } from './LoadError.tsx';

const PAGE_SIZES = [10, 20, 50, 100];

export interface PageRequest {
  cursor: string | undefined;
  limit: number;
}

/**
 * One page of a list as a query (from a domain's query module): its key, with the filters and the
 * page, and how to fetch it. X is what a page carries besides its rows (e.g. the day's counts).
 */
export type PageQuery<T, K extends QueryKey = QueryKey, X extends object = object> = UseQueryOptions<
  Page<T> & X,
  Error,
  Page<T> & X,
  K
>;

interface CursorTableProps<T, K extends QueryKey, X extends object>
  extends Omit<TableProps<T>, 'dataSource' | 'pagination' | 'loading'> {
  /**
   * The query for one page, e.g. `(page) => mattersQueries.list({ ...filters, ...page })`. When the
   * first page's key changes (new filters) the table starts again from the first page. Live events
   * and changes invalidate the domain's keys, and the shown page is fetched again in place.
   */
  pageQuery: (request: PageRequest) => PageQuery<T, K, X>;
  defaultPageSize?: number;
  /** Told of every page shown, e.g. to draw its rows on a map. */
  onPage?: (page: Page<T> & X) => void;
}

/**
 * A table over a cursor-paginated list. The API pages by opaque cursor, so going
 * back means remembering the cursor of every page already seen.
 */
export function CursorTable<T extends object, K extends QueryKey = QueryKey, X extends object = object>({
  pageQuery,
  defaultPageSize = 20,
  onPage,
  ...tableProps
}: CursorTableProps<T, K, X>) {
  const { t } = useTranslation();
  const [pageSize, setPageSize] = useState(defaultPageSize);
  // cursors[i] is the cursor that loads page i; page 0 needs none.
  const [position, setPosition] = useState<{ cursors: (string | undefined)[]; page: number }>({
    cursors: [undefined],
    page: 0,
  });

  const listKey = JSON.stringify(pageQuery({ cursor: undefined, limit: pageSize }).queryKey);
  const [startedFor, setStartedFor] = useState(listKey);
  if (startedFor !== listKey) {
    // Reset during render so the stale page's cursor is never sent with new filters.
    setStartedFor(listKey);
    setPosition({ cursors: [undefined], page: 0 });
  }

  const cursor = position.cursors[position.page];
  // A refetch of the same page (live event, change) keeps its rows on screen; a new page or new
  // filters show the previous rows under the loading veil until the answer comes.
  const { data, error, isFetching, isPlaceholderData, isPending, refetch } = useQuery({
    ...pageQuery({ cursor, limit: pageSize }),
    placeholderData: keepPreviousData,
  });
  const loading = isPending || (isFetching && isPlaceholderData);

  const onPageRef = useRef(onPage);
  onPageRef.current = onPage;
  useEffect(() => {
    if (data) onPageRef.current?.(data);
  }, [data]);

  useEffect(() => {
    if (!data?.nextCursor || isPlaceholderData) return;
    const nextCursor = data.nextCursor;
    setPosition((p) => {
      if (p.cursors[p.page + 1] === nextCursor) return p;
      const cursors = p.cursors.slice(0, p.page + 1);
      cursors.push(nextCursor);
      return { ...p, cursors };
    });
  }, [data, isPlaceholderData]);

  const hasNext = Boolean(data?.nextCursor) && position.cursors.length > position.page + 1;
  const total = data?.total;
  const pageCount = total !== undefined ? Math.max(1, Math.ceil(total / pageSize)) : undefined;

  return (
    <div className="gz-cursor-table">
      {error && (
        <div style={{ marginBottom: 12 }}>
          <LoadError error={error} onRetry={() => void refetch()} />
        </div>
      )}
      <Table<T> {...tableProps} dataSource={data?.items ?? []} loading={loading} pagination={false} />
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
