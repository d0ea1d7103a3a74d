import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import { requireActor } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { addDays, addMonths, localInstant, localParts } from '../../platform/local-time.ts';
import { decodeCursor } from '../../platform/pagination.ts';
import { manages, placeOf } from './access.ts';
import type { Communities, DeliberationDeps } from './communities.ts';
import { presentMeeting, presentMeetingSummary, presentPage } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

const RECURRENCE_DAYS = { weekly: 7, semimonthly: 14 } as const;

/** Meetings (议事会, 半月谈): scheduled alone or as a series, their agenda, who is invited and who came, and the minutes with their decisions. */
export class Meetings {
  constructor(
    private readonly d: DeliberationDeps,
    private readonly communities: Communities,
  ) {}

  async create(ctx: RequestContext, body: z.infer<typeof S.MeetingBody>) {
    const actor = requireActor(ctx.actor);
    this.communities.requireManages(actor, body.communityId);
    if (body.endsAt <= body.startsAt)
      throw new AppError('validation_failed', {}, [{ path: 'body.endsAt', key: 'deliberation.bad_times' }]);
    const occurrences = body.recurrence === 'none' ? 1 : body.occurrences;
    const id = await this.d.db.transaction().execute(async (trx) => {
      const now = this.d.clock.now();
      let first = 0;
      // Each occurrence on its local day at the same local time, lasting as long as the first.
      const from = localParts(body.startsAt, this.d.timeZone);
      const length = body.endsAt.getTime() - body.startsAt.getTime();
      for (let i = 0; i < occurrences; i++) {
        const day =
          body.recurrence === 'monthly'
            ? addMonths(from.date, i)
            : addDays(from.date, body.recurrence === 'none' ? 0 : i * RECURRENCE_DAYS[body.recurrence]);
        const startsAt = localInstant(day, from.seconds, this.d.timeZone);
        const meetingId = await repo.insertMeeting(trx, {
          community_id: body.communityId,
          kind: body.kind,
          title: body.title,
          place: body.place,
          starts_at: startsAt,
          ends_at: new Date(startsAt.getTime() + length),
          series_id: i === 0 ? null : first,
          recurrence: body.recurrence,
          created_by: actor.userId,
          created_at: now,
        });
        if (i === 0) {
          first = meetingId;
          if (occurrences > 1) await repo.updateMeeting(trx, meetingId, { series_id: meetingId });
        }
      }
      for (const topicId of body.topicIds) await this.putOnAgenda(trx, first, body.communityId, topicId);
      await repo.addParticipants(trx, first, body.participantUserIds, 'resident');
      await this.d.audit.record(trx, ctx, {
        action: 'deliberation.meeting.create',
        entityType: 'meeting',
        entityId: first,
        place: placeOf(body.communityId),
        details: { title: body.title, kind: body.kind, occurrences },
      });
      return first;
    });
    return this.get(ctx, id);
  }

  private async putOnAgenda(trx: Executor, meetingId: number, communityId: number, topicId: number) {
    const t = await repo.lockTopic(trx, topicId);
    if (!t || t.community_id !== communityId)
      throw new AppError('validation_failed', {}, [{ path: 'body.topicId', key: 'deliberation.unknown_topic' }]);
    // A topic is debated once it is on the agenda; it may take several rounds (the seeds' carport took four).
    if (!['on_agenda', 'voting', 'decided'].includes(t.status))
      throw new AppError('conflict', { reason: t.status }, [{ key: 'deliberation.topic_not_on_agenda' }]);
    await repo.addAgendaItem(trx, meetingId, topicId, await repo.nextRound(trx, topicId));
  }

  async list(ctx: RequestContext, q: z.infer<typeof S.MeetingListQuery>) {
    const actor = requireActor(ctx.actor);
    const mine = await this.communities.of(actor);
    const communityIds = q.communityId ? mine.filter((c) => c === q.communityId) : mine;
    const rows = await repo.listMeetings(
      this.d.db,
      { communityIds, from: q.upcoming ? this.d.clock.now() : undefined },
      decodeCursor(q.cursor)?.id ?? null,
      q.limit,
    );
    return presentPage(rows, q.limit, (m) => presentMeetingSummary(m, Number(m.topics ?? 0)));
  }

  async get(ctx: RequestContext, id: number): Promise<View<typeof S.MeetingView>> {
    const actor = requireActor(ctx.actor);
    const m = await repo.meetingById(this.d.db, id);
    if (!m || !(await this.communities.of(actor)).includes(m.community_id)) throw new AppError('not_found');
    const [agenda, participants, decisions] = await Promise.all([
      repo.agendaOf(this.d.db, id),
      repo.participantsOf(this.d.db, id),
      repo.decisionsWhere(this.d.db, { meetingId: id }),
    ]);
    const names = await this.communities.names(participants.map((p) => p.user_id));
    return presentMeeting(m, { agenda, participants, decisions, names, canManage: manages(actor, m.community_id) });
  }

  /** The meeting, locked, for a change by the staff who run its community. */
  private async managed(ctx: RequestContext, id: number, trx: Executor) {
    const actor = requireActor(ctx.actor);
    const m = await repo.lockMeeting(trx, id);
    if (!m) throw new AppError('not_found');
    await this.communities.requireManager(actor, m.community_id, trx);
    return { actor, m };
  }

  async addToAgenda(ctx: RequestContext, id: number, topicId: number) {
    await this.d.db.transaction().execute(async (trx) => {
      const { m } = await this.managed(ctx, id, trx);
      if (m.status !== 'scheduled')
        throw new AppError('conflict', { reason: m.status }, [{ key: 'deliberation.meeting_not_scheduled' }]);
      await this.putOnAgenda(trx, id, m.community_id, topicId);
      await this.d.audit.record(trx, ctx, {
        action: 'deliberation.meeting.agenda',
        entityType: 'meeting',
        entityId: id,
        place: placeOf(m.community_id),
        details: { topicId },
      });
    });
    return this.get(ctx, id);
  }

  async invite(ctx: RequestContext, id: number, body: z.infer<typeof S.ParticipantsBody>) {
    await this.d.db.transaction().execute(async (trx) => {
      const { m } = await this.managed(ctx, id, trx);
      await this.communities.requireUsersOf(m.community_id, body.userIds, 'body.userIds', trx);
      await repo.addParticipants(trx, id, body.userIds, body.party);
      await this.d.notifications.notify(trx, body.userIds, {
        kind: 'deliberation.meeting_invite',
        title: { key: 'notify.deliberation.meeting_invite', params: { title: m.title } },
        body: `${this.communities.localDateTime(m.starts_at)} ${m.place}`,
        link: `/deliberation/meetings/${id}`,
        entityType: 'meeting',
        entityId: id,
      });
      await this.d.audit.record(trx, ctx, {
        action: 'deliberation.meeting.invite',
        entityType: 'meeting',
        entityId: id,
        place: placeOf(m.community_id),
        details: { userIds: body.userIds, party: body.party },
      });
    });
    return this.get(ctx, id);
  }

  /** Who came; each attendee's first attendance is an event (participation points). */
  async attendance(ctx: RequestContext, id: number, body: z.infer<typeof S.AttendanceBody>) {
    await this.d.db.transaction().execute(async (trx) => {
      const { actor, m } = await this.managed(ctx, id, trx);
      if (m.status === 'cancelled')
        throw new AppError('conflict', { reason: m.status }, [{ key: 'deliberation.meeting_not_scheduled' }]);
      await this.communities.requireUsersOf(m.community_id, body.userIds, 'body.userIds', trx);
      const newly = await repo.markAttendance(trx, id, body.userIds, this.d.clock.now());
      for (const userId of newly) {
        await this.d.jobs.publish(
          trx,
          'meeting.attended',
          { userId, communityId: m.community_id, referenceId: `meeting:${id}`, memo: `参加${m.title}` },
          actor.userId,
        );
      }
      await this.d.audit.record(trx, ctx, {
        action: 'deliberation.meeting.attendance',
        entityType: 'meeting',
        entityId: id,
        place: placeOf(m.community_id),
        details: { present: body.userIds.length },
      });
    });
    return this.get(ctx, id);
  }

  /** The minutes of a meeting held: what each topic came to, and the decisions, which are then followed through. */
  async recordMinutes(ctx: RequestContext, id: number, body: z.infer<typeof S.MinutesBody>) {
    await this.d.db.transaction().execute(async (trx) => {
      const { actor, m } = await this.managed(ctx, id, trx);
      // Minutes are taken once: a second set would double the decisions.
      if (m.status !== 'scheduled')
        throw new AppError('conflict', { reason: m.status }, [
          { key: m.status === 'held' ? 'deliberation.minutes_taken' : 'deliberation.meeting_not_scheduled' },
        ]);
      const now = this.d.clock.now();
      if (m.starts_at > now)
        throw new AppError('conflict', { reason: 'not yet held' }, [{ key: 'deliberation.meeting_not_held' }]);
      const onAgenda = new Set((await repo.agendaOf(trx, id)).map((a) => a.topic_id));
      for (const o of body.outcomes) {
        if (!onAgenda.has(o.topicId))
          throw new AppError('validation_failed', {}, [{ path: 'body.outcomes', key: 'deliberation.unknown_topic' }]);
        await repo.setOutcome(trx, id, o.topicId, o.outcome);
      }
      for (const d of body.decisions) {
        if (d.topicId !== undefined && !onAgenda.has(d.topicId))
          throw new AppError('validation_failed', {}, [{ path: 'body.decisions', key: 'deliberation.unknown_topic' }]);
      }
      await repo.updateMeeting(trx, id, { minutes: body.minutes, status: 'held' });
      await repo.insertDecisions(
        trx,
        body.decisions.map((d) => ({
          community_id: m.community_id,
          topic_id: d.topicId ?? null,
          meeting_id: id,
          vote_id: null,
          title: d.title,
          text: d.text,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        })),
      );
      for (const topicId of new Set(body.decisions.map((d) => d.topicId).filter((t): t is number => t !== undefined))) {
        await repo.updateTopic(trx, topicId, { status: 'decided' }, now);
      }
      await this.d.audit.record(trx, ctx, {
        action: 'deliberation.meeting.minutes',
        entityType: 'meeting',
        entityId: id,
        place: placeOf(m.community_id),
        details: { decisions: body.decisions.length },
      });
    });
    return this.get(ctx, id);
  }

  async cancel(ctx: RequestContext, id: number) {
    await this.d.db.transaction().execute(async (trx) => {
      const { m } = await this.managed(ctx, id, trx);
      if (m.status !== 'scheduled')
        throw new AppError('conflict', { reason: m.status }, [{ key: 'deliberation.meeting_not_scheduled' }]);
      await repo.updateMeeting(trx, id, { status: 'cancelled' });
      const invited = (await repo.participantsOf(trx, id)).map((p) => p.user_id);
      await this.d.notifications.notify(trx, invited, {
        kind: 'deliberation.meeting_cancelled',
        title: { key: 'notify.deliberation.meeting_cancelled', params: { title: m.title } },
        link: `/deliberation/meetings/${id}`,
        entityType: 'meeting',
        entityId: id,
      });
      await this.d.audit.record(trx, ctx, {
        action: 'deliberation.meeting.cancel',
        entityType: 'meeting',
        entityId: id,
        place: placeOf(m.community_id),
      });
    });
    return this.get(ctx, id);
  }
}
