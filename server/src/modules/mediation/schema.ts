import { z } from 'zod';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import {
  CASE_STATUSES,
  CATEGORIES,
  PARTY_ROLES,
  REFERRALS,
  RISKS,
  SOURCES,
  STUDIO_KINDS,
  TASK_FORCE_ROLES,
} from './tables.ts';
import { areaId, id } from '../../platform/input.ts';

/** Money in fen (分), whole numbers only; up to 100 billion yuan. */
const fen = z.number().int().min(0).max(10_000_000_000_000);
const positiveFen = fen.min(1);
const photoTokens = z
  .array(z.string().regex(/^[\w-]{16,64}$/))
  .max(9)
  .default([]);
const Photo = z.object({ url: z.string(), thumbnailUrl: z.string() });
const Ref = z.object({ id: z.number(), name: z.string() });
const text = (max: number) => z.string().trim().max(max);
const oneOrMany = <T extends z.ZodTypeAny>(item: T) =>
  z
    .union([item, z.array(item)])
    .optional()
    .transform((v) => (v === undefined ? undefined : Array.isArray(v) ? (v as z.infer<T>[]) : [v as z.infer<T>]));

export const Category = z
  .enum(CATEGORIES)
  .describe("People's-mediation statistics category (GET /api/mediation/catalogue for labels)");
export const CaseStatus = z.enum(CASE_STATUSES);
export const PartyRole = z.enum(PARTY_ROLES).describe('applicant 申请人, respondent 被申请人, third_party 第三人');
export const TaskForceRole = z.enum(TASK_FORCE_ROLES);
export const Referral = z.enum(REFERRALS).describe('court 法院, arbitration 仲裁, legal_aid 法治e站法律援助, other');
export const Risk = z.enum(RISKS);
export const StudioKind = z
  .enum(STUDIO_KINDS)
  .describe('studio 调解工作室, talk_point 百姓说事点, committee 人民调解委员会, legal_station 法治e站');

export const IdParams = z.object({ id });
export const AgreementPageQuery = z.object({
  copy: z
    .enum(['masked', 'signed'])
    .default('masked')
    .describe('signed: the copy the parties sign, with ID numbers and phones whole (audited)'),
});
export const MediatorParams = z.object({ id, userId: id });
export const InstalmentParams = z.object({ id, seq: z.coerce.number().int().min(1).max(1000) });

// ---------- catalogue ----------

const Labelled = z.object({ code: z.string(), name: z.string() });
export const CatalogueView = z.object({
  categories: z.array(Labelled),
  statuses: z.array(Labelled),
  partyRoles: z.array(Labelled),
  taskForceRoles: z.array(Labelled),
  referrals: z.array(Labelled),
  studioKinds: z.array(Labelled),
});

// ---------- studios ----------

export const StudioBody = z.object({
  divisionId: id.describe('The community (or street) the studio serves'),
  name: z.string().trim().min(2).max(60).describe('e.g. 和事佬工作室, 潘大姐工作室, “左邻右舍”百姓说事点'),
  kind: StudioKind.default('studio'),
  address: text(200).default(''),
  phone: text(40).default(''),
  description: text(1000).default(''),
  managerUserId: id.optional().describe('负责人; told when a case runs over time'),
});
export const StudioPatch = z
  .object({
    name: z.string().trim().min(2).max(60),
    kind: StudioKind,
    address: text(200),
    phone: text(40),
    description: text(1000),
    managerUserId: id.nullable(),
    active: z.boolean(),
  })
  .partial();
export const StudioListQuery = z.object({
  communityId: id.optional(),
  q: text(60).optional(),
  includeInactive: z.enum(['true', 'false']).optional(),
});
export const MediatorView = z.object({
  userId: z.number(),
  name: z.string(),
  title: z.string(),
  specialities: z.array(Labelled),
  active: z.boolean(),
  joinedAt: z.string(),
});
export const StudioSummary = z.object({
  id: z.number(),
  division: Ref,
  name: z.string(),
  kind: StudioKind,
  address: z.string(),
  phone: z.string(),
  description: z.string(),
  manager: Ref.nullable(),
  active: z.boolean(),
  mediators: z.number(),
  openCases: z.number(),
});
export const StudioList = z.object({ items: z.array(StudioSummary) });
export const StudioView = StudioSummary.extend({ mediatorList: z.array(MediatorView) });
export const MediatorBody = z.object({
  title: text(40).default('').describe('e.g. 和事佬, 专职人民调解员, 网格律师'),
  specialities: z.array(Category).max(CATEGORIES.length).default([]),
  active: z.boolean().default(true),
});

// ---------- cases ----------

export const PartyBody = z.object({
  role: PartyRole,
  kind: z.enum(['person', 'organisation']).default('person'),
  name: z.string().trim().min(1).max(80),
  idNumber: text(30)
    .optional()
    .describe('Resident ID number (person) or unified social credit code (organisation); stored whole, shown masked'),
  phone: text(30).optional(),
  address: text(200).default(''),
  representative: text(60).default('').describe('Legal representative or agent of an organisation'),
  personId: id.optional().describe('The registered person (org.persons); residents see their own cases'),
  userId: id.optional().describe("The party's own account, when there is one; they see the case's status"),
});

export const CaseBody = z.object({
  matterId: id
    .optional()
    .describe(
      'Open the case from a matter (a dispute reported through 随手拍 or at a desk); it must be readable by the caller',
    ),
  communityId: id.optional().describe("Required unless matterId is given (then the matter's)"),
  gridId: id.optional(),
  studioId: id.optional(),
  source: z.enum(SOURCES).optional().describe('Default: matter when matterId is given, else walk_in'),
  category: Category.optional().describe('Required unless matterId is given'),
  summary: z
    .string()
    .trim()
    .min(2)
    .max(200)
    .optional()
    .describe("Required unless matterId is given (then the matter's description)"),
  facts: text(5000).default('').describe('纠纷主要事实'),
  issues: text(2000).default('').describe('争议事项'),
  amountFen: fen.default(0).describe('Amount in dispute, in fen'),
  peopleCount: z
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .optional()
    .describe('People involved; default: the number of parties'),
  groupDispute: z.boolean().default(false).describe('群体性纠纷: keeps a register of claims per claimant'),
  risk: Risk.default('low'),
  parties: z.array(PartyBody).min(1).max(50),
  mediatorUserId: id.optional().describe('Assign at intake (admins); a mediator opening a case takes it'),
});

export const CasePatch = z
  .object({
    category: Category,
    summary: z.string().trim().min(2).max(200),
    facts: text(5000),
    issues: text(2000),
    amountFen: fen,
    peopleCount: z.number().int().min(1).max(1_000_000),
    groupDispute: z.boolean(),
    risk: Risk,
    studioId: id.nullable(),
  })
  .partial();

export const CaseListQuery = PageQuery.extend({
  q: text(60).optional().describe("Code, summary or a party's name"),
  status: oneOrMany(CaseStatus),
  category: oneOrMany(Category),
  studioId: id.optional(),
  mediatorUserId: id.optional(),
  communityId: id.optional(),
  areaId,
  risk: Risk.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  queue: z
    .enum(['all', 'mine', 'unassigned'])
    .default('all')
    .describe('mine: assigned to me or my task force; unassigned: no mediator yet'),
});

const PartyBrief = z.object({ role: PartyRole, name: z.string() });
export const CaseListItem = z.object({
  id: z.number(),
  code: z.string(),
  category: Labelled,
  status: CaseStatus,
  statusName: z.string(),
  risk: Risk,
  summary: z.string(),
  community: Ref,
  studio: Ref.nullable(),
  mediator: Ref.nullable(),
  amountFen: z.number(),
  peopleCount: z.number(),
  groupDispute: z.boolean(),
  parties: z.array(PartyBrief),
  acceptedAt: z.string(),
  dueAt: z.string(),
  overdue: z.boolean(),
  agreedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  outcome: z.enum(['agreed', 'failed', 'withdrawn']).nullable(),
});
export const CaseList = pageOf(CaseListItem);

export const PartyView = z.object({
  id: z.number(),
  role: PartyRole,
  kind: z.enum(['person', 'organisation']),
  name: z.string(),
  idNumber: z.string().nullable().describe('Masked; POST …/reveal for the whole number'),
  phone: z.string().nullable().describe('Masked'),
  address: z.string(),
  representative: z.string(),
  personId: z.number().nullable(),
  userId: z.number().nullable(),
});
const Attendee = z.object({
  name: z.string().trim().min(1).max(60),
  side: z.enum(['applicant', 'respondent', 'third_party', 'mediator', 'task_force', 'other']),
});
export const InstalmentView = z.object({
  seq: z.number(),
  dueOn: z.string(),
  amountFen: z.number(),
  paidFen: z.number(),
  paidOn: z.string().nullable(),
  paid: z.boolean(),
});
export const AgreementView = z.object({
  terms: z.array(z.string()),
  facts: z.string(),
  totalFen: z.number(),
  paidFen: z.number(),
  performanceMethod: z.string(),
  performanceDeadline: z.string(),
  signedOn: z.string(),
  copies: z.number(),
  fullyPerformed: z.boolean(),
  instalments: z.array(InstalmentView),
});
export const CaseAllowed = z.enum([
  'edit',
  'party',
  'take',
  'assign',
  'extend',
  'investigate',
  'mediate',
  'session',
  'agree',
  'pay',
  'perform',
  'follow_up',
  'close',
  'fail',
  'withdraw',
  'claim',
  'reveal',
]);
export const CaseTimelineEntry = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  fromStatus: CaseStatus.nullable(),
  toStatus: CaseStatus.nullable(),
  note: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export const CaseDetail = CaseListItem.extend({
  matterId: z.number().nullable(),
  source: z.enum(SOURCES),
  facts: z.string(),
  issues: z.string(),
  grid: Ref.nullable(),
  extendedDays: z.number(),
  escalatedAt: z.string().nullable(),
  performedAt: z.string().nullable(),
  followUpDueOn: z.string().nullable(),
  endReason: z.string(),
  referral: z.object({ kind: Referral, name: z.string(), to: z.string() }).nullable(),
  partyList: z.array(PartyView),
  taskForce: z.array(
    z.object({
      id: z.number(),
      userId: z.number().nullable(),
      name: z.string(),
      role: TaskForceRole,
      roleName: z.string(),
      organisation: z.string(),
    }),
  ),
  sessions: z.array(
    z.object({
      id: z.number(),
      heldAt: z.string(),
      place: z.string(),
      attendees: z.array(Attendee),
      notes: z.string(),
    }),
  ),
  agreement: AgreementView.nullable(),
  followUps: z.array(
    z.object({
      id: z.number(),
      visitedAt: z.string(),
      visitedBy: z.string(),
      findings: z.string(),
      satisfied: z.boolean(),
    }),
  ),
  claimsSummary: z.object({ count: z.number(), totalFen: z.number() }),
  timeline: z.array(CaseTimelineEntry),
  viewer: z
    .enum(['manager', 'handler', 'reader'])
    .describe(
      "manager: admin of the area; handler: the mediator in charge or the task force; reader: a mediator of the case's studio, or staff of the area who only read",
    ),
  allowedActions: z.array(CaseAllowed),
});

export const NoteBody = z.object({ note: text(1000).default('') });
export const FailBody = z.object({
  reason: z.string().trim().min(2).max(1000),
  referral: Referral,
  referralTo: text(120).default('').describe('e.g. 拱墅区人民法院, 红星为民法治e站'),
});
export const WithdrawBody = z.object({ reason: z.string().trim().min(2).max(1000) });
export const AssignBody = z.object({
  mediatorUserId: id.nullable().optional().describe('The mediator in charge; null takes the case off them'),
  taskForce: z
    .array(
      z.object({
        userId: id.optional(),
        name: text(60).optional(),
        role: TaskForceRole,
        organisation: text(80).default(''),
      }),
    )
    .max(30)
    .optional()
    .describe('Replaces the task force (专班); members with an account act on the case'),
  note: text(500).default(''),
});
export const ExtendBody = z.object({
  days: z.number().int().min(1).max(90),
  reason: z.string().trim().min(2).max(500),
});
export const SessionBody = z.object({
  heldAt: z.coerce.date(),
  place: text(120).default(''),
  attendees: z.array(Attendee).min(1).max(100),
  notes: z.string().trim().min(1).max(5000),
});
export const AgreementBody = z.object({
  terms: z.array(z.string().trim().min(2).max(1000)).min(1).max(30).describe('Each clause of 经调解自愿达成如下协议'),
  totalFen: fen.default(0),
  instalments: z
    .array(z.object({ dueOn: z.iso.date(), amountFen: positiveFen }))
    .max(120)
    .default([])
    .describe('Must add up to totalFen; left out with a total: one payment by the performance deadline'),
  performanceMethod: z.string().trim().min(2).max(1000).describe('履行方式'),
  performanceDeadline: z.iso.date().describe('履行期限'),
  signedOn: z.iso.date().optional().describe('Default: today (China)'),
  copies: z.number().int().min(1).max(20).default(3),
  followUpOn: z.iso.date().optional().describe('回访日期; default: 30 days after signing'),
});
export const PaymentBody = z.object({ amountFen: positiveFen, paidOn: z.iso.date(), note: text(500).default('') });
export const FollowUpBody = z.object({
  visitedAt: z.coerce.date().optional(),
  findings: z.string().trim().min(2).max(2000),
  satisfied: z.boolean(),
  close: z.boolean().default(false).describe('End the case with this visit (the agreement must be fully performed)'),
});
export const ClaimBody = z.object({
  claimantName: z.string().trim().min(1).max(60),
  phone: text(30).optional(),
  address: text(120).default('').describe('Room or address visited, e.g. 3幢1204'),
  amountFen: fen,
  description: text(1000).default(''),
  documents: photoTokens.describe('Photos of receipts and contracts (tokens from POST /api/media)'),
  visitedAt: z.coerce.date().optional().describe('When the household was visited; default now'),
});
export const ClaimView = z.object({
  id: z.number(),
  claimantName: z.string(),
  phone: z.string().nullable().describe('Masked'),
  address: z.string(),
  amountFen: z.number(),
  description: z.string(),
  documents: z.array(Photo),
  visitedAt: z.string(),
  visitedBy: z.string(),
});
export const ClaimList = pageOf(ClaimView).extend({ count: z.number(), totalFen: z.number() });

export const RevealView = z.object({
  parties: z.array(
    z.object({ id: z.number(), name: z.string(), idNumber: z.string().nullable(), phone: z.string().nullable() }),
  ),
  claims: z.array(z.object({ id: z.number(), claimantName: z.string(), phone: z.string().nullable() })),
});

export const MyCases = z.object({
  items: z.array(
    z.object({
      id: z.number(),
      code: z.string(),
      category: Labelled,
      status: CaseStatus,
      statusName: z.string(),
      myRole: PartyRole,
      studio: z.string().nullable(),
      mediator: z.string().nullable(),
      acceptedAt: z.string(),
      agreedAt: z.string().nullable(),
      endedAt: z.string().nullable(),
      outcome: z.enum(['agreed', 'failed', 'withdrawn']).nullable(),
      steps: z.array(z.object({ at: z.string(), status: CaseStatus, name: z.string() })),
    }),
  ),
});

export const StatsQuery = z.object({
  from: z.coerce.date(),
  to: z.coerce.date(),
  communityId: id.optional(),
  areaId,
  studioId: id.optional(),
});
const Tally = z.object({
  accepted: z.number(),
  agreed: z.number(),
  failed: z.number(),
  successRate: z.number().nullable(),
});
export const StatsView = z.object({
  from: z.string(),
  to: z.string(),
  accepted: z.number().describe('Cases accepted in the period'),
  agreed: z.number().describe('Cases that reached an agreement in the period'),
  failed: z.number(),
  withdrawn: z.number(),
  successRate: z.number().nullable().describe('agreed ÷ (agreed + failed), 0–1; null when neither'),
  amountFen: z.number().describe('Amount in dispute of the cases accepted'),
  daysToAgreement: z.object({ count: z.number(), mean: z.number().nullable(), median: z.number().nullable() }),
  overdueOpen: z.number().describe('Cases under mediation now past their time limit'),
  byCategory: z.array(Labelled.extend(Tally.shape)),
  byMonth: z
    .array(z.object({ month: z.string(), accepted: z.number(), lastYear: z.number() }))
    .describe('Cases accepted per month (China time) and in the same month a year before'),
  byStudio: z.array(Tally.extend({ studio: Ref.nullable() })),
  byMediator: z.array(Tally.extend({ mediator: Ref.nullable() })),
});
