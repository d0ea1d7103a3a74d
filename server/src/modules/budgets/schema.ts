import { z } from 'zod';
import { id } from '../../platform/input.ts';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { PHASES, REVIEWS, ROUND_KINDS } from './tables.ts';

const text = (max: number) => z.string().trim().max(max);
const instant = z.iso.datetime({ offset: true }).describe('An instant, ISO 8601 with its offset');
/** Money in yuan with at most two decimals, kept in fen. */
const yuan = z
  .number()
  .positive()
  .max(100_000_000)
  .refine((v) => Number.isInteger(Math.round(v * 100)) && Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, {
    message: 'at most two decimals',
  });

export const IdParams = z.object({ id });
export const RoundKind = z.enum(ROUND_KINDS).describe('micro_matters 微实事, micro_venture 微创投');
export const Phase = z
  .enum(PHASES)
  .describe(
    'proposing: residents propose; reviewing: staff judge feasibility; voting: knapsack ballots; closed: waiting for the count; counted',
  );
export const Review = z.enum(REVIEWS);

export const RoundBody = z.object({
  communityId: id,
  kind: RoundKind,
  title: text(100).min(1),
  description: text(4000).default(''),
  budgetYuan: yuan.describe('The money to share out, in yuan'),
  proposalsCloseAt: instant,
  votingOpensAt: instant,
  votingClosesAt: instant,
});

export const RoundListQuery = PageQuery.extend({
  communityId: id.optional(),
  phase: Phase.optional(),
});

export const RoundSummary = z.object({
  id: z.number().int(),
  community: z.object({ id: z.number().int(), name: z.string() }),
  kind: RoundKind,
  title: z.string(),
  budgetYuan: z.number(),
  phase: Phase,
  proposalsCloseAt: z.string(),
  votingOpensAt: z.string(),
  votingClosesAt: z.string(),
  proposals: z.number().int(),
  ballots: z.number().int(),
  mayManage: z.boolean(),
  mayVote: z.boolean(),
});
export const RoundList = pageOf(RoundSummary);

export const ProposalView = z.object({
  id: z.number().int(),
  title: z.string(),
  description: z.string(),
  costYuan: z.number(),
  proposerName: z.string().describe('Masked'),
  review: Review,
  reviewNote: z.string(),
  votes: z.number().int().nullable().describe('Known once counted'),
  funded: z.boolean().nullable(),
  decisionId: z.number().int().nullable(),
  spentYuan: z.number(),
});

export const RoundView = RoundSummary.extend({
  description: z.string(),
  items: z.array(ProposalView),
  result: z
    .object({ spentYuan: z.number(), leftYuan: z.number(), countedAt: z.string() })
    .nullable()
    .describe('After the count: what the funded projects cost and what is left'),
});

export const ProposalBody = z.object({
  title: text(100).min(1),
  description: text(4000).default(''),
  costYuan: yuan.describe('What it would cost, in yuan'),
});

export const ReviewBody = z.object({
  feasible: z.boolean(),
  note: text(1000).default('').describe('Why (required when not feasible)'),
});

export const BallotBody = z.object({
  proposalIds: z
    .array(id)
    .min(1)
    .max(50)
    .describe('The feasible projects I choose; their costs add up to no more than the budget'),
});
export const BallotView = z.object({
  proposalIds: z.array(z.number().int()),
  totalYuan: z.number(),
  castAt: z.string(),
});

export const SpendingBody = z.object({
  amountYuan: yuan,
  spentOn: z.iso.date(),
  note: text(500).min(1),
});
export const SpendingView = z.object({
  id: z.number().int(),
  amountYuan: z.number(),
  spentOn: z.string(),
  note: z.string(),
  createdAt: z.string(),
});
export const SpendingList = z.object({ items: z.array(SpendingView), totalYuan: z.number() });
