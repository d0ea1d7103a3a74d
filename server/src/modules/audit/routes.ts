import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../../platform/http.ts';
import { AuditPage, AuditQuery } from './schema.ts';
import type { AuditService } from './service.ts';

export function auditRoutes(app: FastifyInstance, audit: AuditService) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: "Audit log of changes and personal-data reads in the caller's area, newest first",
        querystring: AuditQuery,
        response: { 200: AuditPage, ...errorResponses },
      },
    },
    (req) => {
      const { cursor, limit, ...filter } = req.query;
      return audit.list(req.ctx, filter, cursor, limit);
    },
  );
}
