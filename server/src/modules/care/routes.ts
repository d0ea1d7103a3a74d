import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import { PageQuery } from '../../platform/pagination.ts';
import * as S from './schema.ts';
import type { CareService } from './service.ts';

const tags = ['care'];

export function careRoutes(app: FastifyInstance, care: CareService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const conflict = {
    409: ErrorBody.describe('Not possible in the current state (already a target, check already done, not missed)'),
  };
  const base = '/api/care';

  r.get(
    `${base}/targets`,
    {
      schema: {
        tags,
        summary: 'Care targets (关爱对象) of my area, with search and filters',
        querystring: S.TargetListQuery,
        response: { 200: S.TargetList, ...errorResponses },
      },
    },
    (req) => care.list(req.ctx, req.query),
  );
  r.post(
    `${base}/targets`,
    {
      schema: {
        tags,
        summary: 'Take a person (org module) into care: kinds, helpers in escalation order, the daily check, devices',
        body: S.TargetBody,
        response: { 201: S.TargetDetail, ...conflict, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await care.create(req.ctx, req.body)),
  );
  r.get(
    `${base}/targets/:id`,
    {
      schema: {
        tags,
        summary:
          "A care target: helpers, the daily check and today's results, visit plan (for its area's staff and its helpers)",
        params: S.IdParams,
        response: { 200: S.TargetDetail, ...errorResponses },
      },
    },
    (req) => care.detail(req.ctx, req.params.id),
  );
  r.patch(
    `${base}/targets/:id`,
    {
      schema: {
        tags,
        summary: 'Change kinds, note, devices; end care (active: false)',
        params: S.IdParams,
        body: S.TargetPatch,
        response: { 200: S.TargetDetail, ...conflict, ...errorResponses },
      },
    },
    (req) => care.update(req.ctx, req.params.id, req.body),
  );
  r.put(
    `${base}/targets/:id/helpers`,
    {
      schema: {
        tags,
        summary: 'Set the helpers in order of escalation (暖宝 volunteers, grid workers, family)',
        params: S.IdParams,
        body: S.HelpersBody,
        response: { 200: S.TargetDetail, ...errorResponses },
      },
    },
    (req) => care.setHelpers(req.ctx, req.params.id, req.body),
  );
  r.put(
    `${base}/targets/:id/rules`,
    {
      schema: {
        tags,
        summary: 'Set the daily check (窗帘之约): what is expected by when, local time',
        params: S.IdParams,
        body: S.RulesBody,
        response: { 200: S.TargetDetail, ...errorResponses },
      },
    },
    (req) => care.setRules(req.ctx, req.params.id, req.body),
  );
  r.get(
    `${base}/targets/:id/checks/:checkId`,
    {
      schema: {
        tags,
        summary: 'One check with its log: missed, who was told when, escalations, acknowledgement',
        params: S.CheckParams,
        response: { 200: S.CheckDetail, ...errorResponses },
      },
    },
    (req) => care.checkDetail(req.ctx, req.params.id, req.params.checkId),
  );
  r.post(
    `${base}/targets/:id/checks/:checkId/confirm`,
    {
      schema: {
        tags,
        summary: 'A helper confirms a check ("I saw her", "I called"); a missed one is then resolved',
        params: S.CheckParams,
        body: S.ConfirmBody,
        response: { 200: S.TargetDetail, ...conflict, ...errorResponses },
      },
    },
    (req) => care.confirm(req.ctx, req.params.id, req.params.checkId, req.body),
  );
  r.post(
    `${base}/targets/:id/checks/:checkId/acknowledge`,
    {
      schema: {
        tags,
        summary: 'A helper acknowledges a missed check ("on my way"): it is escalated no further',
        params: S.CheckParams,
        body: S.AcknowledgeBody,
        response: { 200: S.TargetDetail, ...conflict, ...errorResponses },
      },
    },
    (req) => care.acknowledge(req.ctx, req.params.id, req.params.checkId, req.body),
  );
  r.get(
    `${base}/board`,
    {
      schema: {
        tags,
        summary:
          "The day's board of a community or grid: each target with each check (pending, done, missed) and by whom",
        querystring: S.BoardQuery,
        response: { 200: S.BoardView, ...errorResponses },
      },
    },
    (req) => care.board(req.ctx, req.query),
  );
  r.get(
    `${base}/mine`,
    {
      schema: {
        tags,
        summary: "My care targets as a helper, today's checks, and missed checks I am asked to look into",
        response: { 200: S.MineView, ...errorResponses },
      },
    },
    (req) => care.mine(req.ctx),
  );
  r.put(
    `${base}/targets/:id/visit-plan`,
    {
      schema: {
        tags,
        summary: 'Set the visit plan: every N days, by whom',
        params: S.IdParams,
        body: S.VisitPlanBody,
        response: { 200: S.TargetDetail, ...errorResponses },
      },
    },
    (req) => care.setVisitPlan(req.ctx, req.params.id, req.body),
  );
  r.get(
    `${base}/targets/:id/visits`,
    {
      schema: {
        tags,
        summary: 'Visit records, newest first',
        params: S.IdParams,
        querystring: PageQuery,
        response: { 200: S.VisitList, ...errorResponses },
      },
    },
    (req) => care.visits(req.ctx, req.params.id, req.query),
  );
  r.post(
    `${base}/targets/:id/visits`,
    {
      schema: {
        tags,
        summary: 'Record a visit (走访): who, when, findings, photos; a concern opens a care matter',
        params: S.IdParams,
        body: S.VisitBody,
        response: { 201: S.VisitView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await care.recordVisit(req.ctx, req.params.id, req.body)),
  );
  r.get(
    `${base}/visits/overdue`,
    {
      schema: {
        tags,
        summary: 'Targets whose planned visit is overdue',
        querystring: S.OverdueQuery,
        response: { 200: S.OverdueList, ...errorResponses },
      },
    },
    (req) => care.overdueVisits(req.ctx, req.query),
  );
}
