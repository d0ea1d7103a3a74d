import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { requireActor, scopeFor } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Jobs } from '../../platform/jobs.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import type { AuditService } from '../audit/service.ts';
import type { MediaService } from '../media/service.ts';
import { manages, seesGoodDeed, type AreaOf } from './access.ts';
import { goodDeedView } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';

/** Good deeds (好人好事): reported with evidence, verified by staff; a verified deed earns its doer points. */
export class GoodDeeds {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly jobs: Jobs,
    private readonly media: MediaService,
    private readonly areaOf: AreaOf,
  ) {}

  async reportGoodDeed(ctx: RequestContext, body: z.infer<typeof S.GoodDeedBody>) {
    const actor = requireActor(ctx.actor);
    const communityId = body.communityId ?? actor.home?.divisionId ?? null;
    if (communityId === null || !(await this.areaOf(actor)).includes(communityId)) throw new AppError('forbidden');
    await this.media.assertOwned(actor.userId, body.photos);
    const id = await this.db.transaction().execute(async (trx) => {
      const deedId = await repo.insertGoodDeed(trx, {
        community_id: communityId,
        reporter_user_id: actor.userId,
        doer_user_id: body.doerUserId ?? null,
        doer_name: body.doerName,
        title: body.title,
        description: body.description,
        photos: body.photos,
        occurred_on: body.occurredOn,
        created_at: this.clock.now(),
      });
      await this.audit.record(trx, ctx, {
        action: 'volunteer.good_deed.report',
        entityType: 'good_deed',
        entityId: deedId,
        place: { divisionId: communityId, gridId: null },
      });
      return deedId;
    });
    return goodDeedView((await repo.goodDeedById(this.db, id))!);
  }

  async listGoodDeeds(ctx: RequestContext, q: z.infer<typeof S.GoodDeedListQuery>) {
    const actor = requireActor(ctx.actor);
    const communities = await this.areaOf(actor);
    // Reports awaiting a decision (or rejected) are looked for in the staff's area; the reporter's own come too.
    const staff = scopeFor(actor, 'volunteer.manage').divisionIds;
    const after = decodeCursor(q.cursor);
    const rows = await repo.listGoodDeeds(
      this.db,
      {
        communityIds: q.status && q.status !== 'verified' ? staff : communities,
        status: q.status,
        reporterId: actor.userId,
      },
      after?.id ?? null,
      q.limit,
    );
    const visible = rows.filter((d) => seesGoodDeed(actor, d));
    return {
      items: visible.slice(0, q.limit).map(goodDeedView),
      nextCursor: rows.length > q.limit ? encodeCursor({ sort: null, id: rows[q.limit - 1]!.id }) : null,
    };
  }

  async decideGoodDeed(ctx: RequestContext, id: number, body: z.infer<typeof S.DecideBody>) {
    const actor = requireActor(ctx.actor);
    const d = await repo.goodDeedById(this.db, id);
    if (!d || !manages(actor, d.community_id)) throw new AppError('not_found');
    await this.db.transaction().execute(async (trx) => {
      const ok = await repo.decideGoodDeed(trx, id, {
        status: body.verify ? 'verified' : 'rejected',
        decided_by: actor.userId,
        decided_at: this.clock.now(),
        decision_note: body.note,
      });
      if (!ok) throw new AppError('conflict', { reason: 'decided' }, [{ key: 'volunteer.wrong_state' }]);
      await this.audit.record(trx, ctx, {
        action: body.verify ? 'volunteer.good_deed.verify' : 'volunteer.good_deed.reject',
        entityType: 'good_deed',
        entityId: id,
        place: { divisionId: d.community_id, gridId: null },
      });
      if (body.verify && d.doer_user_id !== null) {
        await this.jobs.publish(
          trx,
          'good_deed.verified',
          {
            userId: d.doer_user_id,
            communityId: d.community_id,
            memo: `好人好事：${d.title}`,
            referenceId: `good_deed:${id}`,
          },
          actor.userId,
        );
      }
    });
    return goodDeedView((await repo.goodDeedById(this.db, id))!);
  }
}
