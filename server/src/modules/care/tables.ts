import type { Generated } from 'kysely';

export const TARGET_KINDS = ['elderly_alone', 'disabled', 'seriously_ill'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export const CHECK_KINDS = ['curtain_open', 'curtain_close', 'water_used', 'door_open'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

export const HELPER_RELATIONS = ['volunteer', 'grid_worker', 'family', 'neighbour', 'other'] as const;
export type HelperRelation = (typeof HELPER_RELATIONS)[number];

export const CHECK_STATUSES = ['pending', 'done', 'missed'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export const VISIT_METHODS = ['home', 'phone', 'video'] as const;
export type VisitMethod = (typeof VISIT_METHODS)[number];

export interface TargetTable {
  id: Generated<number>;
  person_id: number;
  person_name: string;
  kinds: TargetKind[];
  community_id: number;
  grid_id: number | null;
  building_id: number | null;
  household_id: number | null;
  address: Generated<string>;
  note: Generated<string>;
  device_ids: Generated<number[]>;
  active: Generated<boolean>;
  created_by: number;
  created_at: Date;
  updated_at: Date;
}

export interface HelperTable {
  target_id: number;
  user_id: number;
  display_name: string;
  relation: HelperRelation;
  position: number;
}

export interface CheckRuleTable {
  id: Generated<number>;
  target_id: number;
  kind: CheckKind;
  /** 'HH:MM:SS' local time. */
  window_from: Generated<string>;
  due_time: string;
  active: Generated<boolean>;
}

export interface DailyCheckTable {
  id: Generated<number>;
  target_id: number;
  rule_id: number;
  day: string;
  kind: CheckKind;
  window_from_at: Date;
  due_at: Date;
  status: Generated<CheckStatus>;
  satisfied_at: Date | null;
  satisfied_by: 'device' | 'helper' | null;
  satisfied_device_id: number | null;
  satisfied_user_id: number | null;
  satisfied_user_name: string | null;
  satisfied_note: Generated<string>;
  late: Generated<boolean>;
  missed_at: Date | null;
  matter_id: number | null;
  responder_user_id: number | null;
  responder_name: string | null;
  responder_position: number | null;
  notified_at: Date | null;
  acknowledged_at: Date | null;
  acknowledged_by: number | null;
  acknowledged_name: string | null;
  escalations: Generated<number>;
  exhausted: Generated<boolean>;
}

export interface CheckLogTable {
  id: Generated<number>;
  check_id: number;
  at: Date;
  action: string;
  user_id: number | null;
  user_name: string | null;
  note: Generated<string>;
}

export interface VisitPlanTable {
  target_id: number;
  every_days: number;
  visitor_user_id: number | null;
  visitor_name: string | null;
  starts_on: string;
  updated_by: number;
  updated_at: Date;
}

export interface VisitTable {
  id: Generated<number>;
  target_id: number;
  visitor_user_id: number;
  visitor_name: string;
  visited_at: Date;
  method: VisitMethod;
  findings: Generated<string>;
  photos: Generated<string[]>;
  concern: Generated<boolean>;
  matter_id: number | null;
  created_at: Date;
}

export interface CareTables {
  'care.targets': TargetTable;
  'care.helpers': HelperTable;
  'care.check_rules': CheckRuleTable;
  'care.daily_checks': DailyCheckTable;
  'care.check_log': CheckLogTable;
  'care.visit_plans': VisitPlanTable;
  'care.visits': VisitTable;
}
