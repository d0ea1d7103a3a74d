import { z } from 'zod';
import { id } from '../../platform/input.ts';
import { GROUPINGS, MEASURES } from './repository-statistics.ts';
import { DEPARTMENT_CODES, MATTER_KINDS } from './tables.ts';

const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(
    (v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    {
      message: 'not a date',
    },
  );

/** A matter source: where a report came from (resident_h5, patrol, device …). */
export const MatterSource = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/)
  .describe('resident_h5, courier_h5, staff_console, patrol, device, care, phone, walk_in, open311, api …');

export const Measure = z.enum(MEASURES);

export const StatisticsQuery = z
  .object({
    from: localDate.describe('First local day counted (YYYY-MM-DD, in TIME_ZONE)'),
    to: localDate.describe('Last local day counted, inclusive'),
    groupBy: z
      .enum(GROUPINGS)
      .default('none')
      .describe(
        'Periods (day … year, in local time), areas (district, street, community, grid), category, source or department',
      ),
    compare: z
      .enum(['none', 'previous', 'year'])
      .default('none')
      .describe(
        'Totals of the period just before, of the same length (环比), or of the same days a year earlier (同比)',
      ),
    categoryId: id.optional().describe('A category, or a top-level category for all of its children'),
    kind: z.enum(MATTER_KINDS).optional(),
    areaId: id.optional().describe('A district, street or community: the matters of the communities under it'),
    gridId: id.optional(),
    source: MatterSource.optional(),
    department: z.enum(DEPARTMENT_CODES).optional(),
  })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'to is before from' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 3 * 366 * 86_400_000, {
    path: ['to'],
    message: 'at most three years at once',
  });

const count = z.number().int();
const minutes = z.number().nullable();
const rate = z.number().nullable().describe('0..1; null when nothing to divide by');

export const Figures = z.object({
  received: count.describe('Reported in the period (受理量)'),
  accepted: count.describe('Accepted in the period'),
  acceptedOnTime: count.describe('Accepted in the period within their accept deadline'),
  resolved: count.describe('Resolved in the period (办结量)'),
  resolvedOnTime: count.describe('Resolved in the period within their resolve deadline (按期办结)'),
  closed: count.describe('Closed in the period (结案)'),
  overdue: count.describe(
    'Whose resolve deadline fell in the period, passed, and was missed (超期); a matter once, at the first deadline it missed',
  ),
  returned: count.describe('Returned (退单) in the period'),
  extended: count.describe('Granted more time (延期) in the period'),
  rated: count.describe('Rated by their reporter in the period'),
  satisfied: count.describe('Rated 4 or 5 of 5 in the period (满意)'),
  repeat: count.describe(
    'Reported in the period by someone, or at a place and category, already reported within STATS_REPEAT_DAYS (重复诉求); decided when it was reported',
  ),
  supervised: count.describe('Put under supervision (督办) in the period, each matter once, at its first order'),
  supervisedYellow: count.describe('Of those, whose worst card has been yellow (黄牌: its deadline passed)'),
  supervisedRed: count.describe('Of those, whose worst card has been red (红牌: SUPERVISION_RED_AFTER_HOURS late)'),
  resolutionRate: rate.describe('resolved ÷ received (办结率)'),
  onTimeRate: rate.describe('resolvedOnTime ÷ resolved (按期办结率)'),
  followedUp: count.describe('Followed up (回访) in the period: answered on the form, or a call reached the reporter'),
  followUpSatisfied: count.describe('Of those, rated 4 or 5 of 5 (回访满意)'),
  satisfactionRate: rate.describe('satisfied ÷ rated (满意率)'),
  followUpSatisfactionRate: rate.describe('followUpSatisfied ÷ followedUp (回访满意率)'),
  ratingMean: z.number().nullable(),
  acceptMedianMinutes: minutes,
  acceptP90Minutes: minutes,
  resolveMedianMinutes: minutes,
  resolveP90Minutes: minutes,
});

const drillQuery = z
  .record(z.string(), z.string())
  .describe(
    'Filters of GET /api/matters that, with measure, measureFrom and measureTo, list exactly the matters a count counts',
  );

export const StatisticsRow = z.object({
  key: z.string().describe('The local date starting the period, or the id or code of the group'),
  label: z.string(),
  /** The period's own window, for a row of a period grouping. */
  measureFrom: z.string(),
  measureTo: z.string(),
  drill: drillQuery,
  figures: Figures,
});

export const StatisticsView = z.object({
  from: z.string(),
  to: z.string(),
  measureFrom: z.string().describe('The instant the period starts (local midnight of from)'),
  measureTo: z.string().describe('The instant after it ends (local midnight after to)'),
  groupBy: z.enum(GROUPINGS),
  drill: drillQuery,
  total: Figures,
  rows: z.array(StatisticsRow),
  previous: z
    .object({ from: z.string(), to: z.string(), figures: Figures })
    .nullable()
    .describe('环比 or 同比 as asked'),
});
