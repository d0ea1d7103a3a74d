import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { requireActor } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import type { AuditService } from '../audit/service.ts';
import type { MediaService } from '../media/service.ts';
import { manages, mayMoveWish, type AreaOf, type WishAction } from './access.ts';
import { wishView } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';

/** Micro-wishes (微心愿): posted by staff for a resident in need, claimed, fulfilled with a photo, thanked. */
export class Wishes {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly media: MediaService,
    private readonly areaOf: AreaOf,
  ) {}

  async postWish(ctx: RequestContext, body: z.infer<typeof S.WishBody>) {
    const actor = requireActor(ctx.actor);
    if (!manages(actor, body.communityId)) throw new AppError('forbidden');
    const id = await this.db.transaction().execute(async (trx) => {
      const wishId = await repo.insertWish(trx, {
        community_id: body.communityId,
        beneficiary_label: body.beneficiaryLabel,
        title: body.title,
        description: body.description,
        posted_by: actor.userId,
        created_at: this.clock.now(),
      });
      await this.audit.record(trx, ctx, {
        action: 'volunteer.wish.post',
        entityType: 'wish',
        entityId: wishId,
        place: { divisionId: body.communityId, gridId: null },
      });
      return wishId;
    });
    return wishView((await repo.wishById(this.db, id))!);
  }

  async listWishes(ctx: RequestContext, q: z.infer<typeof S.WishListQuery>) {
    const actor = requireActor(ctx.actor);
    const after = decodeCursor(q.cursor);
    const rows = await repo.listWishes(this.db, await this.areaOf(actor), q.status, after?.id ?? null, q.limit);
    return {
      items: rows.slice(0, q.limit).map(wishView),
      nextCursor: rows.length > q.limit ? encodeCursor({ sort: null, id: rows[q.limit - 1]!.id }) : null,
    };
  }

  /** Claim (a volunteer, or staff on behalf of a unit), fulfil with a photo, thank, or cancel. */
  async moveWish(ctx: RequestContext, id: number, action: WishAction, body: z.infer<typeof S.WishActionBody>) {
    const actor = requireActor(ctx.actor);
    const w = await repo.wishById(this.db, id);
    if (!w || !(await this.areaOf(actor)).includes(w.community_id)) throw new AppError('not_found');
    if (!mayMoveWish(actor, w, action, Boolean(body.unit))) throw new AppError('forbidden');
    // Staff claim on behalf of a unit; anyone else claims for themselves.
    const unit = body.unit && manages(actor, w.community_id) ? body.unit : null;
    const now = this.clock.now();
    const step = {
      claim: {
        from: ['open'] as const,
        patch: {
          status: 'claimed' as const,
          claimed_by_user_id: unit ? null : actor.userId,
          claimed_by_unit: unit,
          claimed_at: now,
        },
      },
      fulfil: {
        from: ['claimed'] as const,
        patch: { status: 'fulfilled' as const, fulfilled_at: now, fulfilment_photos: body.photos },
      },
      thank: { from: ['fulfilled'] as const, patch: { status: 'thanked' as const, thanks_note: body.note } },
      cancel: { from: ['open', 'claimed'] as const, patch: { status: 'cancelled' as const } },
    }[action];
    // A wish counts as come true when a photo shows it (the seeds' practice).
    if (action === 'fulfil' && body.photos.length === 0)
      throw new AppError('validation_failed', {}, [{ path: 'body.photos', key: 'volunteer.photo_required' }]);
    if (body.photos.length) await this.media.assertOwned(actor.userId, body.photos);
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.moveWish(trx, id, step.from, step.patch)))
        throw new AppError('conflict', { reason: w.status }, [{ key: 'volunteer.wrong_state' }]);
      await this.audit.record(trx, ctx, {
        action: `volunteer.wish.${action}`,
        entityType: 'wish',
        entityId: id,
        place: { divisionId: w.community_id, gridId: null },
        details: body.unit ? { unit: body.unit } : {},
      });
    });
    return wishView((await repo.wishById(this.db, id))!);
  }
}
