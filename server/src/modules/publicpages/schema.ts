import { z } from 'zod';
import { id } from '../../platform/input.ts';
import { DecisionStatus, Reckoning, VotePhase } from '../deliberation/schema.ts';
import { ROUND_KINDS } from '../budgets/tables.ts';

const instant = z.string().describe('An instant, ISO 8601');

export const CommunityParams = z.object({ communityId: id });

export const PublicIndex = z
  .object({
    items: z.array(z.object({ id: z.number(), name: z.string(), street: z.string() })),
  })
  .describe('Every community, by street and name, each with its public page at /p/{id}');

export const PublicNotice = z.object({
  id: z.number(),
  headline: z.string(),
  description: z.string(),
  instruction: z.string(),
  topic: z.string(),
  severity: z.string(),
  urgency: z.string(),
  sent: instant,
  expires: instant,
});

export const PublicVote = z.object({
  id: z.number(),
  title: z.string(),
  question: z.string(),
  options: z.array(z.object({ key: z.string(), label: z.string() })),
  electorate: z.enum(['residents', 'owners']),
  ballotUnit: z.enum(['person', 'household']),
  rule: z.enum(['plurality', 'art278_ordinary', 'art278_special']),
  phase: VotePhase,
  noticeAt: instant,
  opensAt: instant,
  closesAt: instant,
  voters: z.number().describe('How many may vote (people or households)'),
  totalAreaM2: z.number(),
  result: z
    .object({
      tallies: z.array(z.object({ key: z.string(), label: z.string(), ballots: z.number(), areaM2: z.number() })),
      reckoning: Reckoning,
      countedAt: z.string().nullable(),
    })
    .nullable()
    .describe('Once counted: ballots and area per option and the reckoning (民法典 art. 278); never who voted'),
});

export const PublicDecision = z.object({
  id: z.number(),
  title: z.string(),
  text: z.string(),
  status: DecisionStatus,
  progress: z.number(),
  createdAt: instant,
  updatedAt: instant,
  updates: z.array(z.object({ status: z.string(), progress: z.number(), note: z.string(), at: instant })),
});

export const PublicRound = z.object({
  id: z.number(),
  kind: z.enum(ROUND_KINDS),
  title: z.string(),
  budgetYuan: z.number(),
  countedAt: instant,
  projects: z.array(z.object({ id: z.number(), title: z.string(), costYuan: z.number(), votes: z.number() })),
});

export const PublicReport = z.object({
  id: z.number(),
  category: z.object({ code: z.string(), zh: z.string(), en: z.string() }),
  description: z.string(),
  statusNote: z.string().describe('The public reply or the last public note; phone and ID numbers masked'),
  address: z.string(),
  lat: z.number().nullable().describe('Rounded to 3 decimals (about 100 m)'),
  lng: z.number().nullable(),
  reportedAt: instant,
  resolvedAt: instant,
});

export const PublicCommunityPage = z
  .object({
    community: z.object({ id: z.number(), name: z.string(), street: z.string(), district: z.string() }),
    notices: z.array(PublicNotice),
    votes: z.array(PublicVote),
    decisions: z.array(PublicDecision),
    budgets: z.array(PublicRound),
    reports: z
      .array(PublicReport)
      .describe('办件公开: resolved reports of the public categories, as Open311 gives them'),
    generatedAt: instant,
  })
  .describe("A community's public page (公示): no session, nothing personal");
