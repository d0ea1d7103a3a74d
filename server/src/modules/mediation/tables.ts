import type { Generated, JSONColumnType } from 'kysely';

export const CATEGORIES = [
  'marriage_family',
  'neighbour',
  'housing_land',
  'contract',
  'business',
  'damages',
  'labour',
  'consumer',
  'medical',
  'traffic',
  'property_management',
  'land_demolition',
  'environment',
  'other',
] as const;
export type CaseCategory = (typeof CATEGORIES)[number];

export const CASE_STATUSES = [
  'accepted',
  'investigating',
  'mediating',
  'agreed',
  'performing',
  'closed',
  'failed',
  'withdrawn',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const SOURCES = ['matter', 'walk_in', 'phone', 'patrol', 'referral', 'other'] as const;
export type CaseSource = (typeof SOURCES)[number];

export const RISKS = ['low', 'medium', 'high'] as const;
export type Risk = (typeof RISKS)[number];

export const PARTY_ROLES = ['applicant', 'respondent', 'third_party'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

export const TASK_FORCE_ROLES = ['police', 'mediator', 'property', 'lawyer', 'other'] as const;
export type TaskForceRole = (typeof TASK_FORCE_ROLES)[number];

export const REFERRALS = ['court', 'arbitration', 'legal_aid', 'other'] as const;
export type Referral = (typeof REFERRALS)[number];

export const STUDIO_KINDS = ['studio', 'talk_point', 'committee', 'legal_station'] as const;
export type StudioKind = (typeof STUDIO_KINDS)[number];

export type Outcome = 'agreed' | 'failed' | 'withdrawn';

export interface StudioTable {
  id: Generated<number>;
  division_id: number;
  name: string;
  kind: Generated<StudioKind>;
  address: Generated<string>;
  phone: Generated<string>;
  description: Generated<string>;
  manager_user_id: number | null;
  active: Generated<boolean>;
  created_by: number;
  created_at: Date;
}

export interface MediatorTable {
  studio_id: number;
  user_id: number;
  display_name: string;
  title: Generated<string>;
  specialities: Generated<string[]>;
  active: Generated<boolean>;
  joined_at: Date;
}

export interface CaseTable {
  id: Generated<number>;
  code: string;
  community_id: number;
  grid_id: number | null;
  studio_id: number | null;
  matter_id: number | null;
  source: CaseSource;
  category: CaseCategory;
  summary: string;
  facts: Generated<string>;
  issues: Generated<string>;
  amount_fen: Generated<number>;
  people_count: Generated<number>;
  group_dispute: Generated<boolean>;
  risk: Generated<Risk>;
  status: Generated<CaseStatus>;
  mediator_user_id: number | null;
  mediator_name: string | null;
  accepted_at: Date;
  due_at: Date;
  extended_days: Generated<number>;
  overdue: Generated<boolean>;
  escalated_at: Date | null;
  agreed_at: Date | null;
  performed_at: Date | null;
  follow_up_due_on: string | null;
  follow_up_reminded: Generated<boolean>;
  ended_at: Date | null;
  outcome: Outcome | null;
  end_reason: Generated<string>;
  referral_kind: Referral | null;
  referral_to: Generated<string>;
  created_by: number;
  updated_at: Date;
}

export interface PartyTable {
  id: Generated<number>;
  case_id: number;
  position: number;
  role: PartyRole;
  kind: 'person' | 'organisation';
  name: string;
  id_number: string | null;
  phone: string | null;
  address: Generated<string>;
  representative: Generated<string>;
  person_id: number | null;
  user_id: number | null;
}

export interface TaskForceTable {
  id: Generated<number>;
  case_id: number;
  user_id: number | null;
  name: string;
  role: TaskForceRole;
  organisation: Generated<string>;
  added_at: Date;
}

export interface Attendee {
  name: string;
  side: 'applicant' | 'respondent' | 'third_party' | 'mediator' | 'task_force' | 'other';
}

export interface SessionTable {
  id: Generated<number>;
  case_id: number;
  held_at: Date;
  place: Generated<string>;
  attendees: JSONColumnType<Attendee[], string, string>;
  notes: string;
  recorded_by: number;
  recorded_at: Date;
}

export interface AgreementTable {
  case_id: number;
  terms: string[];
  facts: string;
  total_fen: Generated<number>;
  performance_method: string;
  performance_deadline: string;
  signed_on: string;
  copies: Generated<number>;
  recorded_by: number;
  recorded_at: Date;
}

export interface InstalmentTable {
  case_id: number;
  seq: number;
  due_on: string;
  amount_fen: number;
  paid_fen: Generated<number>;
  paid_on: string | null;
}

export interface FollowUpTable {
  id: Generated<number>;
  case_id: number;
  visited_at: Date;
  visited_by_user_id: number;
  visited_by_name: string;
  findings: string;
  satisfied: boolean;
  recorded_at: Date;
}

export interface ClaimTable {
  id: Generated<number>;
  case_id: number;
  claimant_name: string;
  phone: string | null;
  address: Generated<string>;
  amount_fen: number;
  description: Generated<string>;
  documents: Generated<string[]>;
  visited_at: Date;
  visited_by_user_id: number;
  visited_by_name: string;
  recorded_at: Date;
}

export interface CaseTimelineTable {
  id: Generated<number>;
  case_id: number;
  at: Date;
  actor_user_id: number | null;
  actor_name: string;
  action: string;
  from_status: CaseStatus | null;
  to_status: CaseStatus | null;
  note: Generated<string>;
  details: JSONColumnType<Record<string, unknown>, string, string>;
}

export interface MediationTables {
  'mediation.studios': StudioTable;
  'mediation.mediators': MediatorTable;
  'mediation.cases': CaseTable;
  'mediation.parties': PartyTable;
  'mediation.task_force': TaskForceTable;
  'mediation.sessions': SessionTable;
  'mediation.agreements': AgreementTable;
  'mediation.instalments': InstalmentTable;
  'mediation.follow_ups': FollowUpTable;
  'mediation.claims': ClaimTable;
  'mediation.timeline': CaseTimelineTable;
}
