import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../../platform/http.ts';
import * as S from './schema.ts';
import type { WarningsService } from './service.ts';

const tags = ['warnings'];

export function warningsRoutes(app: FastifyInstance, warnings: WarningsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/warnings',
    {
      schema: {
        tags,
        summary:
          'Early warnings (预警) of my area, newest first: rises, clusters in space and time, coincidences of sources, each with its explanation',
        querystring: S.WarningListQuery,
        response: { 200: S.WarningList, ...errorResponses },
      },
    },
    (req) => warnings.list(req.ctx, req.query),
  );
  r.get(
    '/api/warnings/evaluation',
    {
      schema: {
        tags,
        summary: 'How the warnings of my area were judged: raised, judged, confirmed, the share worth acting on',
        response: { 200: S.EvaluationView, ...errorResponses },
      },
    },
    (req) => warnings.evaluation(req.ctx),
  );
  r.post(
    '/api/warnings/run',
    {
      schema: {
        tags,
        summary:
          'Run the detectors now (立即研判): rises, coincidences and the space-time scan; for administrators of a community or above',
        response: { 200: S.RunView, ...errorResponses },
      },
    },
    (req) => warnings.runNow(req.ctx),
  );
  r.get(
    '/api/warnings/:id',
    {
      schema: {
        tags,
        summary: 'A warning with its explanation and its latest cases',
        params: S.IdParams,
        response: { 200: S.WarningView, ...errorResponses },
      },
    },
    (req) => warnings.get(req.ctx, req.params.id),
  );
  r.post(
    '/api/warnings/:id/verdict',
    {
      schema: {
        tags,
        summary: 'Say what a warning was: confirmed (属实), already known (已掌握) or false (误报); kept and audited',
        params: S.IdParams,
        body: S.VerdictBody,
        response: { 200: S.WarningView, ...errorResponses },
      },
    },
    (req) => warnings.judge(req.ctx, req.params.id, req.body),
  );
}
