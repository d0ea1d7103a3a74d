import { z } from 'zod';
import {
  BALLOT_CHANNELS,
  DECISION_STATUSES,
  MEETING_KINDS,
  SECOND_BALLOT_RULES,
  TOPIC_STATUSES,
  VOTE_PHASES,
} from './tables.ts';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { areaId, id } from '../../platform/input.ts';

const photoTokens = z
  .array(z.string().regex(/^[\w-]{16,64}$/))
  .max(9)
  .default([]);
const Photo = z.object({ url: z.string(), thumbnailUrl: z.string() });
const Fraction = z.object({ num: z.number(), den: z.number(), value: z.number() });

export const IdParams = z.object({ id });
export const ScopeKind = z.enum(['community', 'buildings', 'grid']);
export const Party = z.enum(['resident', 'residents_committee', 'owners_committee', 'property']);
export const MeetingKind = z
  .enum(MEETING_KINDS)
  .describe('红茶议事会, 半月谈, 和茶馆, 三方联席会议, 小哥治家会, other');

const Scope = {
  scopeKind: ScopeKind.default('community'),
  buildingIds: z.array(id).max(200).default([]).describe('With scopeKind buildings'),
  gridId: id.optional().describe('With scopeKind grid'),
};

// ---------- settings ----------
export const SettingsBody = z.object({ communityId: id, supportThreshold: z.number().int().min(1).max(100_000) });
export const SettingsView = z.object({ communityId: z.number(), supportThreshold: z.number() });

// ---------- topics ----------
export const TopicBody = z.object({
  communityId: id.optional().describe("Left out: the caller's own community"),
  ...Scope,
  title: z.string().trim().min(4).max(80),
  body: z.string().trim().min(10).max(5000),
  party: Party.default('resident').describe(
    'Who raises it; the committees and the property company are for staff to name',
  ),
});
export const TopicStatus = z.enum(TOPIC_STATUSES);
export const TopicSummary = z.object({
  id: z.number(),
  communityId: z.number(),
  scopeKind: ScopeKind,
  buildingIds: z.array(z.number()),
  gridId: z.number().nullable(),
  title: z.string(),
  party: Party,
  authorName: z.string(),
  status: TopicStatus,
  supports: z.number(),
  threshold: z.number(),
  supportedByMe: z.boolean(),
  createdAt: z.string(),
});
export const TopicView = TopicSummary.extend({
  body: z.string(),
  agendaAt: z.string().nullable(),
  agendaBy: z.enum(['threshold', 'staff']).nullable(),
  rounds: z.array(
    z.object({
      meetingId: z.number(),
      meetingTitle: z.string(),
      kind: MeetingKind,
      startsAt: z.string(),
      round: z.number(),
      outcome: z.string(),
    }),
  ),
  votes: z.array(z.object({ id: z.number(), title: z.string(), phase: z.string() })),
  decisions: z.array(z.object({ id: z.number(), title: z.string(), status: z.string(), progress: z.number() })),
  canManage: z.boolean(),
});
export const TopicList = pageOf(TopicSummary);
export const TopicListQuery = PageQuery.extend({
  communityId: id.optional(),
  status: TopicStatus.optional(),
  q: z.string().trim().max(60).optional(),
});
export const TopicActionParams = z.object({ id, action: z.enum(['agenda', 'reject', 'withdraw']) });
export const TopicActionBody = z.object({ reason: z.string().trim().max(500).default('') });

// ---------- meetings ----------
export const MeetingBody = z.object({
  communityId: id,
  kind: MeetingKind,
  title: z.string().trim().min(2).max(80),
  place: z.string().trim().max(120).default(''),
  startsAt: z.coerce.date(),
  endsAt: z.coerce.date(),
  recurrence: z
    .enum(['none', 'weekly', 'semimonthly', 'monthly'])
    .default('none')
    .describe('半月谈 meets every half month'),
  occurrences: z.number().int().min(1).max(24).default(1).describe('With a recurrence: how many meetings to schedule'),
  topicIds: z.array(id).max(20).default([]),
  participantUserIds: z.array(id).max(200).default([]),
});
export const MeetingStatus = z.enum(['scheduled', 'held', 'cancelled']);
export const MeetingSummary = z.object({
  id: z.number(),
  communityId: z.number(),
  kind: MeetingKind,
  title: z.string(),
  place: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: MeetingStatus,
  seriesId: z.number().nullable(),
  topics: z.number(),
});
export const MeetingView = MeetingSummary.extend({
  recurrence: z.string(),
  minutes: z.string(),
  agenda: z.array(
    z.object({ topicId: z.number(), title: z.string(), round: z.number(), outcome: z.string(), status: TopicStatus }),
  ),
  participants: z.array(z.object({ userId: z.number(), name: z.string(), party: z.string(), attended: z.boolean() })),
  decisions: z.array(z.object({ id: z.number(), title: z.string(), topicId: z.number().nullable() })),
  canManage: z.boolean(),
});
export const MeetingList = pageOf(MeetingSummary);
export const MeetingListQuery = PageQuery.extend({
  communityId: id.optional(),
  upcoming: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});
export const AgendaBody = z.object({ topicId: id });
export const ParticipantsBody = z.object({
  userIds: z.array(id).min(1).max(200),
  party: z.enum(['resident', 'residents_committee', 'owners_committee', 'property', 'other']).default('resident'),
});
export const AttendanceBody = z.object({
  userIds: z.array(id).max(500).describe('Those who came; the others are marked absent'),
});
export const MinutesBody = z.object({
  minutes: z.string().trim().min(10).max(20_000),
  outcomes: z
    .array(z.object({ topicId: id, outcome: z.string().trim().max(2000) }))
    .max(20)
    .default([]),
  decisions: z
    .array(
      z.object({
        topicId: id.optional(),
        title: z.string().trim().min(2).max(80),
        text: z.string().trim().min(2).max(5000),
      }),
    )
    .max(20)
    .default([]),
});

// ---------- decisions ----------
export const DecisionStatus = z.enum(DECISION_STATUSES);
export const DecisionSummary = z.object({
  id: z.number(),
  communityId: z.number(),
  topicId: z.number().nullable(),
  meetingId: z.number().nullable(),
  voteId: z.number().nullable(),
  title: z.string(),
  status: DecisionStatus,
  progress: z.number(),
  updatedAt: z.string(),
});
export const DecisionView = DecisionSummary.extend({
  text: z.string(),
  updates: z.array(
    z.object({
      id: z.number(),
      status: z.string(),
      progress: z.number(),
      note: z.string(),
      photos: z.array(Photo),
      author: z.string(),
      at: z.string(),
    }),
  ),
});
export const DecisionList = pageOf(DecisionSummary);
export const DecisionListQuery = PageQuery.extend({ communityId: id.optional(), status: DecisionStatus.optional() });
export const DecisionUpdateBody = z.object({
  status: DecisionStatus,
  progress: z.number().int().min(0).max(100),
  note: z.string().trim().min(2).max(2000),
  photos: photoTokens,
});

// ---------- 协商铃 ----------
export const DeskBody = z.object({
  communityId: id,
  name: z.string().trim().min(2).max(60),
  kind: z.enum(['consultation', 'mediator']),
  hostUserId: id.optional(),
  place: z.string().trim().max(120).default(''),
});
export const DeskView = z.object({
  id: z.number(),
  communityId: z.number(),
  name: z.string(),
  kind: z.enum(['consultation', 'mediator']),
  hostName: z.string().nullable(),
  place: z.string(),
  active: z.boolean(),
});
export const DeskList = z.object({ items: z.array(DeskView) });
export const SlotsBody = z.object({
  slots: z
    .array(
      z.object({
        startsAt: z.coerce.date(),
        endsAt: z.coerce.date(),
        capacity: z.number().int().min(1).max(1000).default(1),
      }),
    )
    .min(1)
    .max(200),
});
export const SlotView = z.object({
  id: z.number(),
  deskId: z.number(),
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number(),
  booked: z.number(),
  cancelled: z.boolean(),
  bookedByMe: z.boolean(),
});
export const SlotList = z.object({ items: z.array(SlotView) });
export const SlotQuery = z.object({ from: z.coerce.date().optional(), to: z.coerce.date().optional() });
export const BookingBody = z.object({ slotId: id, subject: z.string().trim().min(2).max(500) });
export const BookingStatus = z.enum(['booked', 'cancelled', 'attended', 'no_show']);
export const BookingView = z.object({
  id: z.number(),
  slotId: z.number(),
  deskName: z.string(),
  place: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  subject: z.string(),
  status: BookingStatus,
  name: z.string().describe("Who booked (for the desk's host)"),
});
export const BookingList = z.object({ items: z.array(BookingView) });
export const BookingMarkBody = z.object({ status: z.enum(['attended', 'no_show']) });

// ---------- votes ----------
export const BallotChannel = z
  .enum(BALLOT_CHANNELS)
  .describe('online: by the voter; paper: a signed paper sheet entered by staff; proxy: cast under a proxy (委托)');
export const SecondBallot = z
  .enum(SECOND_BALLOT_RULES)
  .describe(
    'A second ballot for an elector on another channel. first_stands: refused (409); paper_replaces_online: a paper or proxy ballot entered by staff replaces an online one (kept on record); an online ballot after a paper or proxy one is always refused',
  );
const ChannelCount = z.object({ ballots: z.number(), areaM2: z.number() });
const ByChannel = z.object({ online: ChannelCount, paper: ChannelCount, proxy: ChannelCount });
export const VoteBody = z
  .object({
    communityId: id,
    topicId: id.optional(),
    title: z.string().trim().min(2).max(80),
    question: z.string().trim().min(4).max(2000),
    electorate: z
      .enum(['residents', 'owners'])
      .describe("owners: an owners' decision under Civil Code art. 278, one ballot per exclusive part"),
    ...Scope,
    options: z
      .array(z.object({ key: z.string().regex(/^[a-z][a-z0-9_]{0,19}$/), label: z.string().trim().min(1).max(60) }))
      .min(2)
      .max(10)
      .optional()
      .describe("For residents' votes; owners' votes are always 同意 / 反对 / 弃权"),
    ballotUnit: z
      .enum(['person', 'household'])
      .default('person')
      .describe("Residents' votes: one ballot per person or per household"),
    special: z
      .boolean()
      .default(false)
      .describe(
        "Owners' votes: an item 6–8 of art. 278 (maintenance funds, rebuilding or altering — adding an elevator —, changing the use of common parts)",
      ),
    allowChange: z.boolean().default(false).describe('Online ballots may be changed online while the vote is open'),
    secondBallot: SecondBallot.default('first_stands'),
    noticeAt: z.coerce.date().describe('Public notice from'),
    opensAt: z.coerce.date(),
    closesAt: z.coerce.date(),
  })
  .refine((b) => b.noticeAt <= b.opensAt && b.opensAt < b.closesAt, {
    message: 'noticeAt ≤ opensAt < closesAt',
    path: ['closesAt'],
  });
export const VotePhase = z.enum(VOTE_PHASES);
export const VoteSummary = z.object({
  id: z.number(),
  communityId: z.number(),
  topicId: z.number().nullable(),
  title: z.string(),
  electorate: z.enum(['residents', 'owners']),
  rule: z.enum(['plurality', 'art278_ordinary', 'art278_special']),
  phase: VotePhase,
  opensAt: z.string(),
  closesAt: z.string(),
  voters: z.number(),
  ballots: z.number(),
  scopeKind: ScopeKind,
  buildingIds: z.array(z.number()).describe('With scopeKind buildings'),
});
export const Reckoning = z.union([
  z.object({
    rule: z.enum(['art278_ordinary', 'art278_special']),
    participationByCount: Fraction,
    participationByArea: Fraction,
    quorumMet: z.boolean(),
    agreementByCount: Fraction,
    agreementByArea: Fraction,
    agreementMet: z.boolean(),
    passed: z.boolean(),
    bounds: z.object({ participation: z.string(), agreement: z.string() }),
  }),
  z.object({ rule: z.literal('plurality'), turnout: Fraction, winner: z.string().nullable(), tie: z.boolean() }),
]);
export const VoteView = VoteSummary.extend({
  question: z.string(),
  options: z.array(z.object({ key: z.string(), label: z.string() })),
  gridId: z.number().nullable(),
  ballotUnit: z.enum(['person', 'household']),
  allowChange: z.boolean(),
  secondBallot: SecondBallot,
  noticeAt: z.string(),
  totalAreaM2: z.number(),
  eligible: z.boolean().describe('Whether the caller may vote'),
  myChoice: z.string().nullable(),
  myChannel: BallotChannel.nullable().describe("How my (my household's) ballot came in, if cast"),
  ballotsByChannel: z
    .object({ online: z.number(), paper: z.number(), proxy: z.number() })
    .describe('Ballots so far per channel (counts only, no choices)'),
  turnout: Fraction,
  result: z
    .object({
      tallies: z.array(
        z.object({
          key: z.string(),
          label: z.string(),
          ballots: z.number(),
          areaM2: z.number(),
          byChannel: ByChannel.optional().describe('The same split by channel (counts made before channels lack it)'),
        }),
      ),
      channels: ByChannel.optional().describe('Ballots and area per channel over all options'),
      reckoning: Reckoning,
      countedAt: z.string().nullable(),
    })
    .nullable()
    .describe('Once the vote has closed'),
  canManage: z.boolean(),
});
export const VoteList = pageOf(VoteSummary);
export const VoteListQuery = PageQuery.extend({ communityId: id.optional(), areaId, phase: VotePhase.optional() });

export const NonVoterQuery = PageQuery.extend({
  q: z.string().trim().max(40).optional().describe('A name or address (building, room) contains'),
});
export const NonVoterList = z.object({
  items: z.array(
    z.object({
      voterKey: z.string(),
      people: z.array(z.object({ name: z.string(), address: z.string() })),
      areaM2: z.number().nullable().describe("The exclusive part's floor area, for an owners' vote"),
      reachable: z.boolean().describe('At least one of them has an account to be reminded on'),
    }),
  ),
  nextCursor: z.string().nullable(),
  total: z.number().describe('Electors without a ballot (matching q)'),
  remindedAt: z.string().nullable(),
  reminders: z.number(),
  nextReminderAt: z.string().nullable().describe('When the next reminder may be sent, if not now'),
});
export const RemindView = z.object({
  reminded: z.number().describe('Accounts sent the reminder'),
  unreachable: z.number().describe('Electors with no account: to be reminded in person or by phone'),
  remindedAt: z.string(),
});
export const BallotBody = z.object({ choice: z.string().regex(/^[a-z][a-z0-9_]{0,19}$/) });

// ---------- paper and proxy ballots ----------
const voterKey = z
  .string()
  .regex(/^[hp][1-9][0-9]{0,9}$/)
  .describe('The elector: h<householdId> or p<personId>, from GET …/electors');
export const BallotEntryBody = z
  .object({
    channel: z.enum(['paper', 'proxy']),
    voterKey,
    choice: BallotBody.shape.choice,
    photos: z
      .array(z.string().regex(/^[\w-]{16,64}$/))
      .min(1)
      .max(9)
      .describe('Uploaded photos (POST /api/media) of the signed paper sheet, or of the proxy document'),
    proxyName: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .optional()
      .describe("The proxy holder's name (委托代理人); proxies only"),
  })
  .refine((b) => (b.channel === 'proxy') === (b.proxyName !== undefined), {
    message: 'proxyName with channel proxy, and only then',
    path: ['proxyName'],
  });
export const EntryParams = z.object({ id, entryId: id });
const ElectorPerson = z.object({ name: z.string().describe('Masked (王*明)'), address: z.string() });
export const BallotEntryView = z.object({
  id: z.number(),
  voterKey: z.string(),
  channel: z.enum(['paper', 'proxy']),
  people: z.array(ElectorPerson),
  areaM2: z.number().nullable(),
  proxyName: z.string().nullable().describe('Masked; POST …/reveal for the whole name'),
  photos: z.array(Photo),
  replacedOnline: z.boolean().describe('It replaced an online ballot (paper_replaces_online)'),
  replacedCastAt: z.string().nullable(),
  enteredBy: z.string(),
  enteredAt: z.string(),
});
export const BallotEntryList = pageOf(BallotEntryView);
export const ProxyNameView = z.object({ proxyName: z.string() });
export const ElectorQuery = PageQuery.extend({
  q: z.string().trim().max(40).optional().describe('A building, unit or room (or a name) contains'),
});
export const ElectorList = z.object({
  items: z.array(
    z.object({
      voterKey: z.string(),
      people: z.array(ElectorPerson),
      areaM2: z.number().nullable(),
      channel: BallotChannel.nullable().describe('How its ballot came in; null: not voted yet'),
    }),
  ),
  nextCursor: z.string().nullable(),
  total: z.number(),
});

// ---------- comments ----------
export const CommentTarget = z.object({ targetType: z.enum(['topic', 'vote']), targetId: id });
export const CommentBody = z.object({ body: z.string().trim().min(1).max(2000), parentId: id.optional() });
export const CommentView = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  authorName: z.string(),
  body: z.string().describe('Empty when hidden, for all but staff'),
  hidden: z.boolean(),
  flags: z.number(),
  mine: z.boolean(),
  createdAt: z.string(),
});
export const CommentList = z.object({ items: z.array(CommentView) });
export const FlagBody = z.object({ reason: z.string().trim().max(200).default('') });
export const ModerateBody = z.object({ hidden: z.boolean(), reason: z.string().trim().max(200).default('') });
export const FlaggedQuery = PageQuery.extend({ communityId: id.optional() });
export const FlaggedList = pageOf(CommentView.extend({ targetType: z.enum(['topic', 'vote']), targetId: z.number() }));
