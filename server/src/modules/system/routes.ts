import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/schema.ts';
import { ClientConfig, Health } from './schema.ts';

export const VERSION = '0.1.0';

export function systemRoutes(app: FastifyInstance, db: Kysely<DB>, kind: 'postgres' | 'pglite', config: Config) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const started = Date.now();

  r.get(
    '/api/health',
    { schema: { tags: ['system'], summary: 'Whether the server and its database answer', response: { 200: Health, 503: Health } } },
    async (_req, reply) => {
      const t0 = performance.now();
      try {
        await sql`select 1`.execute(db);
        return { status: 'ok' as const, database: { ok: true, kind, latencyMs: Math.round((performance.now() - t0) * 100) / 100 }, version: VERSION, uptimeSeconds: Math.round((Date.now() - started) / 1000) };
      } catch (e) {
        return reply.code(503).send({
          status: 'degraded' as const,
          database: { ok: false, kind, latencyMs: null, error: (e as Error).message },
          version: VERSION,
          uptimeSeconds: Math.round((Date.now() - started) / 1000),
        });
      }
    },
  );

  r.get(
    '/api/config',
    { schema: { tags: ['system'], summary: 'Settings the web app needs: language, time zone, map tiles', response: { 200: ClientConfig } } },
    () => ({
      defaultLocale: config.DEFAULT_LOCALE,
      timeZone: config.TIME_ZONE,
      map: { tileUrl: config.MAP_TILE_URL, tileCoord: config.MAP_TILE_COORD },
      version: VERSION,
    }),
  );
}
