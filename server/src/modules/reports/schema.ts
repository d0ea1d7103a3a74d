import { z } from 'zod';
import { id } from '../../platform/input.ts';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { MONTH_PATTERN } from './month.ts';
import { HEADLINE_KEYS, REPORT_STATUSES, REPORT_TRIGGERS, REPORT_UNIT_KINDS } from './tables.ts';

export const ReportMonth = z
  .string()
  .regex(MONTH_PATTERN, 'a month as YYYY-MM')
  .describe('A calendar month in local time (TIME_ZONE), YYYY-MM');

export const ReportStatus = z.enum(REPORT_STATUSES).describe('queued → running → done, or failed (with the reason)');

export const IdParams = z.object({ id });

export const ReportListQuery = PageQuery.extend({
  divisionId: id.optional().describe('Reports of this street or district'),
  month: ReportMonth.optional(),
  unitKind: z.enum(REPORT_UNIT_KINDS).optional().describe('street or district reports only'),
  status: ReportStatus.optional(),
  allVersions: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('true: earlier versions too (superseded by a later generation); by default the latest only'),
  withTotal: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

export const GenerateReportBody = z.object({
  divisionId: id.describe('The street or district to report on'),
  month: ReportMonth.describe('A month that has ended'),
});

export const HeadlineFigure = z.object({
  key: z.enum(HEADLINE_KEYS),
  label: z.string().describe('受理量, 办结率, 按期办结率, 超期件, 满意率, 重复诉求'),
  value: z.number().nullable().describe('A count, or a rate 0..1 (null: nothing to divide by)'),
  previous: z.number().nullable().describe('The same for the month before'),
  display: z.string().describe('As printed'),
  change: z.string().describe('环比 as printed: +12.5% for counts, +3.2个百分点 for rates'),
});

export const ReportView = z.object({
  id,
  unitKind: z.enum(REPORT_UNIT_KINDS),
  divisionId: id,
  unitName: z.string(),
  month: z.string(),
  version: z.number().int().describe('1 for the first report of the unit and month; each generation again adds one'),
  status: ReportStatus,
  trigger: z.enum(REPORT_TRIGGERS).describe('schedule: the monthly job; manual: asked for'),
  requestedByName: z.string().nullable(),
  headline: z.array(HeadlineFigure).nullable().describe('The headline figures with 环比, once done'),
  htmlBytes: z.number().int().nullable(),
  pdfBytes: z.number().int().nullable(),
  pdfNote: z.string().nullable().describe('Why there is no PDF (no CJK font on the server)'),
  failure: z.string().nullable(),
  durationMs: z.number().int().nullable().describe('How long the generation took'),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  supersededAt: z.string().nullable().describe('When a later version replaced it (it is kept)'),
  canGenerate: z.boolean().describe('Whether I may generate this unit’s month again'),
});

export const ReportList = pageOf(ReportView);

export const ReportUnit = z.object({
  id,
  name: z.string(),
  kind: z.enum(REPORT_UNIT_KINDS),
  canGenerate: z.boolean(),
});

export const ReportUnits = z.object({
  items: z.array(ReportUnit).describe('The streets and districts whose reports I read'),
});
