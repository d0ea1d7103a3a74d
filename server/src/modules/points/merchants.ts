import { LRUCache } from 'lru-cache';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Executor } from '../../db/connection.ts';
import { requireActor } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Actor } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import type { AuditService } from '../audit/service.ts';
import type { OrgService } from '../org/service.ts';
import { distanceMeters } from '../../platform/geo.ts';
import type { PointsAccounts } from './accounts.ts';
import { assertManages, mayChangeStanding, mayUseMerchant } from './access.ts';
import { itemView, merchantView, settlementView } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';

/** Merchants (爱心商户), the goods and services they offer for points, and their settlement. */
export class Merchants {
  /** Items as last read, briefly: an exchange checks the terms again inside its transaction. */
  private readonly items = new LRUCache<number, repo.ItemRow>({ max: 10_000, ttl: 5_000 });

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly accounts: PointsAccounts,
    private readonly org: OrgService,
    private readonly timeZone: string,
  ) {}

  /** An item with its merchant, as read a moment ago or now. */
  async item(id: number) {
    const cached = this.items.get(id);
    if (cached) return cached;
    const item = await repo.itemById(this.db, id);
    if (item) this.items.set(id, item);
    return item;
  }

  /** Forgets an item read before (its terms have changed). */
  forgetItem(id: number) {
    this.items.delete(id);
  }

  private async merchantInScope(ctx: RequestContext, merchantId: number, write: boolean) {
    const actor = requireActor(ctx.actor);
    const m = await repo.merchantById(this.db, merchantId);
    if (!m) throw new AppError('not_found');
    if (!mayUseMerchant(actor, m, write)) throw new AppError(write ? 'forbidden' : 'not_found');
    return m;
  }

  async createMerchant(ctx: RequestContext, body: z.infer<typeof S.MerchantBody>) {
    assertManages(ctx.actor, body.communityId);
    const id = await this.db.transaction().execute(async (trx) => {
      const merchantId = await repo.insertMerchant(trx, {
        community_id: body.communityId,
        user_id: body.userId ?? null,
        name: body.name,
        address: body.address,
        phone: body.phone,
        created_at: this.clock.now(),
      });
      await this.accounts.merchantAccountId(merchantId, body.name, trx);
      await this.audit.record(trx, ctx, {
        action: 'points.merchant.create',
        entityType: 'merchant',
        entityId: merchantId,
        place: { divisionId: body.communityId, gridId: null },
        details: { name: body.name },
      });
      return merchantId;
    });
    return merchantView((await repo.merchantById(this.db, id))!);
  }

  async updateMerchant(ctx: RequestContext, id: number, body: z.infer<typeof S.UpdateMerchantBody>) {
    const m = await this.merchantInScope(ctx, id, true);
    if ((body.creditScore !== undefined || body.active !== undefined) && !mayChangeStanding(ctx.actor!, m))
      throw new AppError('forbidden');
    await this.db.transaction().execute(async (trx) => {
      await repo.updateMerchant(trx, id, {
        name: body.name,
        address: body.address,
        phone: body.phone,
        credit_score: body.creditScore,
        active: body.active,
      });
      this.items.clear();
      await this.audit.record(trx, ctx, {
        action: 'points.merchant.update',
        entityType: 'merchant',
        entityId: id,
        place: { divisionId: m.community_id, gridId: null },
        details: { fields: Object.keys(body) },
      });
    });
    return merchantView((await repo.merchantById(this.db, id))!);
  }

  async listMerchants(ctx: RequestContext, q: z.infer<typeof S.MerchantListQuery>) {
    // The list of merchants is public to those who may spend points there: everyone signed in.
    requireActor(ctx.actor);
    const communityIds = q.communityId ? [q.communityId] : null;
    const after = decodeCursor(q.cursor);
    const rows = await repo.listMerchants(this.db, communityIds, q.q, after?.id ?? null, q.limit);
    return {
      items: rows.slice(0, q.limit).map(merchantView),
      nextCursor: rows.length > q.limit ? encodeCursor({ sort: null, id: rows[q.limit - 1]!.id }) : null,
    };
  }

  async myMerchant(ctx: RequestContext) {
    const actor = requireActor(ctx.actor);
    const m = await repo.merchantOfUser(this.db, actor.userId);
    if (!m) throw new AppError('not_found');
    return merchantView(m);
  }

  async createItem(ctx: RequestContext, merchantId: number, body: z.infer<typeof S.ItemBody>) {
    const m = await this.merchantInScope(ctx, merchantId, true);
    const id = await this.db.transaction().execute(async (trx) => {
      const itemId = await repo.insertItem(trx, {
        merchant_id: merchantId,
        name: body.name,
        description: body.description,
        price_points: body.pricePoints,
        cash_value_fen: body.cashValueFen,
        stock: body.stock ?? null,
        created_at: this.clock.now(),
      });
      await this.audit.record(trx, ctx, {
        action: 'points.item.create',
        entityType: 'item',
        entityId: itemId,
        place: { divisionId: m.community_id, gridId: null },
        details: { name: body.name, pricePoints: body.pricePoints },
      });
      return itemId;
    });
    return itemView((await repo.itemById(this.db, id))!);
  }

  async updateItem(ctx: RequestContext, itemId: number, body: z.infer<typeof S.UpdateItemBody>) {
    const item = await repo.itemById(this.db, itemId);
    if (!item) throw new AppError('not_found');
    const m = await this.merchantInScope(ctx, item.merchant_id, true);
    await this.db.transaction().execute(async (trx) => {
      await repo.updateItem(trx, itemId, {
        name: body.name,
        description: body.description,
        price_points: body.pricePoints,
        cash_value_fen: body.cashValueFen,
        stock: body.stock,
        active: body.active,
      });
      this.items.delete(itemId);
      await this.audit.record(trx, ctx, {
        action: 'points.item.update',
        entityType: 'item',
        entityId: itemId,
        place: { divisionId: m.community_id, gridId: null },
        details: { fields: Object.keys(body) },
      });
    });
    return itemView((await repo.itemById(this.db, itemId))!);
  }

  /**
   * The mall as the caller sees it from home: their own community's merchants first, then the
   * nearest; a merchant in another city is shown but cannot be redeemed (a Hangzhou resident
   * has no use for a voucher at a Hefei supermarket).
   */
  async listItems(ctx: RequestContext, q: z.infer<typeof S.ItemListQuery>) {
    const actor = requireActor(ctx.actor);
    const rows = await repo.itemsOf(this.db, {
      merchantId: q.merchantId,
      communityIds: q.communityId ? [q.communityId] : undefined,
      activeOnly: !q.includeInactive,
    });
    const reach = await this.reachFrom(
      actor.home?.divisionId ?? null,
      rows.map((r) => r.community_id),
    );
    const items = rows.map((r) => itemView(r, reach(r.community_id)));
    const order = (i: (typeof items)[number]) => [
      i.redeemable ? 0 : 1,
      i.ownCommunity ? 0 : 1,
      i.distanceMeters ?? Number.POSITIVE_INFINITY,
    ];
    // A stable sort keeps the price order within one place.
    items.sort((a, b) => {
      const [x, y] = [order(a), order(b)];
      return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!;
    });
    return { items };
  }

  /** Whether a resident at home may exchange points at a merchant of the community (same city). */
  async redeemableFrom(actor: Actor, communityId: number) {
    return (await this.reachFrom(actor.home?.divisionId ?? null, [communityId]))(communityId).redeemable;
  }

  /** How a merchant's community lies from the caller's home: same community, how far, same city. */
  private async reachFrom(home: number | null, communityIds: readonly number[]) {
    if (home === null) return () => ({ ownCommunity: false, distanceMeters: null, redeemable: true });
    const places = await this.org.divisionPlaces([home, ...new Set(communityIds)]);
    const from = places.get(home);
    return (communityId: number) => {
      const to = places.get(communityId);
      const measurable = from?.lat != null && from.lng != null && to?.lat != null && to.lng != null;
      return {
        ownCommunity: communityId === home,
        distanceMeters: measurable ? Math.round(distanceMeters(from.lat!, from.lng!, to.lat!, to.lng!)) : null,
        redeemable: !from?.cityId || !to?.cityId || from.cityId === to.cityId,
      };
    };
  }

  /** Merchants' names, communities and account holders, for another module (an invitation to bind the owner). */
  async summaries(ids: readonly number[], db: Executor = this.db) {
    const rows = await repo.merchantsByIds(db, ids);
    return new Map(rows.map((m) => [m.id, { name: m.name, communityId: m.community_id, userId: m.user_id }]));
  }

  /** Makes the account the merchant's own (its owner redeemed a 商户绑定码); false when it has an account already. */
  async linkUser(trx: Executor, ctx: RequestContext, merchantId: number, userId: number) {
    const linked = await repo.linkMerchantUser(trx, merchantId, userId);
    if (linked === null) return false;
    await this.audit.record(trx, ctx, {
      action: 'points.merchant.link_user',
      entityType: 'merchant',
      entityId: merchantId,
      place: { divisionId: linked.community_id, gridId: null },
      details: { userId },
    });
    return true;
  }

  /** Redemptions of a merchant per local day, with totals in points and in fen. */
  async settlement(ctx: RequestContext, merchantId: number, from: Date, to: Date) {
    await this.merchantInScope(ctx, merchantId, false);
    return settlementView(from, to, await repo.redemptions(this.db, merchantId, from, to, this.timeZone));
  }
}
