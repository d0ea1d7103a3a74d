import type { Generated, JSONColumnType } from 'kysely';

/** Who a scheme assesses: the grid workers of a district, or its departments (职能部门). */
export const SUBJECT_KINDS = ['grid_worker', 'department'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/**
 * The fixed catalogue of indicators: every one is computed from work already recorded by
 * another module (matters, supervision, field). This list is the guarantee that app
 * activity (log-ins, clicks, likes, forwards, study time) cannot be configured — the 2026
 * rules for government apps forbid it — and that assessment adds no form to fill in.
 */
export const INDICATORS = [
  'accepted_on_time',
  'resolved_on_time',
  'overdue',
  'returned',
  'supervision_cards',
  'visits',
  'patrol_coverage',
  'satisfaction',
] as const;
export type Indicator = (typeof INDICATORS)[number];

/**
 * How an indicator turns into points. rate: weight × min(1, value / target), full weight when
 * there is nothing to judge; count: weight less a deduction per record, never below 0.
 */
export const INDICATOR_CATALOGUE: Record<
  Indicator,
  {
    kind: 'rate' | 'count';
    subjects: readonly SubjectKind[];
    deductions: readonly ('perItem' | 'perRed' | 'perYellow')[];
  }
> = {
  accepted_on_time: { kind: 'rate', subjects: ['grid_worker', 'department'], deductions: [] },
  resolved_on_time: { kind: 'rate', subjects: ['grid_worker', 'department'], deductions: [] },
  overdue: { kind: 'count', subjects: ['grid_worker', 'department'], deductions: ['perItem'] },
  returned: { kind: 'count', subjects: ['grid_worker', 'department'], deductions: ['perItem'] },
  supervision_cards: { kind: 'count', subjects: ['grid_worker', 'department'], deductions: ['perRed', 'perYellow'] },
  visits: { kind: 'rate', subjects: ['grid_worker'], deductions: [] },
  patrol_coverage: { kind: 'rate', subjects: ['grid_worker'], deductions: [] },
  satisfaction: { kind: 'rate', subjects: ['grid_worker', 'department'], deductions: [] },
};

export const APPEAL_STATUSES = ['pending', 'granted', 'refused'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

/** What a record reference points at; matters, visits and orders open in their own pages. */
export const REF_KINDS = ['matter', 'visit', 'order', 'check_in', 'building', 'person'] as const;
export type RefKind = (typeof REF_KINDS)[number];
/** met: counts for the subject; missed: counts against (late, overdue, not visited); counted: the base. */
export const REF_ROLES = ['met', 'missed', 'counted', 'red', 'yellow'] as const;
export type RefRole = (typeof REF_ROLES)[number];

export interface IndicatorConfig {
  indicator: Indicator;
  weight: number;
  /** For rates: the rate that earns the full weight, in (0, 1]. */
  target?: number | undefined;
  /** For counts: points taken off per record (per overdue matter, per return). */
  perItem?: number | undefined;
  /** For supervision cards: points taken off per red card, per yellow card given in the month. */
  perRed?: number | undefined;
  perYellow?: number | undefined;
}

export interface WorkloadConfig {
  /** How far workload moves a score: the factor lies in [1 − strength, 1 + strength]. 0 turns it off. */
  strength: number;
  /** Case mix: weight of a matter by its top-level category code (1 when not listed). */
  caseMix: Record<string, number>;
  /** Peer groups of grid workers by residents: small below the first, medium below the second, else large. */
  sizeBands: [number, number];
}

export interface RefGroup {
  kind: RefKind;
  role: RefRole;
  ids: number[];
}

export interface ScoreWorkload {
  weightedLoad: number;
  load: number | null;
  peerMedian: number | null;
  strength: number;
  matterIds: number[];
}

export interface SchemeTable {
  id: Generated<number>;
  district_id: number;
  subject_kind: SubjectKind;
  name: string;
  current_version: Generated<number>;
  archived: Generated<boolean>;
  created_by_user_id: number;
  created_at: Date;
  updated_at: Date;
}

export interface SchemeVersionTable {
  id: Generated<number>;
  scheme_id: number;
  version: number;
  /** The first month (YYYY-MM) it scores; a month is scored with the latest version in force. */
  effective_from: string;
  indicators: JSONColumnType<IndicatorConfig[], string, string>;
  workload: JSONColumnType<WorkloadConfig, string, string>;
  note: string;
  created_by_user_id: number;
  created_by_name: string;
  created_at: Date;
}

export interface RunTable {
  id: Generated<number>;
  scheme_id: number;
  version_id: number;
  month: string;
  subjects: number;
  trigger: 'job' | 'route';
  by_user_id: number | null;
  by_name: string | null;
  at: Date;
}

export interface ScoreTable {
  id: Generated<number>;
  scheme_id: number;
  version_id: number;
  run_id: number;
  month: string;
  subject_kind: SubjectKind;
  /** user:<id> for a grid worker, dept:<code> for a department. */
  subject_key: string;
  subject_user_id: number | null;
  subject_name: string;
  /** For scope: a grid worker's community, a department's district. */
  division_id: number;
  grid_id: number | null;
  peer_group: string;
  residents: number | null;
  /** The sum of the lines' points (granted appeals applied). */
  raw_points: number;
  workload_factor: number;
  score: number;
  rank: number;
  peer_size: number;
  /** Review flags (never penalties): patterns worth a look. */
  flags: JSONColumnType<string[], string, string>;
  /** How the workload factor came about: the case-mix weighted load, per 1,000 residents, the peer median, the matters. */
  workload: JSONColumnType<ScoreWorkload, string, string>;
  computed_at: Date;
}

export interface ScoreLineTable {
  id: Generated<number>;
  score_id: number;
  indicator: Indicator;
  weight: number;
  target: number | null;
  /** A rate, or a count; null when there was nothing to judge. */
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** Points as computed from the records. */
  points: number;
  deduction: Generated<number>;
  refs: JSONColumnType<RefGroup[], string, string>;
  /** The granted appeal that replaced the points, if any. */
  appeal_id: number | null;
  granted_points: number | null;
}

export interface AppealTable {
  id: Generated<number>;
  score_id: number;
  line_id: number;
  scheme_id: number;
  month: string;
  indicator: Indicator;
  division_id: number;
  subject_name: string;
  appellant_user_id: number;
  appellant_name: string;
  reason: string;
  status: Generated<AppealStatus>;
  points_before: number;
  adjusted_value: number | null;
  adjusted_points: number | null;
  decided_by_user_id: number | null;
  decided_by_name: string | null;
  decision_reason: string | null;
  decided_at: Date | null;
  created_at: Date;
}

export interface AssessmentTables {
  'assessment.schemes': SchemeTable;
  'assessment.scheme_versions': SchemeVersionTable;
  'assessment.runs': RunTable;
  'assessment.scores': ScoreTable;
  'assessment.score_lines': ScoreLineTable;
  'assessment.appeals': AppealTable;
}
