import type { ColumnType, Generated } from 'kysely';

export const POSTING_KINDS = ['odd_job', 'day_paid', 'short_term', 'long_term'] as const;
export type PostingKind = (typeof POSTING_KINDS)[number];
export const WAGE_UNITS = ['hour', 'day', 'month', 'piece'] as const;
export type WageUnit = (typeof WAGE_UNITS)[number];
export const EMPLOYER_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type EmployerStatus = (typeof EMPLOYER_STATUSES)[number];
export const POSTING_STATUSES = ['open', 'filled', 'closed'] as const;
export type PostingStatus = (typeof POSTING_STATUSES)[number];
export const APPLICATION_STATUSES = [
  'applied',
  'interview',
  'hired',
  'rejected',
  'checked_in',
  'checked_out',
  'paid',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

type LocalDate = ColumnType<string, string, string>;

export interface EmployerTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  /** 统一社会信用代码 (GB 32100-2015), its check digit verified. */
  credit_code: string;
  community_id: number;
  contact_name: string;
  contact_phone: string;
  status: Generated<EmployerStatus>;
  review_note: Generated<string>;
  reviewed_by: number | null;
  reviewed_at: Date | null;
  /** How many seekers rated the employer, and their stars summed: what the match score reads. */
  rating_count: Generated<number>;
  rating_sum: Generated<number>;
  created_at: Date;
  updated_at: Date;
}

export interface PostingTable {
  id: Generated<number>;
  employer_id: number;
  community_id: number;
  title: string;
  description: string;
  kind: PostingKind;
  wage_fen: number;
  wage_unit: WageUnit;
  pieces_per_hour: number | null;
  /** The wage as an hourly figure, what the minimum and a seeker's expectation are compared with. */
  hourly_fen: number;
  city: string;
  /** The minimum it was checked against (hourly, or monthly for a monthly wage), in fen. */
  minimum_fen: number;
  lat: number;
  lng: number;
  cell7: string;
  place_name: string;
  starts_at: Date;
  ends_at: Date;
  /** The local weekday of the start, 1 (Monday) … 7. */
  weekday: number;
  skills: string[];
  certificates: string[];
  headcount: number;
  hired_count: Generated<number>;
  status: Generated<PostingStatus>;
  exposure_day: LocalDate | null;
  exposure_count: Generated<number>;
  /** When the last place of the headcount was filled. */
  filled_at: Generated<Date | null>;
  created_at: Date;
  updated_at: Date;
}

export interface SeekerTable {
  id: Generated<number>;
  user_id: number;
  community_id: number;
  skills: string[];
  certificates: string[];
  lat: number;
  lng: number;
  cell7: string;
  radius_m: number;
  expected_hourly_fen: number;
  /** Days the seeker can work: bit 0 Monday … bit 6 Sunday. */
  weekdays: number;
  /** Declared by the seeker at sign-up, optional: the age the help queue reads. */
  birth_year: Generated<number | null>;
  declared_disabled: Generated<boolean>;
  /** Marked by staff (就业困难人员): older (when no birth year says so), disabled, low income. */
  flag_older: Generated<boolean>;
  flag_disabled: Generated<boolean>;
  flag_low_income: Generated<boolean>;
  /** The follow-up date of the latest help action, a local date; null when none is due. */
  follow_up_on: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Date;
  updated_at: Date;
}

export interface ApplicationTable {
  id: Generated<number>;
  posting_id: number;
  seeker_id: number;
  status: Generated<ApplicationStatus>;
  note: Generated<string>;
  check_in_at: Date | null;
  check_out_at: Date | null;
  /** What the attendance says is owed, in fen, computed at check-out. */
  due_fen: number | null;
  employer_pay_fen: number | null;
  seeker_pay_fen: number | null;
  employer_rating: number | null;
  employer_comment: Generated<string>;
  seeker_rating: number | null;
  seeker_comment: Generated<string>;
  rights_case_id: number | null;
  /** When the employer hired the seeker. */
  hired_at: Generated<Date | null>;
  created_at: Date;
  updated_at: Date;
}

export interface ExposureTable {
  posting_id: number;
  seeker_id: number;
  day: LocalDate;
}

export const HELP_KINDS = ['call', 'referral', 'training', 'note'] as const;
export type HelpKind = (typeof HELP_KINDS)[number];

/** A help action staff took for a seeker in the help queue (重点帮扶). */
export interface HelpActionTable {
  id: Generated<number>;
  seeker_id: number;
  community_id: number;
  kind: HelpKind;
  posting_id: number | null;
  note: Generated<string>;
  follow_up_on: LocalDate | null;
  staff_user_id: number;
  created_at: Date;
}

export interface OddjobsTables {
  'oddjobs.help_actions': HelpActionTable;
  'oddjobs.employers': EmployerTable;
  'oddjobs.postings': PostingTable;
  'oddjobs.seekers': SeekerTable;
  'oddjobs.applications': ApplicationTable;
  'oddjobs.exposures': ExposureTable;
}
