import type { ColumnType, Generated } from 'kysely';
import type { WageUnit } from '../oddjobs/tables.ts';

export const FAIR_STATUSES = ['draft', 'published', 'closed'] as const;
export type FairStatus = (typeof FAIR_STATUSES)[number];
export const OUTCOMES = ['pending', 'offer', 'no_offer'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const RESPONSES = ['accepted', 'declined'] as const;
export type OfferResponse = (typeof RESPONSES)[number];

/** A local date ('YYYY-MM-DD'), read back as text. */
type LocalDate = ColumnType<string, string, string>;

export interface FairTable {
  id: Generated<number>;
  /** The street or community holding the fair: its scope. */
  division_id: number;
  title: string;
  description: Generated<string>;
  place_name: string;
  starts_at: Date;
  ends_at: Date;
  capacity: number;
  status: Generated<FairStatus>;
  created_by: number;
  published_at: Date | null;
  closed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface BoothTable {
  id: Generated<number>;
  fair_id: number;
  /** The odd-job market's employer (oddjobs.employers), approved when the booth was taken. */
  employer_id: number;
  employer_user_id: number;
  employer_name: string;
  created_at: Date;
}

export interface PositionTable {
  id: Generated<number>;
  booth_id: number;
  fair_id: number;
  title: string;
  headcount: number;
  wage_fen: number;
  wage_unit: WageUnit;
  pieces_per_hour: number | null;
  city: string;
  /** The minimum it was checked against, in fen (as oddjobs postings). */
  minimum_fen: number;
  created_at: Date;
}

export interface SignupTable {
  id: Generated<number>;
  fair_id: number;
  user_id: number;
  name: string;
  phone: string | null;
  /** The sign-up code the seeker shows at the door when they cannot scan. */
  code: string;
  signed_in_at: Date | null;
  signed_in_via: 'qr' | 'staff' | null;
  signed_in_by: number | null;
  created_at: Date;
}

export interface InterviewTable {
  id: Generated<number>;
  fair_id: number;
  booth_id: number;
  position_id: number;
  signup_id: number;
  seeker_user_id: number;
  outcome: Generated<Outcome>;
  response: OfferResponse | null;
  decided_at: Date | null;
  responded_at: Date | null;
  hired_at: Date | null;
  hired_on: LocalDate | null;
  created_by: number;
  created_at: Date;
  updated_at: Date;
}

export interface FollowupTable {
  id: Generated<number>;
  interview_id: number;
  fair_id: number;
  employed: boolean;
  note: Generated<string>;
  recorded_by: number;
  recorded_at: Date;
}

export interface JobfairsTables {
  'jobfairs.fairs': FairTable;
  'jobfairs.booths': BoothTable;
  'jobfairs.positions': PositionTable;
  'jobfairs.signups': SignupTable;
  'jobfairs.interviews': InterviewTable;
  'jobfairs.followups': FollowupTable;
}
