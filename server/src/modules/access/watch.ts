import type { z } from 'zod';
import { assertCanWrite, requireActor, requirePermission, type Actor } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { decodeCursor, toPage, toPageById } from '../../platform/pagination.ts';
import { maskName } from '../../platform/personal-data.ts';
import { parsePlate } from './plates.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { AccessDeps } from './service.ts';
import { cardDigest } from './signing.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

const placeOf = (communityId: number) => ({ divisionId: communityId, gridId: null });

/**
 * The watch list (布控): a missing elder, a wanted vehicle's plate, a card; an entry matching an
 * active one raises an access alarm with a matter (gates.ts). Kept by staff with access.manage.
 */
export class AccessWatch {
  constructor(private readonly d: AccessDeps) {}

  private async communitiesInScope(actor: Actor | null, areaId?: number) {
    const scope = requirePermission(actor, 'access.read');
    if (areaId === undefined) return [...scope.divisionIds];
    const under = new Set(await this.d.org.divisionsUnder(areaId));
    return scope.divisionIds.filter((x) => under.has(x));
  }

  private async names(personIds: readonly (number | null)[]) {
    const ids = [...new Set(personIds.filter((p): p is number => p !== null))];
    const labels = await this.d.org.personLabels(ids);
    return (id: number | null) => (id === null ? null : maskName(labels.get(id)?.name ?? ''));
  }

  private async presentWatch(rows: repo.WatchRow[]): Promise<View<typeof S.WatchView>[]> {
    const name = await this.names(rows.map((r) => r.person_id));
    return rows.map((w) => ({
      id: w.id,
      communityId: w.community_id,
      kind: w.person_id !== null ? 'person' : w.plate !== null ? 'plate' : 'card',
      personId: w.person_id,
      person: name(w.person_id),
      plate: w.plate,
      card: w.card_last4 ? `****${w.card_last4}` : null,
      reason: w.reason,
      addedBy: w.added_by_name,
      status: w.status,
      createdAt: w.created_at.toISOString(),
      closedAt: w.closed_at?.toISOString() ?? null,
    }));
  }

  async list(ctx: RequestContext, q: z.infer<typeof S.WatchQuery>) {
    const communityIds = await this.communitiesInScope(ctx.actor, q.areaId);
    const rows = await repo.watchList(this.d.db, {
      communityIds,
      status: q.status,
      afterId: decodeCursor(q.cursor)?.id,
      limit: q.limit,
    });
    return toPageById(rows, q.limit, (page) => this.presentWatch(page));
  }

  async add(ctx: RequestContext, body: z.infer<typeof S.WatchBody>) {
    const actor = requireActor(ctx.actor);
    assertCanWrite(actor, 'access.manage', placeOf(body.communityId));
    const given = [body.personId, body.plate, body.cardNumber].filter((x) => x !== undefined).length;
    if (given !== 1) throw invalid('body.personId', 'access.watch_target');
    let plate: string | null = null;
    if (body.plate !== undefined) {
      const parsed = parsePlate(body.plate);
      if (!parsed) throw invalid('body.plate', 'access.bad_plate');
      plate = parsed.plate;
    }
    if (body.personId !== undefined) {
      const p = await this.d.org.personPlace(body.personId);
      if (!p || p.communityId !== body.communityId) throw invalid('body.personId', 'access.person_elsewhere');
    }
    const card = body.cardNumber ? cardDigest(await this.d.cardKey(), body.cardNumber) : null;
    const row = await this.d.db.transaction().execute(async (trx) => {
      const row = await repo.insertWatch(trx, {
        community_id: body.communityId,
        person_id: body.personId ?? null,
        plate,
        card_hash: card?.hash ?? null,
        card_last4: card?.last4 ?? null,
        reason: body.reason,
        added_by: actor.userId,
        added_by_name: actor.displayName,
        created_at: this.d.clock.now(),
      });
      await this.d.audit.record(trx, ctx, {
        action: 'access.watch.create',
        entityType: 'access_watch',
        entityId: row.id,
        place: placeOf(body.communityId),
        details: { reason: body.reason, plate, personId: body.personId ?? null },
      });
      return row;
    });
    return (await this.presentWatch([row]))[0]!;
  }

  async close(ctx: RequestContext, id: number) {
    const actor = requireActor(ctx.actor);
    const found = await repo.watchById(this.d.db, id);
    assertCanWrite(actor, 'access.manage', found ? placeOf(found.community_id) : undefined);
    if (found!.status === 'closed') throw new AppError('conflict', {}, [{ key: 'access.already_closed' }]);
    await this.d.db.transaction().execute(async (trx) => {
      await repo.closeWatch(trx, id, this.d.clock.now(), actor.userId);
      await this.d.audit.record(trx, ctx, {
        action: 'access.watch.close',
        entityType: 'access_watch',
        entityId: id,
        place: placeOf(found!.community_id),
      });
    });
    return (await this.presentWatch([(await repo.watchById(this.d.db, id))!]))[0]!;
  }

  async alarms(ctx: RequestContext, q: z.infer<typeof S.AlarmQuery>): Promise<View<typeof S.AlarmList>> {
    const communityIds = await this.communitiesInScope(ctx.actor, q.areaId);
    const rows = await repo.alarmsOf(this.d.db, communityIds, decodeCursor(q.cursor)?.id, q.limit);
    const name = await this.names(rows.map((r) => r.person_id));
    const page = toPage(
      rows,
      q.limit,
      (a) => ({
        id: a.id,
        watchId: a.watch_id,
        reason: a.reason,
        entryAt: a.entry_at.toISOString(),
        communityId: a.community_id,
        compoundId: a.compound_id,
        deviceCode: a.device_code,
        method: a.method,
        plate: a.plate,
        person: name(a.person_id),
        matterId: a.matter_id,
        createdAt: a.created_at.toISOString(),
      }),
      (a) => ({ sort: null, id: a.id }),
    );
    return page;
  }
}
