import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import * as S from './schema.ts';
import { PageQuery } from '../../platform/pagination.ts';
import type { DeliberationService } from './service.ts';

const tags = ['deliberation'];
const conflict = { 409: ErrorBody.describe('Not in the state this needs (closed, full, already done)') };
const Ok = z.object({ ok: z.literal(true) });

export function deliberationRoutes(app: FastifyInstance, d: DeliberationService) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/deliberation/settings/:id',
    {
      schema: {
        tags,
        summary: "A community's deliberation settings (support threshold)",
        params: S.IdParams,
        response: { 200: S.SettingsView, ...errorResponses },
      },
    },
    (req) => d.settings(req.ctx, req.params.id),
  );
  r.put(
    '/api/deliberation/settings',
    {
      schema: {
        tags,
        summary: 'Set how many supporters put a topic onto the agenda',
        body: S.SettingsBody,
        response: { 200: S.SettingsView, ...errorResponses },
      },
    },
    (req) => d.setSettings(req.ctx, req.body),
  );

  r.get(
    '/api/deliberation/topics',
    {
      schema: {
        tags,
        summary: 'Topics (议题) of my community, newest first',
        querystring: S.TopicListQuery,
        response: { 200: S.TopicList, ...errorResponses },
      },
    },
    (req) => d.topics(req.ctx, req.query),
  );
  r.post(
    '/api/deliberation/topics',
    {
      schema: { tags, summary: 'Raise a topic', body: S.TopicBody, response: { 201: S.TopicView, ...errorResponses } },
    },
    async (req, reply) => reply.code(201).send(await d.raiseTopic(req.ctx, req.body)),
  );
  r.get(
    '/api/deliberation/topics/:id',
    {
      schema: {
        tags,
        summary: 'A topic with its rounds of debate, votes and decisions',
        params: S.IdParams,
        response: { 200: S.TopicView, ...errorResponses },
      },
    },
    (req) => d.topic(req.ctx, req.params.id),
  );
  r.post(
    '/api/deliberation/topics/:id/support',
    {
      schema: {
        tags,
        summary: 'Support a topic (once); at the threshold it goes onto the agenda',
        params: S.IdParams,
        response: { 200: S.TopicView, ...conflict, ...errorResponses },
      },
    },
    (req) => d.support(req.ctx, req.params.id),
  );
  r.post(
    '/api/deliberation/topics/:id/:action',
    {
      schema: {
        tags,
        summary: 'Staff put a topic onto the agenda or reject it; its author or staff withdraw it',
        params: S.TopicActionParams,
        body: S.TopicActionBody,
        response: { 200: S.TopicView, ...conflict, ...errorResponses },
      },
    },
    (req) => d.topicAction(req.ctx, req.params.id, req.params.action, req.body),
  );

  r.get(
    '/api/deliberation/meetings',
    {
      schema: {
        tags,
        summary: 'Meetings (议事会) of my community',
        querystring: S.MeetingListQuery,
        response: { 200: S.MeetingList, ...errorResponses },
      },
    },
    (req) => d.meetings(req.ctx, req.query),
  );
  r.post(
    '/api/deliberation/meetings',
    {
      schema: {
        tags,
        summary: 'Schedule a meeting, or a series (半月谈 every half month)',
        body: S.MeetingBody,
        response: { 201: S.MeetingView, ...conflict, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await d.createMeeting(req.ctx, req.body)),
  );
  r.get(
    '/api/deliberation/meetings/:id',
    {
      schema: {
        tags,
        summary: 'A meeting with its agenda, participants, minutes and decisions',
        params: S.IdParams,
        response: { 200: S.MeetingView, ...errorResponses },
      },
    },
    (req) => d.meeting(req.ctx, req.params.id),
  );
  r.post(
    '/api/deliberation/meetings/:id/agenda',
    {
      schema: {
        tags,
        summary: "Put a topic on the meeting's agenda (another round if it was debated before)",
        params: S.IdParams,
        body: S.AgendaBody,
        response: { 200: S.MeetingView, ...conflict, ...errorResponses },
      },
    },
    (req) => d.addToAgenda(req.ctx, req.params.id, req.body.topicId),
  );
  r.post(
    '/api/deliberation/meetings/:id/participants',
    {
      schema: {
        tags,
        summary: 'Invite people, naming the party they speak for',
        params: S.IdParams,
        body: S.ParticipantsBody,
        response: { 200: S.MeetingView, ...errorResponses },
      },
    },
    (req) => d.invite(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/deliberation/meetings/:id/attendance',
    {
      schema: {
        tags,
        summary: 'Record who came (each attendance earns participation points once)',
        params: S.IdParams,
        body: S.AttendanceBody,
        response: { 200: S.MeetingView, ...conflict, ...errorResponses },
      },
    },
    (req) => d.attendance(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/deliberation/meetings/:id/minutes',
    {
      schema: {
        tags,
        summary: 'Minutes: what each topic came to, and the decisions to follow through',
        params: S.IdParams,
        body: S.MinutesBody,
        response: { 200: S.MeetingView, ...conflict, ...errorResponses },
      },
    },
    (req) => d.recordMinutes(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/deliberation/meetings/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a scheduled meeting (the invited are told)',
        params: S.IdParams,
        response: { 200: S.MeetingView, ...conflict, ...errorResponses },
      },
    },
    (req) => d.cancelMeeting(req.ctx, req.params.id),
  );

  r.get(
    '/api/deliberation/decisions',
    {
      schema: {
        tags,
        summary: 'Decisions and how far each has come (public follow-through)',
        querystring: S.DecisionListQuery,
        response: { 200: S.DecisionList, ...errorResponses },
      },
    },
    (req) => d.decisions(req.ctx, req.query),
  );
  r.get(
    '/api/deliberation/decisions/:id',
    {
      schema: {
        tags,
        summary: 'A decision with its progress reports',
        params: S.IdParams,
        response: { 200: S.DecisionView, ...errorResponses },
      },
    },
    (req) => d.decision(req.ctx, req.params.id),
  );
  r.post(
    '/api/deliberation/decisions/:id/updates',
    {
      schema: {
        tags,
        summary: 'Report progress on a decision',
        params: S.IdParams,
        body: S.DecisionUpdateBody,
        response: { 200: S.DecisionView, ...errorResponses },
      },
    },
    (req) => d.updateDecision(req.ctx, req.params.id, req.body),
  );

  r.get(
    '/api/deliberation/desks',
    {
      schema: {
        tags,
        summary: '协商铃: consultation desks and mediators one can book',
        querystring: z.object({ communityId: S.IdParams.shape.id.optional() }),
        response: { 200: S.DeskList, ...errorResponses },
      },
    },
    (req) => d.desks(req.ctx, req.query.communityId),
  );
  r.post(
    '/api/deliberation/desks',
    {
      schema: {
        tags,
        summary: 'Open a consultation desk',
        body: S.DeskBody,
        response: { 201: S.DeskView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await d.createDesk(req.ctx, req.body)),
  );
  r.get(
    '/api/deliberation/desks/:id/slots',
    {
      schema: {
        tags,
        summary: "A desk's slots with how many are booked (next 30 days unless asked)",
        params: S.IdParams,
        querystring: S.SlotQuery,
        response: { 200: S.SlotList, ...errorResponses },
      },
    },
    (req) => d.slots(req.ctx, req.params.id, req.query),
  );
  r.post(
    '/api/deliberation/desks/:id/slots',
    {
      schema: {
        tags,
        summary: "Offer slots (the desk's host or staff)",
        params: S.IdParams,
        body: S.SlotsBody,
        response: { 200: S.SlotList, ...errorResponses },
      },
    },
    (req) => d.addSlots(req.ctx, req.params.id, req.body),
  );
  r.get(
    '/api/deliberation/desks/:id/bookings',
    {
      schema: {
        tags,
        summary: 'Bookings at a desk (its host or staff)',
        params: S.IdParams,
        response: { 200: S.BookingList, ...errorResponses },
      },
    },
    (req) => d.deskBookings(req.ctx, req.params.id),
  );
  r.get(
    '/api/deliberation/bookings',
    { schema: { tags, summary: 'My bookings', response: { 200: S.BookingList, ...errorResponses } } },
    (req) => d.myBookings(req.ctx),
  );
  r.post(
    '/api/deliberation/bookings',
    {
      schema: {
        tags,
        summary: 'Book a slot (within its capacity)',
        body: S.BookingBody,
        response: { 201: S.BookingView, ...conflict, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await d.book(req.ctx, req.body)),
  );
  r.post(
    '/api/deliberation/bookings/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a booking before it starts',
        params: S.IdParams,
        response: { 200: S.BookingView, ...conflict, ...errorResponses },
      },
    },
    (req) => d.cancelBooking(req.ctx, req.params.id),
  );
  r.post(
    '/api/deliberation/bookings/:id/mark',
    {
      schema: {
        tags,
        summary: 'The host marks a booking attended or not',
        params: S.IdParams,
        body: S.BookingMarkBody,
        response: { 200: S.BookingView, ...conflict, ...errorResponses },
      },
    },
    (req) => d.markBooking(req.ctx, req.params.id, req.body.status),
  );

  r.get(
    '/api/deliberation/votes',
    {
      schema: {
        tags,
        summary: 'Votes (御事厅) of my community',
        querystring: S.VoteListQuery,
        response: { 200: S.VoteList, ...errorResponses },
      },
    },
    (req) => d.votes(req.ctx, req.query),
  );
  r.post(
    '/api/deliberation/votes',
    {
      schema: {
        tags,
        summary: 'Publish a vote; its electorate is fixed now',
        body: S.VoteBody,
        response: { 201: S.VoteView, ...conflict, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await d.createVote(req.ctx, req.body)),
  );
  r.get(
    '/api/deliberation/votes/:id',
    {
      schema: {
        tags,
        summary: 'A vote: whether I may vote and how I did; once closed, the count with the art. 278 reckoning',
        params: S.IdParams,
        response: { 200: S.VoteView, ...errorResponses },
      },
    },
    (req) => d.vote(req.ctx, req.params.id),
  );
  r.get(
    '/api/deliberation/votes/:id/non-voters',
    {
      schema: {
        tags,
        summary: "催票: a vote's electors without a ballot, with names and addresses, for the staff who run it",
        params: S.IdParams,
        querystring: S.NonVoterQuery,
        response: { 200: S.NonVoterList, ...errorResponses },
      },
    },
    (req) => d.nonVoters(req.ctx, req.params.id, req.query),
  );
  r.post(
    '/api/deliberation/votes/:id/remind',
    {
      schema: {
        tags,
        summary:
          '催票: remind every elector of an open vote who has not voted, by message on the phone; at most once every 6 hours',
        params: S.IdParams,
        response: { 200: S.RemindView, ...errorResponses },
      },
    },
    (req) => d.remind(req.ctx, req.params.id),
  );
  r.post(
    '/api/deliberation/votes/:id/ballot',
    {
      schema: {
        tags,
        summary: 'Cast my ballot (one per voter; changed only where the vote allows)',
        params: S.IdParams,
        body: S.BallotBody,
        response: { 200: S.VoteView, ...conflict, ...errorResponses },
      },
    },
    (req) => d.castBallot(req.ctx, req.params.id, req.body),
  );
  r.get(
    '/api/deliberation/votes/:id/electors',
    {
      schema: {
        tags,
        summary:
          "A vote's roll for staff entering paper or proxy ballots: search by building, unit or room; names masked; the channel each voted on",
        params: S.IdParams,
        querystring: S.ElectorQuery,
        response: { 200: S.ElectorList, ...errorResponses },
      },
    },
    (req) => d.electors(req.ctx, req.params.id, req.query),
  );
  r.get(
    '/api/deliberation/votes/:id/entries',
    {
      schema: {
        tags,
        summary: 'Paper and proxy ballots entered by staff: for whom, by whom, when (the choice stays secret)',
        params: S.IdParams,
        querystring: PageQuery,
        response: { 200: S.BallotEntryList, ...errorResponses },
      },
    },
    (req) => d.ballotEntries(req.ctx, req.params.id, req.query),
  );
  r.post(
    '/api/deliberation/votes/:id/entries',
    {
      schema: {
        tags,
        summary:
          "录入纸质票 / 登记委托: staff enter a paper ballot, or a ballot cast under a proxy, for an elector, with a photo of the signed sheet or proxy document; one ballot per elector (409 as the vote's secondBallot says)",
        params: S.IdParams,
        body: S.BallotEntryBody,
        response: { 201: S.BallotEntryView, ...conflict, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await d.enterBallot(req.ctx, req.params.id, req.body)),
  );
  r.post(
    '/api/deliberation/votes/:id/entries/:entryId/reveal',
    {
      schema: {
        tags,
        summary: "The proxy holder's whole name; audited",
        params: S.EntryParams,
        response: { 200: S.ProxyNameView, ...errorResponses },
      },
    },
    (req) => d.revealProxy(req.ctx, req.params.id, req.params.entryId),
  );
  r.post(
    '/api/deliberation/votes/:id/count',
    {
      schema: {
        tags,
        summary: 'Count a closed vote and publish the result (also done by the scheduler)',
        params: S.IdParams,
        response: { 200: S.VoteView, ...conflict, ...errorResponses },
      },
    },
    async (req) => (await d.countVote(req.ctx, req.params.id))!,
  );
  r.post(
    '/api/deliberation/votes/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a vote before it closes',
        params: S.IdParams,
        response: { 200: S.VoteView, ...conflict, ...errorResponses },
      },
    },
    (req) => d.cancelVote(req.ctx, req.params.id),
  );

  r.get(
    '/api/deliberation/:targetType/:targetId/comments',
    {
      schema: {
        tags,
        summary: 'Comments on a topic or vote, threaded by parentId',
        params: S.CommentTarget,
        response: { 200: S.CommentList, ...errorResponses },
      },
    },
    (req) => d.comments(req.ctx, req.params.targetType, req.params.targetId),
  );
  r.post(
    '/api/deliberation/:targetType/:targetId/comments',
    {
      schema: {
        tags,
        summary: 'Comment, or answer a comment',
        params: S.CommentTarget,
        body: S.CommentBody,
        response: { 201: S.CommentView, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await d.addComment(req.ctx, req.params.targetType, req.params.targetId, req.body)),
  );
  r.post(
    '/api/deliberation/comments/:id/flag',
    {
      schema: {
        tags,
        summary: 'Flag a comment for the moderators',
        params: S.IdParams,
        body: S.FlagBody,
        response: { 200: Ok, ...errorResponses },
      },
    },
    (req) => d.flag(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/deliberation/comments/:id/moderate',
    {
      schema: {
        tags,
        summary: 'Hide or show a comment',
        params: S.IdParams,
        body: S.ModerateBody,
        response: { 200: S.CommentView, ...errorResponses },
      },
    },
    (req) => d.moderate(req.ctx, req.params.id, req.body),
  );
  r.get(
    '/api/deliberation/comments/flagged',
    {
      schema: {
        tags,
        summary: 'Flagged comments of my area, for moderation',
        querystring: S.FlaggedQuery,
        response: { 200: S.FlaggedList, ...errorResponses },
      },
    },
    (req) => d.flagged(req.ctx, req.query),
  );
}
