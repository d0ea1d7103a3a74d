import type { Generated } from 'kysely';

export interface TeamTable {
  id: Generated<number>;
  community_id: number;
  name: string;
  description: Generated<string>;
  created_by: number;
  created_at: Date;
}

export interface MemberTable {
  team_id: number;
  user_id: number;
  role: Generated<'leader' | 'member'>;
  joined_at: Date;
}

export interface ActivityTable {
  id: Generated<number>;
  team_id: number;
  community_id: number;
  title: string;
  description: Generated<string>;
  place: Generated<string>;
  lat: number | null;
  lng: number | null;
  starts_at: Date;
  ends_at: Date;
  capacity: number;
  checkin_secret: string;
  status: Generated<'open' | 'closed' | 'cancelled'>;
  created_by: number;
  created_at: Date;
  series_id: Generated<number | null>;
  occurrence_date: Generated<string | null>;
  detached: Generated<boolean>;
  cancel_reason: Generated<string>;
}

/** A recurring activity: a template, an RFC 5545 rule in local time from start_date at start_time, and skipped dates. */
export interface ActivitySeriesTable {
  id: Generated<number>;
  team_id: number;
  community_id: number;
  title: string;
  description: Generated<string>;
  place: Generated<string>;
  lat: number | null;
  lng: number | null;
  rrule: string;
  start_date: string;
  start_time: string;
  duration_minutes: number;
  capacity: number;
  exdates: Generated<string[]>;
  active: Generated<boolean>;
  created_by: number;
  created_at: Date;
  updated_at: Date;
}

export type SignupStatus = 'signed_up' | 'cancelled' | 'checked_in' | 'checked_out' | 'approved' | 'rejected';

export interface SignupTable {
  activity_id: number;
  user_id: number;
  status: Generated<SignupStatus>;
  signed_up_at: Date;
  checked_in_at: Date | null;
  checked_out_at: Date | null;
  minutes: number | null;
  approved_minutes: number | null;
  decided_by: number | null;
  decided_at: Date | null;
}

export type GoodDeedStatus = 'reported' | 'verified' | 'rejected';

export interface GoodDeedTable {
  id: Generated<number>;
  community_id: number;
  reporter_user_id: number;
  doer_user_id: number | null;
  doer_name: string;
  title: string;
  description: string;
  photos: Generated<string[]>;
  occurred_on: string;
  status: Generated<GoodDeedStatus>;
  decided_by: number | null;
  decided_at: Date | null;
  decision_note: Generated<string>;
  created_at: Date;
}

export const WISH_STATUSES = ['open', 'claimed', 'fulfilled', 'thanked', 'cancelled'] as const;
export type WishStatus = (typeof WISH_STATUSES)[number];

export interface WishTable {
  id: Generated<number>;
  community_id: number;
  beneficiary_label: string;
  beneficiary_person_id: number | null;
  title: string;
  description: Generated<string>;
  posted_by: number;
  status: Generated<WishStatus>;
  claimed_by_user_id: number | null;
  claimed_by_unit: string | null;
  claimed_by_unit_id: Generated<number | null>;
  claimed_at: Date | null;
  fulfilled_at: Date | null;
  fulfilment_photos: Generated<string[]>;
  thanks_note: Generated<string>;
  created_at: Date;
}

export interface ProjectTable {
  id: Generated<number>;
  community_id: number;
  title: string;
  description: Generated<string>;
  claimed_by_unit: string | null;
  claimed_by_unit_id: Generated<number | null>;
  status: Generated<'open' | 'claimed' | 'in_progress' | 'done'>;
  progress: Generated<number>;
  created_by: number;
  created_at: Date;
  updated_at: Date;
}

export interface ProjectUpdateTable {
  id: Generated<number>;
  project_id: number;
  author_user_id: number;
  progress: number;
  note: string;
  photos: Generated<string[]>;
  created_at: Date;
}

export interface VolunteerTables {
  'volunteer.teams': TeamTable;
  'volunteer.members': MemberTable;
  'volunteer.activities': ActivityTable;
  'volunteer.activity_series': ActivitySeriesTable;
  'volunteer.signups': SignupTable;
  'volunteer.good_deeds': GoodDeedTable;
  'volunteer.wishes': WishTable;
  'volunteer.projects': ProjectTable;
  'volunteer.project_updates': ProjectUpdateTable;
}
