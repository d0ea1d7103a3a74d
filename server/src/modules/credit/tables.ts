import type { ColumnType, Generated } from 'kysely';

/** Kinds of evidence; what staff may record by hand, and what other modules or decisions bring. */
export const EVIDENCE_KINDS = ['inspection', 'complaint', 'alarm', 'voucher', 'fix', 'civic', 'repair'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const STAFF_KINDS = ['inspection', 'complaint', 'alarm', 'fix', 'civic'] as const;
export const GRADES = ['A', 'B', 'C', 'D'] as const;
export type Grade = (typeof GRADES)[number];
/** The regulator's annual 量化分级: A 良好, B 一般, C 较差. */
export const OFFICIAL_GRADES = ['A', 'B', 'C'] as const;
export const PLEDGE_KINDS = ['fraud_free_shop', 'fraud_free_hotel'] as const;
export const APPEAL_KINDS = ['appeal', 'repair'] as const;
export const APPEAL_STATUSES = ['pending', 'granted', 'rejected'] as const;

type LocalDate = ColumnType<string, string, string>;

export interface EvidenceTable {
  id: Generated<number>;
  merchant_id: number;
  community_id: number;
  kind: EvidenceKind;
  occurred_on: LocalDate;
  points: number;
  /** 'staff' (recorded by hand, recorded_by says who), 'points', 'volunteer' or 'credit' (a decision here). */
  source_module: string;
  source_ref: string;
  recorded_by: number | null;
  note: Generated<string>;
  voided_at: Date | null;
  voided_by: number | null;
  void_reason: string | null;
  created_at: Date;
}

export interface AppealTable {
  id: Generated<number>;
  merchant_id: number;
  community_id: number;
  kind: (typeof APPEAL_KINDS)[number];
  evidence_id: number | null;
  reason: string;
  photo_tokens: Generated<string[]>;
  status: Generated<(typeof APPEAL_STATUSES)[number]>;
  filed_by: number;
  filed_at: Date;
  decided_by: number | null;
  decided_at: Date | null;
  decision_note: Generated<string>;
  repair_evidence_id: number | null;
}

export interface ScoreTable {
  merchant_id: number;
  community_id: number;
  score: number;
  grade: Grade;
  raw_hundredths: number;
  as_of: LocalDate;
  computed_at: Date;
}

export interface SnapshotTable extends ScoreTable {
  /** YYYY-MM */
  month: string;
}

export interface OfficialGradeTable {
  id: Generated<number>;
  merchant_id: number;
  community_id: number;
  grade: (typeof OFFICIAL_GRADES)[number];
  graded_on: LocalDate;
  issuer: string;
  recorded_by: number;
  recorded_at: Date;
}

export interface PledgeTable {
  id: Generated<number>;
  merchant_id: number;
  community_id: number;
  kind: (typeof PLEDGE_KINDS)[number];
  text_version: string;
  signed_on: LocalDate;
  signed_by: number;
  evidence_id: number | null;
  created_at: Date;
}

export interface CardTable {
  merchant_id: number;
  token: string;
  created_at: Date;
}

export interface CreditTables {
  'credit.evidence': EvidenceTable;
  'credit.appeals': AppealTable;
  'credit.scores': ScoreTable;
  'credit.snapshots': SnapshotTable;
  'credit.official_grades': OfficialGradeTable;
  'credit.pledges': PledgeTable;
  'credit.cards': CardTable;
}
