import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { requireActor } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import { manages, mayRemoveMember, maySetMember, type AreaOf } from './access.ts';
import { displayNames, teamSummary, teamView } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';

/** Volunteer teams (微团队) and their members and leaders. */
export class Teams {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
    private readonly areaOf: AreaOf,
  ) {}

  async createTeam(ctx: RequestContext, body: z.infer<typeof S.TeamBody>) {
    const actor = requireActor(ctx.actor);
    if (!manages(actor, body.communityId)) throw new AppError('forbidden');
    const id = await this.db.transaction().execute(async (trx) => {
      const now = this.clock.now();
      const teamId = await repo.insertTeam(trx, {
        community_id: body.communityId,
        name: body.name,
        description: body.description,
        created_by: actor.userId,
        created_at: now,
      });
      for (const userId of body.leaderUserIds) await repo.upsertMember(trx, teamId, userId, 'leader', now);
      await this.audit.record(trx, ctx, {
        action: 'volunteer.team.create',
        entityType: 'team',
        entityId: teamId,
        place: { divisionId: body.communityId, gridId: null },
        details: { name: body.name },
      });
      return teamId;
    });
    return this.getTeam(ctx, id);
  }

  async listTeams(ctx: RequestContext, q: z.infer<typeof S.TeamListQuery>) {
    const actor = requireActor(ctx.actor);
    const mine = await this.areaOf(actor);
    const communityIds = q.communityId ? (mine.includes(q.communityId) ? [q.communityId] : []) : mine;
    const rows = await repo.listTeams(this.db, communityIds, q.q);
    return { items: rows.map(teamSummary) };
  }

  async getTeam(ctx: RequestContext, id: number): Promise<z.infer<typeof S.TeamView>> {
    const actor = requireActor(ctx.actor);
    const team = await repo.teamById(this.db, id);
    if (!team || !(await this.areaOf(actor)).includes(team.community_id)) throw new AppError('not_found');
    const members = await repo.membersOf(this.db, id);
    return teamView(
      team,
      members,
      await displayNames(
        this.auth,
        members.map((m) => m.user_id),
      ),
      actor.userId,
    );
  }

  /** Join a team of one's area; staff may add anyone, and make leaders. */
  async setMember(ctx: RequestContext, teamId: number, body: z.infer<typeof S.MemberBody>) {
    const actor = requireActor(ctx.actor);
    const team = await repo.teamById(this.db, teamId);
    if (!team || !(await this.areaOf(actor)).includes(team.community_id)) throw new AppError('not_found');
    if (!maySetMember(actor, team.community_id, body.userId, body.role)) throw new AppError('forbidden');
    const userId = body.userId ?? actor.userId;
    await this.db.transaction().execute(async (trx) => {
      await repo.upsertMember(trx, teamId, userId, body.role, this.clock.now());
      await this.audit.record(trx, ctx, {
        action: 'volunteer.team.member',
        entityType: 'team',
        entityId: teamId,
        place: { divisionId: team.community_id, gridId: null },
        details: { userId, role: body.role },
      });
    });
    return this.getTeam(ctx, teamId);
  }

  async leaveTeam(ctx: RequestContext, teamId: number, userId: number) {
    const actor = requireActor(ctx.actor);
    const team = await repo.teamById(this.db, teamId);
    if (!team) throw new AppError('not_found');
    if (!mayRemoveMember(actor, team.community_id, userId)) throw new AppError('forbidden');
    await this.db.transaction().execute(async (trx) => {
      await repo.removeMember(trx, teamId, userId);
      await this.audit.record(trx, ctx, {
        action: 'volunteer.team.leave',
        entityType: 'team',
        entityId: teamId,
        place: { divisionId: team.community_id, gridId: null },
        details: { userId },
      });
    });
  }
}
