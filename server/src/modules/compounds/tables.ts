import type { ColumnType, Generated } from 'kysely';

/** commodity 商品房, resettlement 回迁房, old 老旧小区, unmanaged 三无小区, other. */
export const COMPOUND_KINDS = ['commodity', 'resettlement', 'old', 'unmanaged', 'other'] as const;
export type CompoundKind = (typeof COMPOUND_KINDS)[number];
/** 主任, 副主任, 委员 of the owners' committee (业委会). */
export const MEMBER_ROLES = ['director', 'deputy', 'member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

type LocalDate = ColumnType<string, string, string>;

export interface CompoundTable {
  id: Generated<number>;
  community_id: number;
  name: string;
  kind: CompoundKind;
  address: Generated<string>;
  committee_term_start: LocalDate | null;
  committee_term_end: LocalDate | null;
  committee_elected_on: LocalDate | null;
  created_by: number;
  created_at: Date;
  updated_at: Date;
}

/** A building (org) belongs to at most one compound: building_id is the key. */
export interface CompoundBuildingTable {
  building_id: number;
  compound_id: number;
}

export interface CommitteeMemberTable {
  id: Generated<number>;
  compound_id: number;
  name: string;
  role: MemberRole;
  phone: string | null;
  created_at: Date;
}

/** Contracts with property companies (物业); a new one closes the one before it. */
export interface PropertyContractTable {
  id: Generated<number>;
  compound_id: number;
  company_name: string;
  credit_code: string | null;
  contact: Generated<string>;
  phone: string | null;
  starts_on: LocalDate;
  ends_on: LocalDate | null;
  /** Fen per m² per month. */
  fee_fen: number | null;
  current: Generated<boolean>;
  created_at: Date;
}

/** A deliberation meeting (三方协调, 半月谈 …) about the compound. */
export interface MeetingLinkTable {
  compound_id: number;
  meeting_id: number;
  linked_at: Date;
}

/** A dated event in the compound's history (建成, 交付, 首届业委会成立, 改造 …). */
export interface HistoryTable {
  id: Generated<number>;
  compound_id: number;
  happened_on: LocalDate;
  title: string;
  note: Generated<string>;
  created_by: number;
  created_at: Date;
}

/** 管理规约, 议事规则, 物业合同, 会议纪要, 公告, other. */
export const DOCUMENT_KINDS = [
  'owners_rules',
  'meeting_rules',
  'property_contract',
  'minutes',
  'notice',
  'other',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** A document of the compound, kept as photographed pages (media tokens, in order). */
export interface DocumentTable {
  id: Generated<number>;
  compound_id: number;
  kind: DocumentKind;
  title: string;
  signed_on: LocalDate | null;
  pages: string[];
  created_by: number;
  created_at: Date;
}

export interface CompoundsTables {
  'compounds.compounds': CompoundTable;
  'compounds.buildings': CompoundBuildingTable;
  'compounds.committee_members': CommitteeMemberTable;
  'compounds.property_contracts': PropertyContractTable;
  'compounds.meeting_links': MeetingLinkTable;
  'compounds.history': HistoryTable;
  'compounds.documents': DocumentTable;
}
