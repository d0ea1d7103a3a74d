import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import { requireActor } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor } from '../../platform/pagination.ts';
import { placeOf } from './access.ts';
import type { Communities, DeliberationDeps } from './communities.ts';
import { presentDecision, presentDecisionSummary, presentPage } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';

/** Decisions of meetings and votes, followed through in public with progress reports. */
export class Decisions {
  constructor(
    private readonly d: DeliberationDeps,
    private readonly communities: Communities,
  ) {}

  async list(ctx: RequestContext, q: z.infer<typeof S.DecisionListQuery>) {
    const actor = requireActor(ctx.actor);
    const mine = await this.communities.of(actor);
    const communityIds = q.communityId ? mine.filter((c) => c === q.communityId) : mine;
    const rows = await repo.listDecisions(
      this.d.db,
      { communityIds, status: q.status },
      decodeCursor(q.cursor)?.id ?? null,
      q.limit,
    );
    return presentPage(rows, q.limit, presentDecisionSummary);
  }

  async get(ctx: RequestContext, id: number): Promise<z.infer<typeof S.DecisionView>> {
    const actor = requireActor(ctx.actor);
    const d = await repo.decisionById(this.d.db, id);
    if (!d || !(await this.communities.of(actor)).includes(d.community_id)) throw new AppError('not_found');
    const updates = await repo.updatesOf(this.d.db, id);
    return presentDecision(d, updates, await this.communities.names(updates.map((u) => u.author_user_id)));
  }

  async record(trx: Executor, input: { communityId: number; title: string; text: string; createdBy: number }) {
    const now = this.d.clock.now();
    const [row] = await repo.insertDecisions(trx, [
      {
        community_id: input.communityId,
        topic_id: null,
        meeting_id: null,
        vote_id: null,
        title: input.title,
        text: input.text,
        created_by: input.createdBy,
        created_at: now,
        updated_at: now,
      },
    ]);
    return row!.id;
  }

  async update(ctx: RequestContext, id: number, body: z.infer<typeof S.DecisionUpdateBody>) {
    const actor = requireActor(ctx.actor);
    const d = await repo.decisionById(this.d.db, id);
    if (!d) throw new AppError('not_found');
    await this.communities.requireManager(actor, d.community_id);
    await this.d.media.assertOwned(actor.userId, body.photos);
    const progress = body.status === 'done' ? 100 : body.progress;
    await this.d.db.transaction().execute(async (trx) => {
      const now = this.d.clock.now();
      await repo.updateDecision(trx, id, { status: body.status, progress }, now);
      await repo.insertDecisionUpdate(trx, {
        decision_id: id,
        status: body.status,
        progress,
        note: body.note,
        photos: body.photos,
        author_user_id: actor.userId,
        created_at: now,
      });
      await this.d.audit.record(trx, ctx, {
        action: 'deliberation.decision.update',
        entityType: 'decision',
        entityId: id,
        place: placeOf(d.community_id),
        details: { status: body.status, progress },
      });
    });
    return this.get(ctx, id);
  }
}
