import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import * as S from './schema.ts';
import type { FieldService } from './service.ts';

const tags = ['field'];

export function fieldRoutes(app: FastifyInstance, field: FieldService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/field';
  const conflict = { 409: ErrorBody.describe('A patrol already under way (start), or this one has ended') };

  r.post(
    `${base}/patrols`,
    {
      schema: {
        tags,
        summary: 'Start a patrol (巡查); one at a time per worker',
        response: { 201: S.PatrolView, ...conflict, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await field.startPatrol(req.ctx)),
  );
  r.get(
    `${base}/patrols/current`,
    {
      schema: {
        tags,
        summary: 'My patrol under way, if any',
        response: { 200: S.CurrentPatrol, ...errorResponses },
      },
    },
    (req) => field.currentPatrol(req.ctx),
  );
  r.get(
    `${base}/patrols/day`,
    {
      schema: {
        tags,
        summary:
          "The patrols of a local day in my area: trails, check-ins, and per grid the buildings reached (the grid map's layer)",
        querystring: S.DayQuery,
        response: { 200: S.DayMap, ...errorResponses },
      },
    },
    (req) => field.patrolDay(req.ctx, req.query),
  );
  r.get(
    `${base}/patrols/:id`,
    {
      schema: {
        tags,
        summary:
          'A patrol with its trail (GeoJSON LineString), samples too inaccurate to count, check-ins and findings',
        params: S.IdParams,
        response: { 200: S.PatrolView, ...errorResponses },
      },
    },
    (req) => field.patrol(req.ctx, req.params.id),
  );
  r.post(
    `${base}/patrols/:id/samples`,
    {
      schema: {
        tags,
        summary: "Add location samples from the phone (a batch; one sent again adds nothing); the patrol's worker only",
        params: S.IdParams,
        body: S.SampleBody,
        response: { 200: S.SampleResult, ...conflict, ...errorResponses },
      },
    },
    (req) => field.addSamples(req.ctx, req.params.id, req.body),
  );
  r.post(
    `${base}/patrols/:id/check-ins`,
    {
      schema: {
        tags,
        summary: 'Check in at a building of my area',
        params: S.IdParams,
        body: S.CheckInBody,
        response: { 200: S.PatrolView, ...conflict, ...errorResponses },
      },
    },
    (req) => field.checkIn(req.ctx, req.params.id, req.body),
  );
  r.post(
    `${base}/patrols/:id/findings`,
    {
      schema: {
        tags,
        summary: 'Report something found on the patrol: a matter placed where I stand, linked to the patrol',
        params: S.IdParams,
        body: S.FindingBody,
        response: { 201: S.FindingResult, ...conflict, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await field.reportFinding(req.ctx, req.params.id, req.body)),
  );
  r.post(
    `${base}/patrols/:id/stop`,
    {
      schema: {
        tags,
        summary: 'Stop my patrol: its distance and time are final',
        params: S.IdParams,
        body: S.StopBody,
        response: { 200: S.PatrolView, ...conflict, ...errorResponses },
      },
    },
    (req) => field.stopPatrol(req.ctx, req.params.id, req.body),
  );

  r.post(
    `${base}/visits`,
    {
      schema: {
        tags,
        summary: 'Record a visit (走访) to a person or household of my area; each concern opens a matter',
        body: S.VisitBody,
        response: { 201: S.VisitView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await field.recordVisit(req.ctx, req.body)),
  );
  r.get(
    `${base}/visits`,
    {
      schema: {
        tags,
        summary: 'Visits in my area, newest first',
        querystring: S.VisitListQuery,
        response: { 200: S.VisitList, ...errorResponses },
      },
    },
    (req) => field.listVisits(req.ctx, req.query),
  );
  r.get(
    `${base}/visits/due`,
    {
      schema: {
        tags,
        summary:
          'People of my area due or overdue for a visit (独居老人 weekly, others per community), most overdue first',
        querystring: S.DueQuery,
        response: { 200: S.DueList, ...errorResponses },
      },
    },
    (req) => field.visitsDue(req.ctx, req.query),
  );
  r.get(
    `${base}/visit-rules/:communityId`,
    {
      schema: {
        tags,
        summary: "A community's visit intervals per person tag, with the defaults it has not changed",
        params: S.CommunityParams,
        response: { 200: S.VisitRulesView, ...errorResponses },
      },
    },
    (req) => field.visitRules(req.ctx, req.params.communityId),
  );
  r.put(
    `${base}/visit-rules/:communityId`,
    {
      schema: {
        tags,
        summary: "Set a community's visit intervals per person tag (replaces its earlier ones)",
        params: S.CommunityParams,
        body: S.VisitRulesBody,
        response: { 200: S.VisitRulesView, ...errorResponses },
      },
    },
    (req) => field.setVisitRules(req.ctx, req.params.communityId, req.body),
  );

  r.get(
    `${base}/work-log/staff`,
    {
      schema: {
        tags,
        summary:
          "The month's work logs of my area's staff (工作日志): each worker with anything recorded, by name, with the month's totals",
        querystring: S.StaffLogQuery,
        response: { 200: S.StaffLogList, ...errorResponses },
      },
    },
    (req) => field.staffWorkLog(req.ctx, req.query),
  );
  r.get(
    `${base}/work-log`,
    {
      schema: {
        tags,
        summary:
          "A worker's log (工作日志) for a local day or month, made from patrols, visits and matters; mine, or my area's staff's",
        querystring: S.WorkLogQuery,
        response: { 200: S.WorkLogView, ...errorResponses },
      },
    },
    (req) => field.workLog(req.ctx, req.query),
  );
}
