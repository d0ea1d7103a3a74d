import type { ColumnType, Generated, JSONColumnType } from 'kysely';

export const METHODS = ['rise', 'cluster', 'hotspot', 'coincidence'] as const;
export type Method = (typeof METHODS)[number];
export const VERDICTS = ['confirmed', 'known', 'false'] as const;
export type Verdict = (typeof VERDICTS)[number];

type LocalDate = ColumnType<string, string, string>;

export interface WarningTable {
  id: Generated<number>;
  method: Method;
  /** Finds the ongoing warning of a signal: only one open warning has it. */
  fingerprint: string;
  status: Generated<'open' | 'ended'>;
  community_id: number;
  grid_id: number | null;
  category_id: number | null;
  /** H3 cells (resolution 8) of a cluster or hot spot. */
  cells: Generated<string[]>;
  window_from: LocalDate;
  window_to: LocalDate;
  observed: number;
  expected: number;
  relative_risk: number | null;
  p_value: number | null;
  recurrence_days: number | null;
  explanation: JSONColumnType<Record<string, unknown>, string, string>;
  /** The matters the warning counts; a new one joining is what notifies again. */
  case_ids: Generated<number[]>;
  matter_id: number | null;
  notified: Generated<number>;
  verdict: Verdict | null;
  verdict_note: Generated<string>;
  verdict_by: number | null;
  verdict_by_name: string | null;
  verdict_at: Date | null;
  first_at: Date;
  last_at: Date;
}

export interface WarningsTables {
  'warnings.warnings': WarningTable;
}
