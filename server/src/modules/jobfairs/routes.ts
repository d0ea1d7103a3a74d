import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import * as S from './schema.ts';
import type { JobfairsService } from './service.ts';

const tags = ['jobfairs'];

export function jobfairsRoutes(app: FastifyInstance, fairs: JobfairsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const conflict = { 409: ErrorBody.describe('Not at this step, already done, or the fair is full or not open') };
  const base = '/api/jobfairs';
  const talks = fairs.interviews;

  r.post(
    `${base}/fairs`,
    {
      schema: {
        tags,
        summary: 'Staff (jobfairs.manage): set up a job fair (招聘会) of a street or community, as a draft',
        body: S.FairBody,
        response: { 201: S.FairView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await fairs.create(req.ctx, req.body)),
  );
  r.get(
    `${base}/fairs`,
    {
      schema: {
        tags,
        summary: 'Staff (jobfairs.read): fairs of my streets and communities, newest first; by status, words, area',
        querystring: S.FairListQuery,
        response: { 200: S.FairList, ...errorResponses },
      },
    },
    (req) => fairs.list(req.ctx, req.query),
  );
  r.get(
    `${base}/upcoming`,
    {
      schema: {
        tags,
        summary: 'Published fairs not yet over, soonest first (near=yes: those of my street)',
        querystring: S.UpcomingQuery,
        response: { 200: S.FairList, ...errorResponses },
      },
    },
    (req) => fairs.upcoming(req.ctx, req.query),
  );
  r.get(
    `${base}/fairs/:id`,
    {
      schema: {
        tags,
        summary: 'A fair with its booths and positions, and my sign-up (drafts to staff only)',
        params: S.IdParams,
        response: { 200: S.FairDetail, ...errorResponses },
      },
    },
    (req) => fairs.get(req.ctx, req.params.id),
  );
  for (const [action, to] of [
    ['publish', 'published'],
    ['close', 'closed'],
  ] as const)
    r.post(
      `${base}/fairs/:id/${action}`,
      {
        schema: {
          tags,
          summary: `Staff (jobfairs.manage): ${action} a fair`,
          params: S.IdParams,
          response: { 200: S.FairView, ...conflict, ...errorResponses },
        },
      },
      (req) => fairs.setStatus(req.ctx, req.params.id, to),
    );
  r.post(
    `${base}/fairs/:id/booths`,
    {
      schema: {
        tags,
        summary: 'An employer approved in the odd-job market takes a booth at a fair (once)',
        params: S.IdParams,
        response: { 201: S.BoothView, ...conflict, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await fairs.takeBooth(req.ctx, req.params.id)),
  );
  r.get(
    `${base}/booths/mine`,
    {
      schema: {
        tags,
        summary: 'My booths (employer), with positions',
        response: { 200: S.BoothList, ...errorResponses },
      },
    },
    (req) => fairs.myBooths(req.ctx),
  );
  r.post(
    `${base}/booths/:id/positions`,
    {
      schema: {
        tags,
        summary: "List a position at my booth; refused below the local minimum wage (as the odd-job market's)",
        params: S.IdParams,
        body: S.PositionBody,
        response: { 201: S.PositionView, ...conflict, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await fairs.addPosition(req.ctx, req.params.id, req.body)),
  );
  r.post(
    `${base}/fairs/:id/signup`,
    {
      schema: {
        tags,
        summary: 'Sign up for a published fair (one sign-up a person, within its capacity); answers my sign-up code',
        params: S.IdParams,
        response: { 201: S.SignupView, ...conflict, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await fairs.signUp(req.ctx, req.params.id)),
  );
  r.get(
    `${base}/signups/mine`,
    { schema: { tags, summary: 'My sign-ups with their fairs', response: { 200: S.MySignupList, ...errorResponses } } },
    (req) => fairs.mySignups(req.ctx),
  );
  r.get(
    `${base}/fairs/:id/door-code`,
    {
      schema: {
        tags,
        summary: 'Staff (jobfairs.manage): the rotating signed code to show at the door (expires in minutes)',
        params: S.IdParams,
        response: { 200: S.DoorCodeView, ...conflict, ...errorResponses },
      },
    },
    (req) => fairs.doorCode(req.ctx, req.params.id),
  );
  r.post(
    `${base}/fairs/:id/checkin`,
    {
      schema: {
        tags,
        summary: "A seeker who signed up signs in with the door's code (signature and expiry verified)",
        params: S.IdParams,
        body: S.TokenBody,
        response: { 200: S.SignupView, ...conflict, ...errorResponses },
      },
    },
    (req) => fairs.checkIn(req.ctx, req.params.id, req.body.token),
  );
  r.post(
    `${base}/fairs/:id/signins`,
    {
      schema: {
        tags,
        summary: 'Staff (jobfairs.manage): sign a seeker in by their sign-up code',
        params: S.IdParams,
        body: S.CodeBody,
        response: { 200: S.SignupView, ...conflict, ...errorResponses },
      },
    },
    (req) => fairs.staffSignIn(req.ctx, req.params.id, req.body.code),
  );
  r.get(
    `${base}/fairs/:id/signups`,
    {
      schema: {
        tags,
        summary: "Staff (jobfairs.read): a fair's sign-ups and sign-ins, names and phones masked",
        params: S.IdParams,
        querystring: S.SignupListQuery,
        response: { 200: S.SignupList, ...errorResponses },
      },
    },
    (req) => fairs.signups(req.ctx, req.params.id, req.query),
  );
  r.post(
    `${base}/fairs/:id/interviews`,
    {
      schema: {
        tags,
        summary:
          "The booth's employer or staff: record an interview of a signed-in seeker (by sign-up code) for a position",
        params: S.IdParams,
        body: S.InterviewBody,
        response: { 201: S.InterviewView, ...conflict, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await talks.record(req.ctx, req.params.id, req.body)),
  );
  r.get(
    `${base}/fairs/:id/interviews`,
    {
      schema: {
        tags,
        summary: "A fair's interviews: all to staff, a booth's own to its employer",
        params: S.IdParams,
        querystring: S.InterviewListQuery,
        response: { 200: S.InterviewList, ...errorResponses },
      },
    },
    (req) => talks.ofFair(req.ctx, req.params.id, req.query),
  );
  r.get(
    `${base}/interviews/mine`,
    {
      schema: {
        tags,
        summary: 'My interviews and offers, newest first',
        querystring: S.InterviewListQuery,
        response: { 200: S.InterviewList, ...errorResponses },
      },
    },
    (req) => talks.mine(req.ctx, req.query),
  );
  r.post(
    `${base}/interviews/:id/outcome`,
    {
      schema: {
        tags,
        summary: "The booth's employer or staff: offer, or no offer",
        params: S.IdParams,
        body: S.OutcomeBody,
        response: { 200: S.InterviewView, ...conflict, ...errorResponses },
      },
    },
    (req) => talks.decide(req.ctx, req.params.id, req.body.outcome),
  );
  r.post(
    `${base}/interviews/:id/respond`,
    {
      schema: {
        tags,
        summary: 'The seeker accepts (hired today) or declines an offer',
        params: S.IdParams,
        body: S.RespondBody,
        response: { 200: S.InterviewView, ...conflict, ...errorResponses },
      },
    },
    (req) => talks.respond(req.ctx, req.params.id, req.body.decision),
  );
  r.get(
    `${base}/followups/due`,
    {
      schema: {
        tags,
        summary: 'Staff (jobfairs.read): hires 30 local days old or more with no follow-up yet',
        querystring: S.DueQuery,
        response: { 200: S.DueList, ...errorResponses },
      },
    },
    (req) => talks.due(req.ctx, req.query),
  );
  r.post(
    `${base}/interviews/:id/followup`,
    {
      schema: {
        tags,
        summary: 'Staff (jobfairs.manage): record the 30-day follow-up of a hire (still employed?)',
        params: S.IdParams,
        body: S.FollowupBody,
        response: { 201: S.FollowupView, ...conflict, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await talks.followUp(req.ctx, req.params.id, req.body)),
  );
  r.get(
    `${base}/fairs/:id/report`,
    {
      schema: {
        tags,
        summary:
          "Staff (jobfairs.read): a fair's outcomes — sign-ups, sign-ins, booths, positions offered, interviews, offers, hires, follow-ups, retained",
        params: S.IdParams,
        response: { 200: S.FairReport, ...errorResponses },
      },
    },
    (req) => talks.report(req.ctx, req.params.id),
  );
}
