import type { ZodType } from 'zod';
import type { RequestContext } from '../../platform/context.ts';
import type { Locale } from '../../platform/i18n.ts';
import { chinaDateTime } from '../../platform/personal-data.ts';
import type { Page } from '../../platform/pagination.ts';

/** A cell as the spreadsheet holds it: text, a number, or empty. */
export type CellValue = string | number | null;

export interface ExportColumn<Item> {
  key: string;
  header: Record<Locale, string>;
  /** Width in characters (Excel's unit). */
  width?: number;
  value: (item: Item, format: CellFormat) => CellValue;
}

/** How a source writes times and words that depend on the setting and the caller's language. */
export interface CellFormat {
  locale: Locale;
  /** An API timestamp (ISO) as local time 'YYYY-MM-DD HH:mm' in TIME_ZONE; empty for null. */
  time: (iso: string | null | undefined) => string | null;
}

/**
 * What a module registers to make one of its lists exportable (导出). The exports module knows
 * nothing of the module's tables: it pages through `page`, which is the list endpoint's own
 * service call with the same filters, so the rows, the scope and the masking of personal data
 * are those of the list the caller sees.
 */
export interface ExportSource<Filters = unknown, Item = unknown> {
  kind: string;
  /** The sheet's and the file's name. */
  title: Record<Locale, string>;
  /**
   * The list endpoint's query schema; the export's filters are that query without its paging
   * (cursor, limit, withTotal), which the export sets itself.
   */
  filters: ZodType<Filters>;
  /**
   * One page of the list as its endpoint answers it, with the caller's permission and scope
   * checked there (a caller who may not read the list may not export it).
   */
  page: (ctx: RequestContext, filters: Filters, page: ExportPaging) => Promise<Page<Item>>;
  columns: ExportColumn<Item>[];
}

export interface ExportPaging {
  cursor: string | undefined;
  limit: number;
  withTotal: boolean;
}

/** Keys of a list's query that are the export's own business, not filters. */
export const PAGING_KEYS = ['cursor', 'limit', 'withTotal'] as const;

/** Declares a source with its item type inferred from its page function. */
export function exportSource<Filters, Item>(source: ExportSource<Filters, Item>): ExportSource<Filters, Item> {
  return source;
}

export function cellFormat(locale: Locale, timeZone: string): CellFormat {
  return { locale, time: (iso) => (iso ? chinaDateTime(new Date(iso), timeZone) : null) };
}

/** Joins a list of names for one cell. */
export const joined = (values: readonly (string | null | undefined)[]) => values.filter(Boolean).join('、');
