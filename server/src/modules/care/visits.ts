import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { requirePermission } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import { localParts } from '../../platform/local-time.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import type { MattersService } from '../matters/service.ts';
import type { MediaService } from '../media/service.ts';
import { targetFor } from './access.ts';
import { presentPlan, presentVisit } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/** Matters catalogue code of a visit's finding that needs handling (modules/matters/catalogue.ts). */
export const VISIT_FINDING_CATEGORY = 'community.care.visit_finding';

const placeOf = (t: { community_id: number; grid_id: number | null }) => ({
  divisionId: t.community_id,
  gridId: t.grid_id,
});

/** Visit plans (every N days, by whom) and the visits made: a concern found opens a matter for the grid. */
export class CareVisits {
  constructor(
    private readonly d: {
      db: Kysely<DB>;
      clock: Clock;
      audit: AuditService;
      auth: AuthService;
      media: MediaService;
      matters: MattersService;
      options: { timeZone: string };
    },
  ) {}

  async setPlan(ctx: RequestContext, id: number, body: z.infer<typeof S.VisitPlanBody>) {
    const { t } = await targetFor(this.d.db, ctx, id, 'manage');
    const visitor = body.visitorUserId ? await this.d.auth.actorOf(body.visitorUserId) : null;
    if (body.visitorUserId && !visitor) throw invalid('body.visitorUserId', 'care.unknown_user');
    const startsOn = body.startsOn ?? localParts(this.d.clock.now(), this.d.options.timeZone).date;
    await this.d.db.transaction().execute(async (trx) => {
      await repo.upsertPlan(trx, {
        updated_at: this.d.clock.now(),
        target_id: id,
        every_days: body.everyDays,
        visitor_user_id: visitor?.userId ?? null,
        visitor_name: visitor?.displayName ?? null,
        starts_on: startsOn,
        updated_by: ctx.actor!.userId,
      });
      await this.d.audit.record(trx, ctx, {
        action: 'care.visit_plan.set',
        entityType: 'care_target',
        entityId: id,
        place: placeOf(t),
        details: { everyDays: body.everyDays, visitor: visitor?.userId ?? null },
      });
    });
  }

  async record(ctx: RequestContext, id: number, body: z.infer<typeof S.VisitBody>): Promise<View<typeof S.VisitView>> {
    const { t, actor } = await targetFor(this.d.db, ctx, id, 'act');
    const now = this.d.clock.now();
    const visitedAt = body.visitedAt ?? now;
    if (visitedAt.getTime() > now.getTime() + 60_000) throw invalid('body.visitedAt', 'care.future_time');
    if (body.photos.length) await this.d.media.assertOwned(actor.userId, body.photos);
    const visit = await this.d.db.transaction().execute(async (trx) => {
      let v = await repo.insertVisit(trx, {
        created_at: now,
        target_id: id,
        visitor_user_id: actor.userId,
        visitor_name: actor.displayName,
        visited_at: visitedAt,
        method: body.method,
        findings: body.findings,
        photos: body.photos,
        concern: body.concern,
      });
      if (body.concern && t.grid_id !== null) {
        const matter = await this.d.matters.openFromSystem(trx, {
          categoryCode: VISIT_FINDING_CATEGORY,
          description:
            `走访发现：${t.person_name}（${t.address}）${body.findings || '需要关注'}（走访人 ${actor.displayName}）`.slice(
              0,
              1000,
            ),
          gridId: t.grid_id,
          address: t.address,
          urgency: 'normal',
          source: 'care',
          sourceEntity: { type: 'care_visit', id: String(v.id) },
        });
        await repo.updateVisit(trx, v.id, { matter_id: matter.id });
        v = { ...v, matter_id: matter.id };
      }
      await this.d.audit.record(trx, ctx, {
        action: 'care.visit.create',
        entityType: 'care_visit',
        entityId: v.id,
        place: placeOf(t),
        details: { targetId: id, method: body.method, concern: body.concern, matterId: v.matter_id },
      });
      return v;
    });
    return presentVisit(visit);
  }

  async list(ctx: RequestContext, id: number, q: { cursor?: string | undefined; limit: number }) {
    await targetFor(this.d.db, ctx, id, 'read');
    const rows = await repo.visitsOf(this.d.db, id, decodeCursor(q.cursor), q.limit);
    return toPage(
      rows,
      q.limit,
      (v) => presentVisit(v),
      (v) => ({ sort: null, id: v.id }),
    );
  }

  async overdue(
    ctx: RequestContext,
    q: z.infer<typeof S.OverdueQuery>,
    summaries: (rows: repo.TargetRow[]) => Promise<Array<View<typeof S.TargetSummary>>>,
    communityIds: readonly number[] | undefined,
  ) {
    const scope = requirePermission(ctx.actor, 'care.read');
    const today = localParts(this.d.clock.now(), this.d.options.timeZone).date;
    const rows = await repo.overdueVisits(
      this.d.db,
      scope,
      { ...q, communityIds },
      today,
      this.d.options.timeZone,
      decodeCursor(q.cursor),
      q.limit,
    );
    const page = toPage(
      rows,
      q.limit,
      (r) => r,
      (r) => ({ sort: null, id: r.id }),
    );
    const heads = await summaries(page.items);
    return {
      nextCursor: page.nextCursor,
      items: page.items.map((r, i) => ({
        ...heads[i]!,
        visitPlan: presentPlan(
          { ...r, target_id: r.id, updated_by: 0, updated_at: new Date(0) },
          this.d.options.timeZone,
          localParts(this.d.clock.now(), this.d.options.timeZone).date,
        )!,
        daysOverdue: Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${r.due_on}T00:00:00Z`)) / 86_400_000),
      })),
    };
  }
}
