import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import * as S from './schema.ts';
import type { RightsService } from './service.ts';

const tags = ['rights'];

export function rightsRoutes(app: FastifyInstance, rights: RightsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const conflict = { 409: ErrorBody.describe('The case is no longer open, or the slot was booked by someone else') };
  const base = '/api/rights';

  r.get(
    `${base}/catalogue`,
    {
      schema: {
        tags,
        summary:
          'Kinds of problem, routes and statuses with their names; the disclaimer and the hotlines (12348, 12333)',
        response: { 200: S.CatalogueView, ...errorResponses },
      },
    },
    (req) => rights.catalogue(req.ctx),
  );
  r.post(
    `${base}/preview`,
    {
      schema: {
        tags,
        summary:
          'The deadlines (each with its rule and reasoning), whether an award would be final for the employer, and the routes, for a set of answers; nothing is saved',
        body: S.PreviewBody,
        response: { 200: S.AssessmentView, ...errorResponses },
      },
    },
    (req) => rights.preview(req.ctx, req.body),
  );
  r.post(
    `${base}/cases`,
    {
      schema: {
        tags,
        summary:
          'Open a rights case (维权) from the guided intake, a hotline call or a desk: classified, its deadlines computed, and routed to mediation, legal aid, the labour inspectors or a booking',
        body: S.CaseBody,
        response: { 201: S.CaseDetail, ...conflict, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await rights.open(req.ctx, req.body)),
  );
  r.get(
    `${base}/cases`,
    {
      schema: {
        tags,
        summary: "The staff queue: rights cases of my area, newest first, the worker's numbers masked",
        querystring: S.CaseListQuery,
        response: { 200: S.CaseList, ...errorResponses },
      },
    },
    (req) => rights.list(req.ctx, req.query),
  );
  r.get(
    `${base}/cases/mine`,
    {
      schema: {
        tags,
        summary: 'My own rights cases with their deadlines and where each went',
        response: { 200: S.MyCases, ...errorResponses },
      },
    },
    (req) => rights.mine(req.ctx),
  );
  r.get(
    `${base}/cases/:id`,
    {
      schema: {
        tags,
        summary: 'A rights case with its deadlines, rules, route and steps',
        params: S.IdParams,
        response: { 200: S.CaseDetail, ...errorResponses },
      },
    },
    (req) => rights.get(req.ctx, req.params.id),
  );
  r.post(
    `${base}/cases/:id/reveal`,
    {
      schema: {
        tags,
        summary: "The worker's whole name, phone and ID number (rights.reveal); every call audited",
        params: S.IdParams,
        response: { 200: S.RevealView, ...errorResponses },
      },
    },
    (req) => rights.reveal(req.ctx, req.params.id),
  );
  r.post(
    `${base}/cases/:id/route`,
    {
      schema: {
        tags,
        summary: 'Send the case on another route (a booking names its slot)',
        params: S.IdParams,
        body: S.RouteBody,
        response: { 200: S.CaseDetail, ...conflict, ...errorResponses },
      },
    },
    (req) => rights.route(req.ctx, req.params.id, req.body),
  );
  r.post(
    `${base}/cases/:id/resolve`,
    {
      schema: {
        tags,
        summary: 'Record the outcome: the money recovered for the worker, in fen, and a note',
        params: S.IdParams,
        body: S.ResolveBody,
        response: { 200: S.CaseDetail, ...conflict, ...errorResponses },
      },
    },
    (req) => rights.resolve(req.ctx, req.params.id, req.body),
  );
  r.get(
    `${base}/slots`,
    {
      schema: {
        tags,
        summary: 'Free consultation slots with the lawyer or counsellor on duty (协商铃) in a community',
        querystring: S.SlotsQuery,
        response: { 200: S.SlotsView, ...errorResponses },
      },
    },
    (req) => rights.slots(req.ctx, req.query),
  );
  r.post(
    `${base}/duty-shifts`,
    {
      schema: {
        tags,
        summary: 'Put a lawyer or counsellor on duty for a time, cut into bookable slots',
        body: S.ShiftBody,
        response: { 201: S.ShiftView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await rights.createShift(req.ctx, req.body)),
  );
}
