import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import { PageQuery } from '../../platform/pagination.ts';
import * as S from './schema.ts';
import type { VolunteerService } from './service.ts';

const tags = ['volunteer'];
const Ok = z.object({ ok: z.literal(true) });

export function volunteerRoutes(app: FastifyInstance, volunteer: VolunteerService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const conflict = { 409: ErrorBody.describe('Full, closed, or not in the state this needs') };

  r.get(
    '/api/volunteer/teams',
    {
      schema: {
        tags,
        summary: 'Volunteer teams of my area (微团队)',
        querystring: S.TeamListQuery,
        response: { 200: S.TeamList, ...errorResponses },
      },
    },
    (req) => volunteer.listTeams(req.ctx, req.query),
  );
  r.post(
    '/api/volunteer/teams',
    {
      schema: {
        tags,
        summary: 'Form a team, with its leaders',
        body: S.TeamBody,
        response: { 201: S.TeamView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await volunteer.createTeam(req.ctx, req.body)),
  );
  r.get(
    '/api/volunteer/teams/:id',
    {
      schema: {
        tags,
        summary: 'A team and its members',
        params: S.IdParams,
        response: { 200: S.TeamView, ...errorResponses },
      },
    },
    (req) => volunteer.getTeam(req.ctx, req.params.id),
  );
  r.post(
    '/api/volunteer/teams/:id/members',
    {
      schema: {
        tags,
        summary: 'Join a team (or, staff, add a member or leader)',
        params: S.IdParams,
        body: S.MemberBody,
        response: { 200: S.TeamView, ...errorResponses },
      },
    },
    (req) => volunteer.setMember(req.ctx, req.params.id, req.body),
  );
  r.delete(
    '/api/volunteer/teams/:id/members/:userId',
    {
      schema: {
        tags,
        summary: 'Leave a team (or, staff, remove a member)',
        params: S.MemberParams,
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (req) => {
      await volunteer.leaveTeam(req.ctx, req.params.id, req.params.userId);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/volunteer/activities',
    {
      schema: {
        tags,
        summary: 'Activities of my area',
        querystring: S.ActivityListQuery,
        response: { 200: S.ActivityList, ...errorResponses },
      },
    },
    (req) => volunteer.listActivities(req.ctx, req.query),
  );
  r.post(
    '/api/volunteer/activities',
    {
      schema: {
        tags,
        summary: 'A team leader announces an activity',
        body: S.ActivityBody,
        response: { 201: S.ActivityView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await volunteer.createActivity(req.ctx, req.body)),
  );
  r.get(
    '/api/volunteer/activities/mine',
    { schema: { tags, summary: 'My sign-ups and approved hours', response: { 200: S.MySignups, ...errorResponses } } },
    (req) => volunteer.mySignups(req.ctx),
  );
  r.get(
    '/api/volunteer/activities/:id',
    {
      schema: {
        tags,
        summary: 'An activity; its leaders also see the sign-ups',
        params: S.IdParams,
        response: { 200: S.ActivityView, ...errorResponses },
      },
    },
    (req) => volunteer.getActivity(req.ctx, req.params.id),
  );
  r.post(
    '/api/volunteer/activities/:id/signup',
    {
      schema: {
        tags,
        summary: 'Sign up (within capacity)',
        params: S.IdParams,
        response: { 200: S.ActivityView, ...conflict, ...errorResponses },
      },
    },
    (req) => volunteer.signUp(req.ctx, req.params.id),
  );
  r.post(
    '/api/volunteer/activities/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Withdraw a sign-up',
        params: S.IdParams,
        response: { 200: S.ActivityView, ...conflict, ...errorResponses },
      },
    },
    (req) => volunteer.cancelSignUp(req.ctx, req.params.id),
  );
  r.get(
    '/api/volunteer/activities/:id/code',
    {
      schema: {
        tags,
        summary: "The leader's rotating check-in code (changes every 30 s)",
        params: S.IdParams,
        response: { 200: S.CodeView, ...errorResponses },
      },
    },
    (req) => volunteer.currentCode(req.ctx, req.params.id),
  );
  r.post(
    '/api/volunteer/activities/:id/checkin',
    {
      schema: {
        tags,
        summary: "Check in with the leader's code, or by being there",
        params: S.IdParams,
        body: S.CheckBody,
        response: { 200: S.ActivityView, ...conflict, ...errorResponses },
      },
    },
    (req) => volunteer.checkIn(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/volunteer/activities/:id/checkout',
    {
      schema: {
        tags,
        summary: "Check out; the minutes within the activity's hours are counted",
        params: S.IdParams,
        body: S.CheckBody,
        response: { 200: S.ActivityView, ...conflict, ...errorResponses },
      },
    },
    (req) => volunteer.checkOut(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/volunteer/activities/:id/hours',
    {
      schema: {
        tags,
        summary: "The leader approves or rejects a volunteer's hours; approved hours earn points",
        params: S.IdParams,
        body: S.DecideHoursBody,
        response: { 200: S.ActivityView, ...conflict, ...errorResponses },
      },
    },
    (req) => volunteer.decideHours(req.ctx, req.params.id, req.body),
  );

  r.get(
    '/api/volunteer/good-deeds',
    {
      schema: {
        tags,
        summary: 'Good deeds (好人好事): verified ones for all, reports for staff and their reporter',
        querystring: S.GoodDeedListQuery,
        response: { 200: S.GoodDeedList, ...errorResponses },
      },
    },
    (req) => volunteer.listGoodDeeds(req.ctx, req.query),
  );
  r.post(
    '/api/volunteer/good-deeds',
    {
      schema: {
        tags,
        summary: 'Report a good deed with evidence',
        body: S.GoodDeedBody,
        response: { 201: S.GoodDeedView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await volunteer.reportGoodDeed(req.ctx, req.body)),
  );
  r.post(
    '/api/volunteer/good-deeds/:id/decide',
    {
      schema: {
        tags,
        summary: 'Staff verify (the doer earns points) or reject a good deed',
        params: S.IdParams,
        body: S.DecideBody,
        response: { 200: S.GoodDeedView, ...conflict, ...errorResponses },
      },
    },
    (req) => volunteer.decideGoodDeed(req.ctx, req.params.id, req.body),
  );

  r.get(
    '/api/volunteer/wishes',
    {
      schema: {
        tags,
        summary: 'Micro-wishes (微心愿) of my area',
        querystring: S.WishListQuery,
        response: { 200: S.WishList, ...errorResponses },
      },
    },
    (req) => volunteer.listWishes(req.ctx, req.query),
  );
  r.post(
    '/api/volunteer/wishes',
    {
      schema: {
        tags,
        summary: 'Post a wish for a resident in need',
        body: S.WishBody,
        response: { 201: S.WishView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await volunteer.postWish(req.ctx, req.body)),
  );
  r.post(
    '/api/volunteer/wishes/:id/:action',
    {
      schema: {
        tags,
        summary: 'Claim, fulfil (with a photo), thank, or cancel a wish',
        params: S.WishActionParams,
        body: S.WishActionBody,
        response: { 200: S.WishView, ...conflict, ...errorResponses },
      },
    },
    (req) => volunteer.moveWish(req.ctx, req.params.id, req.params.action, req.body),
  );

  r.get(
    '/api/volunteer/projects',
    {
      schema: {
        tags,
        summary: 'Key small matters (关键小事 / 先锋领办)',
        querystring: PageQuery,
        response: { 200: S.ProjectList, ...errorResponses },
      },
    },
    (req) => volunteer.listProjects(req.ctx, req.query.cursor, req.query.limit),
  );
  r.post(
    '/api/volunteer/projects',
    {
      schema: {
        tags,
        summary: 'Open a project for units to take on',
        body: S.ProjectBody,
        response: { 201: S.ProjectView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await volunteer.createProject(req.ctx, req.body)),
  );
  r.get(
    '/api/volunteer/projects/:id',
    {
      schema: {
        tags,
        summary: 'A project with its progress reports',
        params: S.IdParams,
        response: { 200: S.ProjectView, ...errorResponses },
      },
    },
    (req) => volunteer.getProject(req.ctx, req.params.id),
  );
  r.post(
    '/api/volunteer/projects/:id/updates',
    {
      schema: {
        tags,
        summary: 'Record that a unit claimed it, or its progress',
        params: S.IdParams,
        body: S.ProjectUpdateBody,
        response: { 200: S.ProjectView, ...errorResponses },
      },
    },
    (req) => volunteer.updateProject(req.ctx, req.params.id, req.body),
  );

  r.get(
    '/api/volunteer/stats',
    {
      schema: {
        tags,
        summary: 'Volunteers, hours, activities, good deeds and wishes of an area and period',
        querystring: S.VolunteerStatsQuery,
        response: { 200: S.VolunteerStats, ...errorResponses },
      },
    },
    (req) => volunteer.stats(req.ctx, req.query),
  );
  // ---------- recurring activities (series) ----------

  r.post(
    '/api/volunteer/series/preview',
    {
      schema: {
        tags,
        summary: 'The next occurrences of a rule (local time, TIME_ZONE), before creating a series',
        body: S.SeriesPreviewBody,
        response: { 200: S.SeriesPreview, ...errorResponses },
      },
    },
    (req) => volunteer.previewSeries(req.ctx, req.body),
  );
  r.get(
    '/api/volunteer/series',
    {
      schema: {
        tags,
        summary: 'Recurring activities of my area',
        querystring: S.SeriesListQuery,
        response: { 200: S.SeriesList, ...errorResponses },
      },
    },
    (req) => volunteer.listSeries(req.ctx, req.query),
  );
  r.post(
    '/api/volunteer/series',
    {
      schema: {
        tags,
        summary: 'A team leader creates a recurring activity; its occurrences within the horizon become activities',
        body: S.SeriesBody,
        response: { 201: S.SeriesView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await volunteer.createSeries(req.ctx, req.body)),
  );
  r.get(
    '/api/volunteer/series/:id',
    {
      schema: {
        tags,
        summary: 'A series with its next occurrences and the activities made of them',
        params: S.IdParams,
        response: { 200: S.SeriesView, ...errorResponses },
      },
    },
    (req) => volunteer.getSeries(req.ctx, req.params.id),
  );
  r.patch(
    '/api/volunteer/series/:id',
    {
      schema: {
        tags,
        summary: 'Change a series: future occurrences no one signed up for (and not changed by hand) are made anew',
        params: S.IdParams,
        body: S.SeriesPatch,
        response: { 200: S.SeriesView, ...errorResponses },
      },
    },
    (req) => volunteer.updateSeries(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/volunteer/series/:id/stop',
    {
      schema: {
        tags,
        summary: 'Stop a series: no new occurrences; future ones no one signed up for are removed',
        params: S.IdParams,
        response: { 200: S.SeriesView, ...errorResponses },
      },
    },
    (req) => volunteer.stopSeries(req.ctx, req.params.id),
  );
  r.post(
    '/api/volunteer/series/:id/occurrences/:date',
    {
      schema: {
        tags,
        summary: 'Skip (EXDATE), cancel with a reason, or move one occurrence; those signed up are notified',
        params: S.OccurrenceParams,
        body: S.OccurrenceBody,
        response: { 200: S.SeriesView, ...conflict, ...errorResponses },
      },
    },
    (req) => volunteer.changeOccurrence(req.ctx, req.params.id, req.params.date, req.body),
  );
}
