import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { assertCanWrite, requireActor, requirePermission, type Actor } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { distanceMeters } from '../../platform/geo.ts';
import { addDays, addMonths, localParts } from '../../platform/local-time.ts';
import { decodeCursor, encodeCursor, type PageQuery, toPage, toPageById } from '../../platform/pagination.ts';
import { maskName } from '../../platform/personal-data.ts';
import type { AuditService } from '../audit/service.ts';
import type { OrgService } from '../org/service.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { OfferAudience } from './tables.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

export interface WelfareDeps {
  db: Kysely<DB>;
  clock: Clock;
  timeZone: string;
  audit: AuditService;
  org: OrgService;
}

const placeOf = (o: { community_id: number }) => ({ divisionId: o.community_id, gridId: null });
/** The pass number shown at the counter: the use's id, with a letter so it is not read as a price. */
const passNo = (useId: number) => `F${String(useId).padStart(6, '0')}`;

/**
 * Courier welfare (骑手福利): offers at partner canteens and shops, kept by community staff
 * (welfare.manage), and used by couriers — or by everyone, as the offer says — by showing a pass at
 * the counter. A person's uses are limited per local day; the figures count uses and people.
 */
export class WelfareService {
  constructor(private readonly d: WelfareDeps) {}

  private today() {
    return localParts(this.d.clock.now(), this.d.timeZone).date;
  }

  private audiences(actor: Actor): OfferAudience[] {
    return actor.grants.some((g) => g.role === 'courier') ? ['courier', 'everyone'] : ['everyone'];
  }

  private async present(
    rows: repo.OfferRow[],
    extra: (o: repo.OfferRow) => { distanceMeters: number | null; usedToday: number },
  ) {
    const names = await this.d.org.names({ divisionIds: rows.map((o) => o.community_id) });
    return rows.map((o) => ({
      id: o.id,
      community: { id: o.community_id, name: names.divisions.get(o.community_id) ?? '' },
      partnerName: o.partner_name,
      kind: o.kind,
      title: o.title,
      details: o.details,
      pricePercent: o.price_percent,
      address: o.address,
      lat: o.lat,
      lng: o.lng,
      hoursNote: o.hours_note,
      audience: o.audience,
      startsOn: o.starts_on,
      endsOn: o.ends_on,
      dailyLimit: o.daily_limit,
      active: o.active,
      ...extra(o),
    }));
  }

  // ---------- holders ----------

  /** The offers I may use today, nearest first when I say where I am. */
  async offers(ctx: RequestContext, q: z.infer<typeof S.OfferListQuery>): Promise<View<typeof S.OfferList>> {
    const actor = requireActor(ctx.actor);
    const day = this.today();
    const rows = await repo.currentOffers(this.d.db, { day, audiences: this.audiences(actor), kind: q.kind, q: q.q });
    const at = q.lat !== undefined && q.lng !== undefined ? { lat: q.lat, lng: q.lng } : null;
    const ranked = rows
      .map((o) => ({ o, d: at ? distanceMeters(at.lat, at.lng, o.lat, o.lng) : null }))
      .sort((a, b) => (a.d ?? 0) - (b.d ?? 0) || b.o.id - a.o.id);
    // The cursor is the position in this order: offers are few, and the order is by distance.
    const start = Number(decodeCursor(q.cursor)?.sort ?? 0);
    const page = ranked.slice(start, start + q.limit);
    const used = await repo.usesOnDay(
      this.d.db,
      actor.userId,
      page.map((r) => r.o.id),
      day,
    );
    const distance = new Map(page.map((r) => [r.o.id, r.d]));
    const items = await this.present(
      page.map((r) => r.o),
      (o) => ({
        distanceMeters: distance.get(o.id) == null ? null : Math.round(distance.get(o.id)!),
        usedToday: used.get(o.id) ?? 0,
      }),
    );
    const last = page[page.length - 1];
    const more = start + q.limit < ranked.length && last;
    return { items, nextCursor: more ? encodeCursor({ sort: start + q.limit, id: last.o.id }) : null };
  }

  /**
   * Uses an offer: a pass to show at the counter. Refused when the offer is not current, not for
   * me (as if it did not exist), or when I have used it as often as it allows today.
   */
  async use(ctx: RequestContext, id: number): Promise<View<typeof S.PassView>> {
    const actor = requireActor(ctx.actor);
    const now = this.d.clock.now();
    const day = this.today();
    const { offer, useId, usedToday } = await this.d.db.transaction().execute(async (trx) => {
      // The offer's row is locked so two taps at once cannot both pass the daily limit.
      const offer = await repo.offerById(trx, id, true);
      if (!offer || !this.audiences(actor).includes(offer.audience)) throw new AppError('not_found');
      if (!offer.active || offer.starts_on > day || (offer.ends_on !== null && offer.ends_on < day))
        throw new AppError('conflict', {}, [{ key: 'welfare.not_current' }]);
      const used = (await repo.usesOnDay(trx, actor.userId, [id], day)).get(id) ?? 0;
      if (used >= offer.daily_limit)
        throw new AppError('conflict', {}, [{ key: 'welfare.limit_reached', params: { limit: offer.daily_limit } }]);
      const useId = await repo.insertUse(trx, { offer_id: id, user_id: actor.userId, day, used_at: now });
      return { offer, useId, usedToday: used + 1 };
    });
    const [view] = await this.present([offer], () => ({ distanceMeters: null, usedToday }));
    return {
      useId,
      passNo: passNo(useId),
      offer: view!,
      holder: maskName(actor.displayName),
      usedAt: now.toISOString(),
      day,
    };
  }

  async myUses(ctx: RequestContext, q: PageQuery): Promise<View<typeof S.MyUseList>> {
    const actor = requireActor(ctx.actor);
    const rows = await repo.usesOfUser(this.d.db, actor.userId, decodeCursor(q.cursor)?.id, q.limit);
    return toPage(
      rows,
      q.limit,
      (u) => ({
        id: u.id,
        passNo: passNo(u.id),
        offerId: u.offer_id,
        partnerName: u.partner_name,
        title: u.title,
        pricePercent: u.price_percent,
        usedAt: u.used_at.toISOString(),
      }),
      (u) => ({ sort: null, id: u.id }),
    );
  }

  // ---------- staff ----------

  private async communitiesInScope(actor: Actor | null, areaId: number | undefined) {
    const scope = requirePermission(actor, 'welfare.manage');
    if (areaId === undefined) return [...scope.divisionIds];
    const under = new Set(await this.d.org.divisionsUnder(areaId));
    return scope.divisionIds.filter((x) => under.has(x));
  }

  private async requireCommunity(id: number) {
    const community = (await this.d.org.divisionsAtLevels(['community'])).find((d) => d.id === id);
    if (!community) throw invalid('body.communityId', 'welfare.not_community');
  }

  private statusOf(o: repo.OfferRow, day: string): repo.OfferStatus {
    if (!o.active) return 'inactive';
    if (o.starts_on > day) return 'upcoming';
    if (o.ends_on !== null && o.ends_on < day) return 'ended';
    return 'current';
  }

  private async presentManaged(rows: repo.OfferRow[]) {
    const day = this.today();
    const month = day.slice(0, 7);
    const uses = new Map(
      (
        await repo.usesByOffer(
          this.d.db,
          rows.map((o) => o.id),
          `${month}-01`,
          day,
        )
      ).map((u) => [u.offerId, u.uses]),
    );
    const views = await this.present(rows, () => ({ distanceMeters: null, usedToday: 0 }));
    return views.map(({ distanceMeters: _d, usedToday: _u, ...v }, i) => ({
      ...v,
      status: this.statusOf(rows[i]!, day),
      usesThisMonth: uses.get(v.id) ?? 0,
      createdAt: rows[i]!.created_at.toISOString(),
    }));
  }

  async manage(ctx: RequestContext, q: z.infer<typeof S.ManagedOfferQuery>): Promise<View<typeof S.ManagedOfferList>> {
    const communityIds = await this.communitiesInScope(ctx.actor, q.areaId);
    const rows = await repo.managedOffers(this.d.db, {
      communityIds,
      day: this.today(),
      status: q.status,
      kind: q.kind,
      q: q.q,
      afterId: decodeCursor(q.cursor)?.id,
      limit: q.limit,
    });
    return toPageById(rows, q.limit, (page) => this.presentManaged(page));
  }

  async create(ctx: RequestContext, body: z.infer<typeof S.OfferBody>) {
    const actor = requireActor(ctx.actor);
    assertCanWrite(actor, 'welfare.manage', placeOf({ community_id: body.communityId }));
    await this.requireCommunity(body.communityId);
    const now = this.d.clock.now();
    const offer = await this.d.db.transaction().execute(async (trx) => {
      const row = await repo.insertOffer(trx, {
        community_id: body.communityId,
        partner_name: body.partnerName,
        kind: body.kind,
        title: body.title,
        details: body.details,
        price_percent: body.pricePercent,
        address: body.address,
        lat: body.lat,
        lng: body.lng,
        hours_note: body.hoursNote,
        audience: body.audience,
        starts_on: body.startsOn,
        ends_on: body.endsOn,
        daily_limit: body.dailyLimit,
        active: body.active,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      });
      await this.d.audit.record(trx, ctx, {
        action: 'welfare.offer.create',
        entityType: 'welfare_offer',
        entityId: row.id,
        place: placeOf(row),
        details: { partner: body.partnerName, title: body.title },
      });
      return row;
    });
    return (await this.presentManaged([offer]))[0]!;
  }

  async update(ctx: RequestContext, id: number, body: z.infer<typeof S.OfferPatch>) {
    const actor = requireActor(ctx.actor);
    const found = await repo.offerById(this.d.db, id);
    assertCanWrite(actor, 'welfare.manage', found ? placeOf(found) : undefined);
    const startsOn = body.startsOn ?? found!.starts_on;
    const endsOn = body.endsOn === undefined ? found!.ends_on : body.endsOn;
    if (endsOn !== null && endsOn < startsOn) throw invalid('body.endsOn', 'welfare.ends_before_start');
    const now = this.d.clock.now();
    await this.d.db.transaction().execute(async (trx) => {
      await repo.updateOffer(trx, id, {
        partner_name: body.partnerName,
        kind: body.kind,
        title: body.title,
        details: body.details,
        price_percent: body.pricePercent,
        address: body.address,
        lat: body.lat,
        lng: body.lng,
        hours_note: body.hoursNote,
        audience: body.audience,
        starts_on: body.startsOn,
        ends_on: body.endsOn,
        daily_limit: body.dailyLimit,
        active: body.active,
        updated_at: now,
      });
      await this.d.audit.record(trx, ctx, {
        action: 'welfare.offer.update',
        entityType: 'welfare_offer',
        entityId: id,
        place: placeOf(found!),
        details: { fields: Object.keys(body) },
      });
    });
    return (await this.presentManaged([(await repo.offerById(this.d.db, id))!]))[0]!;
  }

  /** Uses and people in a local month, per offer and per day, over the offers of my area. */
  async figures(ctx: RequestContext, q: z.infer<typeof S.FiguresQuery>): Promise<View<typeof S.Figures>> {
    const communityIds = await this.communitiesInScope(ctx.actor, q.areaId);
    const month = q.month ?? this.today().slice(0, 7);
    const from = `${month}-01`;
    const to = addDays(addMonths(from, 1), -1);
    const offers = await repo.offersCurrentBetween(this.d.db, communityIds, from, to);
    const ids = offers.map((o) => o.id);
    const [perOffer, perDay] = await Promise.all([
      repo.usesByOffer(this.d.db, ids, from, to),
      repo.usesByDay(this.d.db, ids, from, to),
    ]);
    const counts = new Map(perOffer.map((u) => [u.offerId, u]));
    const byOffer = offers
      .map((o) => ({
        id: o.id,
        partnerName: o.partner_name,
        title: o.title,
        uses: counts.get(o.id)?.uses ?? 0,
        people: counts.get(o.id)?.people ?? 0,
      }))
      .sort((a, b) => b.uses - a.uses || a.id - b.id);
    return {
      month,
      offers: offers.length,
      uses: byOffer.reduce((n, o) => n + o.uses, 0),
      people: perDay.people,
      byOffer,
      byDay: perDay.byDay,
    };
  }
}
