import { z } from 'zod';
import { areaId, id } from '../../platform/input.ts';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { ARTICLE_KINDS, ARTICLE_STATUSES, FRAUD_TYPES, REPORT_KINDS } from './tables.ts';

const text = (max: number) => z.string().trim().max(max);

export const IdParams = z.object({ id });
export const FraudType = z
  .enum(FRAUD_TYPES)
  .describe(
    'impersonating_officials 冒充公检法, order_brushing 刷单返利, romance_investment 杀猪盘, fake_customer_service 冒充电商物流客服, fake_loan 虚假网络贷款, fake_credit 虚假征信, impersonating_acquaintance 冒充领导熟人, game_trading 网络游戏虚假交易, other 其他',
  );
export const ArticleKind = z
  .enum(ARTICLE_KINDS)
  .describe('law 以案释法/法律解读, mediation_case 调解案例 (no names), fraud_case 反诈案例');
export const ArticleStatus = z.enum(ARTICLE_STATUSES).describe('draft: seen by staff only; published: by everyone');

const ArticleFields = {
  kind: ArticleKind,
  fraudType: FraudType.nullable().default(null).describe('For fraud cases: the kind of fraud (required then)'),
  title: text(100).min(1),
  summary: text(300).default(''),
  body: text(20_000).min(1).describe('The text; mediation cases without the parties’ names or numbers'),
  source: text(200)
    .default('')
    .describe('Where it comes from: 《民法典》第一千零三十二条, a court’s case, the police station'),
  status: ArticleStatus.default('draft'),
};

export const ArticleBody = z.object({
  divisionId: id.describe('The street or community that keeps it (legal.manage over it)'),
  ...ArticleFields,
});
export const ArticlePatch = z
  .object({
    kind: ArticleFields.kind.optional(),
    fraudType: FraudType.nullable().optional(),
    title: ArticleFields.title.optional(),
    summary: text(300).optional(),
    body: ArticleFields.body.optional(),
    source: text(200).optional(),
    status: ArticleStatus.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });

export const ArticleListQuery = PageQuery.extend({
  q: text(100).optional().describe('Words to find, in Chinese or English: cut into words (jieba) and all must match'),
  kind: ArticleKind.optional(),
  fraudType: FraudType.optional(),
  status: ArticleStatus.optional().describe('Staff only: drafts of their area; others always see published ones'),
  areaId,
});

export const ArticleSummary = z.object({
  id: z.number().int(),
  division: z.object({ id: z.number().int(), name: z.string() }),
  kind: ArticleKind,
  fraudType: FraudType.nullable(),
  title: z.string(),
  summary: z.string(),
  source: z.string(),
  status: ArticleStatus,
  publishedAt: z.string().nullable(),
  updatedAt: z.string(),
  /** The words of the query found in it, for highlighting; empty without a query. */
  matched: z.array(z.string()),
  mayEdit: z.boolean(),
});
export const ArticleView = ArticleSummary.extend({ body: z.string() });
export const ArticleList = pageOf(ArticleSummary);

export const ReportKind = z.enum(REPORT_KINDS).describe('phone 电话, link 链接, sms 短信, app 应用, other 其他');

export const ReportBody = z.object({
  kind: ReportKind,
  target: text(500).min(3).describe('The number, link, sender or app as seen'),
  description: text(2000).min(4).describe('What happened: what they said, what they asked for'),
  moneyLost: z.boolean().default(false),
  amountYuan: z.number().positive().max(100_000_000).nullable().default(null).describe('How much was lost, in yuan'),
  communityId: id
    .optional()
    .describe('Where the reporter lives, when their account is not a registered resident (else taken from it)'),
});

export const Advice = z.object({
  hotline: z.literal('96110').describe('国家反诈中心 anti-fraud hotline'),
  emergency: z.literal('110'),
  callPoliceNow: z.boolean().describe('Money was lost: call 110 at once and keep the transfer records'),
  steps: z.array(z.string()),
});

export const ReportView = z.object({
  id: z.number().int(),
  kind: ReportKind,
  target: z.string(),
  description: z.string(),
  moneyLost: z.boolean(),
  amountYuan: z.number().nullable(),
  community: z.object({ id: z.number().int(), name: z.string() }),
  reporterName: z.string().describe('Masked'),
  matterId: z.number().int().nullable(),
  /** Reports of the same number or link in the community within 30 days, this one included. */
  sameTargetReports: z.number().int(),
  createdAt: z.string(),
});
export const ReportReceipt = ReportView.extend({ advice: Advice });
export const ReportList = pageOf(ReportView);
export const ReportListQuery = PageQuery.extend({
  q: text(100).optional().describe('Part of the number or link, or of the description'),
  kind: ReportKind.optional(),
  moneyLost: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  areaId,
});

export const TargetTallyQuery = z.object({
  areaId,
  days: z.coerce.number().int().min(1).max(365).default(30),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export const TargetTally = z.object({
  from: z.string(),
  items: z.array(z.object({ kind: ReportKind, target: z.string(), reports: z.number().int(), lastAt: z.string() })),
  byKind: z.array(z.object({ kind: ReportKind, reports: z.number().int() })),
});
