import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Executor } from '../../db/connection.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { Page } from '../../platform/pagination.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import type { OrgService } from '../org/service.ts';
import { PointsAccounts } from './accounts.ts';
import { Corrections } from './corrections.ts';
import { Earning } from './earning.ts';
import { Leaderboard } from './leaderboard.ts';
import { Ledger } from './ledger.ts';
import { Merchants } from './merchants.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import { pointsIssued, pointsStats } from './stats.ts';
import type { EarningEvent } from './tables.ts';
import { Vouchers } from './vouchers.ts';

export { EARNING_EVENTS, type EarningEvent } from './tables.ts';

export interface PointsOptions {
  /** Days a voucher is good for. */
  voucherDays: number;
  /** Years after the one they were earned in that points last (0: never expire). */
  expiryYears: number;
  /** The TIME_ZONE setting: days, months and years of caps, rules, expiry, leaderboards and settlements are local. */
  timeZone: string;
  correctionMax: number;
  correctionApprovalAbove: number;
}

/**
 * The points module (积分): accounts and statements (accounts.ts), earning, corrections
 * and expiry (earning.ts), merchants and their goods (merchants.ts), vouchers
 * (vouchers.ts), leaderboards and honours (leaderboard.ts), stats (stats.ts), all on
 * the double-entry ledger (ledger.ts). This class is what the rest of the server sees.
 */
export class PointsService {
  readonly ledger: Ledger;
  private readonly accounts: PointsAccounts;
  private readonly earning: Earning;
  private readonly corrections: Corrections;
  private readonly merchants: Merchants;
  private readonly vouchers: Vouchers;
  private readonly standings: Leaderboard;

  constructor(
    private readonly db: Kysely<DB>,
    clock: Clock,
    audit: AuditService,
    private readonly org: OrgService,
    auth: AuthService,
    options: PointsOptions,
  ) {
    this.ledger = new Ledger(db, clock);
    this.accounts = new PointsAccounts(db, clock, org, auth);
    this.earning = new Earning(db, clock, audit, this.ledger, this.accounts, options);
    this.corrections = new Corrections(db, clock, audit, this.ledger, this.accounts, auth, org, {
      maxAmount: options.correctionMax,
      approvalAbove: options.correctionApprovalAbove,
    });
    this.merchants = new Merchants(db, clock, audit, this.accounts, org, options.timeZone);
    this.vouchers = new Vouchers(db, clock, audit, this.ledger, this.accounts, this.merchants, options);
    this.standings = new Leaderboard(db, clock, audit, org, auth, options.timeZone);
  }

  // ---------- accounts and statements ----------

  personAccountId(userId: number, db: Executor = this.db) {
    return this.accounts.personAccountId(userId, db);
  }

  myAccount(ctx: RequestContext): Promise<z.infer<typeof S.AccountView>> {
    return this.accounts.myAccount(ctx);
  }

  listAccounts(ctx: RequestContext, q: z.infer<typeof S.PersonAccountQuery>) {
    return this.accounts.listAccounts(ctx, q);
  }

  statement(
    ctx: RequestContext,
    accountId: number | 'me',
    cursor: string | undefined,
    limit: number,
  ): Promise<Page<z.infer<typeof S.StatementLine>>> {
    return this.accounts.statement(ctx, accountId, cursor, limit);
  }

  // ---------- earning, rules, corrections, expiry ----------

  award(input: {
    userId: number;
    communityId: number;
    eventType: EarningEvent;
    units: number;
    eventId: string;
    at: Date;
    memo: string;
    reference?: { type: string; id: string };
  }): Promise<number> {
    return this.earning.award(input);
  }

  onEarningEvent(event: Parameters<Earning['onEarningEvent']>[0]) {
    return this.earning.onEarningEvent(event);
  }

  listRules(ctx: RequestContext) {
    return this.earning.listRules(ctx);
  }

  setRule(ctx: RequestContext, body: z.infer<typeof S.RuleBody>) {
    return this.earning.setRule(ctx, body);
  }

  /** A correction: posted at once, or (a large one) waiting for a second member of staff. */
  correct(ctx: RequestContext, body: z.infer<typeof S.CorrectionBody>) {
    return this.corrections.request(ctx, body);
  }

  listCorrections(ctx: RequestContext, q: z.infer<typeof S.CorrectionListQuery>) {
    return this.corrections.list(ctx, q);
  }

  decideCorrection(ctx: RequestContext, id: number, approve: boolean, note: string) {
    return this.corrections.decide(ctx, id, approve, note);
  }

  expire(now: Date): Promise<{ cutoff: string; expired: number } | null> {
    return this.earning.expire(now);
  }

  // ---------- leaderboard and honours ----------

  leaderboard(ctx: RequestContext, q: z.infer<typeof S.LeaderboardQuery>): Promise<z.infer<typeof S.Leaderboard>> {
    return this.standings.leaderboard(ctx, q);
  }

  awardHonours(ctx: RequestContext, body: z.infer<typeof S.HonourBody>) {
    return this.standings.awardHonours(ctx, body);
  }

  honours(ctx: RequestContext, communityId: number | undefined) {
    return this.standings.honours(ctx, communityId);
  }

  // ---------- merchants and their goods ----------

  createMerchant(ctx: RequestContext, body: z.infer<typeof S.MerchantBody>) {
    return this.merchants.createMerchant(ctx, body);
  }

  updateMerchant(ctx: RequestContext, id: number, body: z.infer<typeof S.UpdateMerchantBody>) {
    return this.merchants.updateMerchant(ctx, id, body);
  }

  listMerchants(ctx: RequestContext, q: z.infer<typeof S.MerchantListQuery>) {
    return this.merchants.listMerchants(ctx, q);
  }

  myMerchant(ctx: RequestContext) {
    return this.merchants.myMerchant(ctx);
  }

  /** Merchants' names, communities and account holders (for invitations in the auth module). */
  merchantSummaries(ids: readonly number[], db: Executor = this.db) {
    return this.merchants.summaries(ids, db);
  }

  /** Merchants of some communities (all when null): id, name, community, owner, active (for the credit module). */
  async merchantsIn(communityIds: readonly number[] | null, db: Executor = this.db) {
    return (await repo.merchantsIn(db, communityIds)).map((m) => ({
      id: m.id,
      name: m.name,
      communityId: m.community_id,
      userId: m.user_id,
      active: m.active,
    }));
  }

  /** The merchant whose owner a user is, or null (for the credit module). */
  async merchantIdOfUser(userId: number, db: Executor = this.db) {
    return (await repo.merchantOfUser(db, userId))?.id ?? null;
  }

  /** Per merchant: vouchers redeemed and vouchers left to lapse in [from, to) (credit evidence). */
  voucherTally(from: Date, to: Date, db: Executor = this.db) {
    return repo.voucherTally(db, from, to);
  }

  /** Links a merchant to its owner's account, in the caller's transaction; false when it has one already. */
  linkMerchantUser(trx: Executor, ctx: RequestContext, merchantId: number, userId: number) {
    return this.merchants.linkUser(trx, ctx, merchantId, userId);
  }

  createItem(ctx: RequestContext, merchantId: number, body: z.infer<typeof S.ItemBody>) {
    return this.merchants.createItem(ctx, merchantId, body);
  }

  updateItem(ctx: RequestContext, itemId: number, body: z.infer<typeof S.UpdateItemBody>) {
    return this.merchants.updateItem(ctx, itemId, body);
  }

  listItems(ctx: RequestContext, q: z.infer<typeof S.ItemListQuery>) {
    return this.merchants.listItems(ctx, q);
  }

  settlement(ctx: RequestContext, merchantId: number, from: Date, to: Date) {
    return this.merchants.settlement(ctx, merchantId, from, to);
  }

  // ---------- vouchers ----------

  exchange(ctx: RequestContext, body: z.infer<typeof S.ExchangeBody>): Promise<z.infer<typeof S.VoucherView>> {
    return this.vouchers.exchange(ctx, body);
  }

  redeem(ctx: RequestContext, code: string): Promise<z.infer<typeof S.VoucherView>> {
    return this.vouchers.redeem(ctx, code);
  }

  cancelVoucher(ctx: RequestContext, id: number) {
    return this.vouchers.cancelVoucher(ctx, id);
  }

  expireVouchers(now: Date): Promise<number> {
    return this.vouchers.expireVouchers(now);
  }

  myVouchers(ctx: RequestContext, cursor: string | undefined, limit: number) {
    return this.vouchers.myVouchers(ctx, cursor, limit);
  }

  // ---------- stats ----------

  async stats(ctx: RequestContext, q: z.infer<typeof S.PointsStatsQuery>) {
    return pointsStats(this.db, ctx, q, await this.areaOf(q.areaId));
  }

  /** The points issued in the caller's area (or one community of it) in a period. */
  async issued(ctx: RequestContext, q: z.infer<typeof S.PointsStatsQuery>) {
    return pointsIssued(this.db, ctx, q, await this.areaOf(q.areaId));
  }

  /** The divisions of an area filter (areaId), or none to narrow to. */
  private async areaOf(areaId: number | undefined) {
    return areaId === undefined ? undefined : this.org.divisionsUnder(areaId);
  }
}
