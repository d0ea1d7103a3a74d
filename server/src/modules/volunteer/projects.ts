import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { requireActor } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import type { MediaService } from '../media/service.ts';
import { manages, type AreaOf } from './access.ts';
import { displayNames, projectUpdateView, projectView } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';

/** Key small matters (关键小事): opened by staff, claimed by a unit (先锋领办), their progress reported. */
export class Projects {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
    private readonly media: MediaService,
    private readonly areaOf: AreaOf,
  ) {}

  async createProject(ctx: RequestContext, body: z.infer<typeof S.ProjectBody>) {
    const actor = requireActor(ctx.actor);
    if (!manages(actor, body.communityId)) throw new AppError('forbidden');
    const id = await this.db.transaction().execute(async (trx) => {
      const now = this.clock.now();
      const projectId = await repo.insertProject(trx, {
        community_id: body.communityId,
        title: body.title,
        description: body.description,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      });
      await this.audit.record(trx, ctx, {
        action: 'volunteer.project.create',
        entityType: 'project',
        entityId: projectId,
        place: { divisionId: body.communityId, gridId: null },
      });
      return projectId;
    });
    return this.getProject(ctx, id);
  }

  async getProject(ctx: RequestContext, id: number) {
    const actor = requireActor(ctx.actor);
    const p = await repo.projectById(this.db, id);
    if (!p || !(await this.areaOf(actor)).includes(p.community_id)) throw new AppError('not_found');
    const updates = await repo.projectUpdates(this.db, id);
    const names = await displayNames(
      this.auth,
      updates.map((u) => u.author_user_id),
    );
    return { ...projectView(p), updates: updates.map((u) => projectUpdateView(u, names.get(u.author_user_id)!)) };
  }

  async listProjects(ctx: RequestContext, cursor: string | undefined, limit: number) {
    const actor = requireActor(ctx.actor);
    const after = decodeCursor(cursor);
    const rows = await repo.listProjects(this.db, await this.areaOf(actor), after?.id ?? null, limit);
    return {
      items: rows.slice(0, limit).map(projectView),
      nextCursor: rows.length > limit ? encodeCursor({ sort: null, id: rows[limit - 1]!.id }) : null,
    };
  }

  /** A unit claims the project (先锋领办), or progress is reported, by staff. */
  async updateProject(ctx: RequestContext, id: number, body: z.infer<typeof S.ProjectUpdateBody>) {
    const actor = requireActor(ctx.actor);
    const p = await repo.projectById(this.db, id);
    if (!p || !manages(actor, p.community_id)) throw new AppError('not_found');
    await this.media.assertOwned(actor.userId, body.photos);
    await this.db.transaction().execute(async (trx) => {
      const status =
        body.progress >= 100
          ? 'done'
          : body.claimedByUnit || p.claimed_by_unit
            ? body.progress > 0
              ? 'in_progress'
              : 'claimed'
            : 'open';
      const now = this.clock.now();
      await repo.updateProject(trx, id, {
        progress: body.progress,
        status,
        ...(body.claimedByUnit ? { claimed_by_unit: body.claimedByUnit } : {}),
        updated_at: now,
      });
      await repo.insertProjectUpdate(trx, {
        project_id: id,
        author_user_id: actor.userId,
        progress: body.progress,
        note: body.note,
        photos: body.photos,
        created_at: now,
      });
      await this.audit.record(trx, ctx, {
        action: 'volunteer.project.update',
        entityType: 'project',
        entityId: id,
        place: { divisionId: p.community_id, gridId: null },
        details: { progress: body.progress },
      });
    });
    return this.getProject(ctx, id);
  }
}
