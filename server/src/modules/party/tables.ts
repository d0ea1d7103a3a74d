import type { ColumnType, Generated } from 'kysely';

/** 社区党委, 党总支, 网格党支部, 楼栋党小组, 党员中心户. */
export const ORG_KINDS = ['committee', 'general_branch', 'branch', 'group', 'center_household'] as const;
export type PartyOrgKind = (typeof ORG_KINDS)[number];
/** regular; floating (流动党员, enrolled where they live too); in_service (在职党员, reports where they live). */
export const MEMBER_KINDS = ['regular', 'floating', 'in_service'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];
export const REPORT_STATUSES = ['requested', 'confirmed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

type LocalDate = ColumnType<string, string, string>;

export interface PartyOrgTable {
  id: Generated<number>;
  kind: PartyOrgKind;
  name: string;
  parent_id: number | null;
  /** The community it is bound to: every organisation's scope. */
  community_id: number;
  grid_id: number | null;
  building_id: number | null;
  /** For a 党员中心户: the household (org households) it is. */
  household_id: number | null;
  /** 书记: the secretary's name, as staff typed it; may be empty. */
  secretary: Generated<string>;
  created_by: number;
  created_at: Date;
}

export interface PartyMemberTable {
  id: Generated<number>;
  person_id: number;
  kind: MemberKind;
  /** 组织关系所在: the branch holding the membership. */
  primary_org_id: number;
  /** For 流动党员: the branch where they live, which lists them too. */
  residence_org_id: number | null;
  joined_on: LocalDate;
  created_by: number;
  created_at: Date;
}

/** 在职党员报到: a member reports to the community where they live; staff confirm. */
export interface PartyReportTable {
  id: Generated<number>;
  member_id: number;
  user_id: number;
  community_id: number;
  status: Generated<ReportStatus>;
  requested_at: Date;
  confirmed_at: Date | null;
  confirmed_by: number | null;
}

export interface PartyTables {
  'party.organizations': PartyOrgTable;
  'party.members': PartyMemberTable;
  'party.reports': PartyReportTable;
}
