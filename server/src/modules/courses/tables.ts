import type { FraudType } from '../legal/tables.ts';
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/** Kinds of course: the seeds' 骑士学院 and 党群夜校 topics. */
export const CATEGORIES = ['operations', 'safety', 'law', 'anti_fraud', 'career', 'health', 'party', 'skills'] as const;
export type CourseCategory = (typeof CATEGORIES)[number];

export const COURSE_STATUSES = ['draft', 'published', 'archived'] as const;
export type CourseStatus = (typeof COURSE_STATUSES)[number];

type Json<T extends object> = JSONColumnType<T, string, string>;

/** One quiz question: its options and the index of the right one. */
export interface QuizQuestion {
  question: string;
  options: string[];
  answer: number;
}

/** Seconds of the lesson watched, as disjoint sorted [from, to) intervals. */
export type Intervals = Array<[number, number]>;

export interface CourseTable {
  id: Generated<number>;
  community_id: number;
  category: CourseCategory;
  /** Anti-fraud lessons only: the kind of fraud the lesson teaches to spot. */
  fraud_type: ColumnType<FraudType | null, FraudType | null | undefined, FraudType | null>;
  title: string;
  summary: string;
  lesson_seconds: number | null;
  lesson_url: string;
  lesson_text: string;
  quiz: Json<QuizQuestion[]>;
  pass_percent: number;
  requires_session: boolean;
  certificate: boolean;
  official_url: string;
  status: CourseStatus;
  created_by: number;
  created_at: Date;
  updated_at: Date;
}

export interface SessionTable {
  id: Generated<number>;
  course_id: number;
  community_id: number;
  station_id: number | null;
  place: string;
  starts_at: Date;
  ends_at: Date;
  capacity: number;
  created_by: number;
  created_at: Date;
}

export interface SignupTable {
  session_id: number;
  user_id: number;
  signed_up_at: Date;
  checked_in_at: Date | null;
}

export interface EnrollmentTable {
  id: Generated<number>;
  course_id: number;
  user_id: number;
  watched: Json<Intervals>;
  watched_seconds: ColumnType<number, number | undefined, number>;
  heartbeat_at: Date | null;
  quiz_percent: number | null;
  quiz_passed: ColumnType<boolean, boolean | undefined, boolean>;
  attended_session_id: number | null;
  completed_at: Date | null;
  points_awarded: ColumnType<number, number | undefined, number>;
  created_at: Date;
  updated_at: Date;
}

export interface CertificateTable {
  id: Generated<number>;
  code: string;
  enrollment_id: number;
  course_id: number;
  user_id: number;
  holder_name: string;
  course_title: string;
  issued_at: Date;
  credential: string;
  revoked_at: Date | null;
  revoked_reason: ColumnType<string, string | undefined, string>;
  revoked_by: number | null;
}

export interface CoursesTables {
  'courses.courses': CourseTable;
  'courses.sessions': SessionTable;
  'courses.signups': SignupTable;
  'courses.enrollments': EnrollmentTable;
  'courses.certificates': CertificateTable;
}
