import { z } from 'zod';
import { CORRECTION_STATUSES, EARNING_EVENT_TYPES, POSTING_KINDS } from './tables.ts';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { areaId, id } from '../../platform/input.ts';

const key = z
  .string()
  .trim()
  .min(8)
  .max(80)
  .regex(/^[\w:.-]+$/)
  .describe('Chosen by the client (e.g. a UUID); a retry with the same key returns the first result');
const period = z
  .string()
  .regex(/^(all|\d{4}(-(0[1-9]|1[0-2]))?)$/)
  .default('all')
  .describe('all, a year (2026) or a month (2026-11), in local time (the TIME_ZONE setting)');

export const IdParams = z.object({ id });
export const EarningEvent = z.enum(EARNING_EVENT_TYPES);

export const AccountView = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.enum(['issuing', 'person', 'merchant', 'hold', 'expiry']),
  balance: z.number().describe('Points free to spend'),
  held: z.number().describe('Points held by vouchers not yet redeemed'),
});

export const StatementLine = z.object({
  id: z.number(),
  at: z.string(),
  kind: z.enum(POSTING_KINDS),
  amount: z.number().describe('Positive in, negative out'),
  balanceAfter: z.number(),
  counterparty: z.string(),
  memo: z.string(),
  reference: z.object({ type: z.string(), id: z.string() }).nullable(),
});
export const Statement = pageOf(StatementLine);

export const PersonAccountView = z.object({
  id: z.number(),
  userId: z.number(),
  communityId: z.number().nullable(),
  name: z.string(),
  balance: z.number(),
});
export const PersonAccountList = pageOf(PersonAccountView);
export const PersonAccountQuery = PageQuery.extend({
  communityId: id.optional(),
  userId: id.optional(),
  q: z.string().trim().max(60).optional().describe('Part of the name'),
});

export const RuleView = z.object({
  id: z.number(),
  communityId: z.number(),
  eventType: EarningEvent,
  pointsPerUnit: z.number(),
  unit: z.enum(['each', 'hour']),
  dailyCap: z.number().nullable(),
  monthlyCap: z.number().nullable(),
  effectiveFrom: z.string(),
});
export const RuleList = z.object({ items: z.array(RuleView) });
export const RuleBody = z.object({
  communityId: id,
  eventType: EarningEvent,
  pointsPerUnit: z.number().int().min(0).max(10_000).describe('Per hour for volunteer hours, per event otherwise'),
  dailyCap: z.number().int().min(0).max(1_000_000).nullable().optional(),
  monthlyCap: z.number().int().min(0).max(10_000_000).nullable().optional(),
  effectiveFrom: z.iso.date().describe('Applies to what happens from this date (today or later)'),
});

export const CorrectionBody = z.object({
  communityId: id,
  userId: id.describe('The person whose points are corrected; their home must be the community'),
  amount: z
    .number()
    .int()
    .min(-1_000_000)
    .max(1_000_000)
    .refine((v) => v !== 0, 'not zero')
    .describe('Points given (positive) or taken back (negative); at most POINTS_CORRECTION_MAX either way'),
  reason: z.string().trim().min(2).max(500),
  idempotencyKey: key,
});
export const CorrectionStatus = z.enum(CORRECTION_STATUSES);
export const CorrectionView = z.object({
  id: z.number(),
  communityId: z.number(),
  communityName: z.string().nullable(),
  userId: z.number(),
  userName: z.string(),
  amount: z.number(),
  reason: z.string(),
  status: CorrectionStatus.describe('pending: waits for a second member of staff; posted; rejected'),
  requestedBy: z.number(),
  requestedByName: z.string(),
  decidedBy: z.number().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string(),
  postingId: z.number().nullable(),
  createdAt: z.string(),
  replayed: z.boolean().describe('The same idempotency key was sent before: this is the first result'),
});
export const CorrectionList = pageOf(CorrectionView.omit({ replayed: true }));
export const CorrectionListQuery = PageQuery.extend({
  communityId: id.optional(),
  status: CorrectionStatus.optional(),
});
export const CorrectionDecisionBody = z.object({ note: z.string().trim().max(500).default('') });

export const LeaderboardQuery = z.object({
  communityId: id.optional(),
  period,
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const Leaderboard = z.object({
  period: z.string(),
  items: z.array(z.object({ rank: z.number(), userId: z.number(), name: z.string(), points: z.number() })),
});

export const HonourBody = z.object({
  communityId: id,
  title: z.string().trim().min(2).max(40).describe('e.g. 最美志愿者, 平安家庭'),
  period,
  top: z.number().int().min(1).max(100).default(10),
  includeStaff: z
    .boolean()
    .default(false)
    .describe('Honours are for residents; a community may choose to honour its staff (网格员, 社区书记 …) too'),
});
export const HonourList = z.object({
  items: z.array(
    z.object({
      id: z.number(),
      communityId: z.number(),
      title: z.string(),
      period: z.string(),
      userId: z.number(),
      name: z.string(),
      points: z.number(),
      awardedAt: z.string(),
    }),
  ),
});

export const MerchantView = z.object({
  id: z.number(),
  communityId: z.number(),
  userId: z.number().nullable(),
  name: z.string(),
  address: z.string(),
  phone: z.string(),
  creditScore: z.number(),
  active: z.boolean(),
});
export const MerchantList = pageOf(MerchantView);
export const MerchantListQuery = PageQuery.extend({
  communityId: id.optional(),
  q: z.string().trim().max(60).optional(),
});
export const MerchantBody = z.object({
  communityId: id,
  userId: id.nullable().optional().describe('The account the merchant signs in with to redeem vouchers'),
  name: z.string().trim().min(1).max(80),
  address: z.string().trim().max(200).default(''),
  phone: z.string().trim().max(20).default(''),
});
export const UpdateMerchantBody = z
  .object({
    name: z.string().trim().min(1).max(80),
    address: z.string().trim().max(200),
    phone: z.string().trim().max(20),
    creditScore: z.number().int().min(0).max(100),
    active: z.boolean(),
  })
  .partial();

export const ItemView = z.object({
  id: z.number(),
  merchantId: z.number(),
  merchantName: z.string(),
  name: z.string(),
  description: z.string(),
  pricePoints: z.number(),
  cashValueFen: z.number().describe('What the merchant is owed for it, in fen (1/100 yuan)'),
  stock: z.number().nullable().describe('null: not counted'),
  active: z.boolean(),
  communityId: z.number().describe("The merchant's community"),
  ownCommunity: z.boolean().describe("The merchant is in the caller's home community"),
  distanceMeters: z
    .number()
    .nullable()
    .describe("From the caller's home community to the merchant's; null when either has no centre"),
  redeemable: z.boolean().describe("false: the merchant is in another city than the caller's home"),
});
export const ItemList = z.object({ items: z.array(ItemView) });
export const ItemListQuery = z.object({
  merchantId: id.optional(),
  communityId: id.optional(),
  includeInactive: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});
export const ItemBody = z.object({
  name: z.string().trim().min(1).max(80),
  description: z.string().trim().max(500).default(''),
  pricePoints: z.number().int().min(1).max(1_000_000),
  cashValueFen: z.number().int().min(0).max(100_000_000),
  stock: z.number().int().min(0).max(1_000_000).nullable().optional(),
});
export const UpdateItemBody = z
  .object({
    name: z.string().trim().min(1).max(80),
    description: z.string().trim().max(500),
    pricePoints: z.number().int().min(1).max(1_000_000),
    cashValueFen: z.number().int().min(0).max(100_000_000),
    stock: z.number().int().min(0).max(1_000_000).nullable(),
    active: z.boolean(),
  })
  .partial();

export const ExchangeBody = z.object({ itemId: id, idempotencyKey: key });
export const RedeemBody = z.object({
  code: z.string().trim().min(6).max(64).describe('The 8-character code, or the token in the QR code'),
});
export const VoucherView = z.object({
  id: z.number(),
  code: z.string().describe('Whole for its holder; masked for others'),
  qrToken: z.string().nullable().describe('For the QR code; only for its holder'),
  itemId: z.number(),
  itemName: z.string(),
  merchantId: z.number(),
  merchantName: z.string(),
  merchantAddress: z.string(),
  points: z.number(),
  cashValueFen: z.number(),
  status: z.enum(['held', 'redeemed', 'released', 'expired']),
  expiresAt: z.string(),
  createdAt: z.string(),
  redeemedAt: z.string().nullable(),
});
export const VoucherList = pageOf(VoucherView);

export const SettlementQuery = z.object({ from: z.coerce.date(), to: z.coerce.date() });
export const Settlement = z.object({
  from: z.string(),
  to: z.string(),
  days: z.array(z.object({ day: z.string(), count: z.number(), points: z.number(), cashFen: z.number() })),
  totals: z.object({ count: z.number(), points: z.number(), cashFen: z.number() }),
});

export const PointsStatsQuery = z.object({
  communityId: id.optional(),
  areaId,
  from: z.coerce.date(),
  to: z.coerce.date(),
});
export const PointsStats = z.object({
  issued: z.number(),
  held: z.number(),
  redeemed: z.number(),
  released: z.number(),
  expired: z.number(),
  balance: z.number().describe('Points the people of the area hold now, free to spend (whatever the period)'),
  vouchers: z.record(z.string(), z.object({ count: z.number(), cashFen: z.number() })),
});
