import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import * as S from './schema.ts';
import type { CampaignsService } from './service.ts';

const tags = ['campaigns'];

export function campaignsRoutes(app: FastifyInstance, campaigns: CampaignsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/campaigns';

  r.get(
    base,
    {
      schema: {
        tags,
        summary: 'Inspection campaigns (专项整治) of my area (campaigns.read) and those whose task force I am in',
        querystring: S.CampaignListQuery,
        response: { 200: S.CampaignList, ...errorResponses },
      },
    },
    (req) => campaigns.list(req.ctx, req.query),
  );
  r.post(
    base,
    {
      schema: {
        tags,
        summary: 'Staff (campaigns.manage): set up a campaign with its checklist, targets and task force',
        body: S.CampaignBody,
        response: { 201: S.CampaignView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await campaigns.create(req.ctx, req.body)),
  );
  r.get(
    `${base}/staff`,
    {
      schema: {
        tags,
        summary: 'Managers (campaigns.manage): the staff of a division a task force is chosen from',
        querystring: S.StaffQuery,
        response: { 200: S.StaffList, ...errorResponses },
      },
    },
    (req) => campaigns.staff(req.ctx, req.query),
  );
  r.get(
    `${base}/notices`,
    {
      schema: {
        tags,
        summary: 'Rectification notices of the campaigns I may read: by campaign, status, overdue, mine; newest first',
        querystring: S.NoticeListQuery,
        response: { 200: S.NoticePage, ...errorResponses },
      },
    },
    (req) => campaigns.listNotices(req.ctx, req.query),
  );
  r.patch(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Managers: change title, period, status or task force; add checklist items and targets',
        params: S.IdParams,
        body: S.CampaignUpdateBody,
        response: {
          200: S.CampaignView,
          409: ErrorBody.describe('An added item code exists already'),
          ...errorResponses,
        },
      },
    },
    (req) => campaigns.update(req.ctx, req.params.id, req.body),
  );
  r.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'A campaign with its checklist and targets',
        params: S.IdParams,
        response: { 200: S.CampaignView, ...errorResponses },
      },
    },
    (req) => campaigns.get(req.ctx, req.params.id),
  );
  r.post(
    `${base}/:id/targets/:targetId/inspection`,
    {
      schema: {
        tags,
        summary: 'Task force or manager: record an inspection of a target; findings issue a notice (整改通知书)',
        params: S.TargetParams,
        body: S.InspectionBody,
        response: {
          201: S.InspectionResult,
          409: ErrorBody.describe('An unknown or repeated item, a finding without words, or a closed campaign'),
          ...errorResponses,
        },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await campaigns.inspect(req.ctx, req.params.id, req.params.targetId, req.body)),
  );
  r.get(
    `${base}/:id/progress`,
    {
      schema: {
        tags,
        summary: 'Progress by target and by checklist item',
        params: S.IdParams,
        response: { 200: S.Progress, ...errorResponses },
      },
    },
    (req) => campaigns.progress(req.ctx, req.params.id),
  );
  r.get(
    `${base}/:id/notices`,
    {
      schema: {
        tags,
        summary: 'The rectification notices of a campaign',
        params: S.IdParams,
        response: { 200: S.NoticeList, ...errorResponses },
      },
    },
    (req) => campaigns.notices(req.ctx, req.params.id),
  );
  r.post(
    `${base}/:id/checks/:checkId/matter`,
    {
      schema: {
        tags,
        summary: 'Task force or manager: open a matter from a finding (转事项); again, the same matter',
        params: S.CheckParams,
        response: { 200: S.MatterOpened, ...errorResponses },
      },
    },
    (req) => campaigns.findingToMatter(req.ctx, req.params.id, req.params.checkId),
  );
  r.get(
    `${base}/notices/:id`,
    {
      schema: {
        tags,
        summary: 'A rectification notice',
        params: S.IdParams,
        response: { 200: S.NoticeView, ...errorResponses },
      },
    },
    async (req) => (await campaigns.notice(req.ctx, req.params.id)).view,
  );
  r.get(
    `${base}/notices/:id/pdf`,
    {
      schema: {
        tags,
        summary: 'The printable rectification notice (整改通知书), A4 PDF',
        params: S.IdParams,
        produces: ['application/pdf'],
        response: { 200: z.any().describe('application/pdf'), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { pdf, filename } = await campaigns.noticePdf(req.ctx, req.params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="${filename}"`)
        .send(pdf);
    },
  );
  r.post(
    `${base}/notices/:id/recheck`,
    {
      schema: {
        tags,
        summary: 'Task force or manager: re-check (复查); passed closes, failed escalates with a new deadline',
        params: S.IdParams,
        body: S.RecheckBody,
        response: { 200: S.NoticeView, 409: ErrorBody.describe('The notice is closed'), ...errorResponses },
      },
    },
    (req) => campaigns.recheck(req.ctx, req.params.id, req.body),
  );
}
