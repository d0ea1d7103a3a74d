import type { ColumnType, Generated } from 'kysely';

/** 微实事: small public works the community decides; 微创投: small projects run by residents' groups. */
export const ROUND_KINDS = ['micro_matters', 'micro_venture'] as const;
export type RoundKind = (typeof ROUND_KINDS)[number];
export const REVIEWS = ['pending', 'feasible', 'infeasible'] as const;
export type Review = (typeof REVIEWS)[number];
/** Where a round stands, from its times and its count: never stored, so it cannot disagree with the clock. */
export const PHASES = ['proposing', 'reviewing', 'voting', 'closed', 'counted'] as const;
export type Phase = (typeof PHASES)[number];

type Fen = ColumnType<number, number, number>;

export interface RoundTable {
  id: Generated<number>;
  community_id: number;
  kind: RoundKind;
  title: string;
  description: Generated<string>;
  budget_fen: Fen;
  proposals_close_at: Date;
  voting_opens_at: Date;
  voting_closes_at: Date;
  created_by: number;
  created_at: Date;
  counted_at: Date | null;
}

export interface ProposalTable {
  id: Generated<number>;
  round_id: number;
  title: string;
  description: Generated<string>;
  cost_fen: Fen;
  proposer_user_id: number;
  proposer_name: string;
  review: Generated<Review>;
  review_note: Generated<string>;
  reviewed_by: number | null;
  reviewed_at: Date | null;
  /** Set by the count: ballots naming it, and whether the budget funds it. */
  votes: number | null;
  funded: boolean | null;
  /** The tracked decision (deliberation module) a funded project became. */
  decision_id: number | null;
  created_at: Date;
}

export interface BallotTable {
  round_id: number;
  voter_user_id: number;
  proposal_ids: number[];
  total_fen: Fen;
  cast_at: Date;
}

export interface SpendingTable {
  id: Generated<number>;
  proposal_id: number;
  amount_fen: Fen;
  spent_on: ColumnType<string, string, string>;
  note: string;
  recorded_by: number;
  created_at: Date;
}

export interface BudgetsTables {
  'budgets.rounds': RoundTable;
  'budgets.proposals': ProposalTable;
  'budgets.ballots': BallotTable;
  'budgets.spending': SpendingTable;
}
