import type { Generated } from 'kysely';

export const VISIT_METHODS = ['home', 'phone', 'video', 'street'] as const;
export type VisitMethod = (typeof VISIT_METHODS)[number];

export interface PatrolTable {
  id: Generated<number>;
  user_id: number;
  user_name: string;
  /** Where the patrolling worker works (their community, their grid), for scope. */
  division_id: number | null;
  grid_id: number | null;
  started_at: Date;
  ended_at: Date | null;
  ended_by: 'user' | 'auto' | null;
  /** Along the trail's samples of good accuracy, kept up to date as samples come. */
  distance_m: Generated<number>;
}

export interface SampleTable {
  patrol_id: number;
  sampled_at: Date;
  /** WGS-84. */
  lat: number;
  lng: number;
  accuracy_m: number;
  /** Accuracy worse than FIELD_MAX_ACCURACY_M: kept, drawn apart, not counted in the distance. */
  poor: boolean;
}

export interface CheckInTable {
  id: Generated<number>;
  patrol_id: number;
  building_id: number;
  building_name: string;
  community_id: number;
  grid_id: number | null;
  lat: number | null;
  lng: number | null;
  at: Date;
}

export interface FindingTable {
  patrol_id: number;
  matter_id: number;
  lat: number;
  lng: number;
  at: Date;
}

export interface VisitTable {
  id: Generated<number>;
  person_id: number | null;
  household_id: number | null;
  subject_name: string;
  community_id: number;
  grid_id: number | null;
  visitor_user_id: number;
  visitor_name: string;
  visited_at: Date;
  method: VisitMethod;
  notes: Generated<string>;
  photos: Generated<string[]>;
  matter_ids: Generated<number[]>;
  created_at: Date;
}

export interface VisitRuleTable {
  community_id: number;
  tag: string;
  every_days: number;
  updated_by: number;
  updated_at: Date;
}

export interface FieldTables {
  'field.patrols': PatrolTable;
  'field.samples': SampleTable;
  'field.check_ins': CheckInTable;
  'field.findings': FindingTable;
  'field.visits': VisitTable;
  'field.visit_rules': VisitRuleTable;
}
