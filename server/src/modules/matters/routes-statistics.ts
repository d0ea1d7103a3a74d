import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../../platform/http.ts';
import * as S from './schema-statistics.ts';
import type { MattersService } from './service.ts';

export function matterStatisticsRoutes(app: FastifyInstance, matters: MattersService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/matters/statistics',
    {
      schema: {
        tags: ['matters'],
        summary:
          'Matter statistics in the caller’s area (受理量, 办结率, 按期办结率, 超期, 退单, 延期, 满意率, 重复诉求, time to accept and resolve) by period, area, category, source or department; each count with the list filters that show its matters',
        querystring: S.StatisticsQuery,
        response: { 200: S.StatisticsView, ...errorResponses },
      },
    },
    (req) => matters.statistics(req.ctx, req.query),
  );
}
