import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../../platform/http.ts';
import * as S from './schema.ts';
import type { CockpitService } from './service.ts';

export function cockpitRoutes(app: FastifyInstance, cockpit: CockpitService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/cockpit',
    {
      schema: {
        tags: ['cockpit'],
        summary:
          'The cockpit (驾驶舱) of my area, a community or a grid: every indicator of the catalogue the caller may read, with its target, red/amber/green, trend or breakdown, and the list that shows what it counts',
        querystring: S.CockpitQuery,
        response: { 200: S.CockpitView, ...errorResponses },
      },
    },
    (req) => cockpit.load(req.ctx, req.query),
  );
}
