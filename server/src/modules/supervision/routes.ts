import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import * as S from './schema.ts';
import type { SupervisionService } from './service.ts';

const tags = ['supervision'];

export function supervisionRoutes(app: FastifyInstance, supervision: SupervisionService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/supervision';
  const ended = { 409: ErrorBody.describe('The order has ended') };

  r.post(
    `${base}/orders`,
    {
      schema: {
        tags,
        summary:
          'Put a matter, a department (over a street or district) or a community under supervision (督办) with a deadline; listed: 挂牌督办',
        body: S.CreateOrderBody,
        response: {
          201: S.OrderView,
          409: ErrorBody.describe(
            'The matter is resolved or already supervised, or the unit has no overdue matters to supervise',
          ),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await supervision.create(req.ctx, req.body)),
  );
  r.get(
    `${base}/orders`,
    {
      schema: {
        tags,
        summary: 'Supervision orders of my area, newest first, with their cards (三色)',
        querystring: S.OrderListQuery,
        response: { 200: S.OrderList, ...errorResponses },
      },
    },
    (req) => supervision.list(req.ctx, req.query),
  );
  r.get(
    `${base}/orders/:id`,
    {
      schema: {
        tags,
        summary: 'A supervision order with its changes of card and its reminders',
        params: S.IdParams,
        response: { 200: S.OrderDetail, ...errorResponses },
      },
    },
    (req) => supervision.get(req.ctx, req.params.id),
  );
  r.patch(
    `${base}/orders/:id`,
    {
      schema: {
        tags,
        summary: 'Move the deadline, change the note or the listing; a card given stays given',
        params: S.IdParams,
        body: S.UpdateOrderBody,
        response: { 200: S.OrderDetail, ...ended, ...errorResponses },
      },
    },
    (req) => supervision.update(req.ctx, req.params.id, req.body),
  );
  r.post(
    `${base}/orders/:id/remind`,
    {
      schema: {
        tags,
        summary:
          'Remind (催办): a message to those answerable (the assignee, the department’s staff, the community’s admins); once in SUPERVISION_REMIND_MINUTES',
        params: S.IdParams,
        body: S.RemindBody,
        response: {
          200: S.RemindResult,
          ...ended,
          429: ErrorBody.describe('Reminded too recently'),
          ...errorResponses,
        },
      },
    },
    (req) => supervision.remind(req.ctx, req.params.id, req.body),
  );
  r.post(
    `${base}/orders/:id/close`,
    {
      schema: {
        tags,
        summary: 'Close an order by hand, with a note; a red card turns yellow only if the gap has closed',
        params: S.IdParams,
        body: S.CloseOrderBody,
        response: { 200: S.OrderDetail, ...ended, ...errorResponses },
      },
    },
    (req) => supervision.close(req.ctx, req.params.id, req.body),
  );
  r.get(
    `${base}/counts`,
    {
      schema: {
        tags,
        summary:
          'Per unit answerable, the orders made in [from, to): how many, on time, worst card yellow, worst card red, still open',
        querystring: S.CountsQuery,
        response: { 200: S.CountsView, ...errorResponses },
      },
    },
    (req) => supervision.counts(req.ctx, req.query),
  );
}
