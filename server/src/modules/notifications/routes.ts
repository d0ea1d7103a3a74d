import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { covers, requireActor, scopeFor, type Actor, type Permission } from '../../platform/access.ts';
import { errorResponses, SESSION_COOKIE } from '../../platform/http.ts';
import type { LiveHub, LiveMessage } from '../../platform/live.ts';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import type { NotificationsService } from './service.ts';

const NotificationView = z.object({
  id: z.number(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  read: z.boolean(),
  createdAt: z.string(),
});

/** Which permission lets staff follow live changes of a topic within their scope. */
const TOPIC_PERMISSION: Record<string, Permission> = { matter: 'matters.read', alarm: 'devices.read' };

/** Whether a live message concerns this user: named in it, or staff whose area holds it. */
export function concerns(actor: Actor, message: LiveMessage): boolean {
  if (message.userIds?.includes(actor.userId)) return true;
  const permission = TOPIC_PERMISSION[message.topic];
  if (!permission || message.divisionId === undefined) return false;
  return covers(scopeFor(actor, permission), { divisionId: message.divisionId ?? null, gridId: message.gridId ?? null });
}

/** What a client sees of a live message: not whom else it went to, nor where it was routed. */
export function publicPayload(message: LiveMessage): Record<string, unknown> {
  const { userIds: _userIds, divisionId: _divisionId, gridId: _gridId, ...rest } = message;
  return rest;
}

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

  r.get('/api/notifications', {
    schema: {
      tags,
      summary: 'My in-app notifications, newest first, with the unread count',
      querystring: PageQuery.extend({ unread: z.enum(['true', 'false']).optional().transform((v) => v === 'true') }),
      response: { 200: pageOf(NotificationView).extend({ unread: z.number() }), ...errorResponses },
    },
  }, (req) => notifications.list(req.ctx, req.query));

  r.post('/api/notifications/read', {
    schema: {
      tags,
      summary: 'Mark notifications read (all of them when no ids are given)',
      body: z.object({ ids: z.array(z.number().int().positive()).max(500).optional() }),
      response: { 200: z.object({ updated: z.number() }), ...errorResponses },
    },
  }, (req) => notifications.markRead(req.ctx, req.body.ids));

  r.get('/api/live', {
    schema: {
      tags,
      summary: 'Server-sent events: changes to matters in my area or that I follow, and my notifications, as they happen',
      produces: ['text/event-stream'],
      response: { 200: z.string().describe('text/event-stream; each event is JSON: {topic, id, change, …}'), ...errorResponses },
    },
  }, async (req, reply) => {
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
      if (concerns(actor, message)) res.write(`event: ${message.topic}\ndata: ${JSON.stringify(publicPayload(message))}\n\n`);
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
  });
}
