import { randomBytes, randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { requireActor } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import { systemContext, type RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import type { AuditService } from '../audit/service.ts';
import type { PointsAccounts } from './accounts.ts';
import type { Ledger } from './ledger.ts';
import type { Merchants } from './merchants.ts';
import { voucherView } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';

const DAY_MS = 86_400_000;

/** Voucher codes: 8 characters that cannot be misread (no 0/O, 1/I/L). */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const newCode = () => Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

/** What an exchange hands its follow-up: the item as read, who asks, when. */
interface IssueData {
  item: repo.ItemRow;
  ctx: RequestContext;
  at: Date;
  expiresAt: Date;
}
type RedeemData = { voucher: repo.VoucherRow; ctx: RequestContext; communityId: number; at: Date };
type ReleaseData = {
  voucher: repo.VoucherRow;
  status: 'released' | 'expired';
  ctx: RequestContext;
  communityId: number;
};

/**
 * Exchanges of points for vouchers, and their end: redeemed by the merchant, given
 * back by the holder, or lapsed. Each step is a posting of the ledger whose other
 * writes (the voucher row, stock, audit) commit with it, batched (see Ledger.onPosted).
 */
export class Vouchers {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly ledger: Ledger,
    private readonly accounts: PointsAccounts,
    private readonly merchants: Merchants,
    private readonly options: { voucherDays: number },
  ) {
    this.registerFollowUps();
  }

  /** Writes that commit with voucher postings, batched by the ledger. */
  private registerFollowUps() {
    // Exchanges: stock taken per item, all vouchers in one insert, all audit records in another.
    this.ledger.onPosted('voucher.issue', async (trx, entries: Array<{ postingId: number; data: IssueData }>) => {
      // The item as it is now: a price or offer changed since it was read fails the batch, and alone, this exchange.
      const current = new Map(
        (await repo.itemTerms(trx, [...new Set(entries.map((e) => e.data.item.id))])).map((i) => [i.id, i]),
      );
      for (const { data } of entries) {
        const now = current.get(data.item.id);
        if (
          !now?.active ||
          !now.merchant_active ||
          now.price_points !== data.item.price_points ||
          now.cash_value_fen !== data.item.cash_value_fen
        ) {
          this.merchants.forgetItem(data.item.id);
          throw new AppError('conflict', { reason: 'item changed' }, [{ key: 'points.item_changed' }]);
        }
      }
      const counted = new Map<number, number>();
      for (const e of entries)
        if (e.data.item.stock !== null) counted.set(e.data.item.id, (counted.get(e.data.item.id) ?? 0) + 1);
      for (const [itemId, n] of counted) {
        if (!(await repo.takeFromStock(trx, itemId, n)))
          throw new AppError('conflict', { reason: 'stock' }, [{ key: 'points.out_of_stock' }]);
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
          entry: {
            action: 'points.voucher.exchange',
            entityType: 'posting',
            entityId: postingId,
            place: { divisionId: data.item.community_id, gridId: null },
            details: { itemId: data.item.id, points: data.item.price_points },
          },
        })),
      );
      const byPosting = new Map(rows.map((r) => [r.hold_posting_id, r]));
      return entries.map(({ postingId, data }) => {
        const { hold_posting_id: _hold, ...v } = byPosting.get(postingId)!;
        return {
          ...v,
          item_name: data.item.name,
          merchant_name: data.item.merchant_name,
          merchant_address: data.item.merchant_address,
        } satisfies repo.VoucherRow;
      });
    });
    this.ledger.onPosted('voucher.redeem', async (trx, entries: Array<{ postingId: number; data: RedeemData }>) => {
      for (const { postingId, data } of entries) {
        // Someone was first: the whole batch is retried one by one, and this one is refused.
        if (!(await repo.markRedeemed(trx, data.voucher.id, postingId, data.ctx.actor!.userId, data.at))) {
          throw new AppError('conflict', { reason: 'redeemed' }, [{ key: 'points.already_redeemed' }]);
        }
      }
      await this.audit.recordEach(
        trx,
        entries.map(({ data }) => ({
          ctx: data.ctx,
          entry: {
            action: 'points.voucher.redeem',
            entityType: 'voucher',
            entityId: data.voucher.id,
            place: { divisionId: data.communityId, gridId: null },
            details: { code: data.voucher.code, points: data.voucher.points },
          },
        })),
      );
    });
    this.ledger.onPosted('voucher.release', async (trx, entries: Array<{ postingId: number; data: ReleaseData }>) => {
      for (const { postingId, data } of entries) {
        if (!(await repo.markReleased(trx, data.voucher.id, data.status, postingId)))
          throw new AppError('conflict', { reason: 'not held' }, [{ key: 'points.voucher_void' }]);
        await repo.returnToStock(trx, data.voucher.item_id);
      }
      await this.audit.recordEach(
        trx,
        entries.map(({ data }) => ({
          ctx: data.ctx,
          entry: {
            action: `points.voucher.${data.status === 'expired' ? 'expire' : 'cancel'}`,
            entityType: 'voucher',
            entityId: data.voucher.id,
            place: { divisionId: data.communityId, gridId: null },
          },
        })),
      );
    });
  }

  /**
   * Exchanges points for a voucher: the points are held (not yet spent) until the
   * merchant redeems it, or come back when it lapses. The caller's key makes a retry
   * return the same voucher; the balance is checked against the locked account, so
   * concurrent exchanges cannot together spend more than there is.
   */
  async exchange(ctx: RequestContext, body: z.infer<typeof S.ExchangeBody>): Promise<z.infer<typeof S.VoucherView>> {
    const actor = requireActor(ctx.actor);
    const item = await this.merchants.item(body.itemId);
    if (!item?.active || !item.merchant_active)
      throw new AppError('validation_failed', {}, [{ path: 'body.itemId', key: 'points.unknown_item' }]);
    if (!(await this.merchants.redeemableFrom(actor, item.community_id)))
      throw new AppError('validation_failed', {}, [{ path: 'body.itemId', key: 'points.merchant_elsewhere' }]);
    const personId = await this.accounts.personAccountId(actor.userId);
    const { hold } = await this.accounts.system();
    const now = this.clock.now();
    // A voucher is good for so many days of 24 hours from the exchange.
    const data: IssueData = {
      item,
      ctx,
      at: now,
      expiresAt: new Date(now.getTime() + this.options.voucherDays * DAY_MS),
    };
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
      throw new AppError('conflict', { reason: result.reason }, [
        { key: result.reason === 'insufficient' ? 'points.insufficient' : 'points.key_reused' },
      ]);
    }
    const voucher =
      (result.output as repo.VoucherRow | undefined) ?? (await repo.voucherByHold(this.db, result.postingId));
    return voucherView(voucher!, true);
  }

  /** The merchant scans or types a voucher code; it is redeemed exactly once. */
  async redeem(ctx: RequestContext, code: string): Promise<z.infer<typeof S.VoucherView>> {
    const actor = requireActor(ctx.actor);
    const merchant = await repo.merchantOfUser(this.db, actor.userId);
    if (!merchant) throw new AppError('forbidden');
    const typed = code.trim();
    const v = await repo.voucherByCode(this.db, typed.toUpperCase().length === 8 ? typed.toUpperCase() : typed);
    // Another merchant's voucher is as good as unknown here.
    if (!v || v.merchant_id !== merchant.id) throw new AppError('not_found', {}, [{ key: 'points.unknown_voucher' }]);
    if (v.status !== 'held')
      throw new AppError('conflict', { reason: v.status }, [
        { key: v.status === 'redeemed' ? 'points.already_redeemed' : 'points.voucher_void' },
      ]);
    const now = this.clock.now();
    if (v.expires_at < now) throw new AppError('conflict', { reason: 'expired' }, [{ key: 'points.voucher_void' }]);
    const { hold } = await this.accounts.system();
    const merchantAccount = await this.accounts.merchantAccountId(merchant.id, merchant.name);
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
      followUp: {
        tag: 'voucher.redeem',
        data: { voucher: v, ctx, communityId: merchant.community_id, at: now } satisfies RedeemData,
      },
    });
    // A second scan of the same code finds the first redemption: refused, not repeated.
    if (!result.ok || result.replayed)
      throw new AppError('conflict', { reason: 'redeemed' }, [{ key: 'points.already_redeemed' }]);
    return voucherView((await repo.voucherById(this.db, v.id))!, false);
  }

  /** The holder gives a voucher back before using it; the held points return. */
  async cancelVoucher(ctx: RequestContext, id: number) {
    const actor = requireActor(ctx.actor);
    const v = await repo.voucherById(this.db, id);
    if (!v || v.user_id !== actor.userId) throw new AppError('not_found');
    if (v.status !== 'held') throw new AppError('conflict', { reason: v.status }, [{ key: 'points.voucher_void' }]);
    await this.release(v, 'released', ctx);
    return voucherView((await repo.voucherById(this.db, id))!, true);
  }

  private async release(v: repo.VoucherRow, status: 'released' | 'expired', ctx: RequestContext) {
    const { hold } = await this.accounts.system();
    const personId = await this.accounts.personAccountId(v.user_id);
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
      followUp: {
        tag: 'voucher.release',
        data: { voucher: v, status, ctx, communityId: merchant.community_id } satisfies ReleaseData,
      },
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
      items: rows.slice(0, limit).map((v) => voucherView(v, true)),
      nextCursor: rows.length > limit ? encodeCursor({ sort: null, id: rows[limit - 1]!.id }) : null,
    };
  }
}
