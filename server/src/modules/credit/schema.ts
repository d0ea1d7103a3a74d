import { z } from 'zod';
import { areaId, id } from '../../platform/input.ts';
import { pageOf } from '../../platform/pagination.ts';
import {
  APPEAL_KINDS,
  APPEAL_STATUSES,
  EVIDENCE_KINDS,
  GRADES,
  OFFICIAL_GRADES,
  PLEDGE_KINDS,
  STAFF_KINDS,
} from './tables.ts';

const text = (max: number) => z.string().trim().max(max);
const localDate = z.iso.date().describe('A local day, YYYY-MM-DD');
const limit = z.coerce.number().int().min(1).max(200).default(50);

export const IdParams = z.object({ id });
export const TokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) });
export const Grade = z.enum(GRADES).describe('A = lowest risk … D = highest risk (the market regulator’s sense)');
export const EvidenceKind = z
  .enum(EVIDENCE_KINDS)
  .describe(
    'inspection 检查, complaint 投诉, alarm 告警, voucher 代金券兑付, fix 按期整改, civic 公益参与 (志愿、无诈承诺), repair 信用修复',
  );

export const BreakdownQuery = z.object({ asOf: localDate.optional().describe('Default: today') });

export const EvidenceBody = z.object({
  kind: z
    .enum(STAFF_KINDS)
    .describe('What staff record by hand; vouchers, repairs and volunteering come by themselves'),
  occurredOn: localDate.describe('The day it happened (not after today)'),
  points: z.number().int().min(-20).max(10).describe('+/− points, bounded per kind (see README)'),
  note: text(500).default(''),
});

export const EvidenceLine = z.object({
  id: z.number(),
  kind: EvidenceKind,
  occurredOn: z.string(),
  points: z.number().describe('The points as recorded, before decay'),
  source: z.object({
    module: z.string().describe("'staff' or the module it came from (points, volunteer, credit)"),
    ref: z.string(),
    recordedBy: z.number().nullable(),
  }),
  note: z.string(),
  voided: z.boolean(),
  voidReason: z.string().nullable(),
  ageDays: z.number(),
  contribution: z.number().describe('The decayed points this line adds to the score now (2 decimals)'),
  excluded: z.enum(['voided', 'future', 'expired']).nullable(),
});

export const OfficialGradeBody = z.object({
  grade: z.enum(OFFICIAL_GRADES).describe('餐饮量化分级 annual grade: A 良好, B 一般, C 较差'),
  gradedOn: localDate,
  issuer: text(80).min(1).describe('e.g. 拱墅区市场监督管理局'),
});
export const OfficialGradeView = z.object({
  id: z.number(),
  grade: z.string(),
  gradedOn: z.string(),
  issuer: z.string(),
});

export const PledgeBody = z.object({
  kind: z.enum(PLEDGE_KINDS).describe('fraud_free_shop 无诈商户, fraud_free_hotel 无诈酒店'),
  textVersion: text(40).min(1).describe('The version of the pledge text signed, e.g. 2026-v1'),
  signedOn: localDate,
});
export const PledgeView = z.object({ id: z.number(), kind: z.string(), textVersion: z.string(), signedOn: z.string() });

export const AppealBody = z
  .object({
    kind: z.enum(APPEAL_KINDS).describe('appeal 申诉 (an evidence line is wrong), repair 信用修复 (fixed, with proof)'),
    evidenceId: id.optional().describe('The line appealed (required for an appeal), or the line the fix answers'),
    reason: text(1000).min(2),
    photos: z.array(z.string().max(100)).max(9).default([]).describe('Media tokens of photos uploaded first'),
  })
  .refine((a) => a.kind !== 'appeal' || a.evidenceId !== undefined, {
    path: ['evidenceId'],
    message: 'an appeal names its evidence line',
  });

export const AppealView = z.object({
  id: z.number(),
  merchantId: z.number(),
  merchantName: z.string(),
  kind: z.enum(APPEAL_KINDS),
  evidenceId: z.number().nullable(),
  reason: z.string(),
  photos: z.array(z.string()),
  status: z.enum(APPEAL_STATUSES),
  filedAt: z.string(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string(),
  repairEvidenceId: z.number().nullable(),
});
export const AppealList = pageOf(AppealView);
export const AppealQuery = z.object({
  areaId,
  status: z.enum(APPEAL_STATUSES).optional(),
  cursor: z.string().optional(),
  limit,
});
export const DecisionBody = z
  .object({
    grant: z.boolean(),
    note: text(500).default(''),
    repairPoints: z
      .number()
      .int()
      .min(1)
      .max(20)
      .optional()
      .describe('For a granted credit repair: the points of the repair line (1–20)'),
  })
  .describe('An appeal granted voids its line; a repair granted adds a repair line; a rejection changes nothing');

const Stored = z.object({ score: z.number(), grade: Grade, asOf: z.string() }).nullable();

export const Breakdown = z.object({
  merchant: z.object({ id: z.number(), name: z.string(), community: z.object({ id: z.number(), name: z.string() }) }),
  asOf: z.string(),
  base: z.number(),
  lines: z.array(EvidenceLine),
  total: z.number().describe('base + the sum of the lines’ contributions, before rounding and clamping'),
  score: z.number().int(),
  grade: Grade,
  clamped: z.boolean().describe('true when the total lay outside 0–100 and the score was clamped'),
  stored: Stored.describe('The score as last recomputed (on an event or by the daily job) and shown on the card'),
  official: z.array(OfficialGradeView).describe('The regulator’s own grades, latest first, apart from ours'),
  pledges: z.array(PledgeView),
  appeals: z.array(AppealView),
  snapshots: z.array(z.object({ month: z.string(), score: z.number(), grade: Grade, asOf: z.string() })),
});

export const MerchantQuery = z.object({
  areaId,
  grade: Grade.optional(),
  q: text(40).optional().describe('Part of the name'),
  cursor: z.string().optional(),
  limit,
});
export const MerchantRow = z.object({
  id: z.number(),
  name: z.string(),
  community: z.object({ id: z.number(), name: z.string() }),
  score: z.number(),
  grade: Grade,
  asOf: z.string().nullable().describe('null: never computed (no evidence), shown at the base score'),
  officialGrade: z.object({ grade: z.string(), gradedOn: z.string() }).nullable(),
  lastInspectionOn: z.string().nullable(),
  daysSinceInspection: z.number().nullable(),
  pendingAppeals: z.number(),
});
export const MerchantList = pageOf(MerchantRow);

export const CardView = z.object({ token: z.string(), path: z.string().describe('The public page the QR opens') });
export const PublicCard = z.object({
  name: z.string(),
  grade: Grade,
  asOf: z.string(),
  official: z
    .object({ grade: z.string(), gradedOn: z.string(), issuer: z.string() })
    .nullable()
    .describe('The regulator’s 量化分级, shown apart and never replaced by ours'),
  pledge: z.object({ kind: z.string(), textVersion: z.string(), signedOn: z.string() }).nullable(),
});

export const RunResult = z.object({ merchants: z.number(), snapshots: z.number(), voucherLines: z.number() });
