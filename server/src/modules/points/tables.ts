import type { Generated } from 'kysely';

/** Events that earn points, and the unit each is counted in. */
export const EARNING_EVENTS = {
  'volunteer.hours_approved': 'hour',
  'good_deed.verified': 'each',
  'meeting.attended': 'each',
  'vote.cast': 'each',
  'topic.supported': 'each',
  'course.completed': 'each',
  'report.accepted': 'each',
} as const;
export type EarningEvent = keyof typeof EARNING_EVENTS;

export type AccountKind = 'issuing' | 'person' | 'merchant' | 'hold' | 'expiry';

export interface AccountTable {
  id: Generated<number>;
  kind: AccountKind;
  community_id: number | null;
  user_id: number | null;
  merchant_id: number | null;
  name: string;
  balance: Generated<number>;
  created_at: Date;
}

export interface PostingTable {
  id: Generated<number>;
  idempotency_key: string;
  debit_account_id: number;
  credit_account_id: number;
  amount: number;
  kind: 'earn' | 'hold' | 'redeem' | 'release' | 'expire' | 'correction' | 'transfer';
  community_id: number | null;
  reference_type: string | null;
  reference_id: string | null;
  memo: Generated<string>;
  created_by: number | null;
  value_at: Date;
  created_at: Date;
}

/** What earns points (积分规则 are set per community and event). */
export const EARNING_EVENT_TYPES = [
  'volunteer.hours_approved',
  'good_deed.verified',
  'meeting.attended',
  'vote.cast',
  'topic.supported',
  'course.completed',
  'report.accepted',
] as const;
export type EarningEventType = (typeof EARNING_EVENT_TYPES)[number];

export interface RuleTable {
  id: Generated<number>;
  community_id: number;
  event_type: EarningEventType;
  points_per_unit: number;
  unit: Generated<'each' | 'hour'>;
  daily_cap: number | null;
  monthly_cap: number | null;
  effective_from: string;
  created_by: number | null;
  created_at: Date;
}

export interface ExpiryRunTable {
  cutoff: string;
  ran_at: Date;
  expired: Generated<number>;
}

export interface HonourTable {
  id: Generated<number>;
  community_id: number;
  title: string;
  period: string;
  user_id: number;
  points: number;
  awarded_by: number;
  awarded_at: Date;
}

export interface MerchantTable {
  id: Generated<number>;
  community_id: number;
  user_id: number | null;
  name: string;
  address: Generated<string>;
  phone: Generated<string>;
  credit_score: Generated<number>;
  active: Generated<boolean>;
  created_at: Date;
}

export interface ItemTable {
  id: Generated<number>;
  merchant_id: number;
  name: string;
  description: Generated<string>;
  price_points: number;
  cash_value_fen: number;
  stock: number | null;
  active: Generated<boolean>;
  created_at: Date;
}

export interface VoucherTable {
  id: Generated<number>;
  code: string;
  qr_token: string;
  user_id: number;
  item_id: number;
  merchant_id: number;
  points: number;
  cash_value_fen: number;
  status: Generated<'held' | 'redeemed' | 'released' | 'expired'>;
  hold_posting_id: number;
  settle_posting_id: number | null;
  expires_at: Date;
  created_at: Date;
  redeemed_at: Date | null;
  redeemed_by: number | null;
}

export type CorrectionStatus = 'pending' | 'posted' | 'rejected';

export interface CorrectionTable {
  id: Generated<number>;
  community_id: number;
  user_id: number;
  amount: number;
  reason: string;
  idempotency_key: string;
  status: CorrectionStatus;
  requested_by: number;
  decided_by: number | null;
  decided_at: Date | null;
  decision_note: Generated<string>;
  posting_id: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface PointsTables {
  'points.corrections': CorrectionTable;
  'points.accounts': AccountTable;
  'points.postings': PostingTable;
  'points.rules': RuleTable;
  'points.expiry_runs': ExpiryRunTable;
  'points.honours': HonourTable;
  'points.merchants': MerchantTable;
  'points.items': ItemTable;
  'points.vouchers': VoucherTable;
}

// Enumerations: one home, used by the schemas and (through src/enums.ts) the web.
export const CORRECTION_STATUSES = ['pending', 'posted', 'rejected'] as const;
export const POSTING_KINDS = ['earn', 'hold', 'redeem', 'release', 'expire', 'correction', 'transfer'] as const;
