import type { Kysely } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { requireActor } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { Jobs } from '../../platform/jobs.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import type { MediaService } from '../media/service.ts';
import type { NotificationsService } from '../notifications/service.ts';
import type { OrgService } from '../org/service.ts';
import type { TopicAction } from './access.ts';
import { Communities, type DeliberationDeps } from './communities.ts';
import { Decisions } from './decisions.ts';
import { Desks } from './desks.ts';
import { Meetings } from './meetings.ts';
import type * as S from './schema.ts';
import { Topics } from './topics.ts';
import { DeliberationPublicReads } from './public-reads.ts';
import { Votes } from './votes.ts';

export { DEFAULT_SUPPORT_THRESHOLD } from './topics.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/**
 * Community deliberation (协商议事): topics raised and supported onto the agenda, meetings
 * and their minutes, decisions followed through, 协商铃 desks and bookings, votes with a
 * fixed electorate, and comments. This class is the module's face; the work is done by
 * concern in topics.ts, meetings.ts, decisions.ts, desks.ts and votes.ts.
 */
export class DeliberationService {
  private readonly topicsOf: Topics;
  private readonly meetingsOf: Meetings;
  private readonly decisionsOf: Decisions;
  private readonly desksOf: Desks;
  private readonly votesOf: Votes;
  /** The public page's reads (公示): votes' notices and counted results, decisions and progress. */
  readonly publicReads: DeliberationPublicReads;

  constructor(
    db: Kysely<DB>,
    clock: Clock,
    audit: AuditService,
    jobs: Jobs,
    org: OrgService,
    auth: AuthService,
    media: MediaService,
    notifications: NotificationsService,
    options: { timeZone: string },
  ) {
    const deps: DeliberationDeps = {
      db,
      clock,
      audit,
      jobs,
      org,
      auth,
      media,
      notifications,
      timeZone: options.timeZone,
    };
    const communities = new Communities(deps);
    this.topicsOf = new Topics(deps, communities);
    this.meetingsOf = new Meetings(deps, communities);
    this.decisionsOf = new Decisions(deps, communities);
    this.desksOf = new Desks(deps, communities);
    this.votesOf = new Votes(deps, communities);
    this.publicReads = new DeliberationPublicReads(deps);
  }

  // ----- settings, topics and comments -----

  settings(ctx: RequestContext, communityId: number): Promise<View<typeof S.SettingsView>> {
    return this.topicsOf.settings(ctx, communityId);
  }

  setSettings(ctx: RequestContext, body: z.infer<typeof S.SettingsBody>) {
    return this.topicsOf.setSettings(ctx, body);
  }

  raiseTopic(ctx: RequestContext, body: z.infer<typeof S.TopicBody>) {
    return this.topicsOf.raise(ctx, body);
  }

  topics(ctx: RequestContext, q: z.infer<typeof S.TopicListQuery>) {
    return this.topicsOf.list(ctx, q);
  }

  topic(ctx: RequestContext, id: number): Promise<View<typeof S.TopicView>> {
    return this.topicsOf.get(ctx, id);
  }

  support(ctx: RequestContext, id: number) {
    return this.topicsOf.support(ctx, id);
  }

  topicAction(ctx: RequestContext, id: number, action: TopicAction, body: z.infer<typeof S.TopicActionBody>) {
    return this.topicsOf.act(ctx, id, action, body);
  }

  comments(ctx: RequestContext, targetType: 'topic' | 'vote', targetId: number) {
    return this.topicsOf.comments(ctx, targetType, targetId);
  }

  addComment(ctx: RequestContext, targetType: 'topic' | 'vote', targetId: number, body: z.infer<typeof S.CommentBody>) {
    return this.topicsOf.addComment(ctx, targetType, targetId, body);
  }

  flag(ctx: RequestContext, commentId: number, body: z.infer<typeof S.FlagBody>) {
    return this.topicsOf.flag(ctx, commentId, body);
  }

  moderate(ctx: RequestContext, commentId: number, body: z.infer<typeof S.ModerateBody>) {
    return this.topicsOf.moderate(ctx, commentId, body);
  }

  flagged(ctx: RequestContext, q: z.infer<typeof S.FlaggedQuery>) {
    return this.topicsOf.flagged(ctx, q);
  }

  // ----- meetings -----

  createMeeting(ctx: RequestContext, body: z.infer<typeof S.MeetingBody>) {
    return this.meetingsOf.create(ctx, body);
  }

  meetings(ctx: RequestContext, q: z.infer<typeof S.MeetingListQuery>) {
    return this.meetingsOf.list(ctx, q);
  }

  meeting(ctx: RequestContext, id: number): Promise<View<typeof S.MeetingView>> {
    return this.meetingsOf.get(ctx, id);
  }

  addToAgenda(ctx: RequestContext, id: number, topicId: number) {
    return this.meetingsOf.addToAgenda(ctx, id, topicId);
  }

  invite(ctx: RequestContext, id: number, body: z.infer<typeof S.ParticipantsBody>) {
    return this.meetingsOf.invite(ctx, id, body);
  }

  attendance(ctx: RequestContext, id: number, body: z.infer<typeof S.AttendanceBody>) {
    return this.meetingsOf.attendance(ctx, id, body);
  }

  recordMinutes(ctx: RequestContext, id: number, body: z.infer<typeof S.MinutesBody>) {
    return this.meetingsOf.recordMinutes(ctx, id, body);
  }

  cancelMeeting(ctx: RequestContext, id: number) {
    return this.meetingsOf.cancel(ctx, id);
  }

  // ----- decisions, followed through -----

  decisions(ctx: RequestContext, q: z.infer<typeof S.DecisionListQuery>) {
    return this.decisionsOf.list(ctx, q);
  }

  decision(ctx: RequestContext, id: number): Promise<View<typeof S.DecisionView>> {
    return this.decisionsOf.get(ctx, id);
  }

  updateDecision(ctx: RequestContext, id: number, body: z.infer<typeof S.DecisionUpdateBody>) {
    return this.decisionsOf.update(ctx, id, body);
  }

  /** A decision made outside meetings and votes (a participatory budget's funded project), in the caller's transaction. */
  recordDecision(trx: Executor, input: { communityId: number; title: string; text: string; createdBy: number }) {
    return this.decisionsOf.record(trx, input);
  }

  // ----- 协商铃: desks, slots, bookings -----

  createDesk(ctx: RequestContext, body: z.infer<typeof S.DeskBody>) {
    return this.desksOf.create(ctx, body);
  }

  desks(ctx: RequestContext, communityId: number | undefined) {
    return this.desksOf.list(ctx, communityId);
  }

  addSlots(ctx: RequestContext, deskId: number, body: z.infer<typeof S.SlotsBody>) {
    return this.desksOf.addSlots(ctx, deskId, body);
  }

  slots(ctx: RequestContext, deskId: number, q: z.infer<typeof S.SlotQuery>) {
    return this.desksOf.slots(ctx, deskId, q);
  }

  book(ctx: RequestContext, body: z.infer<typeof S.BookingBody>) {
    return this.desksOf.book(ctx, body);
  }

  myBookings(ctx: RequestContext) {
    return this.desksOf.myBookings(ctx);
  }

  deskBookings(ctx: RequestContext, deskId: number) {
    return this.desksOf.deskBookings(ctx, deskId);
  }

  cancelBooking(ctx: RequestContext, id: number) {
    return this.desksOf.cancelBooking(ctx, id);
  }

  markBooking(ctx: RequestContext, id: number, status: 'attended' | 'no_show') {
    return this.desksOf.markBooking(ctx, id, status);
  }

  /** Scheduled: an hour before a booked slot, the resident and the host are reminded. */
  remindBookings(now: Date): Promise<number> {
    return this.desksOf.remind(now);
  }

  // ----- votes and ballots -----

  createVote(ctx: RequestContext, body: z.infer<typeof S.VoteBody>) {
    return this.votesOf.create(ctx, body);
  }

  countOpenVotes(ctx: RequestContext, communityIds: readonly number[] | undefined) {
    return this.votesOf.countOpen(ctx, communityIds);
  }

  votes(ctx: RequestContext, q: z.infer<typeof S.VoteListQuery>) {
    return this.votesOf.list(ctx, q);
  }

  nonVoters(ctx: RequestContext, id: number, q: z.infer<typeof S.NonVoterQuery>) {
    return this.votesOf.nonVoters(ctx, id, q);
  }

  remind(ctx: RequestContext, id: number) {
    return this.votesOf.remind(ctx, id);
  }

  vote(ctx: RequestContext, id: number): Promise<View<typeof S.VoteView>> {
    return this.votesOf.get(ctx, id);
  }

  castBallot(ctx: RequestContext, id: number, body: z.infer<typeof S.BallotBody>) {
    return this.votesOf.cast(ctx, id, body);
  }

  /** Staff count a closed vote and publish the result; the scheduler does it too (countClosedVotes). */
  async countVote(ctx: RequestContext, id: number) {
    // A signed-in caller only: without one, count() would run as the scheduler.
    requireActor(ctx.actor);
    await this.votesOf.count(ctx, id);
    return this.vote(ctx, id);
  }

  /** Scheduled: votes past their closing time are counted. */
  countClosedVotes(now: Date): Promise<number> {
    return this.votesOf.countClosed(now);
  }

  /** 录入纸质票 / 登记委托: a paper or proxy ballot entered by staff for an elector. */
  enterBallot(ctx: RequestContext, id: number, body: z.infer<typeof S.BallotEntryBody>) {
    return this.votesOf.enterBallot(ctx, id, body);
  }

  ballotEntries(ctx: RequestContext, id: number, q: { cursor?: string | undefined; limit: number }) {
    return this.votesOf.entries(ctx, id, q);
  }

  revealProxy(ctx: RequestContext, id: number, entryId: number) {
    return this.votesOf.revealProxy(ctx, id, entryId);
  }

  electors(ctx: RequestContext, id: number, q: z.infer<typeof S.ElectorQuery>) {
    return this.votesOf.electors(ctx, id, q);
  }

  cancelVote(ctx: RequestContext, id: number) {
    return this.votesOf.cancel(ctx, id);
  }
}
