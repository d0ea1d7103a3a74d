import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { requireActor } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { addMonths, localInstant } from '../../platform/local-time.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import type { OrgService } from '../org/service.ts';
import { assertManages, readableCommunities } from './access.ts';
import { honourView, leaderboardEntry } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';

/** The instants a period ('all', a year '2026' or a month '2026-11', in local time) runs from and to. */
export function periodRange(period: string, timeZone: string): { from: Date | null; to: Date | null } {
  if (period === 'all') return { from: null, to: null };
  const first = /^\d{4}$/.test(period) ? `${period}-01-01` : `${period.slice(0, 7)}-01`;
  const next = addMonths(first, period.length === 4 ? 12 : 1);
  return { from: localInstant(first, 0, timeZone), to: localInstant(next, 0, timeZone) };
}

/** Who earned most (积分榜), and the honours awarded from it (最美志愿者, 平安家庭). */
export class Leaderboard {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly org: OrgService,
    private readonly auth: AuthService,
    private readonly timeZone: string,
  ) {}

  private readable(ctx: RequestContext, communityId: number | undefined) {
    return readableCommunities(requireActor(ctx.actor), communityId, async (divisionId) =>
      (await this.org.expandDivisions([divisionId])).get(divisionId),
    );
  }

  private names(userIds: number[]) {
    return Promise.all(userIds.map(async (id) => (await this.auth.actorOf(id))?.displayName ?? ''));
  }

  /**
   * The top earners, residents only unless staff are asked for: 网格员 and 社区书记 earn points
   * for their own good deeds, but do not rank beside the residents they serve.
   */
  private async topEarners(communityIds: readonly number[], period: string, limit: number, includeStaff: boolean) {
    const { from, to } = periodRange(period, this.timeZone);
    if (includeStaff) return repo.leaderboard(this.db, communityIds, from, to, limit);
    const top: Awaited<ReturnType<typeof repo.leaderboard>> = [];
    const batch = limit * 2;
    for (let offset = 0; top.length < limit; offset += batch) {
      const rows = await repo.leaderboard(this.db, communityIds, from, to, batch, offset);
      const staff = await this.auth.staffAmong(rows.map((r) => r.user_id!));
      top.push(...rows.filter((r) => !staff.has(r.user_id!)));
      if (rows.length < batch) break;
    }
    return top.slice(0, limit);
  }

  /** Who earned most in a community (or the caller's area) in a period; public within the community. */
  async leaderboard(
    ctx: RequestContext,
    q: z.infer<typeof S.LeaderboardQuery>,
  ): Promise<z.infer<typeof S.Leaderboard>> {
    const communityIds = await this.readable(ctx, q.communityId);
    const rows = await this.topEarners(communityIds, q.period, q.limit, false);
    const names = await this.names(rows.map((r) => r.user_id!));
    return { period: q.period, items: rows.map((r, i) => leaderboardEntry(r, i + 1, names[i]!)) };
  }

  async awardHonours(ctx: RequestContext, body: z.infer<typeof S.HonourBody>) {
    assertManages(ctx.actor, body.communityId);
    const top = await this.topEarners([body.communityId], body.period, body.top, body.includeStaff);
    await this.db.transaction().execute(async (trx) => {
      const now = this.clock.now();
      await repo.insertHonours(
        trx,
        top.map((r) => ({
          community_id: body.communityId,
          title: body.title,
          period: body.period,
          user_id: r.user_id!,
          points: Number(r.points),
          awarded_by: ctx.actor!.userId,
          awarded_at: now,
        })),
      );
      await this.audit.record(trx, ctx, {
        action: 'points.honours.award',
        entityType: 'honour',
        place: { divisionId: body.communityId, gridId: null },
        details: {
          title: body.title,
          period: body.period,
          includeStaff: body.includeStaff,
          users: top.map((r) => r.user_id),
        },
      });
    });
    return this.honours(ctx, body.communityId);
  }

  async honours(ctx: RequestContext, communityId: number | undefined) {
    const rows = await repo.honoursOf(this.db, await this.readable(ctx, communityId));
    const names = await this.names(rows.map((r) => r.user_id));
    return { items: rows.map((r, i) => honourView(r, names[i]!)) };
  }
}
