import { randomBytes, randomInt } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Executor } from '../../db/connection.ts';
import { covers, requireActor, requirePermission, scopeFor, type Actor } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import { systemContext, type RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { DomainEvent } from '../../platform/jobs.ts';
import { decodeCursor, encodeCursor, type Page } from '../../platform/pagination.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import type { OrgService } from '../org/service.ts';
import { Ledger, keepsBalance, postedBalance } from './ledger.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/** Events that earn points, and the unit each is counted in. */
export const EARNING_EVENTS = {
  'volunteer.hours_approved': 'hour',
  'good_deed.verified': 'each',
  'meeting.attended': 'each',
  'vote.cast': 'each',
  'topic.supported': 'each',
  'course.completed': 'each',
} as const;
export type EarningEvent = keyof typeof EARNING_EVENTS;

const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * 3_600_000;
/** Start of the day, and of the month, in China time. */
const chinaDayStart = (at: Date) => new Date(Math.floor((at.getTime() + OFFSET_MS) / DAY_MS) * DAY_MS - OFFSET_MS);
const chinaMonthStart = (at: Date) => {
  const local = new Date(at.getTime() + OFFSET_MS);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - OFFSET_MS);
};
const chinaDate = (at: Date) => new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);

/** Voucher codes: 8 characters that cannot be misread (no 0/O, 1/I/L). */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const newCode = () => Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

/** What an exchange hands its follow-up: the item as read, who asks, when. */
interface IssueData {
  item: NonNullable<Awaited<ReturnType<typeof repo.itemById>>>;
  ctx: RequestContext;
  at: Date;
  expiresAt: Date;
}

export class PointsService {
  readonly ledger: Ledger;
  private systemAccounts: { hold: number; expiry: number } | null = null;
  private readonly accountIds = new LRUCache<string, number>({ max: 100_000 });
  /** Items as last read, briefly: an exchange checks the terms again inside its transaction. */
  private readonly items = new LRUCache<number, NonNullable<Awaited<ReturnType<typeof repo.itemById>>>>({ max: 10_000, ttl: 5_000 });

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly org: OrgService,
    private readonly auth: AuthService,
    private readonly options: { voucherDays: number; expiryYears: number },
  ) {
    this.ledger = new Ledger(db, clock);
    this.registerFollowUps();
  }

  // ---------- accounts ----------

  private async system() {
    this.systemAccounts ??= {
      hold: await repo.ensureAccount(this.db, { kind: 'hold', name: '代金券冻结' }, this.clock.now()),
      expiry: await repo.ensureAccount(this.db, { kind: 'expiry', name: '积分过期' }, this.clock.now()),
    };
    return this.systemAccounts;
  }

  /**
   * An account's id never changes, so it is remembered; but only when found or made
   * outside a transaction, which could still roll the account back.
   */
  private async accountId(key: string, db: Executor, find: () => Promise<number>) {
    const cached = this.accountIds.get(key);
    if (cached !== undefined) return cached;
    const id = await find();
    if (db === this.db) this.accountIds.set(key, id);
    return id;
  }

  personAccountId(userId: number, db: Executor = this.db) {
    return this.accountId(`person:${userId}`, db, async () => {
      const existing = await repo.personAccount(db, userId);
      if (existing) return existing.id;
      const actor = await this.auth.actorOf(userId, db);
      return repo.ensureAccount(db, { kind: 'person', userId, communityId: actor?.home?.divisionId ?? null, name: actor?.displayName ?? `用户${userId}` }, this.clock.now());
    });
  }

  private issuingAccountId(communityId: number, db: Executor = this.db) {
    return this.accountId(`issuing:${communityId}`, db, async () => {
      const names = await this.org.names({ divisionIds: [communityId] }, db);
      return repo.ensureAccount(db, { kind: 'issuing', communityId, name: `${names.divisions.get(communityId) ?? communityId}积分发行` }, this.clock.now());
    });
  }

  private merchantAccountId(merchantId: number, name: string, db: Executor = this.db) {
    return this.accountId(`merchant:${merchantId}`, db, () => repo.ensureAccount(db, { kind: 'merchant', merchantId, name }, this.clock.now()));
  }

  async myAccount(ctx: RequestContext): Promise<View<typeof S.AccountView>> {
    const actor = requireActor(ctx.actor);
    const id = await this.personAccountId(actor.userId);
    const account = (await repo.accountById(this.db, id))!;
    const held = await this.db
      .selectFrom('points.vouchers')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('points'), eb.val(0)).as('total'))
      .where('user_id', '=', actor.userId)
      .where('status', '=', 'held')
      .executeTakeFirstOrThrow();
    return { id, name: account.name, kind: account.kind, balance: Number(account.balance), held: Number(held.total) };
  }

  /** People's accounts of the caller's area (staff), to find whose statement to read or correct. */
  async listAccounts(ctx: RequestContext, q: z.infer<typeof S.PersonAccountQuery>) {
    const scope = requirePermission(ctx.actor, 'points.read');
    if (q.communityId !== undefined && !covers(scope, { divisionId: q.communityId, gridId: null })) throw new AppError('not_found');
    const communityIds = q.communityId !== undefined ? [q.communityId] : scope.divisionIds;
    const after = decodeCursor(q.cursor);
    const rows = await repo.personAccounts(this.db, { communityIds, userId: q.userId, q: q.q }, after?.id ?? null, q.limit);
    return {
      items: rows.slice(0, q.limit).map((a) => ({ id: a.id, userId: a.user_id!, communityId: a.community_id, name: a.name, balance: Number(a.balance) })),
      nextCursor: rows.length > q.limit ? encodeCursor({ sort: null, id: rows[q.limit - 1]!.id }) : null,
    };
  }

  /** An account's postings, newest first, each with the balance it left behind. */
  async statement(ctx: RequestContext, accountId: number | 'me', cursor: string | undefined, limit: number): Promise<Page<View<typeof S.StatementLine>>> {
    const actor = requireActor(ctx.actor);
    const id = accountId === 'me' ? await this.personAccountId(actor.userId) : accountId;
    const account = await repo.accountById(this.db, id);
    if (!account) throw new AppError('not_found');
    if (accountId !== 'me' && account.user_id !== actor.userId) {
      // Staff read accounts of their area: people by home community, issuing accounts by theirs.
      const merchant = account.merchant_id ? await repo.merchantById(this.db, account.merchant_id) : undefined;
      const communityId = account.community_id ?? merchant?.community_id ?? null;
      if (merchant?.user_id !== actor.userId && (communityId === null || !covers(scopeFor(actor, 'points.read'), { divisionId: communityId, gridId: null }))) {
        throw new AppError('not_found');
      }
    }
    const after = decodeCursor(cursor);
    const rows = await repo.postingsOf(this.db, id, after?.id ?? null, limit);
    const page = rows.slice(0, limit);
    // The balance after the newest row of this page: today's balance less all that came later.
    const current = keepsBalance(account.kind) ? Number(account.balance) : await postedBalance(this.db, id);
    let running = current - (after ? await repo.netSince(this.db, id, after.id - 1) : 0);
    const items = page.map((p) => {
      const signed = p.credit_account_id === id ? Number(p.amount) : -Number(p.amount);
      const line = {
        id: p.id,
        at: p.value_at.toISOString(),
        kind: p.kind,
        amount: signed,
        balanceAfter: running,
        counterparty: p.credit_account_id === id ? p.debit_name : p.credit_name,
        memo: p.memo,
        reference: p.reference_type ? { type: p.reference_type, id: p.reference_id ?? '' } : null,
      };
      running -= signed;
      return line;
    });
    return { items, nextCursor: rows.length > limit ? encodeCursor({ sort: null, id: page[page.length - 1]!.id }) : null };
  }

  // ---------- earning ----------

  /**
   * Awards points for an event by the rule of the community in force on the event's
   * date, within its daily and monthly caps. Idempotent by the event id: a replayed
   * event posts nothing. Returns the points posted.
   */
  async award(input: { userId: number; communityId: number; eventType: EarningEvent; units: number; eventId: string; at: Date; memo: string; reference?: { type: string; id: string } }): Promise<number> {
    const rule = await repo.ruleOn(this.db, input.communityId, input.eventType, chinaDate(input.at));
    if (!rule || rule.points_per_unit === 0 || input.units <= 0) return 0;
    const personId = await this.personAccountId(input.userId);
    const issuingId = await this.issuingAccountId(input.communityId);
    return this.db.transaction().execute(async (trx) => {
      // The person's account is locked first, so two awards cannot both fit under a cap.
      await repo.lockAccount(trx, personId);
      let amount = Math.floor(rule.points_per_unit * input.units);
      if (rule.daily_cap !== null) amount = Math.min(amount, rule.daily_cap - (await repo.earnedSince(trx, personId, input.eventType, chinaDayStart(input.at))));
      if (rule.monthly_cap !== null) amount = Math.min(amount, rule.monthly_cap - (await repo.earnedSince(trx, personId, input.eventType, chinaMonthStart(input.at))));
      if (amount <= 0) return 0;
      const result = await this.ledger.transferIn(trx, {
        key: `earn:${input.eventId}:${input.userId}`,
        debitAccountId: issuingId,
        creditAccountId: personId,
        amount,
        kind: 'earn',
        communityId: input.communityId,
        reference: { type: input.eventType, id: input.reference?.id ?? input.eventId },
        memo: input.memo,
        at: input.at,
      });
      return result.ok && !result.replayed ? amount : 0;
    });
  }

  /** Subscriber: an event that earns points. */
  async onEarningEvent(event: DomainEvent<{ userId: number; communityId: number; units?: number; memo?: string; referenceId?: string }>) {
    const eventType = event.type as EarningEvent;
    if (!(eventType in EARNING_EVENTS)) return;
    await this.award({
      userId: event.payload.userId,
      communityId: event.payload.communityId,
      eventType,
      units: event.payload.units ?? 1,
      eventId: event.id,
      at: new Date(event.occurredAt),
      memo: event.payload.memo ?? eventType,
      ...(event.payload.referenceId ? { reference: { type: eventType, id: event.payload.referenceId } } : {}),
    });
  }

  async listRules(ctx: RequestContext) {
    const scope = requirePermission(ctx.actor, 'points.read');
    const rows = await repo.rulesOf(this.db, scope.divisionIds);
    return {
      items: rows.map((r) => ({
        id: r.id,
        communityId: r.community_id,
        eventType: r.event_type,
        pointsPerUnit: r.points_per_unit,
        unit: r.unit,
        dailyCap: r.daily_cap,
        monthlyCap: r.monthly_cap,
        effectiveFrom: r.effective_from,
      })),
    };
  }

  async setRule(ctx: RequestContext, body: z.infer<typeof S.RuleBody>) {
    const scope = requirePermission(ctx.actor, 'points.manage');
    const place = { divisionId: body.communityId, gridId: null };
    if (!covers(scope, place)) throw new AppError('forbidden');
    // A change applies from its start date on; what was earned before stays as it was.
    if (body.effectiveFrom < chinaDate(this.clock.now())) {
      throw new AppError('validation_failed', {}, [{ path: 'body.effectiveFrom', key: 'points.rule_in_past' }]);
    }
    const row = await this.db.transaction().execute(async (trx) => {
      const r = await repo.insertRule(trx, {
        community_id: body.communityId,
        event_type: body.eventType,
        points_per_unit: body.pointsPerUnit,
        unit: EARNING_EVENTS[body.eventType],
        daily_cap: body.dailyCap ?? null,
        monthly_cap: body.monthlyCap ?? null,
        effective_from: body.effectiveFrom,
        created_by: ctx.actor!.userId,
        created_at: this.clock.now(),
      });
      await this.audit.record(trx, ctx, { action: 'points.rule.set', entityType: 'rule', entityId: r.id, place, details: { ...body } });
      return r;
    });
    return { id: row.id, communityId: row.community_id, eventType: row.event_type, pointsPerUnit: row.points_per_unit, unit: row.unit, dailyCap: row.daily_cap, monthlyCap: row.monthly_cap, effectiveFrom: row.effective_from };
  }

  /** A correction by staff: a new posting, never an edit (points given or taken back). */
  async correct(ctx: RequestContext, body: z.infer<typeof S.CorrectionBody>) {
    const scope = requirePermission(ctx.actor, 'points.manage');
    if (!covers(scope, { divisionId: body.communityId, gridId: null })) throw new AppError('forbidden');
    const personId = await this.personAccountId(body.userId);
    const issuingId = await this.issuingAccountId(body.communityId);
    const [debit, credit] = body.amount > 0 ? [issuingId, personId] : [personId, issuingId];
    const result = await this.db.transaction().execute(async (trx) => {
      const r = await this.ledger.transferIn(trx, {
        key: `correction:${body.idempotencyKey}`,
        debitAccountId: debit,
        creditAccountId: credit,
        amount: Math.abs(body.amount),
        kind: 'correction',
        communityId: body.communityId,
        memo: body.reason,
        createdBy: ctx.actor!.userId,
      });
      if (r.ok && !r.replayed) {
        await this.audit.record(trx, ctx, { action: 'points.correct', entityType: 'posting', entityId: r.postingId, place: { divisionId: body.communityId, gridId: null }, details: { userId: body.userId, amount: body.amount, reason: body.reason } });
      }
      return r;
    });
    if (!result.ok) throw new AppError('conflict', { reason: result.reason === 'insufficient' ? 'balance' : 'idempotency key' }, [{ key: result.reason === 'insufficient' ? 'points.insufficient' : 'points.key_reused' }]);
    return { postingId: result.postingId, replayed: result.replayed };
  }

  // ---------- expiry ----------

  /**
   * Points expire at the end of the year after the one they were earned in. Spending
   * takes the oldest points first, so what is left of old points is the balance less
   * everything earned since the cutoff. Run once per cutoff; idempotent per account.
   */
  async expire(now: Date): Promise<{ cutoff: string; expired: number } | null> {
    if (this.options.expiryYears <= 0) return null;
    const year = new Date(now.getTime() + OFFSET_MS).getUTCFullYear();
    const cutoffYear = year - 1 - this.options.expiryYears;
    const cutoff = `${cutoffYear}-12-31`;
    const cutoffEnd = new Date(Date.UTC(cutoffYear + 1, 0, 1) - OFFSET_MS);
    const done = await this.db.selectFrom('points.expiry_runs').select('cutoff').where('cutoff', '=', cutoff).executeTakeFirst();
    if (done) return null;
    const { expiry } = await this.system();
    let expired = 0;
    let after = 0;
    for (;;) {
      const accounts = await repo.personAccountsWithBalance(this.db, after, 500);
      if (accounts.length === 0) break;
      for (const a of accounts) {
        const keep = await repo.earnedAfter(this.db, a.id, cutoffEnd);
        const amount = Number(a.balance) - keep;
        if (amount <= 0) continue;
        const r = await this.ledger.transfer({ key: `expire:${cutoff}:${a.id}`, debitAccountId: a.id, creditAccountId: expiry, amount, kind: 'expire', memo: `${cutoffYear} 年及以前获得的积分到期` });
        if (r.ok && !r.replayed) expired += amount;
      }
      after = accounts[accounts.length - 1]!.id;
    }
    await this.db.insertInto('points.expiry_runs').values({ cutoff, expired, ran_at: this.clock.now() }).onConflict((oc) => oc.doNothing()).execute();
    return { cutoff, expired };
  }

  // ---------- leaderboard and honours ----------

  private periodRange(period: string): { from: Date | null; to: Date | null } {
    if (period === 'all') return { from: null, to: null };
    const year = Number(period.slice(0, 4));
    if (/^\d{4}$/.test(period)) return { from: new Date(Date.UTC(year, 0, 1) - OFFSET_MS), to: new Date(Date.UTC(year + 1, 0, 1) - OFFSET_MS) };
    const month = Number(period.slice(5, 7)) - 1;
    return { from: new Date(Date.UTC(year, month, 1) - OFFSET_MS), to: new Date(Date.UTC(year, month + 1, 1) - OFFSET_MS) };
  }

  /** Who earned most in a community (or the caller's area) in a period; public within the community. */
  async leaderboard(ctx: RequestContext, q: z.infer<typeof S.LeaderboardQuery>): Promise<View<typeof S.Leaderboard>> {
    const actor = requireActor(ctx.actor);
    const communityIds = await this.readableCommunities(actor, q.communityId);
    const { from, to } = this.periodRange(q.period);
    const rows = await repo.leaderboard(this.db, communityIds, from, to, q.limit);
    const names = await Promise.all(rows.map(async (r) => (await this.auth.actorOf(r.user_id!))?.displayName ?? ''));
    return { period: q.period, items: rows.map((r, i) => ({ rank: i + 1, userId: r.user_id!, name: names[i]!, points: Number(r.points) })) };
  }

  /** Communities one may see the public lists of: one's own, or those of one's area for staff. */
  private async readableCommunities(actor: Actor, communityId: number | undefined): Promise<number[]> {
    const staff = scopeFor(actor, 'points.read');
    const home = actor.home?.divisionId ?? null;
    if (communityId !== undefined) {
      if (communityId === home || covers(staff, { divisionId: communityId, gridId: null })) return [communityId];
      // A resident whose home is a street sees its communities too.
      if (home !== null && (await this.org.expandDivisions([home])).get(home)?.includes(communityId)) return [communityId];
      throw new AppError('not_found');
    }
    if (staff.divisionIds.length) return [...staff.divisionIds];
    if (home !== null) return (await this.org.expandDivisions([home])).get(home) ?? [home];
    return [];
  }

  async awardHonours(ctx: RequestContext, body: z.infer<typeof S.HonourBody>) {
    const scope = requirePermission(ctx.actor, 'points.manage');
    const place = { divisionId: body.communityId, gridId: null };
    if (!covers(scope, place)) throw new AppError('forbidden');
    const { from, to } = this.periodRange(body.period);
    const top = await repo.leaderboard(this.db, [body.communityId], from, to, body.top);
    await this.db.transaction().execute(async (trx) => {
      await repo.insertHonours(
        trx,
        top.map((r) => ({ community_id: body.communityId, title: body.title, period: body.period, user_id: r.user_id!, points: Number(r.points), awarded_by: ctx.actor!.userId, awarded_at: this.clock.now() })),
      );
      await this.audit.record(trx, ctx, { action: 'points.honours.award', entityType: 'honour', place, details: { title: body.title, period: body.period, users: top.map((r) => r.user_id) } });
    });
    return this.honours(ctx, body.communityId);
  }

  async honours(ctx: RequestContext, communityId: number | undefined) {
    const actor = requireActor(ctx.actor);
    const rows = await repo.honoursOf(this.db, await this.readableCommunities(actor, communityId));
    const names = await Promise.all(rows.map(async (r) => (await this.auth.actorOf(r.user_id))?.displayName ?? ''));
    return { items: rows.map((r, i) => ({ id: r.id, communityId: r.community_id, title: r.title, period: r.period, userId: r.user_id, name: names[i]!, points: Number(r.points), awardedAt: r.awarded_at.toISOString() })) };
  }

  // ---------- merchants and their goods ----------

  private async merchantInScope(ctx: RequestContext, merchantId: number, write: boolean) {
    const actor = requireActor(ctx.actor);
    const m = await repo.merchantById(this.db, merchantId);
    if (!m) throw new AppError('not_found');
    const own = m.user_id === actor.userId;
    const staff = covers(scopeFor(actor, write ? 'points.manage' : 'points.read'), { divisionId: m.community_id, gridId: null });
    if (!own && !staff) throw new AppError(write ? 'forbidden' : 'not_found');
    return m;
  }

  async createMerchant(ctx: RequestContext, body: z.infer<typeof S.MerchantBody>) {
    const scope = requirePermission(ctx.actor, 'points.manage');
    const place = { divisionId: body.communityId, gridId: null };
    if (!covers(scope, place)) throw new AppError('forbidden');
    const id = await this.db.transaction().execute(async (trx) => {
      const merchantId = await repo.insertMerchant(trx, { community_id: body.communityId, user_id: body.userId ?? null, name: body.name, address: body.address, phone: body.phone, created_at: this.clock.now() });
      await this.merchantAccountId(merchantId, body.name, trx);
      await this.audit.record(trx, ctx, { action: 'points.merchant.create', entityType: 'merchant', entityId: merchantId, place, details: { name: body.name } });
      return merchantId;
    });
    return this.presentMerchant((await repo.merchantById(this.db, id))!);
  }

  async updateMerchant(ctx: RequestContext, id: number, body: z.infer<typeof S.UpdateMerchantBody>) {
    const m = await this.merchantInScope(ctx, id, true);
    const staff = covers(scopeFor(ctx.actor, 'points.manage'), { divisionId: m.community_id, gridId: null });
    // A merchant edits its own details; credit score and standing are for staff.
    if (!staff && (body.creditScore !== undefined || body.active !== undefined)) throw new AppError('forbidden');
    await this.db.transaction().execute(async (trx) => {
      await repo.updateMerchant(trx, id, { name: body.name, address: body.address, phone: body.phone, credit_score: body.creditScore, active: body.active });
      this.items.clear();
      await this.audit.record(trx, ctx, { action: 'points.merchant.update', entityType: 'merchant', entityId: id, place: { divisionId: m.community_id, gridId: null }, details: { fields: Object.keys(body) } });
    });
    return this.presentMerchant((await repo.merchantById(this.db, id))!);
  }

  async listMerchants(ctx: RequestContext, q: z.infer<typeof S.MerchantListQuery>) {
    // The list of merchants is public to those who may spend points there: everyone signed in.
    requireActor(ctx.actor);
    const communityIds = q.communityId ? [q.communityId] : null;
    const after = decodeCursor(q.cursor);
    const rows = await repo.listMerchants(this.db, communityIds, q.q, after?.id ?? null, q.limit);
    return {
      items: rows.slice(0, q.limit).map((m) => this.presentMerchant(m)),
      nextCursor: rows.length > q.limit ? encodeCursor({ sort: null, id: rows[q.limit - 1]!.id }) : null,
    };
  }

  presentMerchant(m: NonNullable<Awaited<ReturnType<typeof repo.merchantById>>>) {
    return { id: m.id, communityId: m.community_id, userId: m.user_id, name: m.name, address: m.address, phone: m.phone, creditScore: m.credit_score, active: m.active };
  }

  async myMerchant(ctx: RequestContext) {
    const actor = requireActor(ctx.actor);
    const m = await repo.merchantOfUser(this.db, actor.userId);
    if (!m) throw new AppError('not_found');
    return this.presentMerchant(m);
  }

  async createItem(ctx: RequestContext, merchantId: number, body: z.infer<typeof S.ItemBody>) {
    const m = await this.merchantInScope(ctx, merchantId, true);
    const id = await this.db.transaction().execute(async (trx) => {
      const itemId = await repo.insertItem(trx, { merchant_id: merchantId, name: body.name, description: body.description, price_points: body.pricePoints, cash_value_fen: body.cashValueFen, stock: body.stock ?? null, created_at: this.clock.now() });
      await this.audit.record(trx, ctx, { action: 'points.item.create', entityType: 'item', entityId: itemId, place: { divisionId: m.community_id, gridId: null }, details: { name: body.name, pricePoints: body.pricePoints } });
      return itemId;
    });
    return this.presentItem((await repo.itemById(this.db, id))!);
  }

  async updateItem(ctx: RequestContext, itemId: number, body: z.infer<typeof S.UpdateItemBody>) {
    const item = await repo.itemById(this.db, itemId);
    if (!item) throw new AppError('not_found');
    const m = await this.merchantInScope(ctx, item.merchant_id, true);
    await this.db.transaction().execute(async (trx) => {
      await repo.updateItem(trx, itemId, { name: body.name, description: body.description, price_points: body.pricePoints, cash_value_fen: body.cashValueFen, stock: body.stock, active: body.active });
      this.items.delete(itemId);
      await this.audit.record(trx, ctx, { action: 'points.item.update', entityType: 'item', entityId: itemId, place: { divisionId: m.community_id, gridId: null }, details: { fields: Object.keys(body) } });
    });
    return this.presentItem((await repo.itemById(this.db, itemId))!);
  }

  async listItems(ctx: RequestContext, q: z.infer<typeof S.ItemListQuery>) {
    requireActor(ctx.actor);
    const rows = await repo.itemsOf(this.db, { merchantId: q.merchantId, communityIds: q.communityId ? [q.communityId] : undefined, activeOnly: !q.includeInactive });
    return { items: rows.map((i) => this.presentItem(i)) };
  }

  presentItem(i: { id: number; merchant_id: number; merchant_name: string; name: string; description: string; price_points: number; cash_value_fen: number; stock: number | null; active: boolean }) {
    return { id: i.id, merchantId: i.merchant_id, merchantName: i.merchant_name, name: i.name, description: i.description, pricePoints: i.price_points, cashValueFen: i.cash_value_fen, stock: i.stock, active: i.active };
  }

  // ---------- vouchers ----------

  private async item(id: number) {
    const cached = this.items.get(id);
    if (cached) return cached;
    const item = await repo.itemById(this.db, id);
    if (item) this.items.set(id, item);
    return item;
  }

  /** Writes that commit with voucher postings, batched by the ledger (see Ledger.onPosted). */
  private registerFollowUps() {
    // Exchanges: stock taken per item, all vouchers in one insert, all audit records in another.
    this.ledger.onPosted('voucher.issue', async (trx, entries: Array<{ postingId: number; data: IssueData }>) => {
      // The item as it is now: a price or offer changed since it was read fails the batch, and alone, this exchange.
      const current = new Map((await repo.itemTerms(trx, [...new Set(entries.map((e) => e.data.item.id))])).map((i) => [i.id, i]));
      for (const { data } of entries) {
        const now = current.get(data.item.id);
        if (!now || !now.active || !now.merchant_active || now.price_points !== data.item.price_points || now.cash_value_fen !== data.item.cash_value_fen) {
          this.items.delete(data.item.id);
          throw new AppError('conflict', { reason: 'item changed' }, [{ key: 'points.item_changed' }]);
        }
      }
      const counted = new Map<number, number>();
      for (const e of entries) if (e.data.item.stock !== null) counted.set(e.data.item.id, (counted.get(e.data.item.id) ?? 0) + 1);
      for (const [itemId, n] of counted) {
        if (!(await repo.takeFromStock(trx, itemId, n))) throw new AppError('conflict', { reason: 'stock' }, [{ key: 'points.out_of_stock' }]);
      }
      const rows = await repo.insertVouchers(
        trx,
        entries.map(({ postingId, data }) => ({
          code: newCode(),
          qr_token: randomBytes(18).toString('base64url'),
          user_id: data.ctx.actor!.userId,
          item_id: data.item.id,
          merchant_id: data.item.merchant_id,
          points: data.item.price_points,
          cash_value_fen: data.item.cash_value_fen,
          hold_posting_id: postingId,
          expires_at: data.expiresAt,
          created_at: data.at,
        })),
      );
      await this.audit.recordEach(
        trx,
        entries.map(({ postingId, data }) => ({
          ctx: data.ctx,
          entry: { action: 'points.voucher.exchange', entityType: 'posting', entityId: postingId, place: { divisionId: data.item.community_id, gridId: null }, details: { itemId: data.item.id, points: data.item.price_points } },
        })),
      );
      const byPosting = new Map(rows.map((r) => [r.hold_posting_id, r]));
      return entries.map(({ postingId, data }) => {
        const { hold_posting_id: _hold, ...v } = byPosting.get(postingId)!;
        return { ...v, item_name: data.item.name, merchant_name: data.item.merchant_name, merchant_address: data.item.merchant_address } satisfies repo.VoucherRow;
      });
    });
    this.ledger.onPosted('voucher.redeem', async (trx, entries: Array<{ postingId: number; data: { voucher: repo.VoucherRow; ctx: RequestContext; communityId: number; at: Date } }>) => {
      for (const { postingId, data } of entries) {
        // Someone was first: the whole batch is retried one by one, and this one is refused.
        if (!(await repo.markRedeemed(trx, data.voucher.id, postingId, data.ctx.actor!.userId, data.at))) {
          throw new AppError('conflict', { reason: 'redeemed' }, [{ key: 'points.already_redeemed' }]);
        }
      }
      await this.audit.recordEach(
        trx,
        entries.map(({ data }) => ({ ctx: data.ctx, entry: { action: 'points.voucher.redeem', entityType: 'voucher', entityId: data.voucher.id, place: { divisionId: data.communityId, gridId: null }, details: { code: data.voucher.code, points: data.voucher.points } } })),
      );
    });
    this.ledger.onPosted('voucher.release', async (trx, entries: Array<{ postingId: number; data: { voucher: repo.VoucherRow; status: 'released' | 'expired'; ctx: RequestContext; communityId: number } }>) => {
      for (const { postingId, data } of entries) {
        if (!(await repo.markReleased(trx, data.voucher.id, data.status, postingId))) throw new AppError('conflict', { reason: 'not held' }, [{ key: 'points.voucher_void' }]);
        await repo.returnToStock(trx, data.voucher.item_id);
      }
      await this.audit.recordEach(
        trx,
        entries.map(({ data }) => ({ ctx: data.ctx, entry: { action: `points.voucher.${data.status === 'expired' ? 'expire' : 'cancel'}`, entityType: 'voucher', entityId: data.voucher.id, place: { divisionId: data.communityId, gridId: null } } })),
      );
    });
  }

  /**
   * Exchanges points for a voucher: the points are held (not yet spent) until the
   * merchant redeems it, or come back when it lapses. The caller's key makes a retry
   * return the same voucher; the balance is checked against the locked account, so
   * concurrent exchanges cannot together spend more than there is.
   */
  async exchange(ctx: RequestContext, body: z.infer<typeof S.ExchangeBody>): Promise<View<typeof S.VoucherView>> {
    const actor = requireActor(ctx.actor);
    const item = await this.item(body.itemId);
    if (!item || !item.active || !item.merchant_active) throw new AppError('validation_failed', {}, [{ path: 'body.itemId', key: 'points.unknown_item' }]);
    const personId = await this.personAccountId(actor.userId);
    const { hold } = await this.system();
    const now = this.clock.now();
    const data: IssueData = { item, ctx, at: now, expiresAt: new Date(now.getTime() + this.options.voucherDays * DAY_MS) };
    const result = await this.ledger.transfer({
      key: `voucher:${actor.userId}:${body.idempotencyKey}`,
      debitAccountId: personId,
      creditAccountId: hold,
      amount: item.price_points,
      kind: 'hold',
      communityId: item.community_id,
      reference: { type: 'item', id: String(item.id) },
      memo: `兑换 ${item.merchant_name} · ${item.name}`,
      createdBy: actor.userId,
      followUp: { tag: 'voucher.issue', data },
    });
    if (!result.ok) {
      throw new AppError('conflict', { reason: result.reason }, [{ key: result.reason === 'insufficient' ? 'points.insufficient' : 'points.key_reused' }]);
    }
    const voucher = (result.output as repo.VoucherRow | undefined) ?? (await repo.voucherByHold(this.db, result.postingId));
    return this.presentVoucher(voucher!, true);
  }

  /** The merchant scans or types a voucher code; it is redeemed exactly once. */
  async redeem(ctx: RequestContext, code: string): Promise<View<typeof S.VoucherView>> {
    const actor = requireActor(ctx.actor);
    const merchant = await repo.merchantOfUser(this.db, actor.userId);
    if (!merchant) throw new AppError('forbidden');
    const v = await repo.voucherByCode(this.db, code.trim().toUpperCase().length === 8 ? code.trim().toUpperCase() : code.trim());
    // Another merchant's voucher is as good as unknown here.
    if (!v || v.merchant_id !== merchant.id) throw new AppError('not_found', {}, [{ key: 'points.unknown_voucher' }]);
    if (v.status !== 'held') throw new AppError('conflict', { reason: v.status }, [{ key: v.status === 'redeemed' ? 'points.already_redeemed' : 'points.voucher_void' }]);
    const now = this.clock.now();
    if (v.expires_at < now) throw new AppError('conflict', { reason: 'expired' }, [{ key: 'points.voucher_void' }]);
    const { hold } = await this.system();
    const merchantAccount = await this.merchantAccountId(merchant.id, merchant.name);
    const result = await this.ledger.transfer({
      key: `redeem:${v.id}`,
      debitAccountId: hold,
      creditAccountId: merchantAccount,
      amount: v.points,
      kind: 'redeem',
      communityId: merchant.community_id,
      reference: { type: 'voucher', id: String(v.id) },
      memo: `核销 ${v.item_name}`,
      createdBy: actor.userId,
      followUp: { tag: 'voucher.redeem', data: { voucher: v, ctx, communityId: merchant.community_id, at: now } },
    });
    // A second scan of the same code finds the first redemption: refused, not repeated.
    if (!result.ok || result.replayed) throw new AppError('conflict', { reason: 'redeemed' }, [{ key: 'points.already_redeemed' }]);
    return this.presentVoucher((await repo.voucherById(this.db, v.id))!, false);
  }

  /** The holder gives a voucher back before using it; the held points return. */
  async cancelVoucher(ctx: RequestContext, id: number) {
    const actor = requireActor(ctx.actor);
    const v = await repo.voucherById(this.db, id);
    if (!v || v.user_id !== actor.userId) throw new AppError('not_found');
    if (v.status !== 'held') throw new AppError('conflict', { reason: v.status }, [{ key: 'points.voucher_void' }]);
    await this.release(v, 'released', ctx);
    return this.presentVoucher((await repo.voucherById(this.db, id))!, true);
  }

  private async release(v: repo.VoucherRow, status: 'released' | 'expired', ctx: RequestContext) {
    const { hold } = await this.system();
    const personId = await this.personAccountId(v.user_id);
    const merchant = (await repo.merchantById(this.db, v.merchant_id))!;
    return this.ledger.transfer({
      key: `release:${v.id}`,
      debitAccountId: hold,
      creditAccountId: personId,
      amount: v.points,
      kind: 'release',
      communityId: merchant.community_id,
      reference: { type: 'voucher', id: String(v.id) },
      memo: status === 'expired' ? `代金券过期退回 ${v.item_name}` : `取消兑换 ${v.item_name}`,
      followUp: { tag: 'voucher.release', data: { voucher: v, status, ctx, communityId: merchant.community_id } },
    });
  }

  /** Scheduled: vouchers past their date give their held points back. */
  async expireVouchers(now: Date): Promise<number> {
    let count = 0;
    const system = systemContext();
    for (const held of await repo.expiredHolds(this.db, now, 1000)) {
      const v = await repo.voucherById(this.db, held.id);
      const r = v ? await this.release(v, 'expired', system).catch(() => null) : null;
      if (r?.ok && !r.replayed) count++;
    }
    return count;
  }

  async myVouchers(ctx: RequestContext, cursor: string | undefined, limit: number) {
    const actor = requireActor(ctx.actor);
    const after = decodeCursor(cursor);
    const rows = await repo.vouchersOfUser(this.db, actor.userId, after?.id ?? null, limit);
    return {
      items: rows.slice(0, limit).map((v) => this.presentVoucher(v, true)),
      nextCursor: rows.length > limit ? encodeCursor({ sort: null, id: rows[limit - 1]!.id }) : null,
    };
  }

  presentVoucher(v: repo.VoucherRow, owner: boolean): View<typeof S.VoucherView> {
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

  /** Redemptions of a merchant per day, with totals in points and in fen. */
  async settlement(ctx: RequestContext, merchantId: number, from: Date, to: Date) {
    await this.merchantInScope(ctx, merchantId, false);
    const days = await repo.redemptions(this.db, merchantId, from, to);
    const items = days.map((d) => ({ day: d.day, count: Number(d.count), points: Number(d.points), cashFen: Number(d.cash_fen) }));
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      days: items,
      totals: items.reduce((t, d) => ({ count: t.count + d.count, points: t.points + d.points, cashFen: t.cashFen + d.cashFen }), { count: 0, points: 0, cashFen: 0 }),
    };
  }

  /** Points issued, spent and expired, and vouchers, for the caller's area in a period. */
  async stats(ctx: RequestContext, q: z.infer<typeof S.PointsStatsQuery>) {
    const scope = requirePermission(ctx.actor, 'points.read');
    const communityIds = q.communityId ? (covers(scope, { divisionId: q.communityId, gridId: null }) ? [q.communityId] : []) : [...scope.divisionIds];
    if (q.communityId && communityIds.length === 0) throw new AppError('not_found');
    const { byKind, vouchers } = await repo.communityTotals(this.db, communityIds, q.from, q.to);
    const total = (kind: string) => Number(byKind.find((k) => k.kind === kind)?.total ?? 0);
    return {
      issued: total('earn') + Math.max(0, total('correction')),
      held: total('hold'),
      redeemed: total('redeem'),
      released: total('release'),
      expired: total('expire'),
      balance: await repo.personBalances(this.db, communityIds),
      vouchers: Object.fromEntries(vouchers.map((v) => [v.status, { count: Number(v.count), cashFen: Number(v.cash_fen ?? 0) }])),
    };
  }
}
