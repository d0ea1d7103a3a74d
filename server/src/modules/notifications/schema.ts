import { z } from 'zod';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { DELIVERY_STATUSES } from './tables.ts';

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

// ---------- the delivery log (SMS and calls), for administrators ----------

const DeliveryStatus = z
  .enum(DELIVERY_STATUSES)
  .describe(
    'queued: to be sent; sent: the provider took it; refused: the provider said no, not retried; failed: provider errors until the attempts ran out; skipped: not sent (no phone, channel off, hourly limit)',
  );
const Instant = z.string().datetime({ offset: true });

export const DeliveryListQuery = PageQuery.extend({
  status: DeliveryStatus.optional(),
  kind: z.string().max(40).optional().describe('verify_code, password_reset, help_call, alarm_call'),
  channel: z.enum(['sms', 'voice']).optional(),
  critical: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true'))
    .describe('Critical alarms only (true) or none of them (false)'),
  from: Instant.optional().describe('Created at or after this instant (ISO 8601 with offset)'),
  to: Instant.optional().describe('Created before this instant'),
  phone: z
    .string()
    .regex(/^\d{4}$/, 'four digits')
    .optional()
    .describe('The last four digits of the number (the log keeps the masked number only)'),
});
export type DeliveryListQuery = z.infer<typeof DeliveryListQuery>;

export const DeliveryView = z.object({
  id: z.number(),
  createdAt: z.string(),
  sentAt: z.string().nullable().describe('When the provider took it'),
  channel: z.enum(['sms', 'voice']),
  kind: z.string(),
  kindLabel: z.string().nullable().describe('The kind in Chinese (验证码, 紧急告警 …)'),
  phone: z.string().describe('Masked (138****5678); the whole number is never shown'),
  status: DeliveryStatus,
  attempts: z.number().int().describe('Calls made to the provider'),
  nextAttemptAt: z.string().nullable().describe('When a queued message is tried next'),
  provider: z.string().describe('log, aliyun or tencent'),
  errorCode: z.string().nullable().describe("The provider's error code, or why it was skipped"),
  errorDetail: z.string().nullable(),
  entityType: z.string().nullable().describe('What it was sent about: alarm, matter, user'),
  entityId: z.string().nullable(),
  divisionId: z.number().nullable().describe('The place it was sent for; null for sign-in codes'),
  critical: z.boolean(),
  retryable: z.boolean().describe('Failed, to an account, holding no code or password: may be sent again by hand'),
});
export type DeliveryView = z.infer<typeof DeliveryView>;

export const DeliveryList = pageOf(DeliveryView).extend({
  counts: z
    .object({
      queued: z.number().int(),
      sent: z.number().int(),
      refused: z.number().int(),
      failed: z.number().int(),
      skipped: z.number().int(),
    })
    .describe('Deliveries per status under the same filters, the status filter aside'),
});
