import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../../platform/http.ts';
import { SearchQuery, SearchResult } from './schema.ts';
import type { SearchService } from './service.ts';

export function searchRoutes(app: FastifyInstance, search: SearchService) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/search',
    {
      schema: {
        tags: ['search'],
        summary:
          "One box for the console: people, matters, mediation cases, buildings, grids and devices of the caller's area, by name, code, address or phone",
        querystring: SearchQuery,
        response: { 200: SearchResult, ...errorResponses },
      },
    },
    (req) => search.search(req.ctx, req.query.q, req.query.limit),
  );
}
