import type { z } from 'zod';
import type * as repo from './repository.ts';
import type { CorrectionRow } from './repository-corrections.ts';
import type * as S from './schema.ts';
import type { AccountKind, HonourTable, RuleTable } from './tables.ts';

/** Rows of the points module turned into the shapes of its API; nothing here reads the database. */

type View<T extends z.ZodTypeAny> = z.infer<T>;

export function accountView(
  id: number,
  account: { name: string; kind: AccountKind; balance: number },
  held: number,
): View<typeof S.AccountView> {
  return { id, name: account.name, kind: account.kind, balance: Number(account.balance), held };
}

export function personAccountView(a: {
  id: number;
  user_id: number | null;
  community_id: number | null;
  name: string;
  balance: number;
}) {
  return { id: a.id, userId: a.user_id!, communityId: a.community_id, name: a.name, balance: Number(a.balance) };
}

type PostingRow = Awaited<ReturnType<typeof repo.postingsOf>>[number];

/** A posting as a line of an account's statement: signed for that account, with the balance it left. */
export function statementLine(p: PostingRow, accountId: number, balanceAfter: number): View<typeof S.StatementLine> {
  const incoming = p.credit_account_id === accountId;
  return {
    id: p.id,
    at: p.value_at.toISOString(),
    kind: p.kind,
    amount: incoming ? Number(p.amount) : -Number(p.amount),
    balanceAfter,
    counterparty: incoming ? p.debit_name : p.credit_name,
    memo: p.memo,
    reference: p.reference_type ? { type: p.reference_type, id: p.reference_id ?? '' } : null,
  };
}

export function ruleView(
  r: Pick<
    RuleTable,
    'community_id' | 'event_type' | 'points_per_unit' | 'daily_cap' | 'monthly_cap' | 'effective_from'
  > & { id: number; unit: 'each' | 'hour' },
) {
  return {
    id: r.id,
    communityId: r.community_id,
    eventType: r.event_type,
    pointsPerUnit: r.points_per_unit,
    unit: r.unit,
    dailyCap: r.daily_cap,
    monthlyCap: r.monthly_cap,
    effectiveFrom: r.effective_from,
  };
}

export function merchantView(m: repo.MerchantRow) {
  return {
    id: m.id,
    communityId: m.community_id,
    userId: m.user_id,
    name: m.name,
    address: m.address,
    phone: m.phone,
    creditScore: m.credit_score,
    active: m.active,
  };
}

/** Where an item's merchant lies as seen from the caller's home (see Merchants.listItems). */
export interface ItemReach {
  ownCommunity: boolean;
  distanceMeters: number | null;
  redeemable: boolean;
}

export function itemView(
  i: {
    id: number;
    merchant_id: number;
    merchant_name: string;
    community_id: number;
    name: string;
    description: string;
    price_points: number;
    cash_value_fen: number;
    stock: number | null;
    active: boolean;
  },
  reach: ItemReach = { ownCommunity: false, distanceMeters: null, redeemable: true },
) {
  return {
    id: i.id,
    merchantId: i.merchant_id,
    merchantName: i.merchant_name,
    name: i.name,
    description: i.description,
    pricePoints: i.price_points,
    cashValueFen: i.cash_value_fen,
    stock: i.stock,
    active: i.active,
    communityId: i.community_id,
    ...reach,
  };
}

/** A voucher; only its holder sees the whole code and the QR token (the merchant sees them masked). */
export function voucherView(v: repo.VoucherRow, owner: boolean): View<typeof S.VoucherView> {
  return {
    id: v.id,
    code: owner ? v.code : `${v.code.slice(0, 2)}****${v.code.slice(-2)}`,
    qrToken: owner ? v.qr_token : null,
    itemId: v.item_id,
    itemName: v.item_name,
    merchantId: v.merchant_id,
    merchantName: v.merchant_name,
    merchantAddress: v.merchant_address,
    points: v.points,
    cashValueFen: v.cash_value_fen,
    status: v.status,
    expiresAt: v.expires_at.toISOString(),
    createdAt: v.created_at.toISOString(),
    redeemedAt: v.redeemed_at?.toISOString() ?? null,
  };
}

export function leaderboardEntry(r: { user_id: number | null; points: number }, rank: number, name: string) {
  return { rank, userId: r.user_id!, name, points: Number(r.points) };
}

export function honourView(
  r: Pick<HonourTable, 'community_id' | 'title' | 'period' | 'user_id' | 'points' | 'awarded_at'> & { id: number },
  name: string,
) {
  return {
    id: r.id,
    communityId: r.community_id,
    title: r.title,
    period: r.period,
    userId: r.user_id,
    name,
    points: Number(r.points),
    awardedAt: r.awarded_at.toISOString(),
  };
}

/** A merchant's redemptions per day, with the totals of the period. */
export function settlementView(from: Date, to: Date, days: Awaited<ReturnType<typeof repo.redemptions>>) {
  const items = days.map((d) => ({
    day: d.day,
    count: Number(d.count),
    points: Number(d.points),
    cashFen: Number(d.cash_fen),
  }));
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    days: items,
    totals: items.reduce(
      (t, d) => ({ count: t.count + d.count, points: t.points + d.points, cashFen: t.cashFen + d.cashFen }),
      { count: 0, points: 0, cashFen: 0 },
    ),
  };
}

const totalOf = (byKind: Awaited<ReturnType<typeof repo.postingsByKind>>, kind: string) =>
  Number(byKind.find((k) => k.kind === kind)?.total ?? 0);

/** Points issued in a period: earned, plus corrections when they add. */
export function issuedOf(byKind: Awaited<ReturnType<typeof repo.postingsByKind>>) {
  return totalOf(byKind, 'earn') + Math.max(0, totalOf(byKind, 'correction'));
}

/** An area's points in a period: issued (earned, plus corrections), held, redeemed, released, expired. */
export function statsView(totals: Awaited<ReturnType<typeof repo.communityTotals>>, balance: number) {
  const total = (kind: string) => totalOf(totals.byKind, kind);
  return {
    issued: issuedOf(totals.byKind),
    held: total('hold'),
    redeemed: total('redeem'),
    released: total('release'),
    expired: total('expire'),
    balance,
    vouchers: Object.fromEntries(
      totals.vouchers.map((v) => [v.status, { count: Number(v.count), cashFen: Number(v.cash_fen ?? 0) }]),
    ),
  };
}

/** A correction; `name` gives a user's display name. */
export function correctionView(
  r: CorrectionRow,
  communityName: string | null,
  name: (userId: number) => string,
): z.infer<typeof S.CorrectionView> {
  return {
    id: r.id,
    communityId: r.community_id,
    communityName,
    userId: r.user_id,
    userName: name(r.user_id),
    amount: r.amount,
    reason: r.reason,
    status: r.status,
    requestedBy: r.requested_by,
    requestedByName: name(r.requested_by),
    decidedBy: r.decided_by,
    decidedByName: r.decided_by === null ? null : name(r.decided_by),
    decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
    decisionNote: r.decision_note,
    postingId: r.posting_id,
    createdAt: new Date(r.created_at).toISOString(),
    replayed: false,
  };
}
