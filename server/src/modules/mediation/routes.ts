import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import { PageQuery } from '../../platform/pagination.ts';
import * as S from './schema.ts';
import type { MediationService } from './service.ts';

const tags = ['mediation'];

export function mediationRoutes(app: FastifyInstance, mediation: MediationService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const conflict = { 409: ErrorBody.describe("Not possible in the case's current state, or someone else was first") };
  const base = '/api/mediation';

  r.get(
    `${base}/catalogue`,
    {
      schema: {
        tags,
        summary:
          'Dispute categories (人民调解统计口径), statuses, party roles, task-force roles, referrals and studio kinds, with names',
        response: { 200: S.CatalogueView, ...errorResponses },
      },
    },
    (req) => mediation.catalogue(req.ctx),
  );

  // ----- studios and mediators -----
  r.get(
    `${base}/studios`,
    {
      schema: {
        tags,
        summary: 'Mediation studios and talk points (调解工作室, 说事点) of my area',
        querystring: S.StudioListQuery,
        response: { 200: S.StudioList, ...errorResponses },
      },
    },
    (req) => mediation.listStudios(req.ctx, req.query),
  );
  r.post(
    `${base}/studios`,
    {
      schema: {
        tags,
        summary: 'Set up a studio in a community or street',
        body: S.StudioBody,
        response: { 201: S.StudioView, ...conflict, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await mediation.createStudio(req.ctx, req.body)),
  );
  r.get(
    `${base}/studios/:id`,
    {
      schema: {
        tags,
        summary: 'A studio with its mediators and their specialities',
        params: S.IdParams,
        response: { 200: S.StudioView, ...errorResponses },
      },
    },
    (req) => mediation.getStudio(req.ctx, req.params.id),
  );
  r.patch(
    `${base}/studios/:id`,
    {
      schema: {
        tags,
        summary: 'Change a studio: name, kind, address, manager; close it (active: false)',
        params: S.IdParams,
        body: S.StudioPatch,
        response: { 200: S.StudioView, ...conflict, ...errorResponses },
      },
    },
    (req) => mediation.updateStudio(req.ctx, req.params.id, req.body),
  );
  r.put(
    `${base}/studios/:id/mediators/:userId`,
    {
      schema: {
        tags,
        summary:
          'Add a mediator (a user with the mediator role, or staff) to a studio, or change their title and specialities',
        params: S.MediatorParams,
        body: S.MediatorBody,
        response: { 200: S.StudioView, ...errorResponses },
      },
    },
    (req) => mediation.setMediator(req.ctx, req.params.id, req.params.userId, req.body),
  );
  r.delete(
    `${base}/studios/:id/mediators/:userId`,
    {
      schema: {
        tags,
        summary: 'Take a mediator off a studio (their past cases stay theirs)',
        params: S.MediatorParams,
        response: { 200: S.StudioView, ...errorResponses },
      },
    },
    (req) => mediation.removeMediator(req.ctx, req.params.id, req.params.userId),
  );

  // ----- cases -----
  r.get(
    `${base}/cases`,
    {
      schema: {
        tags,
        summary:
          "Dispute cases I can see (my area; a mediator: my studios' and mine), newest first, with search and filters",
        querystring: S.CaseListQuery,
        response: { 200: S.CaseList, ...errorResponses },
      },
    },
    (req) => mediation.list(req.ctx, req.query),
  );
  r.post(
    `${base}/cases`,
    {
      schema: {
        tags,
        summary: 'Accept a case (受理), directly or from a matter; a mediator who opens one takes it',
        body: S.CaseBody,
        response: { 201: S.CaseDetail, ...conflict, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await mediation.open(req.ctx, req.body)),
  );
  r.get(
    `${base}/cases/mine`,
    {
      schema: {
        tags,
        summary: 'My own cases as a party: where each stands',
        response: { 200: S.MyCases, ...errorResponses },
      },
    },
    (req) => mediation.myCases(req.ctx),
  );
  r.get(
    `${base}/cases/:id`,
    {
      schema: {
        tags,
        summary:
          'A case: parties (numbers masked), task force, sessions, agreement and payments, follow-ups, timeline, what I may do',
        params: S.IdParams,
        response: { 200: S.CaseDetail, ...errorResponses },
      },
    },
    (req) => mediation.get(req.ctx, req.params.id),
  );
  r.patch(
    `${base}/cases/:id`,
    {
      schema: {
        tags,
        summary: "Correct a case's category, summary, facts, amount, people, risk or studio",
        params: S.IdParams,
        body: S.CasePatch,
        response: { 200: S.CaseDetail, ...conflict, ...errorResponses },
      },
    },
    (req) => mediation.update(req.ctx, req.params.id, req.body),
  );
  r.post(
    `${base}/cases/:id/parties`,
    {
      schema: {
        tags,
        summary: 'Add a party',
        params: S.IdParams,
        body: S.PartyBody,
        response: { 200: S.CaseDetail, ...conflict, ...errorResponses },
      },
    },
    (req) => mediation.addParty(req.ctx, req.params.id, req.body),
  );
  r.post(
    `${base}/cases/:id/reveal`,
    {
      schema: {
        tags,
        summary:
          "The parties' and claimants' whole ID and phone numbers, for the mediator in charge, the task force and admins; every call is audited",
        params: S.IdParams,
        response: { 200: S.RevealView, ...errorResponses },
      },
    },
    (req) => mediation.reveal(req.ctx, req.params.id),
  );
  r.post(
    `${base}/cases/:id/take`,
    {
      schema: {
        tags,
        summary: 'Take an unassigned case of my studio (of two at once, one wins; the other gets 409)',
        params: S.IdParams,
        response: { 200: S.CaseDetail, ...conflict, ...errorResponses },
      },
    },
    (req) => mediation.take(req.ctx, req.params.id),
  );
  r.post(
    `${base}/cases/:id/assign`,
    {
      schema: {
        tags,
        summary: 'Put a mediator in charge and name the task force (专班: police, mediator, property, lawyer)',
        params: S.IdParams,
        body: S.AssignBody,
        response: { 200: S.CaseDetail, ...conflict, ...errorResponses },
      },
    },
    (req) => mediation.assign(req.ctx, req.params.id, req.body),
  );
  r.post(
    `${base}/cases/:id/extend`,
    {
      schema: {
        tags,
        summary: 'Extend the time limit (30 days from acceptance) with a reason',
        params: S.IdParams,
        body: S.ExtendBody,
        response: { 200: S.CaseDetail, ...conflict, ...errorResponses },
      },
    },
    (req) => mediation.extend(req.ctx, req.params.id, req.body),
  );
  r.post(
    `${base}/cases/:id/investigate`,
    {
      schema: {
        tags,
        summary: 'Start establishing the facts (查明事实)',
        params: S.IdParams,
        body: S.NoteBody,
        response: { 200: S.CaseDetail, ...conflict, ...errorResponses },
      },
    },
    (req) => mediation.advance(req.ctx, req.params.id, 'investigate', req.body),
  );
  r.post(
    `${base}/cases/:id/mediate`,
    {
      schema: {
        tags,
        summary: 'Start mediating (调解)',
        params: S.IdParams,
        body: S.NoteBody,
        response: { 200: S.CaseDetail, ...conflict, ...errorResponses },
      },
    },
    (req) => mediation.advance(req.ctx, req.params.id, 'mediate', req.body),
  );
  r.post(
    `${base}/cases/:id/sessions`,
    {
      schema: {
        tags,
        summary: 'Record a mediation session with its attendees and notes',
        params: S.IdParams,
        body: S.SessionBody,
        response: { 200: S.CaseDetail, ...conflict, ...errorResponses },
      },
    },
    (req) => mediation.addSession(req.ctx, req.params.id, req.body),
  );
  r.post(
    `${base}/cases/:id/agreement`,
    {
      schema: {
        tags,
        summary: 'Record the agreement (协议): terms, total and instalments; sets the follow-up visit',
        params: S.IdParams,
        body: S.AgreementBody,
        response: { 200: S.CaseDetail, ...conflict, ...errorResponses },
      },
    },
    (req) => mediation.agree(req.ctx, req.params.id, req.body),
  );
  r.get(
    `${base}/cases/:id/agreement.html`,
    {
      schema: {
        tags,
        summary:
          'The agreement as a printable 人民调解协议书 (HTML); ID numbers and phones masked, whole on the copy the parties sign (copy=signed: case handlers only, audited)',
        params: S.IdParams,
        querystring: S.AgreementPageQuery,
        produces: ['text/html'],
        response: { 200: z.string().describe('HTML page'), ...errorResponses },
      },
    },
    async (req, reply) => {
      const html = await mediation.agreementPage(req.ctx, req.params.id, req.query.copy);
      reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .serializer((v: unknown) => String(v));
      return html;
    },
  );
  r.post(
    `${base}/cases/:id/instalments/:seq/payments`,
    {
      schema: {
        tags,
        summary: 'Record a payment on an instalment (履行); when all are paid the agreement is performed',
        params: S.InstalmentParams,
        body: S.PaymentBody,
        response: { 200: S.CaseDetail, ...conflict, ...errorResponses },
      },
    },
    (req) => mediation.pay(req.ctx, req.params.id, req.params.seq, req.body),
  );
  r.post(
    `${base}/cases/:id/perform`,
    {
      schema: {
        tags,
        summary: 'Confirm an agreement performed other than by payments (an apology, a repair)',
        params: S.IdParams,
        body: S.NoteBody,
        response: { 200: S.CaseDetail, ...conflict, ...errorResponses },
      },
    },
    (req) => mediation.perform(req.ctx, req.params.id, req.body),
  );
  r.post(
    `${base}/cases/:id/follow-ups`,
    {
      schema: {
        tags,
        summary: 'Record the follow-up visit (回访) with its findings; close: true ends the case',
        params: S.IdParams,
        body: S.FollowUpBody,
        response: { 200: S.CaseDetail, ...conflict, ...errorResponses },
      },
    },
    (req) => mediation.followUp(req.ctx, req.params.id, req.body),
  );
  r.post(
    `${base}/cases/:id/fail`,
    {
      schema: {
        tags,
        summary: 'Mediation failed: end the case with a referral (court, arbitration, legal aid at a 法治e站, other)',
        params: S.IdParams,
        body: S.FailBody,
        response: { 200: S.CaseDetail, ...conflict, ...errorResponses },
      },
    },
    (req) => mediation.fail(req.ctx, req.params.id, req.body),
  );
  r.post(
    `${base}/cases/:id/withdraw`,
    {
      schema: {
        tags,
        summary: 'The applicant withdraws before an agreement',
        params: S.IdParams,
        body: S.WithdrawBody,
        response: { 200: S.CaseDetail, ...conflict, ...errorResponses },
      },
    },
    (req) => mediation.withdraw(req.ctx, req.params.id, req.body),
  );
  r.get(
    `${base}/cases/:id/claims`,
    {
      schema: {
        tags,
        summary: 'The register of claims of a group dispute, with their count and total',
        params: S.IdParams,
        querystring: PageQuery,
        response: { 200: S.ClaimList, ...errorResponses },
      },
    },
    (req) => mediation.listClaims(req.ctx, req.params.id, req.query),
  );
  r.post(
    `${base}/cases/:id/claims`,
    {
      schema: {
        tags,
        summary: "Register a claimant's claim on a household visit (逐户走访登记), with photos of documents",
        params: S.IdParams,
        body: S.ClaimBody,
        response: { 201: S.ClaimView, ...conflict, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await mediation.addClaim(req.ctx, req.params.id, req.body)),
  );

  r.get(
    `${base}/stats`,
    {
      schema: {
        tags,
        summary:
          'Cases by category, success rate, days to agreement, months against the year before, per studio and mediator, for a period and my area',
        querystring: S.StatsQuery,
        response: { 200: S.StatsView, ...errorResponses },
      },
    },
    (req) => mediation.stats(req.ctx, req.query),
  );
}
