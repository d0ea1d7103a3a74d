import type { z } from 'zod';
import { requireActor, requirePermission, type Actor } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor } from '../../platform/pagination.ts';
import { manages, mayActOnTopic, placeOf, TOPIC_ACTION_FROM, type TopicAction } from './access.ts';
import type { Communities, DeliberationDeps } from './communities.ts';
import { presentComment, presentPage, presentTopic, presentTopicSummary } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import { votePhase } from './tally.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/** Supporters a topic needs to reach the agenda where a community has set none. */
export const DEFAULT_SUPPORT_THRESHOLD = 10;

const TOPIC_ACTION_TO = { agenda: 'on_agenda', reject: 'rejected', withdraw: 'withdrawn' } as const;

/** Topics (议题) raised, supported onto the agenda, and talked over in comments; the community's support threshold. */
export class Topics {
  constructor(
    private readonly d: DeliberationDeps,
    private readonly communities: Communities,
  ) {}

  // ---------- settings ----------

  async settings(ctx: RequestContext, communityId: number): Promise<View<typeof S.SettingsView>> {
    const actor = requireActor(ctx.actor);
    await this.communities.requireSeen(actor, communityId);
    return {
      communityId,
      supportThreshold:
        (await repo.thresholdOf(this.d.db, communityId))?.support_threshold ?? DEFAULT_SUPPORT_THRESHOLD,
    };
  }

  async setSettings(ctx: RequestContext, body: z.infer<typeof S.SettingsBody>) {
    const actor = requireActor(ctx.actor);
    this.communities.requireManages(actor, body.communityId);
    await this.d.db.transaction().execute(async (trx) => {
      await repo.setThreshold(trx, body.communityId, body.supportThreshold, actor.userId, this.d.clock.now());
      await this.d.audit.record(trx, ctx, {
        action: 'deliberation.settings',
        entityType: 'community',
        entityId: body.communityId,
        place: placeOf(body.communityId),
        details: { supportThreshold: body.supportThreshold },
      });
    });
    return this.settings(ctx, body.communityId);
  }

  // ---------- topics ----------

  async raise(ctx: RequestContext, body: z.infer<typeof S.TopicBody>) {
    const actor = requireActor(ctx.actor);
    const communityId = body.communityId ?? actor.home?.divisionId ?? null;
    if (communityId === null || !(await this.communities.of(actor)).includes(communityId))
      throw new AppError('forbidden');
    // The residents' committee, the owners' committee and the property company speak through staff accounts.
    if (body.party !== 'resident') this.communities.requireManages(actor, communityId);
    await this.communities.checkScope(communityId, body.scopeKind, body.buildingIds, body.gridId);
    const threshold = (await repo.thresholdOf(this.d.db, communityId))?.support_threshold ?? DEFAULT_SUPPORT_THRESHOLD;
    const id = await this.d.db.transaction().execute(async (trx) => {
      const now = this.d.clock.now();
      const topicId = await repo.insertTopic(trx, {
        community_id: communityId,
        scope_kind: body.scopeKind,
        building_ids: body.scopeKind === 'buildings' ? body.buildingIds : [],
        grid_id: body.scopeKind === 'grid' ? (body.gridId ?? null) : null,
        title: body.title,
        body: body.body,
        party: body.party,
        author_user_id: actor.userId,
        author_name: actor.displayName,
        threshold,
        agenda_at: null,
        agenda_by: null,
        created_at: now,
        updated_at: now,
      });
      await this.d.audit.record(trx, ctx, {
        action: 'deliberation.topic.raise',
        entityType: 'topic',
        entityId: topicId,
        place: placeOf(communityId),
        details: { title: body.title, party: body.party },
      });
      return topicId;
    });
    return this.get(ctx, id);
  }

  async list(ctx: RequestContext, q: z.infer<typeof S.TopicListQuery>) {
    const actor = requireActor(ctx.actor);
    const mine = await this.communities.of(actor);
    const communityIds = q.communityId ? mine.filter((c) => c === q.communityId) : mine;
    const rows = await repo.listTopics(
      this.d.db,
      { communityIds, status: q.status, q: q.q },
      decodeCursor(q.cursor)?.id ?? null,
      q.limit,
    );
    const supported = await repo.supportedBy(
      this.d.db,
      rows.map((r) => r.id),
      actor.userId,
    );
    return presentPage(rows, q.limit, (t) => presentTopicSummary(t, supported.has(t.id)));
  }

  async get(ctx: RequestContext, id: number): Promise<View<typeof S.TopicView>> {
    const actor = requireActor(ctx.actor);
    const t = await repo.topicById(this.d.db, id);
    if (!t || !(await this.communities.of(actor)).includes(t.community_id)) throw new AppError('not_found');
    const [supported, rounds, votes, decisions] = await Promise.all([
      repo.supportedBy(this.d.db, [id], actor.userId),
      repo.roundsOf(this.d.db, id),
      repo.votesOfTopic(this.d.db, id),
      repo.decisionsWhere(this.d.db, { topicId: id }),
    ]);
    const now = this.d.clock.now();
    return presentTopic(t, {
      supportedByMe: supported.has(id),
      rounds,
      votes: votes.map((v) => ({ id: v.id, title: v.title, phase: votePhase(v, now) })),
      decisions,
      canManage: manages(actor, t.community_id),
    });
  }

  /**
   * A resident supports a topic, once. At the community's threshold it goes onto the
   * agenda by itself (as CONSUL's proposals do) and the community's admins are told.
   */
  async support(ctx: RequestContext, id: number) {
    const actor = requireActor(ctx.actor);
    const communities = await this.communities.of(actor);
    await this.d.db.transaction().execute(async (trx) => {
      const t = await repo.lockTopic(trx, id);
      if (!t || !communities.includes(t.community_id)) throw new AppError('not_found');
      if (t.status !== 'open')
        throw new AppError('conflict', { reason: t.status }, [{ key: 'deliberation.topic_not_open' }]);
      const now = this.d.clock.now();
      if (!(await repo.addSupport(trx, id, actor.userId, now))) return;
      const supports = t.supports + 1;
      const reached = supports >= t.threshold;
      await repo.updateTopic(
        trx,
        id,
        { supports, ...(reached ? { status: 'on_agenda', agenda_at: now, agenda_by: 'threshold' } : {}) },
        now,
      );
      await this.d.audit.record(trx, ctx, {
        action: 'deliberation.topic.support',
        entityType: 'topic',
        entityId: id,
        place: placeOf(t.community_id),
        details: { supports },
      });
      await this.d.jobs.publish(
        trx,
        'topic.supported',
        { userId: actor.userId, communityId: t.community_id, referenceId: `topic:${id}`, memo: `支持议题：${t.title}` },
        actor.userId,
      );
      if (reached) {
        await this.d.notifications.notify(trx, await this.communities.admins(t.community_id, trx), {
          kind: 'deliberation.topic_agenda',
          title: { key: 'notify.deliberation.topic_agenda', params: { title: t.title, supports } },
          link: `/deliberation/topics/${id}`,
          entityType: 'topic',
          entityId: id,
        });
      }
    });
    return this.get(ctx, id);
  }

  async act(ctx: RequestContext, id: number, action: TopicAction, body: z.infer<typeof S.TopicActionBody>) {
    const actor = requireActor(ctx.actor);
    const communities = await this.communities.of(actor);
    await this.d.db.transaction().execute(async (trx) => {
      const t = await repo.lockTopic(trx, id);
      if (!t || !communities.includes(t.community_id)) throw new AppError('not_found');
      if (!mayActOnTopic(actor, t, action)) throw new AppError('forbidden');
      if (!TOPIC_ACTION_FROM[action].includes(t.status))
        throw new AppError('conflict', { reason: t.status }, [{ key: 'deliberation.topic_not_open' }]);
      const now = this.d.clock.now();
      await repo.updateTopic(
        trx,
        id,
        {
          status: TOPIC_ACTION_TO[action],
          ...(action === 'agenda' ? { agenda_at: now, agenda_by: 'staff' as const } : {}),
        },
        now,
      );
      await this.d.audit.record(trx, ctx, {
        action: `deliberation.topic.${action}`,
        entityType: 'topic',
        entityId: id,
        place: placeOf(t.community_id),
        details: { reason: body.reason },
      });
    });
    return this.get(ctx, id);
  }

  // ---------- comments ----------

  /** The community of a topic or vote one takes part in; 404 otherwise. */
  private async target(actor: Actor, targetType: 'topic' | 'vote', targetId: number) {
    const row =
      targetType === 'topic' ? await repo.topicById(this.d.db, targetId) : await repo.voteById(this.d.db, targetId);
    if (!row || !(await this.communities.of(actor)).includes(row.community_id)) throw new AppError('not_found');
    return row.community_id;
  }

  async comments(ctx: RequestContext, targetType: 'topic' | 'vote', targetId: number) {
    const actor = requireActor(ctx.actor);
    const communityId = await this.target(actor, targetType, targetId);
    const staff = manages(actor, communityId);
    const rows = await repo.commentsOf(this.d.db, targetType, targetId);
    return { items: rows.map((c) => presentComment(c, actor, staff)) };
  }

  async addComment(
    ctx: RequestContext,
    targetType: 'topic' | 'vote',
    targetId: number,
    body: z.infer<typeof S.CommentBody>,
  ) {
    const actor = requireActor(ctx.actor);
    const communityId = await this.target(actor, targetType, targetId);
    if (body.parentId !== undefined) {
      const parent = await repo.commentById(this.d.db, body.parentId);
      if (!parent || parent.target_type !== targetType || parent.target_id !== targetId)
        throw new AppError('validation_failed', {}, [{ path: 'body.parentId', key: 'deliberation.unknown_comment' }]);
    }
    const id = await this.d.db.transaction().execute(async (trx) => {
      const commentId = await repo.insertComment(trx, {
        target_type: targetType,
        target_id: targetId,
        community_id: communityId,
        parent_id: body.parentId ?? null,
        author_user_id: actor.userId,
        author_name: actor.displayName,
        body: body.body,
        created_at: this.d.clock.now(),
      });
      await this.d.audit.record(trx, ctx, {
        action: 'deliberation.comment.add',
        entityType: 'comment',
        entityId: commentId,
        place: placeOf(communityId),
        details: { targetType, targetId },
      });
      return commentId;
    });
    return presentComment((await repo.commentById(this.d.db, id))!, actor, manages(actor, communityId));
  }

  async flag(ctx: RequestContext, commentId: number, body: z.infer<typeof S.FlagBody>) {
    const actor = requireActor(ctx.actor);
    const c = await repo.commentById(this.d.db, commentId);
    if (!c || !(await this.communities.of(actor)).includes(c.community_id)) throw new AppError('not_found');
    await this.d.db.transaction().execute(async (trx) => {
      if (await repo.flagComment(trx, commentId, actor.userId, body.reason, this.d.clock.now())) {
        await this.d.audit.record(trx, ctx, {
          action: 'deliberation.comment.flag',
          entityType: 'comment',
          entityId: commentId,
          place: placeOf(c.community_id),
          details: { reason: body.reason },
        });
      }
    });
    return { ok: true as const };
  }

  async moderate(ctx: RequestContext, commentId: number, body: z.infer<typeof S.ModerateBody>) {
    const actor = requireActor(ctx.actor);
    const c = await repo.commentById(this.d.db, commentId);
    if (!c) throw new AppError('not_found');
    await this.communities.requireManager(actor, c.community_id);
    await this.d.db.transaction().execute(async (trx) => {
      await repo.moderateComment(trx, commentId, body.hidden, actor.userId, body.reason);
      await this.d.audit.record(trx, ctx, {
        action: body.hidden ? 'deliberation.comment.hide' : 'deliberation.comment.show',
        entityType: 'comment',
        entityId: commentId,
        place: placeOf(c.community_id),
        details: { reason: body.reason },
      });
    });
    return presentComment((await repo.commentById(this.d.db, commentId))!, actor, true);
  }

  async flagged(ctx: RequestContext, q: z.infer<typeof S.FlaggedQuery>) {
    const scope = requirePermission(ctx.actor, 'deliberation.manage');
    const actor = requireActor(ctx.actor);
    const communityIds = q.communityId ? scope.divisionIds.filter((d) => d === q.communityId) : [...scope.divisionIds];
    const rows = await repo.flaggedComments(this.d.db, communityIds, decodeCursor(q.cursor)?.id ?? null, q.limit);
    return presentPage(rows, q.limit, (c) => ({
      ...presentComment(c, actor, true),
      targetType: c.target_type,
      targetId: c.target_id,
    }));
  }
}
