import { z } from 'zod';
import { areaId, id } from '../../platform/input.ts';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { CLAIM_KINDS, RELATIONSHIPS, RIGHTS_KINDS } from './deadlines.ts';
import { ROUTES } from './routing.ts';
import { DUTY_ROLES, SOURCES, STATUSES } from './tables.ts';

const text = (max: number) => z.string().trim().max(max);
/** Money in fen (分), whole numbers only. */
const fen = z.number().int().min(0).max(10_000_000_000_000);
const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    {
      message: 'not a calendar date',
    },
  )
  .describe('A local date, YYYY-MM-DD');

export const IdParams = z.object({ id });

export const Kind = z.enum(RIGHTS_KINDS).describe('wage 欠薪, contract 劳动合同/解雇, injury 工伤, traffic 交通事故');
export const Relationship = z
  .enum(RELATIONSHIPS)
  .describe('labour 劳动关系 (arbitration), service 劳务/零工 (civil claim), unsure 不确定');
export const Route = z
  .enum(ROUTES)
  .describe('mediation 人民调解, legal_aid 法律援助, inspection 劳动保障监察, booking 预约值班律师/咨询师');
export const Source = z.enum(SOURCES);
export const Status = z.enum(STATUSES);
export const DutyRole = z.enum(DUTY_ROLES).describe('lawyer 值班律师, counsellor 咨询师/社工');

export const ClaimBody = z.object({
  kind: z
    .enum(CLAIM_KINDS)
    .describe('pay 劳动报酬, injury_medical 工伤医疗费, severance 经济补偿, compensation 赔偿金, damages 损害赔偿'),
  amountFen: fen.describe('The amount claimed, in fen'),
});

/** The guided interview's answers: what the deadlines and the route are computed from. */
export const FactsBody = z.object({
  kind: Kind,
  problem: text(40).default('').describe('The sub-question answered, e.g. unpaid / dismissed / no_contract'),
  relationship: Relationship.default('unsure'),
  migrantWorker: z
    .boolean()
    .default(true)
    .describe('农民工/新市民: legal aid on wages and injury without the means test'),
  knewOn: localDate.optional().describe('The day you knew or should have known your right was infringed'),
  employmentOngoing: z.boolean().optional().describe('For wages: the job still goes on'),
  employmentEndedOn: localDate.optional().describe('For wages: the day the job ended'),
  injuryOn: localDate.optional().describe('For an injury: the day of the accident or diagnosis'),
  accidentOn: localDate.optional().describe('For a traffic accident: its day'),
  standardsDispute: z
    .boolean()
    .default(false)
    .describe('A dispute over working time, rest and leave or social insurance under the national standards'),
  claims: z.array(ClaimBody).max(10).default([]),
});

export const PreviewBody = FactsBody.extend({
  communityId: id.optional().describe("Whose city's minimum wage applies; default: the caller's home community"),
});

/**
 * A rights case: the worker's own intake on the phone, one staff take from a hotline call or at
 * the desk, or a draft another module prefills (the odd-job market's "没拿到工钱" with its attendance).
 */
export const CaseBody = FactsBody.extend({
  communityId: id.optional().describe("Default: the caller's home community"),
  source: Source.default('h5'),
  sourceRef: z
    .record(z.string().max(40), z.union([z.string().max(200), z.number()]))
    .default({})
    .refine((r) => Object.keys(r).length <= 10, 'at most 10 entries')
    .describe('The record the case was opened from (e.g. {type: "odd_job", jobId: 12})'),
  workerName: z.string().trim().min(1).max(40).optional().describe("Staff taking a call: the worker's name"),
  workerPhone: text(20).optional().describe("Staff taking a call: the worker's phone"),
  workerIdNumber: text(20).optional().describe('Resident ID number; stored whole, shown masked'),
  employerName: text(100).default('').describe('The employer, platform or other party'),
  summary: z.string().trim().min(2).max(500).describe('What happened, in the worker’s words'),
  route: Route.optional().describe('Chosen by the worker or staff; default: the recommended route'),
  shiftId: id.optional().describe('For route booking: the duty shift'),
  slotStartsAt: z.string().datetime({ offset: true }).optional().describe('For route booking: the slot’s start'),
});

export const RouteBody = z.object({
  route: Route,
  note: text(500).default(''),
  shiftId: id.optional(),
  slotStartsAt: z.string().datetime({ offset: true }).optional(),
});

export const ResolveBody = z.object({
  recoveredFen: fen.describe('Money recovered for the worker, in fen (0 when none)'),
  note: z.string().trim().min(2).max(1000),
});

export const CaseListQuery = PageQuery.extend({
  q: text(40).optional().describe("Code, summary, employer or the worker's name"),
  status: Status.optional(),
  kind: Kind.optional(),
  route: Route.optional(),
  areaId,
});

export const DeadlineView = z.object({
  code: z.string(),
  lastDay: z.string().nullable(),
  countedFrom: z.string().nullable(),
  movedFrom: z.string().nullable(),
  daysLeft: z.number().nullable().describe('From today (local); negative once past'),
  title: z.string(),
  rule: z.string(),
  reasoning: z.string(),
});

export const FinalAwardView = z.object({
  final: z.boolean().nullable(),
  city: z.string(),
  minimumWageFen: z.number(),
  thresholdFen: z.number(),
  items: z.array(ClaimBody.extend({ final: z.boolean() })),
  rule: z.string(),
  reasoning: z.string(),
});

export const AssessmentView = z.object({
  deadlines: z.array(DeadlineView),
  finalAward: FinalAwardView.nullable(),
  recommendedRoute: Route,
  routes: z.array(z.object({ code: Route, label: z.string() })),
  meansTestWaived: z.boolean(),
  meansTestRule: z.string().nullable(),
  disclaimer: z.string(),
});

const Labelled = <T extends z.ZodTypeAny>(code: T) => z.object({ code, label: z.string() });

export const CaseView = z.object({
  id: z.number(),
  code: z.string(),
  community: z.object({ id: z.number(), name: z.string() }),
  source: Source,
  kind: Labelled(Kind),
  relationship: Relationship,
  problem: z.string(),
  status: Labelled(Status),
  route: Labelled(Route),
  routeRef: z.object({
    mediationCaseId: z.number().optional(),
    mediationCaseCode: z.string().optional(),
    bookingId: z.number().optional(),
    startsAt: z.string().optional(),
    dutyName: z.string().optional(),
    dutyRole: DutyRole.optional(),
  }),
  workerName: z.string().describe('Masked unless revealed'),
  workerPhone: z.string().describe('Masked unless revealed'),
  migrantWorker: z.boolean(),
  meansTestWaived: z.boolean(),
  employerName: z.string(),
  summary: z.string(),
  claimFen: z.number(),
  recoveredFen: z.number(),
  earliestDeadline: z.string().nullable(),
  createdAt: z.string(),
});

export const CaseDetail = CaseView.extend({
  facts: z.record(z.string(), z.unknown()),
  sourceRef: z.record(z.string(), z.unknown()),
  assessment: AssessmentView,
  outcomeNote: z.string(),
  steps: z.array(
    z.object({ at: z.string(), action: z.string(), route: Route.nullable(), note: z.string(), actorName: z.string() }),
  ),
  allowed: z.object({ route: z.boolean(), resolve: z.boolean(), reveal: z.boolean() }),
});

export const CaseList = pageOf(CaseView);
export const MyCases = z.object({ items: z.array(CaseDetail) });

export const RevealView = z.object({
  workerName: z.string(),
  workerPhone: z.string(),
  workerIdNumber: z.string().nullable(),
});

export const ShiftBody = z.object({
  communityId: id,
  role: DutyRole,
  name: z.string().trim().min(1).max(40),
  place: text(100).default(''),
  startsAt: z.string().datetime({ offset: true }),
  endsAt: z.string().datetime({ offset: true }),
  slotMinutes: z.number().int().min(10).max(240).optional().describe('Default: RIGHTS_SLOT_MINUTES'),
});

export const SlotsQuery = z.object({
  communityId: id.optional().describe("Default: the caller's home community"),
  role: DutyRole.optional(),
  days: z.coerce.number().int().min(1).max(31).default(14),
});

export const SlotsView = z.object({
  items: z.array(
    z.object({
      shiftId: z.number(),
      role: Labelled(DutyRole),
      name: z.string(),
      place: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
    }),
  ),
});

export const ShiftView = z.object({
  id: z.number(),
  communityId: z.number(),
  role: DutyRole,
  name: z.string(),
  place: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  slotMinutes: z.number(),
});

export const CatalogueView = z.object({
  kinds: z.array(Labelled(Kind)),
  routes: z.array(Labelled(Route)),
  statuses: z.array(Labelled(Status)),
  disclaimer: z.string(),
  hotlines: z.array(z.object({ number: z.string(), label: z.string() })),
});
