import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Executor } from '../../db/connection.ts';
import { covers, requireActor, requirePermission, scopeFor, type Actor } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import { systemContext, type RequestContext } from '../../platform/context.ts';
import { AppError, type ErrorDetail } from '../../platform/errors.ts';
import type { Jobs } from '../../platform/jobs.ts';
import { addDays, addMonths, localInstant, localParts } from '../../platform/local-time.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { chinaDate, chinaDateTime } from '../../platform/personal-data.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import { photoView } from '../matters/presenters.ts';
import type { MediaService } from '../media/service.ts';
import type { NotificationsService } from '../notifications/service.ts';
import type { OrgService } from '../org/service.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { MeetingKind, ScopeKind, VoteOption, VoteRule } from './tables.ts';
import { areaToCenti, reckonArt278, reckonPlurality, tallyOptions } from './tally.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/** Supporters a topic needs to reach the agenda where a community has set none. */
export const DEFAULT_SUPPORT_THRESHOLD = 10;
/** Owners' votes always ask the same three things. */
const OWNER_OPTIONS: VoteOption[] = [
  { key: 'agree', label: '同意' },
  { key: 'oppose', label: '反对' },
  { key: 'abstain', label: '弃权' },
];
const RECURRENCE_DAYS = { weekly: 7, semimonthly: 14 } as const;

const place = (communityId: number) => ({ divisionId: communityId, gridId: null });
const page = <T extends { id: number }, V>(rows: T[], limit: number, present: (row: T) => V) => ({
  items: rows.slice(0, limit).map(present),
  nextCursor: rows.length > limit ? encodeCursor({ sort: null, id: rows[limit - 1]!.id }) : null,
});

export class DeliberationService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly jobs: Jobs,
    private readonly org: OrgService,
    private readonly auth: AuthService,
    private readonly media: MediaService,
    private readonly notifications: NotificationsService,
    private readonly options: { timeZone: string },
  ) {}

  // ---------- who sees and who runs ----------

  /** Communities whose deliberation one takes part in: one's own (and below, for a street), and staff their area. */
  private async communitiesOf(actor: Actor): Promise<number[]> {
    const staff = scopeFor(actor, 'deliberation.manage').divisionIds;
    const home = actor.home?.divisionId ?? null;
    // The home grant's divisions were resolved at sign-in; asked again only if it is not among them.
    const resolved = actor.grants.find((g) => g.divisionId === home && g.divisionIds.length > 0)?.divisionIds;
    const below = home === null ? [] : (resolved ?? (await this.org.expandDivisions([home])).get(home) ?? [home]);
    return [...new Set([...staff, ...below])];
  }

  private manages(actor: Actor | null, communityId: number) {
    return covers(scopeFor(actor, 'deliberation.manage'), place(communityId));
  }

  /**
   * Users named by staff (invited, present, hosting a desk) must be active and of the
   * community: living or working there, or staff above it. Refused with the field's path.
   */
  private async requireUsersOf(communityId: number, userIds: readonly number[], path: string, trx: Executor) {
    const problems: ErrorDetail[] = [];
    for (const [i, userId] of userIds.entries()) {
      const user = await this.auth.actorOf(userId, trx);
      const belongs = user && (user.home?.divisionId === communityId || user.grants.some((g) => g.divisionIds.includes(communityId)));
      if (!belongs) problems.push({ path: `${path}.${i}`, key: 'deliberation.not_of_community' });
    }
    if (problems.length) throw new AppError('validation_failed', {}, problems);
  }

  /** For changes: a community one cannot see answers 404 (nothing to probe), one one sees but does not manage 403. */
  private async requireManager(actor: Actor, communityId: number) {
    if (this.manages(actor, communityId)) return;
    throw new AppError((await this.communitiesOf(actor)).includes(communityId) ? 'forbidden' : 'not_found');
  }

  private requireManages(actor: Actor, communityId: number) {
    if (!this.manages(actor, communityId)) throw new AppError('forbidden');
  }

  private async names(userIds: number[]) {
    const unique = [...new Set(userIds)];
    const actors = await Promise.all(unique.map((id) => this.auth.actorOf(id)));
    return new Map(unique.map((id, i) => [id, actors[i]?.displayName ?? `用户${id}`]));
  }

  private async checkScope(communityId: number, scopeKind: ScopeKind, buildingIds: number[], gridId: number | undefined) {
    const ok =
      scopeKind === 'community' ||
      (scopeKind === 'buildings' && buildingIds.length > 0 && (await this.org.liesIn(communityId, { buildingIds }))) ||
      (scopeKind === 'grid' && gridId !== undefined && (await this.org.liesIn(communityId, { gridId })));
    if (!ok) throw new AppError('validation_failed', {}, [{ path: 'body.scopeKind', key: 'deliberation.bad_scope' }]);
  }

  private async communityAdmins(communityId: number, db: Executor) {
    return (await this.auth.usersWithRole(['community_admin'], { divisionIds: [communityId] }, db)).map((u) => u.userId);
  }

  // ---------- settings ----------

  async settings(ctx: RequestContext, communityId: number): Promise<View<typeof S.SettingsView>> {
    const actor = requireActor(ctx.actor);
    if (!(await this.communitiesOf(actor)).includes(communityId)) throw new AppError('not_found');
    return { communityId, supportThreshold: (await repo.thresholdOf(this.db, communityId))?.support_threshold ?? DEFAULT_SUPPORT_THRESHOLD };
  }

  async setSettings(ctx: RequestContext, body: z.infer<typeof S.SettingsBody>) {
    const actor = requireActor(ctx.actor);
    this.requireManages(actor, body.communityId);
    await this.db.transaction().execute(async (trx) => {
      await repo.setThreshold(trx, body.communityId, body.supportThreshold, actor.userId);
      await this.audit.record(trx, ctx, { action: 'deliberation.settings', entityType: 'community', entityId: body.communityId, place: place(body.communityId), details: { supportThreshold: body.supportThreshold } });
    });
    return this.settings(ctx, body.communityId);
  }

  // ---------- topics ----------

  async raiseTopic(ctx: RequestContext, body: z.infer<typeof S.TopicBody>) {
    const actor = requireActor(ctx.actor);
    const communityId = body.communityId ?? actor.home?.divisionId ?? null;
    if (communityId === null || !(await this.communitiesOf(actor)).includes(communityId)) throw new AppError('forbidden');
    // The residents' committee, the owners' committee and the property company speak through staff accounts.
    if (body.party !== 'resident') this.requireManages(actor, communityId);
    await this.checkScope(communityId, body.scopeKind, body.buildingIds, body.gridId);
    const threshold = (await repo.thresholdOf(this.db, communityId))?.support_threshold ?? DEFAULT_SUPPORT_THRESHOLD;
    const id = await this.db.transaction().execute(async (trx) => {
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
      });
      await this.audit.record(trx, ctx, { action: 'deliberation.topic.raise', entityType: 'topic', entityId: topicId, place: place(communityId), details: { title: body.title, party: body.party } });
      return topicId;
    });
    return this.topic(ctx, id);
  }

  async topics(ctx: RequestContext, q: z.infer<typeof S.TopicListQuery>) {
    const actor = requireActor(ctx.actor);
    const mine = await this.communitiesOf(actor);
    const communityIds = q.communityId ? mine.filter((c) => c === q.communityId) : mine;
    const rows = await repo.listTopics(this.db, { communityIds, status: q.status, q: q.q }, decodeCursor(q.cursor)?.id ?? null, q.limit);
    const supported = await repo.supportedBy(this.db, rows.map((r) => r.id), actor.userId);
    return page(rows, q.limit, (t) => this.presentTopicSummary(t, supported.has(t.id)));
  }

  private presentTopicSummary(t: NonNullable<Awaited<ReturnType<typeof repo.topicById>>>, supportedByMe: boolean): View<typeof S.TopicSummary> {
    return {
      id: t.id,
      communityId: t.community_id,
      scopeKind: t.scope_kind,
      buildingIds: t.building_ids,
      gridId: t.grid_id,
      title: t.title,
      party: t.party,
      authorName: t.author_name,
      status: t.status,
      supports: t.supports,
      threshold: t.threshold,
      supportedByMe,
      createdAt: t.created_at.toISOString(),
    };
  }

  async topic(ctx: RequestContext, id: number): Promise<View<typeof S.TopicView>> {
    const actor = requireActor(ctx.actor);
    const t = await repo.topicById(this.db, id);
    if (!t || !(await this.communitiesOf(actor)).includes(t.community_id)) throw new AppError('not_found');
    const [supported, rounds, votes, decisions] = await Promise.all([
      repo.supportedBy(this.db, [id], actor.userId),
      repo.roundsOf(this.db, id),
      repo.votesOfTopic(this.db, id),
      repo.decisionsWhere(this.db, { topicId: id }),
    ]);
    return {
      ...this.presentTopicSummary(t, supported.has(id)),
      body: t.body,
      agendaAt: t.agenda_at?.toISOString() ?? null,
      agendaBy: t.agenda_by,
      rounds: rounds.map((r) => ({ meetingId: r.meeting_id, meetingTitle: r.title, kind: r.kind, startsAt: r.starts_at.toISOString(), round: r.round, outcome: r.outcome })),
      votes: votes.map((v) => ({ id: v.id, title: v.title, phase: this.phase(v) })),
      decisions: decisions.map((d) => ({ id: d.id, title: d.title, status: d.status, progress: d.progress })),
      canManage: this.manages(actor, t.community_id),
    };
  }

  /**
   * A resident supports a topic, once. At the community's threshold it goes onto the
   * agenda by itself (as CONSUL's proposals do) and the community's admins are told.
   */
  async support(ctx: RequestContext, id: number) {
    const actor = requireActor(ctx.actor);
    const communities = await this.communitiesOf(actor);
    await this.db.transaction().execute(async (trx) => {
      const t = await repo.lockTopic(trx, id);
      if (!t || !communities.includes(t.community_id)) throw new AppError('not_found');
      if (t.status !== 'open') throw new AppError('conflict', { reason: t.status }, [{ key: 'deliberation.topic_not_open' }]);
      if (!(await repo.addSupport(trx, id, actor.userId))) return;
      const supports = t.supports + 1;
      const reached = supports >= t.threshold;
      const now = this.clock.now();
      await repo.updateTopic(trx, id, { supports, ...(reached ? { status: 'on_agenda', agenda_at: now, agenda_by: 'threshold' } : {}) });
      await this.audit.record(trx, ctx, { action: 'deliberation.topic.support', entityType: 'topic', entityId: id, place: place(t.community_id), details: { supports } });
      await this.jobs.publish(trx, 'topic.supported', { userId: actor.userId, communityId: t.community_id, referenceId: `topic:${id}`, memo: `支持议题：${t.title}` }, actor.userId);
      if (reached) {
        await this.notifications.notify(trx, await this.communityAdmins(t.community_id, trx), {
          kind: 'deliberation.topic_agenda',
          title: `议题「${t.title}」已获 ${supports} 人支持，列入议程`,
          link: `/deliberation/topics/${id}`,
          entityType: 'topic',
          entityId: id,
        });
      }
    });
    return this.topic(ctx, id);
  }

  async topicAction(ctx: RequestContext, id: number, action: 'agenda' | 'reject' | 'withdraw', body: z.infer<typeof S.TopicActionBody>) {
    const actor = requireActor(ctx.actor);
    const communities = await this.communitiesOf(actor);
    await this.db.transaction().execute(async (trx) => {
      const t = await repo.lockTopic(trx, id);
      if (!t || !communities.includes(t.community_id)) throw new AppError('not_found');
      const staff = this.manages(actor, t.community_id);
      const allowed = action === 'withdraw' ? staff || t.author_user_id === actor.userId : staff;
      if (!allowed) throw new AppError('forbidden');
      const from = { agenda: ['open'], reject: ['open', 'on_agenda'], withdraw: ['open', 'on_agenda'] }[action];
      if (!from.includes(t.status)) throw new AppError('conflict', { reason: t.status }, [{ key: 'deliberation.topic_not_open' }]);
      const status = { agenda: 'on_agenda', reject: 'rejected', withdraw: 'withdrawn' }[action] as 'on_agenda';
      await repo.updateTopic(trx, id, { status, ...(action === 'agenda' ? { agenda_at: this.clock.now(), agenda_by: 'staff' } : {}) });
      await this.audit.record(trx, ctx, { action: `deliberation.topic.${action}`, entityType: 'topic', entityId: id, place: place(t.community_id), details: { reason: body.reason } });
    });
    return this.topic(ctx, id);
  }

  // ---------- meetings ----------

  async createMeeting(ctx: RequestContext, body: z.infer<typeof S.MeetingBody>) {
    const actor = requireActor(ctx.actor);
    this.requireManages(actor, body.communityId);
    if (body.endsAt <= body.startsAt) throw new AppError('validation_failed', {}, [{ path: 'body.endsAt', key: 'deliberation.bad_times' }]);
    const occurrences = body.recurrence === 'none' ? 1 : body.occurrences;
    const id = await this.db.transaction().execute(async (trx) => {
      let first = 0;
      // Each occurrence on its local day at the same local time, lasting as long as the first.
      const from = localParts(body.startsAt, this.options.timeZone);
      const length = body.endsAt.getTime() - body.startsAt.getTime();
      for (let i = 0; i < occurrences; i++) {
        const day = body.recurrence === 'monthly' ? addMonths(from.date, i) : addDays(from.date, body.recurrence === 'none' ? 0 : i * RECURRENCE_DAYS[body.recurrence]);
        const startsAt = localInstant(day, from.seconds, this.options.timeZone);
        const meetingId = await repo.insertMeeting(trx, {
          community_id: body.communityId,
          kind: body.kind as MeetingKind,
          title: body.title,
          place: body.place,
          starts_at: startsAt,
          ends_at: new Date(startsAt.getTime() + length),
          series_id: i === 0 ? null : first,
          recurrence: body.recurrence,
          created_by: actor.userId,
        });
        if (i === 0) {
          first = meetingId;
          if (occurrences > 1) await repo.updateMeeting(trx, meetingId, { series_id: meetingId });
        }
      }
      for (const topicId of body.topicIds) await this.putOnAgenda(trx, first, body.communityId, topicId);
      await repo.addParticipants(trx, first, body.participantUserIds, 'resident');
      await this.audit.record(trx, ctx, { action: 'deliberation.meeting.create', entityType: 'meeting', entityId: first, place: place(body.communityId), details: { title: body.title, kind: body.kind, occurrences } });
      return first;
    });
    return this.meeting(ctx, id);
  }

  private async putOnAgenda(trx: Executor, meetingId: number, communityId: number, topicId: number) {
    const t = await repo.lockTopic(trx, topicId);
    if (!t || t.community_id !== communityId) throw new AppError('validation_failed', {}, [{ path: 'body.topicId', key: 'deliberation.unknown_topic' }]);
    // A topic is debated once it is on the agenda; it may take several rounds (the seeds' carport took four).
    if (!['on_agenda', 'voting', 'decided'].includes(t.status)) throw new AppError('conflict', { reason: t.status }, [{ key: 'deliberation.topic_not_on_agenda' }]);
    await repo.addAgendaItem(trx, meetingId, topicId, await repo.nextRound(trx, topicId));
  }

  async meetings(ctx: RequestContext, q: z.infer<typeof S.MeetingListQuery>) {
    const actor = requireActor(ctx.actor);
    const mine = await this.communitiesOf(actor);
    const communityIds = q.communityId ? mine.filter((c) => c === q.communityId) : mine;
    const rows = await repo.listMeetings(this.db, { communityIds, from: q.upcoming ? this.clock.now() : undefined }, decodeCursor(q.cursor)?.id ?? null, q.limit);
    return page(rows, q.limit, (m) => ({ ...this.presentMeetingSummary(m), topics: Number(m.topics ?? 0) }));
  }

  private presentMeetingSummary(m: NonNullable<Awaited<ReturnType<typeof repo.meetingById>>>) {
    return {
      id: m.id,
      communityId: m.community_id,
      kind: m.kind,
      title: m.title,
      place: m.place,
      startsAt: m.starts_at.toISOString(),
      endsAt: m.ends_at.toISOString(),
      status: m.status,
      seriesId: m.series_id,
    };
  }

  async meeting(ctx: RequestContext, id: number): Promise<View<typeof S.MeetingView>> {
    const actor = requireActor(ctx.actor);
    const m = await repo.meetingById(this.db, id);
    if (!m || !(await this.communitiesOf(actor)).includes(m.community_id)) throw new AppError('not_found');
    const [agenda, participants, decisions] = await Promise.all([repo.agendaOf(this.db, id), repo.participantsOf(this.db, id), repo.decisionsWhere(this.db, { meetingId: id })]);
    const names = await this.names(participants.map((p) => p.user_id));
    return {
      ...this.presentMeetingSummary(m),
      topics: agenda.length,
      recurrence: m.recurrence,
      minutes: m.minutes,
      agenda: agenda.map((a) => ({ topicId: a.topic_id, title: a.title, round: a.round, outcome: a.outcome, status: a.status })),
      participants: participants.map((p) => ({ userId: p.user_id, name: names.get(p.user_id)!, party: p.party, attended: p.attended })),
      decisions: decisions.map((d) => ({ id: d.id, title: d.title, topicId: d.topic_id })),
      canManage: this.manages(actor, m.community_id),
    };
  }

  private async managedMeeting(ctx: RequestContext, id: number, trx: Executor) {
    const actor = requireActor(ctx.actor);
    const m = await repo.lockMeeting(trx, id);
    if (!m) throw new AppError('not_found');
    await this.requireManager(actor, m.community_id);
    return { actor, m };
  }

  async addToAgenda(ctx: RequestContext, id: number, topicId: number) {
    await this.db.transaction().execute(async (trx) => {
      const { m } = await this.managedMeeting(ctx, id, trx);
      if (m.status !== 'scheduled') throw new AppError('conflict', { reason: m.status }, [{ key: 'deliberation.meeting_not_scheduled' }]);
      await this.putOnAgenda(trx, id, m.community_id, topicId);
      await this.audit.record(trx, ctx, { action: 'deliberation.meeting.agenda', entityType: 'meeting', entityId: id, place: place(m.community_id), details: { topicId } });
    });
    return this.meeting(ctx, id);
  }

  async invite(ctx: RequestContext, id: number, body: z.infer<typeof S.ParticipantsBody>) {
    await this.db.transaction().execute(async (trx) => {
      const { m } = await this.managedMeeting(ctx, id, trx);
      await this.requireUsersOf(m.community_id, body.userIds, 'body.userIds', trx);
      await repo.addParticipants(trx, id, body.userIds, body.party);
      await this.notifications.notify(trx, body.userIds, { kind: 'deliberation.meeting_invite', title: `邀请您参加「${m.title}」`, body: `${chinaDateTime(m.starts_at)} ${m.place}`, link: `/deliberation/meetings/${id}`, entityType: 'meeting', entityId: id });
      await this.audit.record(trx, ctx, { action: 'deliberation.meeting.invite', entityType: 'meeting', entityId: id, place: place(m.community_id), details: { userIds: body.userIds, party: body.party } });
    });
    return this.meeting(ctx, id);
  }

  /** Who came; each attendee's first attendance is an event (participation points). */
  async attendance(ctx: RequestContext, id: number, body: z.infer<typeof S.AttendanceBody>) {
    await this.db.transaction().execute(async (trx) => {
      const { actor, m } = await this.managedMeeting(ctx, id, trx);
      if (m.status === 'cancelled') throw new AppError('conflict', { reason: m.status }, [{ key: 'deliberation.meeting_not_scheduled' }]);
      await this.requireUsersOf(m.community_id, body.userIds, 'body.userIds', trx);
      const newly = await repo.markAttendance(trx, id, body.userIds, this.clock.now());
      for (const userId of newly) {
        await this.jobs.publish(trx, 'meeting.attended', { userId, communityId: m.community_id, referenceId: `meeting:${id}`, memo: `参加${m.title}` }, actor.userId);
      }
      await this.audit.record(trx, ctx, { action: 'deliberation.meeting.attendance', entityType: 'meeting', entityId: id, place: place(m.community_id), details: { present: body.userIds.length } });
    });
    return this.meeting(ctx, id);
  }

  /** The minutes of a meeting held: what each topic came to, and the decisions, which are then followed through. */
  async recordMinutes(ctx: RequestContext, id: number, body: z.infer<typeof S.MinutesBody>) {
    await this.db.transaction().execute(async (trx) => {
      const { actor, m } = await this.managedMeeting(ctx, id, trx);
      // Minutes are taken once: a second set would double the decisions.
      if (m.status !== 'scheduled') throw new AppError('conflict', { reason: m.status }, [{ key: m.status === 'held' ? 'deliberation.minutes_taken' : 'deliberation.meeting_not_scheduled' }]);
      if (m.starts_at > this.clock.now()) throw new AppError('conflict', { reason: 'not yet held' }, [{ key: 'deliberation.meeting_not_held' }]);
      const onAgenda = new Set((await repo.agendaOf(trx, id)).map((a) => a.topic_id));
      for (const o of body.outcomes) {
        if (!onAgenda.has(o.topicId)) throw new AppError('validation_failed', {}, [{ path: 'body.outcomes', key: 'deliberation.unknown_topic' }]);
        await repo.setOutcome(trx, id, o.topicId, o.outcome);
      }
      for (const d of body.decisions) {
        if (d.topicId !== undefined && !onAgenda.has(d.topicId)) throw new AppError('validation_failed', {}, [{ path: 'body.decisions', key: 'deliberation.unknown_topic' }]);
      }
      await repo.updateMeeting(trx, id, { minutes: body.minutes, status: 'held' });
      await repo.insertDecisions(
        trx,
        body.decisions.map((d) => ({ community_id: m.community_id, topic_id: d.topicId ?? null, meeting_id: id, vote_id: null, title: d.title, text: d.text, created_by: actor.userId })),
      );
      for (const topicId of new Set(body.decisions.map((d) => d.topicId).filter((t): t is number => t !== undefined))) {
        await repo.updateTopic(trx, topicId, { status: 'decided' });
      }
      await this.audit.record(trx, ctx, { action: 'deliberation.meeting.minutes', entityType: 'meeting', entityId: id, place: place(m.community_id), details: { decisions: body.decisions.length } });
    });
    return this.meeting(ctx, id);
  }

  async cancelMeeting(ctx: RequestContext, id: number) {
    await this.db.transaction().execute(async (trx) => {
      const { m } = await this.managedMeeting(ctx, id, trx);
      if (m.status !== 'scheduled') throw new AppError('conflict', { reason: m.status }, [{ key: 'deliberation.meeting_not_scheduled' }]);
      await repo.updateMeeting(trx, id, { status: 'cancelled' });
      const invited = (await repo.participantsOf(trx, id)).map((p) => p.user_id);
      await this.notifications.notify(trx, invited, { kind: 'deliberation.meeting_cancelled', title: `「${m.title}」已取消`, link: `/deliberation/meetings/${id}`, entityType: 'meeting', entityId: id });
      await this.audit.record(trx, ctx, { action: 'deliberation.meeting.cancel', entityType: 'meeting', entityId: id, place: place(m.community_id) });
    });
    return this.meeting(ctx, id);
  }

  // ---------- decisions, followed through ----------

  async decisions(ctx: RequestContext, q: z.infer<typeof S.DecisionListQuery>) {
    const actor = requireActor(ctx.actor);
    const mine = await this.communitiesOf(actor);
    const communityIds = q.communityId ? mine.filter((c) => c === q.communityId) : mine;
    const rows = await repo.listDecisions(this.db, { communityIds, status: q.status }, decodeCursor(q.cursor)?.id ?? null, q.limit);
    return page(rows, q.limit, (d) => this.presentDecisionSummary(d));
  }

  private presentDecisionSummary(d: NonNullable<Awaited<ReturnType<typeof repo.decisionById>>>): View<typeof S.DecisionSummary> {
    return { id: d.id, communityId: d.community_id, topicId: d.topic_id, meetingId: d.meeting_id, voteId: d.vote_id, title: d.title, status: d.status, progress: d.progress, updatedAt: d.updated_at.toISOString() };
  }

  async decision(ctx: RequestContext, id: number): Promise<View<typeof S.DecisionView>> {
    const actor = requireActor(ctx.actor);
    const d = await repo.decisionById(this.db, id);
    if (!d || !(await this.communitiesOf(actor)).includes(d.community_id)) throw new AppError('not_found');
    const updates = await repo.updatesOf(this.db, id);
    const names = await this.names(updates.map((u) => u.author_user_id));
    return {
      ...this.presentDecisionSummary(d),
      text: d.text,
      updates: updates.map((u) => ({ id: u.id, status: u.status, progress: u.progress, note: u.note, photos: u.photos.map(photoView), author: names.get(u.author_user_id)!, at: u.created_at.toISOString() })),
    };
  }

  async updateDecision(ctx: RequestContext, id: number, body: z.infer<typeof S.DecisionUpdateBody>) {
    const actor = requireActor(ctx.actor);
    const d = await repo.decisionById(this.db, id);
    if (!d) throw new AppError('not_found');
    await this.requireManager(actor, d.community_id);
    await this.media.assertOwned(actor.userId, body.photos);
    const progress = body.status === 'done' ? 100 : body.progress;
    await this.db.transaction().execute(async (trx) => {
      await repo.updateDecision(trx, id, { status: body.status, progress });
      await repo.insertDecisionUpdate(trx, { decision_id: id, status: body.status, progress, note: body.note, photos: body.photos, author_user_id: actor.userId });
      await this.audit.record(trx, ctx, { action: 'deliberation.decision.update', entityType: 'decision', entityId: id, place: place(d.community_id), details: { status: body.status, progress } });
    });
    return this.decision(ctx, id);
  }

  // ---------- 协商铃: desks, slots, bookings ----------

  async createDesk(ctx: RequestContext, body: z.infer<typeof S.DeskBody>) {
    const actor = requireActor(ctx.actor);
    this.requireManages(actor, body.communityId);
    const id = await this.db.transaction().execute(async (trx) => {
      if (body.hostUserId !== undefined) await this.requireUsersOf(body.communityId, [body.hostUserId], 'body.hostUserId', trx);
      const deskId = await repo.insertDesk(trx, { community_id: body.communityId, name: body.name, kind: body.kind, host_user_id: body.hostUserId ?? null, place: body.place });
      await this.audit.record(trx, ctx, { action: 'deliberation.desk.create', entityType: 'desk', entityId: deskId, place: place(body.communityId), details: { name: body.name } });
      return deskId;
    });
    return (await this.desks(ctx, body.communityId)).items.find((d) => d.id === id)!;
  }

  async desks(ctx: RequestContext, communityId: number | undefined) {
    const actor = requireActor(ctx.actor);
    const mine = await this.communitiesOf(actor);
    const rows = await repo.desksOf(this.db, communityId ? mine.filter((c) => c === communityId) : mine);
    const names = await this.names(rows.map((d) => d.host_user_id).filter((u): u is number => u !== null));
    return { items: rows.map((d) => ({ id: d.id, communityId: d.community_id, name: d.name, kind: d.kind, hostName: d.host_user_id ? names.get(d.host_user_id)! : null, place: d.place, active: d.active })) };
  }

  private async deskFor(actor: Actor, deskId: number, write: boolean) {
    const d = await repo.deskById(this.db, deskId);
    if (!d || !(await this.communitiesOf(actor)).includes(d.community_id)) throw new AppError('not_found');
    if (write && d.host_user_id !== actor.userId && !this.manages(actor, d.community_id)) throw new AppError('forbidden');
    return d;
  }

  async addSlots(ctx: RequestContext, deskId: number, body: z.infer<typeof S.SlotsBody>) {
    const actor = requireActor(ctx.actor);
    const d = await this.deskFor(actor, deskId, true);
    if (body.slots.some((s) => s.endsAt <= s.startsAt)) throw new AppError('validation_failed', {}, [{ path: 'body.slots', key: 'deliberation.bad_times' }]);
    await this.db.transaction().execute(async (trx) => {
      const made = await repo.insertSlots(trx, body.slots.map((s) => ({ desk_id: deskId, starts_at: s.startsAt, ends_at: s.endsAt, capacity: s.capacity })));
      await this.audit.record(trx, ctx, { action: 'deliberation.slots.add', entityType: 'desk', entityId: deskId, place: place(d.community_id), details: { slots: made.length } });
    });
    return this.slots(ctx, deskId, {});
  }

  async slots(ctx: RequestContext, deskId: number, q: z.infer<typeof S.SlotQuery>) {
    const actor = requireActor(ctx.actor);
    await this.deskFor(actor, deskId, false);
    const from = q.from ?? this.clock.now();
    const to = q.to ?? new Date(from.getTime() + 30 * 86_400_000);
    const rows = await repo.slotsOf(this.db, deskId, from, to);
    const mine = new Set((await repo.bookingsWhere(this.db, { userId: actor.userId, deskId })).filter((b) => b.status === 'booked').map((b) => b.slot_id));
    return {
      items: rows.map((s) => ({ id: s.id, deskId: s.desk_id, startsAt: s.starts_at.toISOString(), endsAt: s.ends_at.toISOString(), capacity: s.capacity, booked: Number(s.booked ?? 0), cancelled: s.cancelled, bookedByMe: mine.has(s.id) })),
    };
  }

  /** Books a slot, within its capacity also when many book at once (the slot row is locked). */
  async book(ctx: RequestContext, body: z.infer<typeof S.BookingBody>) {
    const actor = requireActor(ctx.actor);
    const communities = await this.communitiesOf(actor);
    const id = await this.db.transaction().execute(async (trx) => {
      const slot = await repo.lockSlot(trx, body.slotId);
      const desk = slot ? await repo.deskById(trx, slot.desk_id) : undefined;
      if (!slot || !desk || !communities.includes(desk.community_id)) throw new AppError('not_found');
      if (slot.cancelled || !desk.active || slot.starts_at <= this.clock.now()) throw new AppError('conflict', { reason: 'closed' }, [{ key: 'deliberation.slot_closed' }]);
      if (await repo.activeBooking(trx, slot.id, actor.userId)) throw new AppError('conflict', { reason: 'booked' }, [{ key: 'deliberation.already_booked' }]);
      if ((await repo.countBooked(trx, slot.id)) >= slot.capacity) throw new AppError('conflict', { reason: 'full' }, [{ key: 'deliberation.slot_full' }]);
      const bookingId = await repo.insertBooking(trx, { slot_id: slot.id, user_id: actor.userId, subject: body.subject });
      if (desk.host_user_id !== null) {
        await this.notifications.notify(trx, [desk.host_user_id], { kind: 'deliberation.booking', title: `${actor.displayName} 预约了 ${chinaDateTime(slot.starts_at)} 的协商`, body: body.subject.slice(0, 80), link: `/deliberation/desks/${desk.id}`, entityType: 'booking', entityId: bookingId });
      }
      await this.audit.record(trx, ctx, { action: 'deliberation.booking.create', entityType: 'booking', entityId: bookingId, place: place(desk.community_id), details: { slotId: slot.id } });
      return bookingId;
    });
    return this.presentBooking((await repo.bookingById(this.db, id))!, actor.displayName);
  }

  private presentBooking(b: NonNullable<Awaited<ReturnType<typeof repo.bookingById>>>, name: string): View<typeof S.BookingView> {
    return { id: b.id, slotId: b.slot_id, deskName: b.desk_name, place: b.place, startsAt: b.starts_at.toISOString(), endsAt: b.ends_at.toISOString(), subject: b.subject, status: b.status, name };
  }

  async myBookings(ctx: RequestContext) {
    const actor = requireActor(ctx.actor);
    const rows = await repo.bookingsWhere(this.db, { userId: actor.userId });
    return { items: rows.map((b) => this.presentBooking(b, actor.displayName)) };
  }

  async deskBookings(ctx: RequestContext, deskId: number) {
    const actor = requireActor(ctx.actor);
    await this.deskFor(actor, deskId, true);
    const rows = await repo.bookingsWhere(this.db, { deskId, from: new Date(this.clock.now().getTime() - 7 * 86_400_000) });
    const names = await this.names(rows.map((b) => b.user_id));
    return { items: rows.map((b) => this.presentBooking(b, names.get(b.user_id)!)) };
  }

  async cancelBooking(ctx: RequestContext, id: number) {
    const actor = requireActor(ctx.actor);
    const b = await repo.bookingById(this.db, id);
    if (!b || (b.user_id !== actor.userId && !this.manages(actor, b.community_id) && b.host_user_id !== actor.userId)) throw new AppError('not_found');
    if (b.starts_at <= this.clock.now()) throw new AppError('conflict', { reason: 'started' }, [{ key: 'deliberation.slot_closed' }]);
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.setBookingStatus(trx, id, 'cancelled', ['booked']))) throw new AppError('conflict', { reason: b.status }, [{ key: 'deliberation.booking_state' }]);
      const tell = b.user_id === actor.userId ? (b.host_user_id !== null ? [b.host_user_id] : []) : [b.user_id];
      await this.notifications.notify(trx, tell, { kind: 'deliberation.booking_cancelled', title: `${chinaDateTime(b.starts_at)} 的协商预约已取消`, body: b.subject.slice(0, 80), link: '/deliberation/bookings', entityType: 'booking', entityId: id });
      await this.audit.record(trx, ctx, { action: 'deliberation.booking.cancel', entityType: 'booking', entityId: id, place: place(b.community_id) });
    });
    return this.presentBooking((await repo.bookingById(this.db, id))!, (await this.names([b.user_id])).get(b.user_id)!);
  }

  async markBooking(ctx: RequestContext, id: number, status: 'attended' | 'no_show') {
    const actor = requireActor(ctx.actor);
    const b = await repo.bookingById(this.db, id);
    if (!b || (b.host_user_id !== actor.userId && !this.manages(actor, b.community_id))) throw new AppError('not_found');
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.setBookingStatus(trx, id, status, ['booked', 'attended', 'no_show']))) throw new AppError('conflict', { reason: b.status }, [{ key: 'deliberation.booking_state' }]);
      await this.audit.record(trx, ctx, { action: `deliberation.booking.${status}`, entityType: 'booking', entityId: id, place: place(b.community_id) });
    });
    return this.presentBooking((await repo.bookingById(this.db, id))!, (await this.names([b.user_id])).get(b.user_id)!);
  }

  /** Scheduled: an hour before a booked slot, the resident and the host are reminded. */
  async remindBookings(now: Date): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const due = await repo.takeDueReminders(trx, new Date(now.getTime() + 3_600_000), now);
      for (const b of due) {
        const desk = await repo.deskById(trx, b.desk_id);
        await this.notifications.notify(trx, [b.user_id, ...(desk?.host_user_id ? [desk.host_user_id] : [])], {
          kind: 'deliberation.booking_reminder',
          title: `提醒：${chinaDateTime(b.starts_at)} ${desk?.name ?? ''}协商`,
          body: b.subject.slice(0, 80),
          link: '/deliberation/bookings',
          entityType: 'booking',
          entityId: b.id,
        });
      }
      return due.length;
    });
  }

  // ---------- votes ----------

  /**
   * Publishes a vote. Its electorate is fixed now, from the people and households the
   * org module knows on the day voting opens: adult residents of the scope, one ballot
   * per person or per household; or, for an owners' decision, one per exclusive part
   * (household) with its floor area, cast by one of its owners.
   */
  async createVote(ctx: RequestContext, body: z.infer<typeof S.VoteBody>) {
    const actor = requireActor(ctx.actor);
    this.requireManages(actor, body.communityId);
    await this.checkScope(body.communityId, body.scopeKind, body.buildingIds, body.gridId);
    if (body.electorate === 'residents' && !body.options) throw new AppError('validation_failed', {}, [{ path: 'body.options', key: 'deliberation.options_required' }]);
    if (body.opensAt < new Date(this.clock.now().getTime() - 60_000)) throw new AppError('validation_failed', {}, [{ path: 'body.opensAt', key: 'deliberation.bad_times' }]);
    const options = body.electorate === 'owners' ? OWNER_OPTIONS : body.options!;
    if (new Set(options.map((o) => o.key)).size !== options.length) throw new AppError('validation_failed', {}, [{ path: 'body.options', key: 'deliberation.options_required' }]);
    const rule: VoteRule = body.electorate === 'owners' ? (body.special ? 'art278_special' : 'art278_ordinary') : 'plurality';
    const unit = body.electorate === 'owners' ? 'household' : body.ballotUnit;
    const scopePlace = { communityId: body.communityId, ...(body.scopeKind === 'buildings' ? { buildingIds: body.buildingIds } : {}), ...(body.scopeKind === 'grid' && body.gridId ? { gridId: body.gridId } : {}) };
    const people = await this.org.electorateOf(scopePlace, chinaDate(body.opensAt));
    const electors = new Map<string, { household_id: number | null; area_centi: number; person_ids: number[] }>();
    for (const p of people) {
      if (body.electorate === 'owners' && (!p.isOwner || p.householdId === null)) continue;
      const key = unit === 'household' && p.householdId !== null ? `h${p.householdId}` : `p${p.personId}`;
      const e = electors.get(key) ?? { household_id: p.householdId, area_centi: body.electorate === 'owners' ? areaToCenti(p.floorAreaM2) : 0, person_ids: [] };
      e.person_ids.push(p.personId);
      electors.set(key, e);
    }
    if (electors.size === 0) throw new AppError('validation_failed', {}, [{ path: 'body.scopeKind', key: 'deliberation.no_electorate' }]);
    const id = await this.db.transaction().execute(async (trx) => {
      if (body.topicId !== undefined) {
        const t = await repo.lockTopic(trx, body.topicId);
        if (!t || t.community_id !== body.communityId) throw new AppError('validation_failed', {}, [{ path: 'body.topicId', key: 'deliberation.unknown_topic' }]);
        if (!['on_agenda', 'voting', 'decided'].includes(t.status)) throw new AppError('conflict', { reason: t.status }, [{ key: 'deliberation.topic_not_on_agenda' }]);
        await repo.updateTopic(trx, t.id, { status: 'voting' });
      }
      const voteId = await repo.insertVote(trx, {
        community_id: body.communityId,
        topic_id: body.topicId ?? null,
        title: body.title,
        question: body.question,
        options,
        electorate: body.electorate,
        scope_kind: body.scopeKind,
        building_ids: body.scopeKind === 'buildings' ? body.buildingIds : [],
        grid_id: body.scopeKind === 'grid' ? (body.gridId ?? null) : null,
        ballot_unit: unit,
        allow_change: body.allowChange,
        rule,
        notice_at: body.noticeAt,
        opens_at: body.opensAt,
        closes_at: body.closesAt,
        voters: electors.size,
        total_area_centi: [...electors.values()].reduce((a, e) => a + e.area_centi, 0),
        result: null,
        created_by: actor.userId,
      });
      await repo.insertElectors(trx, [...electors].map(([voter_key, e]) => ({ vote_id: voteId, voter_key, ...e })));
      await this.audit.record(trx, ctx, { action: 'deliberation.vote.create', entityType: 'vote', entityId: voteId, place: place(body.communityId), details: { title: body.title, rule, voters: electors.size } });
      return voteId;
    });
    return this.vote(ctx, id);
  }

  private phase(v: { status: string; opens_at: Date; closes_at: Date }): View<typeof S.VotePhase> {
    if (v.status === 'cancelled') return 'cancelled';
    if (v.status === 'counted') return 'counted';
    const now = this.clock.now();
    if (now < v.opens_at) return 'notice';
    return now < v.closes_at ? 'open' : 'closed';
  }

  async votes(ctx: RequestContext, q: z.infer<typeof S.VoteListQuery>) {
    const actor = requireActor(ctx.actor);
    const mine = await this.communitiesOf(actor);
    const communityIds = q.communityId ? mine.filter((c) => c === q.communityId) : mine;
    // A phase depends on the clock, so it filters after the page is read; pages stay in id order.
    const rows = await repo.listVotes(this.db, communityIds, decodeCursor(q.cursor)?.id ?? null, q.limit);
    const result = page(rows, q.limit, (v) => ({ ...this.presentVoteSummary(v), ballots: Number(v.ballots ?? 0) }));
    return q.phase ? { ...result, items: result.items.filter((v) => v.phase === q.phase) } : result;
  }

  private presentVoteSummary(v: NonNullable<Awaited<ReturnType<typeof repo.voteById>>>) {
    return {
      id: v.id,
      communityId: v.community_id,
      topicId: v.topic_id,
      title: v.title,
      electorate: v.electorate,
      rule: v.rule,
      phase: this.phase(v),
      opensAt: v.opens_at.toISOString(),
      closesAt: v.closes_at.toISOString(),
      voters: v.voters,
    };
  }

  async vote(ctx: RequestContext, id: number): Promise<View<typeof S.VoteView>> {
    const actor = requireActor(ctx.actor);
    const v = await repo.voteById(this.db, id);
    if (!v || !(await this.communitiesOf(actor)).includes(v.community_id)) throw new AppError('not_found');
    const elector = actor.personId !== null ? await repo.electorOf(this.db, id, actor.personId) : undefined;
    const mine = elector ? await repo.ballotOf(this.db, id, elector.voter_key) : undefined;
    return this.presentVote(actor, v, elector !== undefined, mine?.choice ?? null);
  }

  private async presentVote(actor: Actor, v: NonNullable<Awaited<ReturnType<typeof repo.voteById>>>, eligible: boolean, myChoice: string | null): Promise<View<typeof S.VoteView>> {
    const ballots = await repo.countBallots(this.db, v.id);
    const phase = this.phase(v);
    // Tallies only once voting has closed, so that no running count sways anyone.
    const result = phase === 'counted' ? (v.result as View<typeof S.VoteView>['result']) : phase === 'closed' ? await this.reckon(this.db, v, null) : null;
    return {
      ...this.presentVoteSummary(v),
      ballots,
      question: v.question,
      options: v.options,
      scopeKind: v.scope_kind,
      buildingIds: v.building_ids,
      gridId: v.grid_id,
      ballotUnit: v.ballot_unit,
      allowChange: v.allow_change,
      noticeAt: v.notice_at.toISOString(),
      totalAreaM2: Number(v.total_area_centi) / 100,
      eligible,
      myChoice,
      turnout: { num: ballots, den: v.voters, value: v.voters ? Math.round((ballots / v.voters) * 1_000_000) / 1_000_000 : 0 },
      result,
      canManage: this.manages(actor, v.community_id),
    };
  }

  private async reckon(db: Executor, v: NonNullable<Awaited<ReturnType<typeof repo.voteById>>>, countedAt: Date | null) {
    const ballots = (await repo.ballotsWithArea(db, v.id)).map((b) => ({ choice: b.choice, areaCenti: Number(b.area_centi) }));
    const tallies = tallyOptions(v.options, ballots);
    const reckoning =
      v.rule === 'plurality'
        ? reckonPlurality(v.voters, tallies)
        : reckonArt278({ special: v.rule === 'art278_special', owners: v.voters, totalAreaCenti: Number(v.total_area_centi), ballots });
    return { tallies: tallies.map((t) => ({ key: t.key, label: t.label, ballots: t.ballots, areaM2: t.areaCenti / 100 })), reckoning, countedAt: countedAt?.toISOString() ?? null };
  }

  /**
   * Casts (or, where allowed, changes) the caller's ballot. One per voter: the ballot's
   * primary key settles concurrent requests; the first cast is an event (participation points).
   */
  async castBallot(ctx: RequestContext, id: number, body: z.infer<typeof S.BallotBody>) {
    const actor = requireActor(ctx.actor);
    const communities = await this.communitiesOf(actor);
    const v = await repo.voteById(this.db, id);
    if (!v || !communities.includes(v.community_id)) throw new AppError('not_found');
    if (this.phase(v) !== 'open') throw new AppError('conflict', { reason: this.phase(v) }, [{ key: 'deliberation.vote_not_open' }]);
    if (!v.options.some((o) => o.key === body.choice)) throw new AppError('validation_failed', {}, [{ path: 'body.choice', key: 'deliberation.unknown_option' }]);
    const elector = actor.personId !== null ? await repo.electorOf(this.db, id, actor.personId) : undefined;
    if (!elector) throw new AppError('forbidden', {}, [{ key: 'deliberation.not_eligible' }]);
    const outcome = await this.db.transaction().execute(async (trx) => {
      // Checked again under a share lock: the vote may have been cancelled or counted since.
      const now = await repo.voteForShare(trx, id);
      if (!now || this.phase(now) !== 'open') throw new AppError('conflict', { reason: now ? this.phase(now) : 'gone' }, [{ key: 'deliberation.vote_not_open' }]);
      const result = await repo.castBallot(trx, { vote_id: id, voter_key: elector.voter_key, choice: body.choice, cast_by: actor.userId, cast_at: this.clock.now() }, v.allow_change);
      if (result === 'exists') return result;
      // Who voted is on record; what they chose is not (a secret ballot).
      await this.audit.record(trx, ctx, { action: result === 'cast' ? 'deliberation.vote.cast' : 'deliberation.vote.change', entityType: 'vote', entityId: id, place: place(v.community_id) });
      if (result === 'cast') await this.jobs.publish(trx, 'vote.cast', { userId: actor.userId, communityId: v.community_id, referenceId: `vote:${id}`, memo: `参与表决：${v.title}` }, actor.userId);
      return result;
    });
    if (outcome === 'exists') throw new AppError('conflict', { reason: 'voted' }, [{ key: 'deliberation.already_voted' }]);
    // What was read for the checks answers too: only the count is new.
    return this.presentVote(actor, v, true, body.choice);
  }

  /** Staff count a closed vote and publish the result; the scheduler does it too (countClosedVotes). */
  async countVote(ctx: RequestContext, id: number) {
    requireActor(ctx.actor);
    await this.count(ctx, id);
    return this.vote(ctx, id);
  }

  /** Counts a closed vote, publishes the result, and turns a passed one into a decision to follow through. */
  private async count(ctx: RequestContext, id: number) {
    const actor = ctx.actor;
    await this.db.transaction().execute(async (trx) => {
      const v = await repo.lockVote(trx, id);
      if (!v) throw new AppError('not_found');
      if (actor) await this.requireManager(actor, v.community_id);
      if (this.phase(v) !== 'closed') throw new AppError('conflict', { reason: this.phase(v) }, [{ key: 'deliberation.vote_not_closed' }]);
      const now = this.clock.now();
      const result = await this.reckon(trx, v, now);
      await repo.updateVote(trx, id, { status: 'counted', result });
      const passed = result.reckoning.rule === 'plurality' ? result.reckoning.winner !== null : result.reckoning.passed;
      const winner = result.reckoning.rule === 'plurality' ? v.options.find((o) => o.key === (result.reckoning as { winner: string | null }).winner)?.label : undefined;
      if (passed) {
        await repo.insertDecisions(trx, [
          {
            community_id: v.community_id,
            topic_id: v.topic_id,
            meeting_id: null,
            vote_id: id,
            title: v.title,
            text: result.reckoning.rule === 'plurality' ? `表决结果：${winner}` : `${v.question}——经业主共同决定通过（${result.reckoning.rule === 'art278_special' ? '四分之三以上' : '过半数'}）`,
            created_by: actor?.userId ?? null,
          },
        ]);
      }
      if (v.topic_id !== null) await repo.updateTopic(trx, v.topic_id, { status: passed ? 'decided' : 'on_agenda' });
      await this.audit.record(trx, actor ? ctx : systemContext(), { action: 'deliberation.vote.count', entityType: 'vote', entityId: id, place: place(v.community_id), details: { passed } });
    });
  }

  /**
   * Scheduled: votes past their closing time are counted. One that fails does not stop
   * the others; the first failure is thrown at the end, for the scheduler to log, and the
   * vote is tried again next time.
   */
  async countClosedVotes(now: Date): Promise<number> {
    const due = await repo.votesToCount(this.db, now, 100);
    let counted = 0;
    let failure: unknown = null;
    for (const v of due) {
      try {
        await this.count(systemContext(), v.id);
        counted++;
      } catch (error) {
        // Counted meanwhile by staff (409) is fine.
        if (!(error instanceof AppError && error.code === 'conflict')) failure ??= error;
      }
    }
    if (failure) throw failure;
    return counted;
  }

  async cancelVote(ctx: RequestContext, id: number) {
    const actor = requireActor(ctx.actor);
    await this.db.transaction().execute(async (trx) => {
      const v = await repo.lockVote(trx, id);
      if (!v) throw new AppError('not_found');
      await this.requireManager(actor, v.community_id);
      if (!['notice', 'open'].includes(this.phase(v))) throw new AppError('conflict', { reason: this.phase(v) }, [{ key: 'deliberation.vote_not_open' }]);
      await repo.updateVote(trx, id, { status: 'cancelled' });
      if (v.topic_id !== null) await repo.updateTopic(trx, v.topic_id, { status: 'on_agenda' });
      await this.audit.record(trx, ctx, { action: 'deliberation.vote.cancel', entityType: 'vote', entityId: id, place: place(v.community_id) });
    });
    return this.vote(ctx, id);
  }

  // ---------- comments ----------

  private async target(actor: Actor, targetType: 'topic' | 'vote', targetId: number) {
    const row = targetType === 'topic' ? await repo.topicById(this.db, targetId) : await repo.voteById(this.db, targetId);
    if (!row || !(await this.communitiesOf(actor)).includes(row.community_id)) throw new AppError('not_found');
    return row.community_id;
  }

  async comments(ctx: RequestContext, targetType: 'topic' | 'vote', targetId: number) {
    const actor = requireActor(ctx.actor);
    const communityId = await this.target(actor, targetType, targetId);
    const staff = this.manages(actor, communityId);
    const rows = await repo.commentsOf(this.db, targetType, targetId);
    return { items: rows.map((c) => this.presentComment(c, actor, staff)) };
  }

  private presentComment(c: NonNullable<Awaited<ReturnType<typeof repo.commentById>>>, actor: Actor, staff: boolean): View<typeof S.CommentView> {
    const hidden = c.status === 'hidden';
    return { id: c.id, parentId: c.parent_id, authorName: c.author_name, body: hidden && !staff ? '' : c.body, hidden, flags: staff ? c.flags : 0, mine: c.author_user_id === actor.userId, createdAt: c.created_at.toISOString() };
  }

  async addComment(ctx: RequestContext, targetType: 'topic' | 'vote', targetId: number, body: z.infer<typeof S.CommentBody>) {
    const actor = requireActor(ctx.actor);
    const communityId = await this.target(actor, targetType, targetId);
    if (body.parentId !== undefined) {
      const parent = await repo.commentById(this.db, body.parentId);
      if (!parent || parent.target_type !== targetType || parent.target_id !== targetId) throw new AppError('validation_failed', {}, [{ path: 'body.parentId', key: 'deliberation.unknown_comment' }]);
    }
    const id = await this.db.transaction().execute(async (trx) => {
      const commentId = await repo.insertComment(trx, { target_type: targetType, target_id: targetId, community_id: communityId, parent_id: body.parentId ?? null, author_user_id: actor.userId, author_name: actor.displayName, body: body.body });
      await this.audit.record(trx, ctx, { action: 'deliberation.comment.add', entityType: 'comment', entityId: commentId, place: place(communityId), details: { targetType, targetId } });
      return commentId;
    });
    return this.presentComment((await repo.commentById(this.db, id))!, actor, this.manages(actor, communityId));
  }

  async flag(ctx: RequestContext, commentId: number, body: z.infer<typeof S.FlagBody>) {
    const actor = requireActor(ctx.actor);
    const c = await repo.commentById(this.db, commentId);
    if (!c || !(await this.communitiesOf(actor)).includes(c.community_id)) throw new AppError('not_found');
    await this.db.transaction().execute(async (trx) => {
      if (await repo.flagComment(trx, commentId, actor.userId, body.reason)) {
        await this.audit.record(trx, ctx, { action: 'deliberation.comment.flag', entityType: 'comment', entityId: commentId, place: place(c.community_id), details: { reason: body.reason } });
      }
    });
    return { ok: true as const };
  }

  async moderate(ctx: RequestContext, commentId: number, body: z.infer<typeof S.ModerateBody>) {
    const actor = requireActor(ctx.actor);
    const c = await repo.commentById(this.db, commentId);
    if (!c) throw new AppError('not_found');
    await this.requireManager(actor, c.community_id);
    await this.db.transaction().execute(async (trx) => {
      await repo.moderateComment(trx, commentId, body.hidden, actor.userId, body.reason);
      await this.audit.record(trx, ctx, { action: body.hidden ? 'deliberation.comment.hide' : 'deliberation.comment.show', entityType: 'comment', entityId: commentId, place: place(c.community_id), details: { reason: body.reason } });
    });
    return this.presentComment((await repo.commentById(this.db, commentId))!, actor, true);
  }

  async flagged(ctx: RequestContext, q: z.infer<typeof S.FlaggedQuery>) {
    const scope = requirePermission(ctx.actor, 'deliberation.manage');
    const actor = ctx.actor!;
    const communityIds = q.communityId ? scope.divisionIds.filter((d) => d === q.communityId) : [...scope.divisionIds];
    const rows = await repo.flaggedComments(this.db, communityIds, decodeCursor(q.cursor)?.id ?? null, q.limit);
    return page(rows, q.limit, (c) => ({ ...this.presentComment(c, actor, true), targetType: c.target_type, targetId: c.target_id }));
  }
}

