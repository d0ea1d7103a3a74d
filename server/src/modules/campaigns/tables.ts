import type { ColumnType, Generated } from 'kysely';

export const TARGET_KINDS = ['building', 'shop', 'garage', 'other'] as const;
export const CHECK_RESULTS = ['pass', 'finding', 'not_applicable'] as const;
export const NOTICE_STATUSES = ['open', 'escalated', 'closed'] as const;

type LocalDate = ColumnType<string, string, string>;

export interface CampaignTable {
  id: Generated<number>;
  division_id: number;
  title: string;
  starts_on: LocalDate;
  ends_on: LocalDate;
  status: 'active' | 'closed';
  /** The task force (专项工作组): staff who record findings. */
  member_ids: number[];
  created_by: number;
  created_at: Date;
}

export interface ItemTable {
  id: Generated<number>;
  campaign_id: number;
  position: number;
  code: string;
  text: string;
  legal_basis: string | null;
}

export interface TargetTable {
  id: Generated<number>;
  campaign_id: number;
  kind: (typeof TARGET_KINDS)[number];
  building_id: number | null;
  name: string;
  address: Generated<string>;
  responsible_party: Generated<string>;
  lat: number | null;
  lng: number | null;
}

export interface NoticeTable {
  id: Generated<number>;
  campaign_id: number;
  target_id: number;
  year: number;
  seq: number;
  number: string;
  deadline: Date;
  status: (typeof NOTICE_STATUSES)[number];
  escalations: Generated<number>;
  /** The deadline whose passing was last escalated, so the periodic check escalates once per deadline. */
  escalated_deadline: Date | null;
  matter_id: number | null;
  issued_by: number;
  issued_at: Date;
  closed_at: Date | null;
}

export interface NoticeCounterTable {
  campaign_id: number;
  year: number;
  last: number;
}

export interface CheckTable {
  id: Generated<number>;
  campaign_id: number;
  target_id: number;
  item_id: number;
  result: (typeof CHECK_RESULTS)[number];
  description: Generated<string>;
  photo_tokens: string[];
  notice_id: number | null;
  matter_id: number | null;
  checked_by: number;
  checked_at: Date;
}

export interface RecheckTable {
  id: Generated<number>;
  notice_id: number;
  passed: boolean;
  note: Generated<string>;
  photo_tokens: Generated<string[]>;
  checked_by: number;
  checked_at: Date;
}

export interface CampaignsTables {
  'campaigns.campaigns': CampaignTable;
  'campaigns.items': ItemTable;
  'campaigns.targets': TargetTable;
  'campaigns.notices': NoticeTable;
  'campaigns.notice_counters': NoticeCounterTable;
  'campaigns.checks': CheckTable;
  'campaigns.rechecks': RecheckTable;
}
