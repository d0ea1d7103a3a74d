import type { ColumnType, Generated } from 'kysely';

/** The fixed, minimal list of fields a category may ask for; each category names the ones it needs. */
export const SPECIAL_FIELDS = ['supervision_end', 'case_officer', 'risk_level', 'guardian_contact'] as const;
export type SpecialField = (typeof SPECIAL_FIELDS)[number];
export const ENTRY_STATUSES = ['active', 'closed'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

type LocalDate = ColumnType<string, string, string>;
type Json<T> = ColumnType<T, string, string>;

export interface CategoryTable {
  id: Generated<number>;
  code: string;
  name_zh: string;
  name_en: string;
  fields: Json<SpecialField[]>;
  visit_days: number;
  active: Generated<boolean>;
}

export interface EntryTable {
  id: Generated<number>;
  person_id: number;
  community_id: number;
  category_id: number;
  starts_on: LocalDate;
  ends_on: LocalDate | null;
  worker_id: number;
  fields: Json<Partial<Record<SpecialField, string>>>;
  status: EntryStatus;
  last_visit_on: LocalDate | null;
  /** The due day last warned about: one warning per overdue period. */
  warned_due: LocalDate | null;
  created_by: number;
  created_at: Date;
  updated_at: Date;
}

export interface VisitTable {
  id: Generated<number>;
  entry_id: number;
  visited_on: LocalDate;
  note: Generated<string>;
  recorded_by: number;
  recorded_at: Date;
}

export interface SpecialTables {
  'special.categories': CategoryTable;
  'special.entries': EntryTable;
  'special.visits': VisitTable;
}
