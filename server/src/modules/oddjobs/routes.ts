import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import * as S from './schema.ts';
import type { OddjobsService } from './service.ts';

const tags = ['oddjobs'];

export function oddjobsRoutes(app: FastifyInstance, market: OddjobsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const conflict = { 409: ErrorBody.describe('Not at this step, already done, or the headcount is full') };
  const base = '/api/oddjobs';
  const work = market.work;

  r.post(
    `${base}/employers`,
    {
      schema: {
        tags,
        summary:
          'Register as an employer (用工单位) with the unified social credit code (check character verified); staff review before the first posting',
        body: S.EmployerBody,
        response: { 201: S.EmployerView, ...conflict, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await market.registerEmployer(req.ctx, req.body)),
  );
  r.get(
    `${base}/employers/mine`,
    {
      schema: {
        tags,
        summary: 'My employer record and its review status',
        response: { 200: S.MyEmployer, ...errorResponses },
      },
    },
    (req) => market.myEmployer(req.ctx),
  );
  r.get(
    `${base}/employers`,
    {
      schema: {
        tags,
        summary: 'Staff: employers of my communities, the review queue with status=pending; contacts masked',
        querystring: S.EmployerListQuery,
        response: { 200: S.EmployerList, ...errorResponses },
      },
    },
    (req) => market.listEmployers(req.ctx, req.query),
  );
  r.post(
    `${base}/employers/:id/review`,
    {
      schema: {
        tags,
        summary: 'Staff (oddjobs.review): approve or reject an employer; a rejection gives its reason',
        params: S.IdParams,
        body: S.ReviewBody,
        response: { 200: S.EmployerView, ...conflict, ...errorResponses },
      },
    },
    (req) => market.review(req.ctx, req.params.id, req.body),
  );
  r.post(
    `${base}/postings`,
    {
      schema: {
        tags,
        summary:
          'Post a job (approved employers): refused below the local minimum wage or when it asks workers for fees or deposits; matched seekers are told at once',
        body: S.PostingBody,
        response: { 201: S.PostingCreated, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await market.post(req.ctx, req.body)),
  );
  r.get(
    `${base}/postings/mine`,
    {
      schema: {
        tags,
        summary: "The employer's own postings, newest first",
        querystring: S.PostingListQuery,
        response: { 200: S.PostingList, ...errorResponses },
      },
    },
    (req) => market.myPostings(req.ctx, req.query),
  );
  r.get(
    `${base}/postings`,
    {
      schema: {
        tags,
        summary: 'Staff: postings of my communities, newest first',
        querystring: S.PostingListQuery,
        response: { 200: S.PostingList, ...errorResponses },
      },
    },
    (req) => market.listPostings(req.ctx, req.query),
  );
  r.get(
    `${base}/postings/:id`,
    {
      schema: {
        tags,
        summary: 'A posting (open ones to anyone signed in; others to their employer and staff)',
        params: S.IdParams,
        response: { 200: S.PostingView, ...errorResponses },
      },
    },
    (req) => market.getPosting(req.ctx, req.params.id),
  );
  r.post(
    `${base}/postings/:id/applications`,
    {
      schema: {
        tags,
        summary: 'Apply for a posting (a seeker profile is needed)',
        params: S.IdParams,
        body: S.ApplyBody,
        response: { 201: S.ApplicationView, ...conflict, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await work.apply(req.ctx, req.params.id, req.body)),
  );
  r.get(
    `${base}/postings/:id/applications`,
    {
      schema: {
        tags,
        summary: "The employer's applicants for a posting; names and phones masked until hired",
        params: S.IdParams,
        response: { 200: S.ApplicationList, ...errorResponses },
      },
    },
    (req) => work.ofPosting(req.ctx, req.params.id),
  );
  r.get(
    `${base}/postings/:id/qr`,
    {
      schema: {
        tags,
        summary: 'The employer: the signed check-in or check-out code to show at the work site (expires in minutes)',
        params: S.IdParams,
        querystring: S.QrQuery,
        response: { 200: S.QrView, ...errorResponses },
      },
    },
    (req) => work.qr(req.ctx, req.params.id, req.query.purpose),
  );
  r.put(
    `${base}/seekers/me`,
    {
      schema: {
        tags,
        summary: 'My seeker profile (求职登记): skills, certificates, where and how far, expected pay, days free',
        body: S.SeekerBody,
        response: { 200: S.SeekerView, ...errorResponses },
      },
    },
    (req) => market.saveSeeker(req.ctx, req.body),
  );
  r.get(
    `${base}/seekers/me`,
    { schema: { tags, summary: 'My seeker profile', response: { 200: S.MySeeker, ...errorResponses } } },
    (req) => market.mySeeker(req.ctx),
  );
  r.get(
    `${base}/matches`,
    {
      schema: {
        tags,
        summary: 'Jobs that suit me, best first, each with why; within exposure caps',
        querystring: S.MatchQuery,
        response: { 200: S.MatchList, ...conflict, ...errorResponses },
      },
    },
    (req) => market.matches(req.ctx, req.query),
  );
  r.get(
    `${base}/applications/mine`,
    {
      schema: {
        tags,
        summary: 'My applications, newest first',
        response: { 200: S.ApplicationList, ...errorResponses },
      },
    },
    (req) => work.mine(req.ctx),
  );
  r.get(
    `${base}/applications/:id`,
    {
      schema: {
        tags,
        summary: 'An application with its attendance and pay',
        params: S.IdParams,
        response: { 200: S.ApplicationView, ...errorResponses },
      },
    },
    (req) => work.get(req.ctx, req.params.id),
  );
  r.post(
    `${base}/applications/:id/decide`,
    {
      schema: {
        tags,
        summary: 'The employer: invite to an interview, hire, or turn down',
        params: S.IdParams,
        body: S.DecideBody,
        response: { 200: S.ApplicationView, ...conflict, ...errorResponses },
      },
    },
    (req) => work.decide(req.ctx, req.params.id, req.body),
  );
  for (const purpose of ['in', 'out'] as const)
    r.post(
      `${base}/applications/:id/check-${purpose}`,
      {
        schema: {
          tags,
          summary: `The worker: check ${purpose} by the QR code at the work site (signature and expiry verified)`,
          params: S.IdParams,
          body: S.TokenBody,
          response: { 200: S.ApplicationView, ...conflict, ...errorResponses },
        },
      },
      (req) => work.scan(req.ctx, req.params.id, purpose, req.body.token),
    );
  r.post(
    `${base}/applications/:id/pay`,
    {
      schema: {
        tags,
        summary: 'Either side states the pay after check-out; settled (paid) when both agree',
        params: S.IdParams,
        body: S.PayBody,
        response: { 200: S.ApplicationView, ...conflict, ...errorResponses },
      },
    },
    (req) => work.confirmPay(req.ctx, req.params.id, req.body),
  );
  r.post(
    `${base}/applications/:id/rating`,
    {
      schema: {
        tags,
        summary: 'Either side rates the other once (1–5 stars) after the work',
        params: S.IdParams,
        body: S.RateBody,
        response: { 200: S.ApplicationView, ...conflict, ...errorResponses },
      },
    },
    (req) => work.rate(req.ctx, req.params.id, req.body),
  );
  r.post(
    `${base}/applications/:id/unpaid`,
    {
      schema: {
        tags,
        summary:
          '没拿到工钱: open a rights case prefilled with the employer, posting, amount and attendance, in one tap',
        params: S.IdParams,
        response: { 201: S.UnpaidView, ...conflict, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await work.unpaid(req.ctx, req.params.id)),
  );

  // ----- help for the hard to place (重点帮扶) and the monthly figures -----
  const help = market.help;
  const SeekerParams = S.IdParams;
  r.get(
    `${base}/help/queue`,
    {
      schema: {
        tags,
        summary:
          'Staff (oddjobs.read): seekers of my communities who need help (就业困难人员) — long waiting with no hire, older, disabled, low income — with why; names and phones masked',
        querystring: S.HelpQueueQuery,
        response: { 200: S.HelpQueue, ...errorResponses },
      },
    },
    (req) => help.queue(req.ctx, req.query),
  );
  r.post(
    `${base}/help/seekers/:id/actions`,
    {
      schema: {
        tags,
        summary:
          'Staff (oddjobs.review): record help given to a seeker — a call, a referral to an open posting (the seeker is told), training suggested, a note — with the next follow-up date',
        params: SeekerParams,
        body: S.HelpActionBody,
        response: { 201: S.HelpActionView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await help.act(req.ctx, req.params.id, req.body)),
  );
  r.get(
    `${base}/help/seekers/:id/actions`,
    {
      schema: {
        tags,
        summary: 'Staff (oddjobs.read): the help given to a seeker of my communities, newest first',
        params: SeekerParams,
        response: { 200: S.HelpActionList, ...errorResponses },
      },
    },
    (req) => help.actions(req.ctx, req.params.id),
  );
  r.post(
    `${base}/help/seekers/:id/flags`,
    {
      schema: {
        tags,
        summary: 'Staff (oddjobs.review): mark a seeker older, disabled or low income, or take the mark back',
        params: SeekerParams,
        body: S.HelpFlagsBody,
        response: { 200: S.HelpFlagsView, ...errorResponses },
      },
    },
    (req) => help.flag(req.ctx, req.params.id, req.body),
  );
  r.get(
    `${base}/help/seekers/:id/contact`,
    {
      schema: {
        tags,
        summary: "Staff (oddjobs.review): a seeker's whole name and phone, to call them; every reading audited",
        params: SeekerParams,
        response: { 200: S.SeekerContact, ...errorResponses },
      },
    },
    (req) => help.contact(req.ctx, req.params.id),
  );
  r.get(
    `${base}/figures`,
    {
      schema: {
        tags,
        summary:
          'Staff (oddjobs.read): monthly figures per community of my area — postings, positions, seekers, hires, median fill time, unpaid-wage disputes per 100 hires — and the totals',
        querystring: S.FiguresQuery,
        response: { 200: S.FiguresView, ...errorResponses },
      },
    },
    (req) => help.figures(req.ctx, req.query),
  );
}
