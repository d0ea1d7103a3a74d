import type { ColumnType, Generated } from 'kysely';
import type { ElectionCount, TieRule } from './count.ts';

export const TIE_RULES = ['area', 'lot', 'runoff'] as const satisfies readonly TieRule[];
export const CANDIDATE_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type CandidateStatus = (typeof CANDIDATE_STATUSES)[number];
export const NOMINATED_BY = ['staff', 'self', 'owner'] as const;
export type NominatedBy = (typeof NOMINATED_BY)[number];
export const BALLOT_SOURCES = ['online', 'paper'] as const;
export type BallotSource = (typeof BALLOT_SOURCES)[number];
/** Where an election stands, from its times and its count: never stored, so it cannot disagree with the clock. */
export const PHASES = ['upcoming', 'nominating', 'reviewing', 'voting', 'closed', 'counted'] as const;
export type Phase = (typeof PHASES)[number];

export interface ElectionTable {
  id: Generated<number>;
  community_id: number;
  building_ids: ColumnType<number[], number[], number[]>;
  title: string;
  description: Generated<string>;
  seats: number;
  tie_rule: TieRule;
  nominations_open_at: Date;
  nominations_close_at: Date;
  voting_opens_at: Date;
  voting_closes_at: Date;
  /** The electorate fixed at creation: owner households and their exclusive area. */
  electors: number;
  total_area_centi: ColumnType<number, number, number>;
  created_by: number;
  created_at: Date;
  counted_at: Date | null;
  result: ColumnType<ElectionCount | null, string | null, string | null>;
  /** Under the `lot` tie rule: the candidates the drawing picked, recorded by staff. */
  lot_winners: ColumnType<number[] | null, number[] | null, number[] | null>;
  lot_note: Generated<string>;
}

export interface ElectorTable {
  election_id: number;
  household_id: number;
  building_id: number | null;
  area_centi: ColumnType<number, number, number>;
  person_ids: ColumnType<number[], number[], number[]>;
}

export interface CandidateTable {
  id: Generated<number>;
  election_id: number;
  person_id: number;
  household_id: number;
  name: string;
  statement: Generated<string>;
  photo_url: string | null;
  nominated_by: NominatedBy;
  nominator_user_id: number;
  status: Generated<CandidateStatus>;
  review_note: Generated<string>;
  reviewed_by: number | null;
  reviewed_at: Date | null;
  created_at: Date;
}

export interface BallotTable {
  election_id: number;
  household_id: number;
  candidate_ids: ColumnType<number[], number[], number[]>;
  source: BallotSource;
  cast_by: number;
  cast_at: Date;
}

export interface ElectionsTables {
  'elections.elections': ElectionTable;
  'elections.electors': ElectorTable;
  'elections.candidates': CandidateTable;
  'elections.ballots': BallotTable;
}
