import type { ColumnType, Generated } from 'kysely';

export const REPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** The units a monthly report (月度通报) is made for. */
export const REPORT_UNIT_KINDS = ['street', 'district'] as const;
export type ReportUnitKind = (typeof REPORT_UNIT_KINDS)[number];

export const REPORT_TRIGGERS = ['schedule', 'manual'] as const;
export type ReportTrigger = (typeof REPORT_TRIGGERS)[number];

export const REPORT_FILE_KINDS = ['html', 'pdf'] as const;
export type ReportFileKind = (typeof REPORT_FILE_KINDS)[number];

/** The headline measures of a report, in print order, each with its 环比 (change on the month before). */
export const HEADLINE_KEYS = [
  'received',
  'resolutionRate',
  'onTimeRate',
  'overdue',
  'satisfactionRate',
  'repeat',
] as const;
export type HeadlineKey = (typeof HEADLINE_KEYS)[number];

export const HEADLINE_NAMES: Record<HeadlineKey, string> = {
  received: '受理量',
  resolutionRate: '办结率',
  onTimeRate: '按期办结率',
  overdue: '超期件',
  satisfactionRate: '满意率',
  repeat: '重复诉求',
};

export interface ReportTable {
  id: Generated<number>;
  unit_kind: ReportUnitKind;
  /** The street or district reported on: what scope is checked against. */
  division_id: number;
  /** Its name when the report was made. */
  unit_name: string;
  /** The local calendar month, 'YYYY-MM'. */
  month: string;
  /** 1 for the first report of the unit and month; each generation again adds one. */
  version: number;
  status: ReportStatus;
  trigger: ReportTrigger;
  requested_by_user_id: number | null;
  requested_by_name: string | null;
  /** The headline figures and their 环比, as printed (for the list and for checking). */
  figures: ColumnType<unknown, string | null, string | null>;
  html_bytes: number | null;
  pdf_bytes: number | null;
  /** Why there is no PDF (no CJK font on the server), when the HTML was made without one. */
  pdf_note: string | null;
  failure: string | null;
  /** How long the generation took. */
  duration_ms: number | null;
  /** A worker's hold on a running generation; past it, another delivery may start it again. */
  lease_until: Date | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  /** When a later version of the same unit and month was finished; the earlier one is kept. */
  superseded_at: Date | null;
}

export interface ReportFileTable {
  report_id: number;
  kind: ReportFileKind;
  content: Buffer;
  sha256: string;
}

export interface ReportsTables {
  'reports.reports': ReportTable;
  'reports.files': ReportFileTable;
}
