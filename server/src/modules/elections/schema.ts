import { z } from 'zod';
import { id } from '../../platform/input.ts';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { CANDIDATE_STATUSES, NOMINATED_BY, PHASES, TIE_RULES } from './tables.ts';

const text = (max: number) => z.string().trim().max(max);
const instant = z.iso.datetime({ offset: true }).describe('An instant, ISO 8601 with its offset');

export const IdParams = z.object({ id });
export const Phase = z
  .enum(PHASES)
  .describe(
    'upcoming; nominating: owners and staff nominate; reviewing: staff review candidates; voting; closed: waiting for the count; counted',
  );
export const TieRule = z
  .enum(TIE_RULES)
  .describe(
    'A tie at the last seat: area (greater floor area wins, still level → unresolved), lot (抽签, staff record the drawing), runoff (the seats wait for a runoff)',
  );
export const CandidateStatus = z.enum(CANDIDATE_STATUSES);

export const ElectionBody = z.object({
  communityId: id,
  buildingIds: z.array(id).max(500).default([]).describe('Some buildings of the community; empty for all of it'),
  title: text(100).min(1),
  description: text(4000).default(''),
  seats: z.number().int().min(1).max(30).describe('Seats to fill; also the most marks a ballot may carry'),
  tieRule: TieRule,
  nominationsOpenAt: instant,
  nominationsCloseAt: instant,
  votingOpensAt: instant,
  votingClosesAt: instant,
});

export const ElectionListQuery = PageQuery.extend({
  communityId: id.optional(),
  phase: Phase.optional(),
});

export const ElectionSummary = z.object({
  id: z.number().int(),
  community: z.object({ id: z.number().int(), name: z.string() }),
  buildingIds: z.array(z.number().int()),
  title: z.string(),
  seats: z.number().int(),
  tieRule: TieRule,
  phase: Phase,
  nominationsOpenAt: z.string(),
  nominationsCloseAt: z.string(),
  votingOpensAt: z.string(),
  votingClosesAt: z.string(),
  electors: z.number().int().describe('Owner households in the electorate'),
  totalAreaM2: z.number(),
  candidates: z.number().int().describe('Approved candidates'),
  ballots: z.number().int(),
  mayManage: z.boolean(),
  mayVote: z.boolean().describe('The caller is an owner of a household in the electorate'),
});
export const ElectionList = pageOf(ElectionSummary);

export const CandidateView = z.object({
  id: z.number().int(),
  name: z.string().describe('Candidates stand in public: their name is shown'),
  statement: z.string(),
  photoUrl: z.string().nullable(),
  nominatedBy: z.enum(NOMINATED_BY),
  status: CandidateStatus,
  reviewNote: z.string(),
  mine: z.boolean().describe('The caller is this candidate'),
});

const Frac = z.object({ num: z.number(), den: z.number(), value: z.number() });
export const ResultView = z.object({
  seats: z.number().int(),
  electors: z.number().int(),
  totalAreaM2: z.number(),
  ballots: z.number().int(),
  blankBallots: z.number().int(),
  ballotsAreaM2: z.number(),
  participationByCount: Frac,
  participationByArea: Frac,
  quorumMet: z.boolean(),
  candidates: z.array(
    z.object({
      candidateId: z.number().int(),
      name: z.string(),
      ballots: z.number().int(),
      areaM2: z.number(),
      byCount: Frac,
      byArea: Frac,
      eligible: z.boolean(),
      rank: z.number().int(),
    }),
  ),
  elected: z.array(
    z.object({
      candidateId: z.number().int(),
      name: z.string(),
      seat: z.number().int(),
      by: z.enum(['ballots', 'area', 'lot']),
    }),
  ),
  pendingSeats: z.number().int(),
  vacantSeats: z.number().int(),
  tie: z
    .object({
      rule: TieRule,
      candidateIds: z.array(z.number().int()),
      seats: z.number().int(),
      resolved: z.boolean(),
      pendingCandidateIds: z.array(z.number().int()),
    })
    .nullable(),
  byBuilding: z.array(
    z.object({
      buildingId: z.number().int().nullable(),
      name: z.string(),
      households: z.number().int(),
      areaM2: z.number(),
      ballots: z.number().int(),
      ballotsAreaM2: z.number(),
      candidates: z.array(z.object({ candidateId: z.number().int(), ballots: z.number().int(), areaM2: z.number() })),
    }),
  ),
  countedAt: z.string().nullable(),
  lotNote: z.string(),
});

export const ElectionView = ElectionSummary.extend({
  description: z.string(),
  items: z.array(CandidateView).describe('Approved candidates for everyone; all of them for staff'),
  myBallot: z
    .object({ candidateIds: z.array(z.number().int()), source: z.enum(['online', 'paper']), castAt: z.string() })
    .nullable()
    .describe("My household's ballot, if cast"),
  result: ResultView.nullable().describe('After voting closed (provisional) and once counted'),
});

export const NominationBody = z.object({
  personId: id
    .optional()
    .describe('Staff: the owner they nominate; owners: another owner they nominate; absent: myself (自荐)'),
  statement: text(2000).min(1).describe('参选陈述'),
  photoUrl: z.url().max(500).optional(),
});

export const ReviewBody = z.object({
  approve: z.boolean(),
  note: text(1000).default('').describe('Why (required when rejecting)'),
});

export const BallotBody = z.object({
  candidateIds: z
    .array(id)
    .max(30)
    .describe('Up to `seats` approved candidates; empty for a blank ballot (it still takes part)'),
});

export const PaperBallotBody = BallotBody.extend({ householdId: id });

export const LotBody = z.object({
  winnerIds: z.array(id).min(1).max(30).describe('The tied candidates the drawing (抽签) picked'),
  note: text(1000).min(1).describe('Who drew, where and with which witnesses'),
});

export const OwnersQuery = PageQuery.extend({ q: text(50).optional() });
export const OwnerList = pageOf(
  z.object({
    householdId: z.number().int(),
    address: z.string(),
    areaM2: z.number(),
    owners: z.array(z.object({ personId: z.number().int(), name: z.string().describe('Masked') })),
    voted: z.boolean(),
  }),
);
