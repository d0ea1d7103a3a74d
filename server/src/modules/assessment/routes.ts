import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import * as S from './schema.ts';
import type { AssessmentService } from './service.ts';

const tags = ['assessment'];

export function assessmentRoutes(app: FastifyInstance, assessment: AssessmentService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/assessment';

  r.post(
    `${base}/schemes`,
    {
      schema: {
        tags,
        summary:
          'A district’s assessment scheme (考核方案): indicators from the fixed catalogue of recorded work, weights adding up to 100, targets, deductions, workload adjustment; version 1',
        body: S.CreateSchemeBody,
        response: { 201: S.SchemeDetail, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await assessment.createScheme(req.ctx, req.body)),
  );
  r.get(
    `${base}/schemes`,
    {
      schema: {
        tags,
        summary: 'Schemes of my districts, newest first',
        querystring: S.SchemeListQuery,
        response: { 200: S.SchemeList, ...errorResponses },
      },
    },
    (req) => assessment.listSchemes(req.ctx, req.query),
  );
  r.get(
    `${base}/schemes/:id`,
    {
      schema: {
        tags,
        summary: 'A scheme with every version (none is ever changed) and the months scored',
        params: S.IdParams,
        response: { 200: S.SchemeDetail, ...errorResponses },
      },
    },
    (req) => assessment.scheme(req.ctx, req.params.id),
  );
  r.put(
    `${base}/schemes/:id`,
    {
      schema: {
        tags,
        summary:
          'Change a scheme: a new version, in force from a month not yet scored; months scored keep the version they were scored with',
        params: S.IdParams,
        body: S.UpdateSchemeBody,
        response: { 200: S.SchemeDetail, 409: ErrorBody.describe('The scheme is stopped'), ...errorResponses },
      },
    },
    (req) => assessment.updateScheme(req.ctx, req.params.id, req.body),
  );
  r.delete(
    `${base}/schemes/:id`,
    {
      schema: {
        tags,
        summary: 'Stop a scheme (停用): its versions and scores stay; it is run no more',
        params: S.IdParams,
        response: { 200: S.SchemeDetail, 409: ErrorBody.describe('Already stopped'), ...errorResponses },
      },
    },
    (req) => assessment.archiveScheme(req.ctx, req.params.id),
  );
  r.post(
    `${base}/schemes/:id/runs`,
    {
      schema: {
        tags,
        summary:
          'Score a month that has ended with the version in force: every subject’s lines with their records, workload factor, rank in the peer group; again replaces in place',
        params: S.IdParams,
        body: S.RunBody,
        response: {
          200: S.RunView,
          409: ErrorBody.describe('The month has not ended, no version is in force for it, or the scheme is stopped'),
          ...errorResponses,
        },
      },
    },
    (req) => assessment.run(req.ctx, req.params.id, req.body),
  );
  r.get(
    `${base}/scores`,
    {
      schema: {
        tags,
        summary: 'Scores of my area: newest month first, then by scheme, peer group and rank',
        querystring: S.ScoreListQuery,
        response: { 200: S.ScoreList, ...errorResponses },
      },
    },
    (req) => assessment.listScores(req.ctx, req.query),
  );
  r.get(
    `${base}/my-scores`,
    {
      schema: {
        tags,
        summary: 'My own scores (a grid worker’s), newest first',
        querystring: S.MyScoresQuery,
        response: { 200: S.ScoreList, ...errorResponses },
      },
    },
    (req) => assessment.myScores(req.ctx, req.query),
  );
  r.get(
    `${base}/scores/:id`,
    {
      schema: {
        tags,
        summary:
          'A score’s breakdown: per indicator the value, the points and the ids of the records behind them (with links), the workload factor, and the appeals',
        params: S.IdParams,
        response: { 200: S.ScoreDetail, ...errorResponses },
      },
    },
    (req) => assessment.score(req.ctx, req.params.id),
  );
  r.post(
    `${base}/scores/:id/appeals`,
    {
      schema: {
        tags,
        summary: 'Appeal (申诉) one line of one’s own score, with a reason',
        params: S.IdParams,
        body: S.FileAppealBody,
        response: { 201: S.AppealView, 409: ErrorBody.describe('The line has an appeal pending'), ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await assessment.fileAppeal(req.ctx, req.params.id, req.body)),
  );
  r.get(
    `${base}/appeals`,
    {
      schema: {
        tags,
        summary: 'Appeals on scores of my area, and my own, newest first',
        querystring: S.AppealListQuery,
        response: { 200: S.AppealList, ...errorResponses },
      },
    },
    (req) => assessment.listAppeals(req.ctx, req.query),
  );
  r.post(
    `${base}/appeals/:id/decision`,
    {
      schema: {
        tags,
        summary:
          'Decide an appeal: grant (the line takes the points decided, the score and ranks follow) or refuse (nothing changes); not by the appellant',
        params: S.IdParams,
        body: S.DecideAppealBody,
        response: { 200: S.AppealView, 409: ErrorBody.describe('Already decided'), ...errorResponses },
      },
    },
    (req) => assessment.decideAppeal(req.ctx, req.params.id, req.body),
  );
}
