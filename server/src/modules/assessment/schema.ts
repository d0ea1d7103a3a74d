import { z } from 'zod';
import { id } from '../../platform/input.ts';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { APPEAL_STATUSES, INDICATORS, REF_KINDS, REF_ROLES, SUBJECT_KINDS } from './tables.ts';

const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
  .describe('A month, YYYY-MM, in TIME_ZONE');
const points = z.number().min(0).max(100);

export const SubjectKind = z.enum(SUBJECT_KINDS).describe('grid_worker 网格员, or department 职能部门');
export const Indicator = z
  .enum(INDICATORS)
  .describe(
    'From the fixed catalogue of recorded work only: accepted_on_time 按时受理率, resolved_on_time 按期办结率, overdue 超期, returned 退单, supervision_cards 督办红黄牌, visits 走访完成率, patrol_coverage 巡查覆盖率, satisfaction 满意率. App activity (log-ins, clicks, likes, study time) is not in it and cannot be configured',
  );
export const AppealStatus = z.enum(APPEAL_STATUSES);

export const IdParams = z.object({ id });

export const IndicatorConfig = z.object({
  indicator: Indicator,
  weight: z.number().gt(0).max(100).describe('Points the indicator is worth; the weights of a scheme add up to 100'),
  target: z
    .number()
    .gt(0)
    .max(1)
    .optional()
    .describe('Rates: the rate (0–1] that earns the full weight; points = weight × min(1, rate / target)'),
  perItem: points.optional().describe('Overdue, returned: points taken off per matter'),
  perRed: points.optional().describe('Supervision cards: points taken off per red card given in the month'),
  perYellow: points.optional().describe('Supervision cards: points taken off per yellow card given in the month'),
});

export const WorkloadConfig = z.object({
  strength: z
    .number()
    .min(0)
    .max(0.3)
    .default(0.1)
    .describe('How far workload moves a score: factor = 1 + strength × (load / peer median − 1), held to ±strength'),
  caseMix: z
    .record(z.string().regex(/^[a-z0-9_.]{2,60}$/), z.number().min(0.1).max(10))
    .default({})
    .describe('Case mix: weight of a matter by top-level category code (1 when not listed)'),
  sizeBands: z
    .tuple([z.number().int().min(1), z.number().int().min(2)])
    .default([1000, 3000])
    .describe('Peer groups of grid workers by residents: small below the first, medium below the second, else large'),
});

export const CreateSchemeBody = z.object({
  districtId: id.describe('The district whose grid workers or departments it assesses'),
  subjectKind: SubjectKind,
  name: z.string().trim().min(2).max(60),
  indicators: z.array(IndicatorConfig).min(1).max(INDICATORS.length),
  workload: WorkloadConfig.default({ strength: 0.1, caseMix: {}, sizeBands: [1000, 3000] }),
  effectiveFrom: month.optional().describe('The first month it scores; by default the current month'),
  note: z.string().trim().max(500).default(''),
});

export const UpdateSchemeBody = z.object({
  name: z.string().trim().min(2).max(60).optional(),
  indicators: z.array(IndicatorConfig).min(1).max(INDICATORS.length),
  workload: WorkloadConfig.default({ strength: 0.1, caseMix: {}, sizeBands: [1000, 3000] }),
  effectiveFrom: month
    .optional()
    .describe('The first month the new version scores: not a month already scored; by default the current month'),
  note: z.string().trim().min(2).max(500).describe('Why it changes (kept with the version)'),
});

export const SchemeListQuery = PageQuery.extend({
  subjectKind: SubjectKind.optional(),
  archived: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

export const SchemeVersionView = z.object({
  id: z.number(),
  version: z.number(),
  effectiveFrom: z.string(),
  indicators: z.array(IndicatorConfig),
  workload: z.object({
    strength: z.number(),
    caseMix: z.record(z.string(), z.number()),
    sizeBands: z.tuple([z.number(), z.number()]),
  }),
  note: z.string(),
  createdByName: z.string(),
  createdAt: z.string(),
});

export const SchemeView = z.object({
  id: z.number(),
  districtId: z.number(),
  districtName: z.string(),
  subjectKind: SubjectKind,
  name: z.string(),
  currentVersion: z.number(),
  archived: z.boolean(),
  current: SchemeVersionView,
  scoredMonths: z.array(z.string()).describe('Months scored, newest first'),
  canConfigure: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const SchemeDetail = SchemeView.extend({
  versions: z.array(SchemeVersionView).describe('Every version, newest first; none is ever changed'),
});

export const SchemeList = pageOf(SchemeView);

export const RunBody = z.object({ month });

export const RunView = z.object({
  runId: z.number(),
  schemeId: z.number(),
  month: z.string(),
  version: z.number().describe('The version in force for the month, the one it was scored with'),
  subjects: z.number(),
  at: z.string(),
});

export const ScoreListQuery = PageQuery.extend({
  schemeId: id.optional(),
  month: month.optional(),
  subjectKind: SubjectKind.optional(),
  peerGroup: z.string().max(40).optional(),
  areaId: id.optional().describe('Scores of subjects in this division (a street, a community) or below'),
  withTotal: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

export const ScoreView = z.object({
  id: z.number(),
  schemeId: z.number(),
  schemeName: z.string(),
  version: z.number(),
  month: z.string(),
  subjectKind: SubjectKind,
  subjectUserId: z.number().nullable(),
  subjectName: z.string(),
  divisionId: z.number(),
  divisionName: z.string(),
  gridId: z.number().nullable(),
  gridName: z.string().nullable(),
  peerGroup: z.string().describe('grid kind:size band (resident:small …), or department'),
  residents: z.number().nullable(),
  rawPoints: z.number().describe('The sum of the lines’ points'),
  workloadFactor: z.number(),
  score: z.number().describe('rawPoints × workloadFactor, to 0.01'),
  rank: z.number().describe('Within the peer group; equal scores share a rank'),
  peerSize: z.number(),
  flags: z.array(z.string()).describe('Review flags, never penalties (few_records …)'),
  computedAt: z.string(),
});

export const ScoreList = pageOf(ScoreView);

export const RefGroupView = z.object({
  kind: z.enum(REF_KINDS),
  role: z.enum(REF_ROLES),
  ids: z.array(z.number()),
  links: z
    .array(z.string())
    .describe('Where each record opens in the console, in the order of ids ("" when it has no page)'),
});

export const AppealView = z.object({
  id: z.number(),
  scoreId: z.number(),
  schemeId: z.number(),
  month: z.string(),
  indicator: Indicator,
  subjectName: z.string(),
  appellantName: z.string(),
  reason: z.string(),
  status: AppealStatus,
  pointsBefore: z.number(),
  adjustedValue: z.number().nullable(),
  adjustedPoints: z.number().nullable(),
  decidedByName: z.string().nullable(),
  decisionReason: z.string().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
  canDecide: z.boolean(),
});

export const ScoreLineView = z.object({
  id: z.number(),
  indicator: Indicator,
  weight: z.number(),
  target: z.number().nullable(),
  value: z.number().nullable().describe('A rate (0–1) or a count; null when there was nothing to judge'),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  points: z.number().describe('As computed from the records'),
  deduction: z.number(),
  grantedPoints: z.number().nullable().describe('The points a granted appeal set instead'),
  effectivePoints: z.number(),
  refs: z.array(RefGroupView),
  appeals: z.array(AppealView),
  canAppeal: z.boolean(),
});

export const ScoreDetail = ScoreView.extend({
  lines: z.array(ScoreLineView),
  workload: z.object({
    weightedLoad: z.number().nullable(),
    load: z.number().nullable().describe('Per 1,000 residents for grid workers'),
    peerMedian: z.number().nullable(),
    strength: z.number(),
    matterIds: z.array(z.number()),
  }),
});

export const FileAppealBody = z.object({
  indicator: Indicator.describe('The line appealed'),
  reason: z.string().trim().min(5).max(1000).describe('Why the line is wrong (申诉理由)'),
});

export const DecideAppealBody = z
  .object({
    decision: z.enum(['grant', 'refuse']),
    reason: z.string().trim().min(2).max(1000),
    adjustedPoints: points.optional().describe('Grant: the points the line gets instead (0 … its weight)'),
    adjustedValue: z.number().min(0).max(100000).optional().describe('Grant: the corrected value, for the record'),
  })
  .refine((b) => b.decision === 'refuse' || b.adjustedPoints !== undefined, {
    message: 'a grant needs adjustedPoints',
    path: ['adjustedPoints'],
  })
  .refine((b) => b.decision === 'grant' || (b.adjustedPoints === undefined && b.adjustedValue === undefined), {
    message: 'a refusal changes nothing',
    path: ['adjustedPoints'],
  });

export const AppealListQuery = PageQuery.extend({
  status: AppealStatus.optional(),
  schemeId: id.optional(),
  month: month.optional(),
});

export const AppealList = pageOf(AppealView);

export const MyScoresQuery = PageQuery;
