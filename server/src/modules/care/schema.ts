import { z } from 'zod';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { CHECK_KINDS, CHECK_STATUSES, HELPER_RELATIONS, TARGET_KINDS, VISIT_METHODS } from './tables.ts';
import { areaId, id } from '../../platform/input.ts';

const text = (max: number) => z.string().trim().max(max);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM (local time)');
const date = z.iso.date();
const photoTokens = z
  .array(z.string().regex(/^[\w-]{16,64}$/))
  .max(9)
  .default([]);

export const TargetKind = z.enum(TARGET_KINDS).describe('elderly_alone 独居老人, disabled 残疾, seriously_ill 重病');
export const CheckKind = z
  .enum(CHECK_KINDS)
  .describe('curtain_open 窗帘打开, curtain_close 窗帘关闭, water_used 用水, door_open 开门');
export const HelperRelation = z
  .enum(HELPER_RELATIONS)
  .describe('volunteer 志愿者 (暖宝), grid_worker 网格员, family 家属, neighbour 邻居, other');
export const CheckStatus = z.enum(CHECK_STATUSES);
export const VisitMethod = z.enum(VISIT_METHODS).describe('home 入户, phone 电话, video 视频');

export const IdParams = z.object({ id });
export const CheckParams = z.object({ id, checkId: id });

export const HelperBody = z.object({ userId: id, relation: HelperRelation });
export const RuleBody = z.object({
  kind: CheckKind,
  dueTime: hhmm.describe('Deadline, local time (e.g. 09:00)'),
  windowFrom: hhmm
    .optional()
    .describe('Events from this local time on count; default 12:00 for curtain_close, else 00:00'),
});
const uniqueBy =
  <T>(key: (v: T) => unknown) =>
  (list: T[]) =>
    new Set(list.map(key)).size === list.length;

export const HelpersBody = z.object({
  helpers: z
    .array(HelperBody)
    .max(20)
    .refine(
      uniqueBy((h: { userId: number }) => h.userId),
      'each helper once',
    )
    .describe('In order of escalation: the first is told first'),
});
export const RulesBody = z.object({
  rules: z
    .array(RuleBody)
    .max(4)
    .refine(
      uniqueBy((r: { kind: string }) => r.kind),
      'each kind once',
    ),
});

export const TargetBody = z.object({
  personId: id.describe('The person (org module)'),
  kinds: z
    .array(TargetKind)
    .min(1)
    .max(3)
    .refine(
      uniqueBy((k: string) => k),
      'each kind once',
    ),
  note: text(500).default(''),
  deviceIds: z.array(id).max(20).default([]).describe('Devices that watch the person (ids of the devices module)'),
  helpers: HelpersBody.shape.helpers.default([]),
  rules: RulesBody.shape.rules.default([]),
});
export const TargetPatch = z
  .object({
    kinds: TargetBody.shape.kinds,
    note: text(500),
    deviceIds: z.array(id).max(20),
    active: z.boolean(),
  })
  .partial();

export const HelperView = z.object({
  userId: z.number(),
  name: z.string(),
  relation: HelperRelation,
  position: z.number(),
});
export const RuleView = z.object({
  id: z.number(),
  kind: CheckKind,
  kindName: z.string(),
  windowFrom: z.string(),
  dueTime: z.string(),
  active: z.boolean(),
});
export const CheckView = z.object({
  id: z.number(),
  day: z.string(),
  kind: CheckKind,
  kindName: z.string(),
  dueTime: z.string().describe('Local HH:MM'),
  dueAt: z.string(),
  opensAt: z
    .string()
    .describe(
      "From when it can be met or confirmed (the window's start); a helper's confirmation before it is refused",
    ),
  status: CheckStatus,
  satisfiedAt: z.string().nullable(),
  satisfiedBy: z.enum(['device', 'helper']).nullable(),
  satisfiedByName: z.string().nullable().describe("Who confirmed it, for a helper's tap"),
  note: z.string(),
  late: z.boolean().describe('Satisfied after the deadline'),
  matterId: z.number().nullable(),
  responder: z
    .object({ userId: z.number(), name: z.string() })
    .nullable()
    .describe('Who is being asked to look now (missed checks)'),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  escalations: z.number(),
});
export const CheckLogEntry = z.object({
  at: z.string(),
  action: z.string().describe('missed, notified, escalated, acknowledged, confirmed, device_event, exhausted'),
  userId: z.number().nullable(),
  userName: z.string().nullable(),
  note: z.string(),
});
export const CheckDetail = CheckView.extend({ targetId: z.number(), log: z.array(CheckLogEntry) });

export const VisitPlanView = z.object({
  everyDays: z.number(),
  visitorUserId: z.number().nullable(),
  visitorName: z.string().nullable(),
  startsOn: z.string(),
  lastVisitAt: z.string().nullable(),
  nextDueOn: z.string(),
  overdue: z.boolean(),
});
export const TargetSummary = z.object({
  id: z.number(),
  personId: z.number(),
  name: z.string(),
  kinds: z.array(TargetKind),
  communityId: z.number(),
  communityName: z.string().nullable(),
  gridId: z.number().nullable(),
  gridName: z.string().nullable(),
  address: z.string(),
  active: z.boolean(),
});
export const TargetDetail = TargetSummary.extend({
  buildingId: z.number().nullable(),
  householdId: z.number().nullable(),
  note: z.string(),
  deviceIds: z.array(z.number()),
  helpers: z.array(HelperView),
  rules: z.array(RuleView),
  today: z.array(CheckView),
  visitPlan: VisitPlanView.nullable(),
  canManage: z.boolean(),
});
export const TargetListQuery = PageQuery.extend({
  communityId: id.optional(),
  areaId,
  gridId: id.optional(),
  kind: TargetKind.optional(),
  q: text(40).optional().describe('Name contains'),
  active: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
});
export const TargetList = pageOf(TargetSummary);

export const BoardQuery = PageQuery.extend({
  communityId: id.optional(),
  areaId,
  gridId: id.optional(),
  day: date.optional().describe('Local date (default today)'),
});
export const BoardItem = TargetSummary.extend({ helpers: z.array(HelperView), checks: z.array(CheckView) });
export const BoardView = pageOf(BoardItem).extend({
  day: z.string(),
  counts: z
    .object({ pending: z.number(), done: z.number(), missed: z.number() })
    .describe('Over the items of this page'),
});

export const MineView = z.object({
  day: z.string(),
  targets: z.array(
    TargetSummary.extend({ position: z.number(), checks: z.array(CheckView), visitPlan: VisitPlanView.nullable() }),
  ),
  alerts: z
    .array(CheckView.extend({ targetId: z.number(), targetName: z.string() }))
    .describe('Missed checks I am asked to look into and have not acknowledged'),
});

export const ConfirmBody = z.object({
  how: z
    .enum(['saw', 'called', 'visited', 'other'])
    .default('saw')
    .describe('saw 看到了, called 打了电话, visited 上门'),
  note: text(300).default(''),
});
export const AcknowledgeBody = z.object({ note: text(300).default('') });

export const VisitPlanBody = z.object({
  everyDays: z.number().int().min(1).max(366),
  visitorUserId: id.optional(),
  startsOn: date.optional().describe('First visit due on (default today)'),
});
export const VisitBody = z.object({
  visitedAt: z.iso
    .datetime({ offset: true })
    .transform((v) => new Date(v))
    .optional()
    .describe('Default now; not in the future'),
  method: VisitMethod.default('home'),
  findings: text(2000).default(''),
  photos: photoTokens,
  concern: z.boolean().default(false).describe('Something is wrong: opens a care matter for the grid'),
});
export const VisitView = z.object({
  id: z.number(),
  targetId: z.number(),
  visitorUserId: z.number(),
  visitorName: z.string(),
  visitedAt: z.string(),
  method: VisitMethod,
  findings: z.string(),
  photos: z.array(z.object({ url: z.string(), thumbnailUrl: z.string() })),
  concern: z.boolean(),
  matterId: z.number().nullable(),
});
export const VisitList = pageOf(VisitView);
export const OverdueQuery = PageQuery.extend({ communityId: id.optional(), areaId, gridId: id.optional() });
export const OverdueItem = TargetSummary.extend({ visitPlan: VisitPlanView, daysOverdue: z.number() });
export const OverdueList = pageOf(OverdueItem);
