import type { z } from 'zod';
import { requireActor, type Actor } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid, isUniqueViolation } from '../../platform/errors.ts';
import { managesPlace, readableDivisions, studioPlace } from './access.ts';
import type { CaseKeeping, MediationDeps } from './case-keeping.ts';
import { presentMediator, presentStudio } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

const nameTaken = () =>
  new AppError('conflict', { reason: 'name' }, [{ path: 'body.name', key: 'mediation.studio_exists' }]);

/** Studios (调解工作室, 说事点) and their mediators: set up and changed by the admins of their division. */
export class Studios {
  constructor(
    private readonly d: MediationDeps,
    private readonly cases: CaseKeeping,
  ) {}

  async create(ctx: RequestContext, body: z.infer<typeof S.StudioBody>) {
    const actor = requireActor(ctx.actor);
    const place = studioPlace(body.divisionId);
    if (!managesPlace(actor, place)) throw new AppError('forbidden');
    const division = await this.d.org.getDivision(ctx, body.divisionId);
    if (division.level !== 'community' && division.level !== 'street')
      throw invalid('body.divisionId', 'mediation.studio_division');
    const manager =
      body.managerUserId !== undefined ? await this.cases.staffUser(body.managerUserId, 'body.managerUserId') : null;
    const id = await this.d.db.transaction().execute(async (trx) => {
      try {
        const studioId = await repo.insertStudio(trx, {
          division_id: body.divisionId,
          name: body.name,
          kind: body.kind,
          address: body.address,
          phone: body.phone,
          description: body.description,
          manager_user_id: manager?.userId ?? null,
          created_by: actor.userId,
          created_at: this.d.clock.now(),
        });
        await this.d.audit.record(trx, ctx, {
          action: 'mediation.studio.create',
          entityType: 'studio',
          entityId: studioId,
          place,
          details: { name: body.name, kind: body.kind },
        });
        return studioId;
      } catch (error) {
        if (isUniqueViolation(error)) throw nameTaken();
        throw error;
      }
    });
    return this.get(ctx, id);
  }

  async list(ctx: RequestContext, q: z.infer<typeof S.StudioListQuery>): Promise<View<typeof S.StudioList>> {
    const actor = requireActor(ctx.actor);
    const mine = await repo.studiosOfUser(this.d.db, actor.userId);
    const readable = readableDivisions(actor);
    if (readable.length === 0 && mine.length === 0) throw new AppError('forbidden');
    let divisionIds = readable;
    if (q.communityId !== undefined) {
      // The studios serving a community: its own and those of the street and district above it.
      divisionIds = readable.includes(q.communityId) ? await this.cases.servingDivisions(q.communityId) : [];
    }
    const rows = await repo.listStudios(this.d.db, divisionIds, {
      q: q.q,
      includeInactive: q.includeInactive === 'true',
      memberOf: q.communityId === undefined ? mine : [],
    });
    return { items: await this.present(rows) };
  }

  async get(ctx: RequestContext, id: number): Promise<View<typeof S.StudioView>> {
    const actor = requireActor(ctx.actor);
    const s = await repo.studioById(this.d.db, id);
    if (!s || !(await this.visible(actor, s))) throw new AppError('not_found');
    const [summary] = await this.present([s]);
    const mediators = await repo.mediatorsOf(this.d.db, id);
    return { ...summary!, mediatorList: mediators.map((m) => presentMediator(m, ctx.locale)) };
  }

  async update(ctx: RequestContext, id: number, body: z.infer<typeof S.StudioPatch>) {
    const actor = requireActor(ctx.actor);
    const s = await this.forWrite(actor, id);
    if (body.managerUserId) await this.cases.staffUser(body.managerUserId, 'body.managerUserId');
    await this.d.db.transaction().execute(async (trx) => {
      try {
        await repo.updateStudio(trx, id, {
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.kind !== undefined ? { kind: body.kind } : {}),
          ...(body.address !== undefined ? { address: body.address } : {}),
          ...(body.phone !== undefined ? { phone: body.phone } : {}),
          ...(body.description !== undefined ? { description: body.description } : {}),
          ...(body.managerUserId !== undefined ? { manager_user_id: body.managerUserId } : {}),
          ...(body.active !== undefined ? { active: body.active } : {}),
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw nameTaken();
        throw error;
      }
      await this.d.audit.record(trx, ctx, {
        action: 'mediation.studio.update',
        entityType: 'studio',
        entityId: id,
        place: studioPlace(s.division_id),
        details: { fields: Object.keys(body) },
      });
    });
    return this.get(ctx, id);
  }

  async setMediator(ctx: RequestContext, studioId: number, userId: number, body: z.infer<typeof S.MediatorBody>) {
    const actor = requireActor(ctx.actor);
    const s = await this.forWrite(actor, studioId);
    const user = await this.cases.staffUser(userId, 'params.userId');
    await this.d.db.transaction().execute(async (trx) => {
      await repo.upsertMediator(trx, {
        studio_id: studioId,
        user_id: userId,
        display_name: user.displayName,
        title: body.title,
        specialities: body.specialities,
        active: body.active,
        joined_at: this.d.clock.now(),
      });
      await this.d.audit.record(trx, ctx, {
        action: 'mediation.mediator.set',
        entityType: 'studio',
        entityId: studioId,
        place: studioPlace(s.division_id),
        details: { userId, active: body.active, specialities: body.specialities },
      });
    });
    return this.get(ctx, studioId);
  }

  async removeMediator(ctx: RequestContext, studioId: number, userId: number) {
    const actor = requireActor(ctx.actor);
    const s = await this.forWrite(actor, studioId);
    await this.d.db.transaction().execute(async (trx) => {
      if (!(await repo.deactivateMediator(trx, studioId, userId))) throw new AppError('not_found');
      await this.d.audit.record(trx, ctx, {
        action: 'mediation.mediator.remove',
        entityType: 'studio',
        entityId: studioId,
        place: studioPlace(s.division_id),
        details: { userId },
      });
    });
    return this.get(ctx, studioId);
  }

  private async present(rows: repo.StudioRow[]) {
    const divisions = (await this.d.org.names({ divisionIds: rows.map((r) => r.division_id) })).divisions;
    const managers = await this.userNames(rows.map((r) => r.manager_user_id).filter((m): m is number => m !== null));
    return rows.map((s) =>
      presentStudio(
        s,
        divisions.get(s.division_id) ?? '',
        s.manager_user_id !== null ? (managers.get(s.manager_user_id) ?? '') : '',
      ),
    );
  }

  private async userNames(userIds: number[]) {
    const unique = [...new Set(userIds)];
    const actors = await Promise.all(unique.map((id) => this.d.auth.actorOf(id)));
    return new Map(unique.map((id, i) => [id, actors[i]?.displayName ?? `用户${id}`]));
  }

  /** Seen by those who read its division or one below it (a street's studio by its communities), and by its mediators. */
  private async visible(actor: Actor, s: { id: number; division_id: number }) {
    const readable = readableDivisions(actor);
    if (readable.includes(s.division_id)) return true;
    const below = (await this.d.org.expandDivisions([s.division_id])).get(s.division_id) ?? [];
    if (below.some((d) => readable.includes(d))) return true;
    return (await repo.studiosOfUser(this.d.db, actor.userId)).includes(s.id);
  }

  /** The studio, for a change by the admins of its division: 404 if not seen, 403 if seen only. */
  private async forWrite(actor: Actor, id: number) {
    const s = await repo.studioById(this.d.db, id);
    if (!s) throw new AppError('not_found');
    if (!managesPlace(actor, studioPlace(s.division_id))) {
      throw new AppError((await this.visible(actor, s)) ? 'forbidden' : 'not_found');
    }
    return s;
  }
}
