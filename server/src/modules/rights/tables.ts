import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Claim, Deadline, FinalAward, Relationship, RightsKind } from './deadlines.ts';
import type { Route } from './routing.ts';

/** Where an intake came from: the worker's phone, a hotline call (12345/12348/12333), a desk, another module. */
export const SOURCES = ['h5', 'hotline', 'walk_in', 'odd_job', 'courier_bell'] as const;
export type RightsSource = (typeof SOURCES)[number];

export const STATUSES = ['routed', 'resolved', 'closed'] as const;
export type RightsStatus = (typeof STATUSES)[number];

export const DUTY_ROLES = ['lawyer', 'counsellor'] as const;
export type DutyRole = (typeof DUTY_ROLES)[number];

type LocalDate = ColumnType<string, string, string>;
type Json<T extends object | null> = JSONColumnType<T, string, string>;

/** The facts of the guided interview, as the worker answered them. */
export interface RightsFacts {
  knewOn: string | null;
  employmentOngoing: boolean | null;
  employmentEndedOn: string | null;
  injuryOn: string | null;
  accidentOn: string | null;
  standardsDispute: boolean;
  /** The kind's sub-question (e.g. wage: unpaid / below_minimum / overtime). */
  problem: string;
}

/** Where a routed case went: the mediation case, the booking, or the referral's office. */
export interface RouteRef {
  mediationCaseId?: number;
  mediationCaseCode?: string;
  bookingId?: number;
  startsAt?: string;
  dutyName?: string;
  dutyRole?: DutyRole;
}

export interface RightsCaseTable {
  id: Generated<number>;
  code: string;
  community_id: number;
  grid_id: number | null;
  source: RightsSource;
  /** The record another module opened the case from (an odd job's attendance), for the way back. */
  source_ref: Json<Record<string, unknown>>;
  worker_user_id: number | null;
  worker_name: string;
  worker_phone: string;
  worker_id_number: string | null;
  migrant_worker: boolean;
  kind: RightsKind;
  relationship: Relationship;
  facts: Json<RightsFacts>;
  employer_name: string;
  summary: string;
  claims: Json<Claim[]>;
  claim_fen: number;
  city: string;
  minimum_wage_fen: number;
  /** As computed and shown at intake, each with its rule: a record of what the worker was told. */
  deadlines: Json<Deadline[]>;
  final_award: Json<FinalAward | null>;
  earliest_deadline: LocalDate | null;
  route: Route;
  route_ref: Json<RouteRef>;
  means_test_waived: boolean;
  status: RightsStatus;
  recovered_fen: Generated<number>;
  outcome_note: Generated<string>;
  created_by: number;
  created_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
}

export interface RightsStepTable {
  id: Generated<number>;
  case_id: number;
  at: Date;
  action: 'open' | 'route' | 'resolve' | 'close';
  route: Route | null;
  note: string;
  actor_name: string;
}

export interface DutyShiftTable {
  id: Generated<number>;
  community_id: number;
  role: DutyRole;
  name: string;
  place: string;
  starts_at: Date;
  ends_at: Date;
  slot_minutes: number;
  created_by: number;
  created_at: Date;
}

export interface BookingTable {
  id: Generated<number>;
  shift_id: number;
  case_id: number;
  starts_at: Date;
  created_at: Date;
}

export interface RightsTables {
  'rights.cases': RightsCaseTable;
  'rights.steps': RightsStepTable;
  'rights.duty_shifts': DutyShiftTable;
  'rights.bookings': BookingTable;
}
