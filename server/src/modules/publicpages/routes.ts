import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../../config.ts';
import { errorResponses } from '../../platform/http.ts';
import * as S from './schema.ts';
import type { PublicPagesService, RenderedPage } from './service.ts';

const tags = ['public'];

/**
 * Public pages (公示, 办件公开), no session: the index of communities and a community's page.
 * Answered from the kept JSON text with Cache-Control and an ETag; a matching If-None-Match gets 304.
 */
export function publicPagesRoutes(app: FastifyInstance, pages: PublicPagesService, config: Config) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // Per client IP (@fastify/rate-limit, as sign-in): the pages are cheap, but no one needs them faster than this.
  const limited = {
    public: true,
    rateLimit:
      config.PUBLIC_RATE_LIMIT_PER_MINUTE > 0
        ? { max: config.PUBLIC_RATE_LIMIT_PER_MINUTE, timeWindow: '1 minute' }
        : (false as const),
  };
  const send = (req: FastifyRequest, reply: FastifyReply, page: RenderedPage) => {
    reply
      .header('cache-control', pages.maxAgeSeconds > 0 ? `public, max-age=${pages.maxAgeSeconds}` : 'no-cache')
      .header('etag', page.etag);
    const presented = req.headers['if-none-match'];
    if (presented?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === page.etag)) {
      return reply.code(304).send();
    }
    // Sent as the JSON text made when the page was built: no serialising per request.
    return reply.type('application/json; charset=utf-8').send(page.json);
  };

  r.get(
    '/api/public/communities',
    {
      schema: {
        tags,
        summary: 'Public, no session: every community by street and name, each linking to its public page',
        security: [],
        response: { 200: S.PublicIndex, ...errorResponses },
      },
      config: limited,
    },
    async (req, reply) => send(req, reply, await pages.index()),
  );
  r.get(
    '/api/public/communities/:communityId',
    {
      schema: {
        tags,
        summary:
          "Public, no session: a community's page (公示) — public notices, votes' notices and counted results, decisions " +
          'and their progress, funded budget projects, resolved public reports (办件公开); nothing personal',
        security: [],
        params: S.CommunityParams,
        response: { 200: S.PublicCommunityPage, ...errorResponses },
      },
      config: limited,
    },
    async (req, reply) => send(req, reply, await pages.community(req.params.communityId)),
  );
  // Short links for posters and QR codes: /p/ and /p/{id} open the H5 app's public pages.
  app.get('/p', { schema: { hide: true }, config: { public: true } }, (_req, reply) => reply.redirect('/h5/p'));
  app.get('/p/', { schema: { hide: true }, config: { public: true } }, (_req, reply) => reply.redirect('/h5/p'));
  app.get<{ Params: { communityId: string } }>(
    '/p/:communityId',
    { schema: { hide: true }, config: { public: true } },
    (req, reply) => reply.redirect(`/h5/p/${encodeURIComponent(req.params.communityId)}`),
  );
}
