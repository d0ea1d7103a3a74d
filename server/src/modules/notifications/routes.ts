import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/access.ts';
import { errorResponses, SESSION_COOKIE } from '../../platform/http.ts';
import type { LiveHub } from '../../platform/live.ts';
import { concerns, publicPayload } from './access.ts';
import { presentLive } from './presenters.ts';
import * as S from './schema.ts';
import type { NotificationsService } from './service.ts';

/** How often an open stream checks that its session still holds (signed out, disabled, expired). */
const SESSION_RECHECK_MS = 30_000;

export function notificationRoutes(
  app: FastifyInstance,
  notifications: NotificationsService,
  live: LiveHub,
  sessionHolds: (token: string) => Promise<boolean>,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['notifications'];
  // Open event streams, ended before the server closes (it waits for open connections).
  const streams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of streams) end();
  });

  r.get(
    '/api/notifications',
    {
      schema: {
        tags,
        summary: 'My in-app notifications, newest first, with the unread count',
        querystring: S.NotificationListQuery,
        response: { 200: S.NotificationList, ...errorResponses },
      },
    },
    (req) => notifications.list(req.ctx, req.query),
  );

  r.post(
    '/api/notifications/read',
    {
      schema: {
        tags,
        summary: 'Mark notifications read (all of them when no ids are given)',
        body: S.MarkReadBody,
        response: { 200: S.MarkReadResult, ...errorResponses },
      },
    },
    (req) => notifications.markRead(req.ctx, req.body.ids),
  );

  r.get(
    '/api/live',
    {
      schema: {
        tags,
        summary:
          'Server-sent events: changes to matters in my area or that I follow, and my notifications, as they happen',
        produces: ['text/event-stream'],
        response: {
          200: z.string().describe('text/event-stream; each event is JSON: {topic, id, change, …}'),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req.ctx.actor);
      const token = req.cookies?.[SESSION_COOKIE] ?? '';
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(`retry: 3000\nevent: ready\ndata: {}\n\n`);
      const unsubscribe = live.subscribe((message) => {
        if (concerns(actor, message))
          res.write(
            `event: ${message.topic}\ndata: ${JSON.stringify(presentLive(publicPayload(message), req.ctx.locale))}\n\n`,
          );
      });
      // A comment now and then keeps proxies from closing an idle stream.
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
      const recheck = setInterval(() => {
        sessionHolds(token).then(
          (holds) => holds || end(),
          () => undefined,
        );
      }, SESSION_RECHECK_MS);
      const end = () => {
        clearInterval(heartbeat);
        clearInterval(recheck);
        unsubscribe();
        streams.delete(end);
        res.end();
      };
      streams.add(end);
      req.raw.on('close', end);
    },
  );
}
