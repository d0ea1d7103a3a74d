import { z } from 'zod';
import { areaId, id } from '../../platform/input.ts';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { METHODS, VERDICTS } from './tables.ts';

export const Method = z
  .enum(METHODS)
  .describe('rise 异常上升 (CUSUM), cluster 时空聚集 (space-time scan), hotspot 新兴热点 (Gi*), coincidence 多源碰撞');
export const Verdict = z.enum(VERDICTS).describe('confirmed 属实, known 已掌握, false 误报');

export const WarningListQuery = PageQuery.extend({
  method: Method.optional(),
  status: z.enum(['open', 'ended']).optional(),
  verdict: z
    .union([Verdict, z.literal('none')])
    .optional()
    .describe('none: not yet judged'),
  communityId: id.optional(),
  areaId,
  gridId: id.optional(),
  withTotal: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export const IdParams = z.object({ id });

const Case = z.object({ id: z.number(), code: z.string(), description: z.string(), reportedAt: z.string() });

export const WarningView = z.object({
  id: z.number(),
  method: Method,
  status: z.enum(['open', 'ended']),
  community: z.object({ id: z.number(), name: z.string() }),
  grid: z.object({ id: z.number(), name: z.string() }).nullable(),
  category: z.object({ id: z.number(), name: z.string() }).nullable(),
  cells: z.array(z.string()).describe('H3 cells (resolution 8) of a cluster'),
  windowFrom: z.string().describe('First local day of the signal'),
  windowTo: z.string(),
  observed: z.number().int(),
  expected: z.number(),
  relativeRisk: z.number().nullable(),
  pValue: z.number().nullable(),
  recurrenceDays: z.number().nullable().describe('A cluster this strong occurs by chance once in this many days'),
  summary: z.string().describe('The explanation in words (zh-CN)'),
  explanation: z.record(z.string(), z.unknown()),
  caseCount: z.number().int(),
  sampleCases: z.array(Case).describe('The most recent matters counted (up to 10)'),
  matterId: z.number().nullable().describe('The matter that routes the warning to its unit'),
  notified: z.number().int().describe('How often it was told: once when raised, again each time new cases joined'),
  verdict: Verdict.nullable(),
  verdictNote: z.string(),
  verdictBy: z.string().nullable(),
  verdictAt: z.string().nullable(),
  firstAt: z.string(),
  lastAt: z.string(),
});
export const WarningList = pageOf(WarningView.omit({ sampleCases: true, explanation: true }));

export const VerdictBody = z.object({
  verdict: Verdict,
  note: z.string().trim().max(500).default(''),
});

export const EvaluationView = z.object({
  raised: z.number().int(),
  judged: z.number().int(),
  confirmed: z.number().int(),
  known: z.number().int(),
  false: z.number().int(),
  actionableRate: z.number().nullable().describe('confirmed ÷ judged: the share of signals worth acting on'),
  byMethod: z.array(
    z.object({ method: Method, raised: z.number().int(), judged: z.number().int(), confirmed: z.number().int() }),
  ),
});

const RunOutcome = z.object({
  signals: z.number().int(),
  raised: z.number().int(),
  renotified: z.number().int(),
  ended: z.number().int(),
});
export const RunView = z.object({
  rise: RunOutcome,
  coincidence: RunOutcome,
  cluster: RunOutcome,
  hotspot: RunOutcome,
});
