import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import * as S from './schema.ts';
import type { SurveysService } from './service.ts';

const tags = ['surveys'];

export function surveysRoutes(app: FastifyInstance, surveys: SurveysService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/surveys';

  r.get(
    base,
    {
      schema: {
        tags,
        summary: 'Staff (surveys.manage): surveys (问卷) of the communities one manages, latest first',
        querystring: S.SurveyListQuery,
        response: { 200: S.SurveyList, ...errorResponses },
      },
    },
    (req) => surveys.list(req.ctx, req.query),
  );
  r.post(
    base,
    {
      schema: {
        tags,
        summary: 'Staff: write a survey (a draft) with its audience, questions and window',
        body: S.SurveyBody,
        response: { 201: S.SurveyView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await surveys.create(req.ctx, req.body)),
  );
  r.get(
    `${base}/mine`,
    {
      schema: {
        tags,
        summary: 'A resident: the published surveys one is asked, latest first, each with whether one answered it',
        querystring: S.MineQuery,
        response: { 200: S.MySurveyList, ...errorResponses },
      },
    },
    (req) => surveys.mine(req.ctx, req.query),
  );
  r.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'A survey with its questions, to its staff or to a resident it asks',
        params: S.IdParams,
        response: { 200: S.SurveyView, ...errorResponses },
      },
    },
    (req) => surveys.get(req.ctx, req.params.id),
  );
  r.put(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Staff: change a draft survey',
        params: S.IdParams,
        body: S.SurveyBody,
        response: { 200: S.SurveyView, 409: ErrorBody.describe('Already published'), ...errorResponses },
      },
    },
    (req) => surveys.update(req.ctx, req.params.id, req.body),
  );
  r.post(
    `${base}/:id/publish`,
    {
      schema: {
        tags,
        summary: 'Staff: publish a draft; its audience is told in the app',
        params: S.IdParams,
        response: {
          200: S.SurveyView,
          409: ErrorBody.describe('Already published, or closes in the past'),
          ...errorResponses,
        },
      },
    },
    (req) => surveys.publish(req.ctx, req.params.id),
  );
  r.post(
    `${base}/:id/responses`,
    {
      schema: {
        tags,
        summary:
          'A resident of the audience: answer once while it is open (anonymous surveys keep no link to the person)',
        params: S.IdParams,
        body: S.ResponseBody,
        response: { 201: S.ResponseView, 409: ErrorBody.describe('Not open, or answered already'), ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await surveys.respond(req.ctx, req.params.id, req.body)),
  );
  r.get(
    `${base}/:id/results`,
    {
      schema: {
        tags,
        summary: 'Staff: counts and percents per option, ratings and numbers with their means',
        params: S.IdParams,
        response: { 200: S.ResultsView, ...errorResponses },
      },
    },
    (req) => surveys.results(req.ctx, req.params.id),
  );
  r.get(
    `${base}/:id/texts`,
    {
      schema: {
        tags,
        summary: "Staff: a text question's answers, latest first, searchable",
        params: S.IdParams,
        querystring: S.TextAnswersQuery,
        response: { 200: S.TextAnswerList, ...errorResponses },
      },
    },
    (req) => surveys.texts(req.ctx, req.params.id, req.query),
  );
}
