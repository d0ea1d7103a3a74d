import type { ColumnType, Generated } from 'kysely';

export const EXPORT_STATUSES = ['queued', 'running', 'done', 'failed', 'expired'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

export interface ExportJobTable {
  id: Generated<number>;
  /** Who asked: only they see and download it. */
  user_id: number;
  /** The registered source (matters, persons, audit, users, …). */
  kind: string;
  /** The list's filters as the caller sent them, checked by the source's schema. */
  filters: ColumnType<unknown, string, string>;
  /** Headers and messages in the caller's language. */
  locale: 'zh-CN' | 'en';
  status: ExportStatus;
  rows_written: Generated<number>;
  /** The list's total when accepted: the progress bar's end. */
  rows_total: number | null;
  /** What the download is called (Chinese where the caller's language is). */
  file_name: string;
  /** Where the file is, relative to DATA_DIR; null until written and after expiry. */
  file_path: string | null;
  file_bytes: number | null;
  failure: string | null;
  /** A worker's hold on a running export; past it, another delivery may start it again. */
  lease_until: Date | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  expires_at: Date | null;
}

export interface ExportsTables {
  'exports.jobs': ExportJobTable;
}
