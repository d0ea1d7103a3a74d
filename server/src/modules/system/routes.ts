import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/schema.ts';
import { presentClientConfig } from './presenters.ts';
import { ClientConfig, GatewayHolder, Health } from './schema.ts';
import { health, VERSION } from './service.ts';

export { VERSION };

export function systemRoutes(
  app: FastifyInstance,
  db: Kysely<DB>,
  kind: 'postgres' | 'pglite',
  config: Config,
  runsGateway: () => boolean,
) {
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

  // With several server processes, a load balancer's check: HTTP telemetry goes to the one that
  // runs the device gateway (the others answer 503 gateway_elsewhere), as MQTT does.
  r.get(
    '/api/health/gateway',
    {
      schema: {
        tags: ['system'],
        summary: 'Whether this server process runs the device gateway (200) or another does (503)',
        response: { 200: GatewayHolder, 503: GatewayHolder },
      },
      config: { public: true },
    },
    async (_req, reply) => {
      const body = { runsGateway: runsGateway() };
      return body.runsGateway ? body : reply.code(503).send(body);
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
