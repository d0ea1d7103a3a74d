import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import { PageQuery } from '../../platform/pagination.ts';
import * as S from './schema.ts';
import type { WelfareService } from './service.ts';

const tags = ['welfare'];

export function welfareRoutes(app: FastifyInstance, welfare: WelfareService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/welfare';

  r.get(
    `${base}/offers`,
    {
      schema: {
        tags,
        summary:
          'Offers I may use today (骑手福利: partner canteens and shops), nearest first when lat and lng are given',
        querystring: S.OfferListQuery,
        response: { 200: S.OfferList, ...errorResponses },
      },
    },
    (req) => welfare.offers(req.ctx, req.query),
  );
  r.post(
    `${base}/offers/:id/use`,
    {
      schema: {
        tags,
        summary: 'Use an offer: a pass to show at the counter, within the daily limit per person',
        params: S.IdParams,
        response: {
          201: S.PassView,
          409: ErrorBody.describe('Not current today, or used as often as it allows today'),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await welfare.use(req.ctx, req.params.id)),
  );
  r.get(
    `${base}/uses/mine`,
    {
      schema: {
        tags,
        summary: 'The offers I have used, latest first',
        querystring: PageQuery,
        response: { 200: S.MyUseList, ...errorResponses },
      },
    },
    (req) => welfare.myUses(req.ctx, req.query),
  );
  r.get(
    `${base}/manage/offers`,
    {
      schema: {
        tags,
        summary: 'Staff (welfare.manage): the offers of my area with their status and uses this month',
        querystring: S.ManagedOfferQuery,
        response: { 200: S.ManagedOfferList, ...errorResponses },
      },
    },
    (req) => welfare.manage(req.ctx, req.query),
  );
  r.post(
    `${base}/manage/offers`,
    {
      schema: {
        tags,
        summary: 'Staff (welfare.manage): add an offer of a partner canteen or shop',
        body: S.OfferBody,
        response: { 201: S.ManagedOfferView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await welfare.create(req.ctx, req.body)),
  );
  r.patch(
    `${base}/manage/offers/:id`,
    {
      schema: {
        tags,
        summary: 'Staff (welfare.manage): change an offer, or switch it off',
        params: S.IdParams,
        body: S.OfferPatch,
        response: { 200: S.ManagedOfferView, ...errorResponses },
      },
    },
    (req) => welfare.update(req.ctx, req.params.id, req.body),
  );
  r.get(
    `${base}/manage/figures`,
    {
      schema: {
        tags,
        summary: 'Staff (welfare.manage): uses and people in a month, per offer and per day',
        querystring: S.FiguresQuery,
        response: { 200: S.Figures, ...errorResponses },
      },
    },
    (req) => welfare.figures(req.ctx, req.query),
  );
}
