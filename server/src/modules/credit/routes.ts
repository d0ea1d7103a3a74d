import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import { cardHtml } from './card-html.ts';
import type { CreditDesk } from './desk.ts';
import * as S from './schema.ts';
import type { CreditService } from './service.ts';

const tags = ['credit'];
const notFoundAsNull = (e: unknown) => {
  if (e instanceof AppError && e.code === 'not_found') return null;
  throw e;
};

export function creditRoutes(app: FastifyInstance, credit: CreditService, desk: CreditDesk) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/credit';

  // ---------- staff ----------
  r.get(
    `${base}/merchants`,
    {
      schema: {
        tags,
        summary: 'Staff (credit.read): merchants of my area with their credit grade (商户信用分), by name',
        querystring: S.MerchantQuery,
        response: { 200: S.MerchantList, ...errorResponses },
      },
    },
    (req) => credit.list(req.ctx, req.query, 'name'),
  );
  r.get(
    `${base}/priority`,
    {
      schema: {
        tags,
        summary:
          'Staff (credit.read): the inspection-priority list — worst grade first, then lowest score, then longest since the last inspection',
        querystring: S.MerchantQuery,
        response: { 200: S.MerchantList, ...errorResponses },
      },
    },
    (req) => credit.list(req.ctx, req.query, 'priority'),
  );
  r.get(
    `${base}/merchants/:id`,
    {
      schema: {
        tags,
        summary: "Staff (credit.read): a merchant's score with every evidence line and its decayed contribution",
        params: S.IdParams,
        querystring: S.BreakdownQuery,
        response: { 200: S.Breakdown, ...errorResponses },
      },
    },
    (req) => credit.staffBreakdown(req.ctx, req.params.id, req.query),
  );
  r.post(
    `${base}/merchants/:id/evidence`,
    {
      schema: {
        tags,
        summary:
          'Staff (credit.manage): record evidence (inspection, complaint, alarm, fix on time, civic), points bounded per kind',
        params: S.IdParams,
        body: S.EvidenceBody,
        response: { 201: S.Breakdown, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await credit.addEvidence(req.ctx, req.params.id, req.body)),
  );
  r.post(
    `${base}/merchants/:id/official-grades`,
    {
      schema: {
        tags,
        summary: "Staff (credit.manage): record the regulator's 量化分级 grade — kept apart, never overwritten",
        params: S.IdParams,
        body: S.OfficialGradeBody,
        response: { 201: S.OfficialGradeView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await desk.addOfficialGrade(req.ctx, req.params.id, req.body)),
  );
  r.post(
    `${base}/merchants/:id/pledges`,
    {
      schema: {
        tags,
        summary:
          'Staff (credit.manage): record a signed fraud-free pledge (无诈商户/无诈酒店); it counts as civic participation',
        params: S.IdParams,
        body: S.PledgeBody,
        response: { 201: S.PledgeView, 409: ErrorBody.describe('This version was signed already'), ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await desk.staffPledge(req.ctx, req.params.id, req.body)),
  );
  r.post(
    `${base}/merchants/:id/card`,
    {
      schema: {
        tags,
        summary: "Staff (credit.read): the token of the shop's public QR card (made on first ask, then kept)",
        params: S.IdParams,
        response: { 200: S.CardView, ...errorResponses },
      },
    },
    (req) => desk.staffCard(req.ctx, req.params.id),
  );
  r.get(
    `${base}/appeals`,
    {
      schema: {
        tags,
        summary: 'Staff (credit.read): appeals and credit-repair requests of my area, latest first',
        querystring: S.AppealQuery,
        response: { 200: S.AppealList, ...errorResponses },
      },
    },
    (req) => desk.queue(req.ctx, req.query),
  );
  r.post(
    `${base}/appeals/:id/decide`,
    {
      schema: {
        tags,
        summary:
          'Staff (credit.manage): decide an appeal (granted: its line is voided) or a repair (granted: a repair line is added); rejected changes nothing',
        params: S.IdParams,
        body: S.DecisionBody,
        response: { 200: S.AppealView, 409: ErrorBody.describe('Decided already'), ...errorResponses },
      },
    },
    (req) => desk.decide(req.ctx, req.params.id, req.body),
  );

  // ---------- the merchant ----------
  r.get(
    `${base}/mine`,
    {
      schema: {
        tags,
        summary: "The signed-in merchant's own score with the same breakdown staff see",
        querystring: S.BreakdownQuery,
        response: { 200: S.Breakdown, ...errorResponses },
      },
    },
    (req) => credit.myBreakdown(req.ctx, req.query),
  );
  r.post(
    `${base}/mine/appeals`,
    {
      schema: {
        tags,
        summary: 'The merchant appeals an evidence line (申诉) or asks for credit repair (信用修复) with proof',
        body: S.AppealBody,
        response: {
          201: S.AppealView,
          409: ErrorBody.describe('An appeal on this line is pending'),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await desk.file(req.ctx, req.body)),
  );
  r.post(
    `${base}/mine/pledges`,
    {
      schema: {
        tags,
        summary: 'The merchant signs the fraud-free pledge (无诈商户/无诈酒店)',
        body: S.PledgeBody,
        response: { 201: S.PledgeView, 409: ErrorBody.describe('This version was signed already'), ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await desk.myPledge(req.ctx, req.body)),
  );
  r.post(
    `${base}/mine/card`,
    {
      schema: {
        tags,
        summary: "The token of my shop's public QR card",
        response: { 200: S.CardView, ...errorResponses },
      },
    },
    (req) => desk.myCard(req.ctx),
  );

  // ---------- public ----------
  r.get(
    `${base}/cards/:token`,
    {
      schema: {
        tags,
        summary:
          "Public: a shop's card — name, credit grade and its date, the regulator's grade apart, the fraud-free pledge; no personal data",
        params: S.TokenParams,
        response: { 200: S.PublicCard, ...errorResponses },
      },
      config: { public: true },
    },
    (req) => desk.publicCard(req.params.token),
  );
  r.get(
    `${base}/cards/:token/pdf`,
    {
      schema: {
        tags,
        summary: 'Public: the card as a printable A6 PDF with its QR code, to post at the shop',
        params: S.TokenParams,
        produces: ['application/pdf'],
        response: { 200: z.any().describe('application/pdf'), ...errorResponses },
      },
      config: { public: true },
    },
    async (req, reply) => {
      const origin = `${req.protocol}://${req.host}`;
      const pdf = await desk.cardPdf(req.params.token, `${origin}/credit/card/${req.params.token}`);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', 'inline; filename="credit-card.pdf"')
        .send(pdf);
    },
  );
  r.get(
    '/credit/card/:token',
    {
      schema: {
        tags,
        summary: "Public: the page a shop's QR opens (HTML) — the card's fields, for a phone's browser",
        params: z.object({ token: z.string().max(64) }),
        produces: ['text/html'],
        response: { 200: z.string().describe('text/html'), 404: z.string().describe('text/html') },
      },
      config: { public: true },
    },
    async (req, reply) => {
      const ok = S.TokenParams.safeParse(req.params).success;
      const card = ok ? await desk.publicCard(req.params.token).catch(notFoundAsNull) : null;
      return reply
        .code(card ? 200 : 404)
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(cardHtml(card));
    },
  );
}
