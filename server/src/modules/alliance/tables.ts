import type { Generated } from 'kysely';

export const UNIT_KINDS = [
  'party_partner', // 党建联建
  'company',
  'public_institution', // 事业单位
  'social_organisation', // 社会组织
  'merchant', // 商户
  'gig_alliance', // 零工市场联盟
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface UnitTable {
  id: Generated<number>;
  /** The community or street the unit serves. */
  division_id: number;
  name: string;
  kind: UnitKind;
  credit_code: string | null;
  address: Generated<string>;
  tags: Generated<string[]>;
  active: Generated<boolean>;
  created_by: number;
  created_at: Date;
  updated_at: Date;
}

export interface UnitMemberTable {
  id: Generated<number>;
  unit_id: number;
  person_id: number | null;
  name: string;
  role: Generated<string>;
  phone: string | null;
  is_contact: Generated<boolean>;
  created_at: Date;
}

export interface AllianceTables {
  'alliance.units': UnitTable;
  'alliance.members': UnitMemberTable;
}
