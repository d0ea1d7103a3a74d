import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/schema.ts';
import { presentClientConfig } from './presenters.ts';
import { ClientConfig, Health } from './schema.ts';
import { health, VERSION } from './service.ts';

export { VERSION };

export function systemRoutes(app: FastifyInstance, db: Kysely<DB>, kind: 'postgres' | 'pglite', config: Config) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const started = Date.now();

  r.get(
    '/api/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Whether the server and its database answer',
        response: { 200: Health, 503: Health },
      },
      config: { public: true },
    },
    async (_req, reply) => {
      const result = await health(db, kind, started);
      return result.status === 'ok' ? result : reply.code(503).send(result);
    },
  );

  r.get(
    '/api/config',
    {
      schema: {
        tags: ['system'],
        summary: 'Settings the web app needs: language, time zone, map tiles',
        response: { 200: ClientConfig },
      },
      config: { public: true },
    },
    () => presentClientConfig(config, VERSION),
  );
}
