import { z } from 'zod';
import { id } from '../../platform/input.ts';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { CARDS, ORDER_STATUSES } from './tables.ts';

const instant = z.iso
  .datetime({ offset: true })
  .transform((v) => new Date(v))
  .describe('ISO 8601 with offset');
const departmentCode = z
  .string()
  .regex(/^[a-z_]{2,40}$/)
  .describe('A department code of the matters catalogue, e.g. urban_management 城管');

export const Card = z
  .enum(CARDS)
  .describe('三色: green on time, yellow late, red late past SUPERVISION_RED_AFTER_HOURS');
export const OrderStatus = z
  .enum(ORDER_STATUSES)
  .describe('open; done (the gap closed: the matter resolved, the unit without overdue matters); closed (by hand)');

export const IdParams = z.object({ id });

export const CreateOrderBody = z
  .object({
    matterId: id.optional().describe('Supervise a matter, or'),
    department: departmentCode
      .optional()
      .describe('a department (with divisionId: the street or district it answers for), or'),
    divisionId: id.optional().describe('alone: a community; with department: the area the department answers for'),
    deadline: instant.describe('When the gap must be closed; in the future'),
    note: z.string().trim().min(2).max(1000).describe('What is asked (督办事项)'),
    listed: z.boolean().default(false).describe('挂牌督办: listed supervision, shown on its own list'),
  })
  .refine((b) => (b.matterId === undefined) !== (b.divisionId === undefined), {
    message: 'exactly one of matterId and divisionId',
    path: ['matterId'],
  })
  .refine((b) => b.department === undefined || b.divisionId !== undefined, {
    message: 'a department needs the divisionId of its area',
    path: ['divisionId'],
  });

export const UpdateOrderBody = z
  .object({
    deadline: instant.optional().describe('A new deadline; a card given stays given'),
    note: z.string().trim().min(2).max(1000).optional(),
    listed: z.boolean().optional(),
  })
  .refine((b) => b.deadline !== undefined || b.note !== undefined || b.listed !== undefined, {
    message: 'nothing to change',
    path: ['deadline'],
  });

export const CloseOrderBody = z.object({
  note: z.string().trim().min(2).max(1000).describe('Why it is closed'),
});

export const RemindBody = z.object({
  message: z.string().trim().min(2).max(500).describe('The reminder (催办), sent as a message to those answerable'),
});

export const OrderListQuery = PageQuery.extend({
  status: OrderStatus.optional(),
  card: Card.optional(),
  listed: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('true: 挂牌督办 only'),
  targetKind: z.enum(['matter', 'unit']).optional(),
  department: departmentCode.optional().describe('Orders on this department'),
  unitDivisionId: id.optional().describe('Orders on this community'),
  q: z.string().trim().max(60).optional().describe('Matter code, note or unit name contains'),
  withTotal: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

export const CardChangeView = z.object({
  at: z.string(),
  from: Card,
  to: Card,
  reason: z.string().describe('late, red_threshold, gap_closed'),
});

export const ReminderView = z.object({
  at: z.string(),
  byName: z.string(),
  message: z.string(),
  recipients: z.number().describe('How many people it went to'),
});

export const OrderView = z.object({
  id: z.number(),
  targetKind: z.enum(['matter', 'unit']),
  matterId: z.number().nullable(),
  matterCode: z.string().nullable(),
  unitKind: z.enum(['department', 'community']),
  department: z.string().nullable(),
  unitDivisionId: z.number().nullable(),
  unitName: z.string().describe('The unit answerable: the department, or the community'),
  divisionId: z
    .number()
    .describe('Where the order lies: the matter’s community, the community, or the department’s area'),
  listed: z.boolean(),
  note: z.string(),
  deadline: z.string(),
  card: Card,
  worstCard: Card.describe('The worst card it has had (counted per unit)'),
  status: OrderStatus,
  late: z.boolean().describe('Past the deadline with the gap open, or ended late'),
  gapClosedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedByName: z.string().nullable(),
  closeNote: z.string().nullable(),
  reminders: z.number(),
  lastRemindedAt: z.string().nullable(),
  createdByName: z.string(),
  createdAt: z.string(),
  canManage: z.boolean().describe('The caller may remind, change and close it'),
});

export const OrderDetail = OrderView.extend({
  cardChanges: z.array(CardChangeView),
  reminderLog: z.array(ReminderView),
});

export const OrderList = pageOf(OrderView);

export const RemindResult = z.object({
  order: OrderView,
  recipients: z.number().describe('People the reminder went to'),
});

export const CountsQuery = z
  .object({
    from: instant.describe('Orders made from (inclusive)'),
    to: instant.describe('until (exclusive)'),
  })
  .refine((q) => q.from < q.to, { message: 'from must be before to', path: ['from'] })
  .refine((q) => q.to.getTime() - q.from.getTime() <= 400 * 86_400_000, {
    message: 'at most 400 days',
    path: ['to'],
  });

export const UnitCounts = z.object({
  unitKind: z.enum(['department', 'community']),
  department: z.string().nullable(),
  unitDivisionId: z.number().nullable(),
  unitName: z.string(),
  orders: z.number(),
  onTime: z.number().describe('Ended with a green card'),
  yellow: z.number().describe('Worst card yellow (late)'),
  red: z.number().describe('Worst card red'),
  open: z.number().describe('Still open'),
});

export const CountsView = z.object({
  from: z.string(),
  to: z.string(),
  redAfterHours: z.number(),
  units: z.array(UnitCounts),
});
