import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import * as S from './schema.ts';
import type { MattersService } from './service.ts';

const tags = ['matters'];
const Ok = z.object({ ok: z.literal(true) });

export function mattersRoutes(app: FastifyInstance, matters: MattersService) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // ----- catalogue -----
  r.get(
    '/api/matters/categories',
    {
      schema: {
        tags,
        summary: 'The two-level catalogue of categories, with deadlines and extra fields',
        querystring: S.CategoryListQuery,
        response: { 200: S.CategoryList, ...errorResponses },
      },
    },
    (req) => matters.listCategories(req.ctx, req.query),
  );

  r.patch(
    '/api/matters/categories/:id',
    {
      schema: {
        tags,
        summary: 'Change a category: names, department, deadlines, fields, keywords',
        params: S.IdParams,
        body: S.UpdateCategoryBody,
        response: { 200: S.CategoryView, ...errorResponses },
      },
    },
    (req) => matters.updateCategory(req.ctx, req.params.id, req.body),
  );

  r.post(
    '/api/matters/suggest-category',
    {
      schema: {
        tags,
        summary: 'Suggest categories for a description (word segmentation + naive Bayes)',
        body: S.SuggestCategoryBody,
        response: { 200: S.SuggestCategoryResult, ...errorResponses },
      },
    },
    (req) => matters.suggestCategory(req.ctx, req.body.description),
  );

  // ----- intake -----
  r.post(
    '/api/matters',
    {
      schema: {
        tags,
        summary:
          'Report a problem (随手拍); staff may log one for someone (phone, walk-in) or as fixed on the spot (随手做)',
        body: S.ReportBody,
        response: { 201: S.MatterDetail, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await matters.report(req.ctx, req.body)),
  );

  r.post(
    '/api/matters/help',
    {
      schema: {
        tags,
        summary: 'One-tap help (一键求助 / 小哥铃): to the nearest open service station and the grid worker on duty',
        body: S.HelpBody,
        response: { 201: S.MatterDetail, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await matters.help(req.ctx, req.body)),
  );

  r.post(
    '/api/matters/suggestions',
    {
      schema: {
        tags,
        summary: 'A suggestion (小哥有话讲, 社区建议), answered adopted or not',
        body: S.SuggestionBody,
        response: { 201: S.MatterDetail, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await matters.suggest(req.ctx, req.body)),
  );

  r.get(
    '/api/matters/nearby',
    {
      schema: {
        tags,
        summary: 'Open matters of a category within 50 m of a point, to follow instead of filing again',
        querystring: S.NearbyQuery,
        response: { 200: S.NearbyList, ...errorResponses },
      },
    },
    (req) => matters.nearby(req.ctx, req.query),
  );

  // ----- reading -----
  r.get(
    '/api/matters',
    {
      schema: {
        tags,
        summary:
          "Queues: mine, my grid, my department's, overdue, unassigned, or all in my area; soonest deadline first",
        querystring: S.MatterListQuery,
        response: { 200: S.MatterList, ...errorResponses },
      },
    },
    (req) => matters.list(req.ctx, req.query),
  );

  r.get(
    '/api/matters/mine',
    {
      schema: {
        tags,
        summary: 'Matters I reported or follow, newest first',
        querystring: S.MyMattersQuery,
        response: { 200: S.MatterList, ...errorResponses },
      },
    },
    (req) => matters.mine(req.ctx, req.query),
  );

  r.get(
    '/api/matters/map',
    {
      schema: {
        tags,
        summary: 'Map: counts per H3 cell (clusters) for the view, or the matters themselves when zoomed in',
        querystring: S.ClustersQuery,
        response: { 200: S.ClusterView, ...errorResponses },
      },
    },
    (req) => matters.clusters(req.ctx, req.query),
  );

  r.get(
    '/api/matters/extensions',
    {
      schema: {
        tags,
        summary:
          'Requests for more time (延期申请) on matters in my reach or dispatched or escalated by me, newest first; pending by default, each saying whether I may decide it',
        querystring: S.ExtensionListQuery,
        response: { 200: S.ExtensionList, ...errorResponses },
      },
    },
    (req) => matters.listExtensions(req.ctx, req.query),
  );

  r.get(
    '/api/matters/:id',
    {
      schema: {
        tags,
        summary: 'A matter with its timeline and the actions open to the caller',
        params: S.IdParams,
        response: { 200: S.MatterDetail, ...errorResponses },
      },
    },
    (req) => matters.get(req.ctx, req.params.id),
  );

  r.get(
    '/api/matters/:id/assignees',
    {
      schema: {
        tags,
        summary: 'Who the matter could be dispatched to',
        params: S.IdParams,
        response: { 200: S.AssigneeList, ...errorResponses },
      },
    },
    (req) => matters.assignees(req.ctx, req.params.id),
  );

  r.post(
    '/api/matters/:id/reveal-contact',
    {
      schema: {
        tags,
        summary: "The reporter's name and whole phone number, for the handler; audited",
        params: S.IdParams,
        response: { 200: S.ContactView, ...errorResponses },
      },
    },
    (req) => matters.revealContact(req.ctx, req.params.id),
  );

  // ----- workflow: one route per action, each with its own body (written out, so each body keeps its type) -----
  const actionResponse = {
    200: S.MatterDetail,
    409: ErrorBody.describe('The matter is not in a state that allows this'),
    ...errorResponses,
  };
  r.post(
    '/api/matters/:id/accept',
    {
      schema: {
        tags,
        summary: 'Accept (受理) — a grid worker takes it',
        params: S.IdParams,
        body: S.AcceptBody,
        response: actionResponse,
      },
    },
    (req) => matters.act(req.ctx, req.params.id, 'accept', req.body),
  );
  r.post(
    '/api/matters/:id/reject',
    {
      schema: {
        tags,
        summary: 'Reject with a reason (不予受理)',
        params: S.IdParams,
        body: S.RejectBody,
        response: actionResponse,
      },
    },
    (req) => matters.act(req.ctx, req.params.id, 'reject', req.body),
  );
  r.post(
    '/api/matters/:id/dispatch',
    {
      schema: {
        tags,
        summary: 'Dispatch to someone (派遣)',
        params: S.IdParams,
        body: S.DispatchBody,
        response: actionResponse,
      },
    },
    (req) => matters.act(req.ctx, req.params.id, 'dispatch', req.body),
  );
  r.post(
    '/api/matters/:id/start',
    {
      schema: {
        tags,
        summary: 'Start handling (处置)',
        params: S.IdParams,
        body: S.StartBody,
        response: actionResponse,
      },
    },
    (req) => matters.act(req.ctx, req.params.id, 'start', req.body),
  );
  r.post(
    '/api/matters/:id/resolve',
    {
      schema: {
        tags,
        summary: 'Resolve with a note and photos (反馈)',
        params: S.IdParams,
        body: S.ResolveBody,
        response: actionResponse,
      },
    },
    (req) => matters.act(req.ctx, req.params.id, 'resolve', req.body),
  );
  r.post(
    '/api/matters/:id/escalate',
    {
      schema: {
        tags,
        summary: 'Escalate one level: grid → community → street → department (上报)',
        params: S.IdParams,
        body: S.EscalateBody,
        response: actionResponse,
      },
    },
    (req) => matters.act(req.ctx, req.params.id, 'escalate', req.body),
  );
  r.post(
    '/api/matters/:id/close',
    {
      schema: {
        tags,
        summary: 'Verify and close (核查结案)',
        params: S.IdParams,
        body: S.CloseBody,
        response: actionResponse,
      },
    },
    (req) => matters.act(req.ctx, req.params.id, 'close', req.body),
  );
  r.post(
    '/api/matters/:id/rate',
    {
      schema: {
        tags,
        summary: 'The reporter rates the handling 1–5 (评价); closes it',
        params: S.IdParams,
        body: S.RateBody,
        response: actionResponse,
      },
    },
    (req) => matters.act(req.ctx, req.params.id, 'rate', req.body),
  );
  r.post(
    '/api/matters/:id/reopen',
    {
      schema: {
        tags,
        summary: 'The reporter reopens it, within 7 days of resolution',
        params: S.IdParams,
        body: S.ReopenBody,
        response: actionResponse,
      },
    },
    (req) => matters.act(req.ctx, req.params.id, 'reopen', req.body),
  );
  r.post(
    '/api/matters/:id/merge',
    {
      schema: {
        tags,
        summary: 'Merge into the same matter reported earlier; followers move',
        params: S.IdParams,
        body: S.MergeBody,
        response: actionResponse,
      },
    },
    (req) => matters.act(req.ctx, req.params.id, 'merge', req.body),
  );
  r.post(
    '/api/matters/:id/reply',
    {
      schema: {
        tags,
        summary: 'Answer a suggestion: adopted or not, with a reply',
        params: S.IdParams,
        body: S.ReplyBody,
        response: actionResponse,
      },
    },
    (req) => matters.act(req.ctx, req.params.id, 'reply', req.body),
  );

  // ----- the desk: return (退单), extensions (延期), joint handling (协办) -----
  r.post(
    '/api/matters/:id/return',
    {
      schema: {
        tags,
        summary:
          'Return (退单) with a reason: to whoever dispatched it (the assignee cleared), or back to the level and person that escalated it',
        params: S.IdParams,
        body: S.ReturnBody,
        response: actionResponse,
      },
    },
    (req) => matters.act(req.ctx, req.params.id, 'return', req.body),
  );
  r.post(
    '/api/matters/:id/extensions',
    {
      schema: {
        tags,
        summary:
          'Ask for more time (延期申请): a later resolve deadline, by the assignee or handler; one pending at a time',
        params: S.IdParams,
        body: S.ExtensionBody,
        response: { ...actionResponse, 409: ErrorBody.describe('A request is already pending') },
      },
    },
    (req) => matters.requestExtension(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/matters/:id/extensions/:extensionId/grant',
    {
      schema: {
        tags,
        summary: 'Grant a request for more time: the resolve deadline moves (by the dispatcher, escalator or manager)',
        params: S.ExtensionParams,
        body: S.DecideExtensionBody,
        response: { ...actionResponse, 409: ErrorBody.describe('Already decided') },
      },
    },
    (req) => matters.decideExtension(req.ctx, req.params.id, req.params.extensionId, 'grant', req.body),
  );
  r.post(
    '/api/matters/:id/extensions/:extensionId/refuse',
    {
      schema: {
        tags,
        summary: 'Refuse a request for more time: the deadline stays',
        params: S.ExtensionParams,
        body: S.DecideExtensionBody,
        response: { ...actionResponse, 409: ErrorBody.describe('Already decided') },
      },
    },
    (req) => matters.decideExtension(req.ctx, req.params.id, req.params.extensionId, 'refuse', req.body),
  );
  r.post(
    '/api/matters/:id/assists',
    {
      schema: {
        tags,
        summary: "Add an assisting department (协办单位) with its task; its staff then see the matter (queue 'assist')",
        params: S.IdParams,
        body: S.AssistBody,
        response: { ...actionResponse, 409: ErrorBody.describe('That department is already assisting') },
      },
    },
    (req) => matters.addAssist(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/matters/:id/assists/:assistId/reply',
    {
      schema: {
        tags,
        summary: "An assisting department's reply (协办回复), with photos; on the timeline",
        params: S.AssistParams,
        body: S.AssistReplyBody,
        response: { ...actionResponse, 409: ErrorBody.describe('The assist is closed') },
      },
    },
    (req) => matters.replyAssist(req.ctx, req.params.id, req.params.assistId, req.body),
  );

  r.post(
    '/api/matters/:id/notes',
    {
      schema: {
        tags,
        summary: 'Add a note (staff may make it internal, hidden from the reporter)',
        params: S.IdParams,
        body: S.NoteBody,
        response: { 200: S.MatterDetail, ...errorResponses },
      },
    },
    (req) => matters.note(req.ctx, req.params.id, req.body),
  );

  r.post(
    '/api/matters/:id/follow',
    {
      schema: {
        tags,
        summary:
          'Follow a matter: one in sight, or a public report within 50 m of where the caller stands (instead of filing the same again)',
        params: S.IdParams,
        body: S.FollowBody,
        response: { 200: S.MatterDetail, ...errorResponses },
      },
    },
    (req) => matters.follow(req.ctx, req.params.id, req.body),
  );

  r.post(
    '/api/matters/:id/unfollow',
    {
      schema: {
        tags,
        summary: 'Stop following a matter',
        params: S.IdParams,
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (req) => {
      await matters.unfollow(req.ctx, req.params.id);
      return { ok: true as const };
    },
  );

  // ----- service stations and duty -----
  r.get(
    '/api/stations',
    {
      schema: {
        tags: ['stations'],
        summary: 'Service stations (党群服务中心, 暖心驿站, 小哥暖心站, 调解室, 法治e站)',
        querystring: S.StationListQuery,
        response: { 200: S.StationList, ...errorResponses },
      },
    },
    (req) => matters.listStations(req.ctx, req.query),
  );

  r.get(
    '/api/stations/nearest',
    {
      schema: {
        tags: ['stations'],
        summary: 'The nearest stations to a point, open now by default, with a facility if asked',
        querystring: S.NearestStationsQuery,
        response: { 200: S.NearestStations, ...errorResponses },
      },
    },
    (req) => matters.nearest(req.ctx, req.query),
  );

  r.post(
    '/api/stations',
    {
      schema: {
        tags: ['stations'],
        summary: 'Add a service station',
        body: S.CreateStationBody,
        response: { 201: S.StationView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await matters.createStation(req.ctx, req.body)),
  );

  r.patch(
    '/api/stations/:id',
    {
      schema: {
        tags: ['stations'],
        summary: 'Change a service station',
        params: S.IdParams,
        body: S.UpdateStationBody,
        response: { 200: S.StationView, ...errorResponses },
      },
    },
    (req) => matters.updateStation(req.ctx, req.params.id, req.body),
  );
  r.put(
    '/api/stations/:id/facilities',
    {
      schema: {
        tags: ['stations'],
        summary:
          'The staff on duty at a station (or who manage it) confirm the facilities in working order now (水, 微波炉, 充电 …)',
        params: S.IdParams,
        body: S.StationFacilitiesBody,
        response: { 200: S.StationView, ...errorResponses },
      },
    },
    (req) => matters.confirmStationFacilities(req.ctx, req.params.id, req.body),
  );
  r.get(
    '/api/stations/on-duty/mine',
    {
      schema: {
        tags: ['stations'],
        summary: 'The stations I am on duty at now, whose facilities I keep current',
        response: { 200: S.MyDutyStations, ...errorResponses },
      },
    },
    (req) => matters.myDutyStations(req.ctx),
  );

  r.get(
    '/api/matters/stations/:id/duty',
    {
      schema: {
        tags,
        summary: 'Who is on duty at a service station over a period',
        params: S.IdParams,
        querystring: S.StationDutyQuery,
        response: { 200: S.StationDutyList, ...errorResponses },
      },
    },
    (req) => matters.listStationDuty(req.ctx, req.params.id, req.query),
  );

  r.post(
    '/api/matters/stations/:id/duty',
    {
      schema: {
        tags,
        summary: 'Put a member of staff on duty at a service station; help calls there reach them by app and SMS',
        params: S.IdParams,
        body: S.StationDutyBody,
        response: { 201: S.StationDutyView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await matters.addStationDuty(req.ctx, req.params.id, req.body)),
  );

  r.delete(
    '/api/matters/station-duty/:id',
    {
      schema: {
        tags,
        summary: 'Remove a duty period at a service station',
        params: S.IdParams,
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (req) => {
      await matters.removeStationDuty(req.ctx, req.params.id);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/matters/duty',
    {
      schema: {
        tags,
        summary: 'Who is on duty in a grid over a period (值班表)',
        querystring: S.DutyQuery,
        response: { 200: S.DutyList, ...errorResponses },
      },
    },
    (req) => matters.listDuty(req.ctx, req.query),
  );

  r.post(
    '/api/matters/duty',
    {
      schema: {
        tags,
        summary: 'Put a grid worker on duty for a period',
        body: S.DutyBody,
        response: { 201: S.DutyView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await matters.addDuty(req.ctx, req.body)),
  );

  r.delete(
    '/api/matters/duty/:id',
    {
      schema: { tags, summary: 'Remove a duty period', params: S.IdParams, response: { 200: Ok, ...errorResponses } },
    },
    async (req) => {
      await matters.removeDuty(req.ctx, req.params.id);
      return { ok: true as const };
    },
  );
}

export function open311ClientRoutes(app: FastifyInstance, matters: MattersService, hashKey: (key: string) => string) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['open311'];
  r.get(
    '/api/matters/open311-clients',
    {
      schema: {
        tags,
        summary: "Open311 clients of the caller's area",
        response: { 200: S.Open311ClientList, ...errorResponses },
      },
    },
    (req) => matters.listOpen311Clients(req.ctx),
  );

  r.post(
    '/api/matters/open311-clients',
    {
      schema: {
        tags,
        summary: 'Issue an Open311 api_key to a client; the key is shown this once',
        body: S.Open311ClientBody,
        response: { 201: S.Open311ClientView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await matters.issueOpen311Client(req.ctx, req.body, hashKey)),
  );

  r.delete(
    '/api/matters/open311-clients/:id',
    {
      schema: {
        tags,
        summary: "Revoke an Open311 client's key",
        params: S.IdParams,
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (req) => {
      await matters.revokeOpen311Client(req.ctx, req.params.id);
      return { ok: true as const };
    },
  );
}
