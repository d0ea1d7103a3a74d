import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import { PageQuery } from '../../platform/pagination.ts';
import * as S from './schema.ts';
import type { NoticesService } from './service.ts';

const tags = ['notices'];

export function noticesRoutes(app: FastifyInstance, notices: NoticesService, publicUrl: string | undefined) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/notices';

  // ---------- staff ----------
  r.get(
    `${base}/manage`,
    {
      schema: {
        tags,
        summary: 'Staff (notices.read): notices sent by or to my area, newest first, with their counts',
        querystring: S.NoticeListQuery,
        response: { 200: S.NoticeList, ...errorResponses },
      },
    },
    (req) => notices.list(req.ctx, req.query),
  );
  r.post(
    `${base}/manage`,
    {
      schema: {
        tags,
        summary:
          'Staff (notices.publish): publish a notice (CAP 1.2 fields) to the people of an area by tag or role; an update or cancel supersedes the notice it references',
        body: S.PublishBody,
        response: {
          201: S.NoticeView,
          409: ErrorBody.describe('The referenced notice is already superseded or cancelled'),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await notices.publish(req.ctx, req.body)),
  );
  r.get(
    `${base}/manage/:id`,
    {
      schema: {
        tags,
        summary: 'Staff (notices.read): a notice with its counts (sent, delivered, read, acknowledged)',
        params: S.IdParams,
        response: { 200: S.NoticeView, ...errorResponses },
      },
    },
    (req) => notices.get(req.ctx, req.params.id),
  );
  r.get(
    `${base}/manage/:id/recipients`,
    {
      schema: {
        tags,
        summary: "Staff (notices.read): a notice's recipients with their four times, names masked",
        params: S.IdParams,
        querystring: S.RecipientQuery,
        response: { 200: S.RecipientList, ...errorResponses },
      },
    },
    (req) => notices.recipients(req.ctx, req.params.id, req.query),
  );
  r.post(
    `${base}/manage/:id/recipients/:recipientId/ack`,
    {
      schema: {
        tags,
        summary: 'Staff (notices.publish): record that a recipient knows, after a call or a visit',
        params: S.RecipientParams,
        body: S.RecordAckBody,
        response: { 200: z.object({ ok: z.boolean() }), 409: ErrorBody, ...errorResponses },
      },
    },
    (req) => notices.recordAck(req.ctx, req.params.id, req.params.recipientId, req.body),
  );
  r.post(
    `${base}/manage/:id/resend`,
    {
      schema: {
        tags,
        summary: 'Staff (notices.publish): send the notice again to those who have not acknowledged it, only them',
        params: S.IdParams,
        response: { 200: S.ResendResult, 409: ErrorBody.describe('The notice is not current'), ...errorResponses },
      },
    },
    (req) => notices.resend(req.ctx, req.params.id),
  );
  r.get(
    `${base}/manage/:id/poster`,
    {
      schema: {
        tags,
        summary: 'Staff (notices.read): the A4 poster (PDF) for building boards, with a QR code of the notice',
        params: S.IdParams,
        produces: ['application/pdf'],
        response: { 200: z.any().describe('application/pdf'), ...errorResponses },
      },
    },
    async (req, reply) => {
      const origin = publicUrl ?? `${req.protocol}://${req.host}`;
      const { pdf, filename } = await notices.poster(req.ctx, req.params.id, origin);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="${filename}"`)
        .send(pdf);
    },
  );

  // ---------- visit tasks ----------
  r.get(
    `${base}/tasks`,
    {
      schema: {
        tags,
        summary:
          'Grid workers and staff (notices.visit): visit tasks for elders living alone who did not acknowledge an anti-fraud alert',
        querystring: S.TaskQuery,
        response: { 200: S.TaskList, ...errorResponses },
      },
    },
    (req) => notices.tasks.list(req.ctx, req.query),
  );
  r.post(
    `${base}/tasks/:id/close`,
    {
      schema: {
        tags,
        summary: "Close a visit task (visited or phoned, a note): records the elder's acknowledgement",
        params: S.IdParams,
        body: S.CloseTaskBody,
        response: { 200: S.TaskView, 409: ErrorBody.describe('Already closed'), ...errorResponses },
      },
    },
    (req) => notices.tasks.close(req.ctx, req.params.id, req.body),
  );

  // ---------- recipients ----------
  r.get(
    `${base}/mine`,
    {
      schema: {
        tags,
        summary: 'The notices I received, newest first',
        querystring: PageQuery,
        response: { 200: S.MyNoticeList, ...errorResponses },
      },
    },
    (req) => notices.mine(req.ctx, req.query),
  );
  r.get(
    `${base}/mine/:id`,
    {
      schema: {
        tags,
        summary: 'One of my notices, opened (marks it read)',
        params: S.IdParams,
        response: { 200: S.MyNoticeView, ...errorResponses },
      },
    },
    (req) => notices.openMine(req.ctx, req.params.id),
  );
  r.post(
    `${base}/mine/:id/ack`,
    {
      schema: {
        tags,
        summary: '我已知晓: acknowledge one of my notices',
        params: S.IdParams,
        response: { 200: S.MyNoticeView, ...errorResponses },
      },
    },
    (req) => notices.acknowledgeMine(req.ctx, req.params.id),
  );
}
