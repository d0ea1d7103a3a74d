import { z } from 'zod';
import { PageQuery, pageOf } from '../../platform/pagination.ts';

export const NotificationView = z.object({
  id: z.number(),
  kind: z.string().describe('What it is about, e.g. matter.new, mediation.assigned'),
  title: z.string().describe("In the reader's language"),
  body: z.string(),
  link: z.string().describe('Where it leads in the web app'),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  read: z.boolean(),
  createdAt: z.string(),
});
export const NotificationListQuery = PageQuery.extend({
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});
export const NotificationList = pageOf(NotificationView).extend({
  unread: z.number().describe('Unread notifications in all'),
});
export const MarkReadBody = z.object({
  ids: z.array(z.number().int().positive().max(2_147_483_647)).max(500).optional().describe('None: all of mine'),
});
export const MarkReadResult = z.object({ updated: z.number() });

/** GET /api/live, event "notification": a new notification for the signed-in user. */
export const LiveNotificationEvent = z.object({
  topic: z.literal('notification'),
  id: z.number(),
  kind: z.string(),
  title: z.string().describe("In the stream's language"),
  link: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
});
