import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import * as S from './schema.ts';
import type { LegalService } from './service.ts';

const tags = ['legal'];

export function legalRoutes(app: FastifyInstance, legal: LegalService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/legal';

  r.get(
    `${base}/articles`,
    {
      schema: {
        tags,
        summary:
          '普法 library: laws explained, mediation cases and fraud cases, searched in Chinese (best matches first); staff also see the drafts of their area',
        querystring: S.ArticleListQuery,
        response: { 200: S.ArticleList, ...errorResponses },
      },
    },
    (req) => legal.articles(req.ctx, req.query),
  );
  r.get(
    `${base}/articles/:id`,
    {
      schema: {
        tags,
        summary: 'One article with its text',
        params: S.IdParams,
        response: { 200: S.ArticleView, ...errorResponses },
      },
    },
    (req) => legal.article(req.ctx, req.params.id),
  );
  r.post(
    `${base}/articles`,
    {
      schema: {
        tags,
        summary: 'Staff (legal.manage over the division): write an article, as a draft or published',
        body: S.ArticleBody,
        response: { 201: S.ArticleView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await legal.createArticle(req.ctx, req.body)),
  );
  r.patch(
    `${base}/articles/:id`,
    {
      schema: {
        tags,
        summary: 'Staff: change, publish or withdraw (back to draft) an article',
        params: S.IdParams,
        body: S.ArticlePatch,
        response: { 200: S.ArticleView, ...errorResponses },
      },
    },
    (req) => legal.updateArticle(req.ctx, req.params.id, req.body),
  );
  r.post(
    `${base}/reports`,
    {
      schema: {
        tags,
        summary:
          '可疑电话/链接: report a suspicious number, link or message; opens a matter for the police station’s anti-fraud team (repeats join it) and answers with what to do (96110, 110)',
        body: S.ReportBody,
        response: {
          201: S.ReportReceipt,
          409: ErrorBody.describe('The community has no grid to route the matter to'),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await legal.reports.report(req.ctx, req.body)),
  );
  r.get(
    `${base}/reports/mine`,
    {
      schema: {
        tags,
        summary: 'The suspicious numbers and links I reported, latest first',
        querystring: S.ReportListQuery,
        response: { 200: S.ReportList, ...errorResponses },
      },
    },
    (req) => legal.reports.mine(req.ctx, req.query),
  );
  r.get(
    `${base}/reports`,
    {
      schema: {
        tags,
        summary: 'Staff (legal.manage): reports of my area, latest first, reporters’ names masked',
        querystring: S.ReportListQuery,
        response: { 200: S.ReportList, ...errorResponses },
      },
    },
    (req) => legal.reports.list(req.ctx, req.query),
  );
  r.get(
    `${base}/reports/targets`,
    {
      schema: {
        tags,
        summary: 'Staff: the most reported numbers and links of my area lately, and reports by kind',
        querystring: S.TargetTallyQuery,
        response: { 200: S.TargetTally, ...errorResponses },
      },
    },
    (req) => legal.reports.targets(req.ctx, req.query),
  );
  r.get(
    `${base}/reports/:id`,
    {
      schema: {
        tags,
        summary: 'One report: my own, or of my area (legal.manage)',
        params: S.IdParams,
        response: { 200: S.ReportView, ...errorResponses },
      },
    },
    (req) => legal.reports.get(req.ctx, req.params.id),
  );
}
