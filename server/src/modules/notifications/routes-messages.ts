import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../platform/http.ts';
import type { MessagesService } from './messages.ts';
import { DeliveryList, DeliveryListQuery, DeliveryView } from './schema.ts';

const HourMinute = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM')
  .nullable();

const Preferences = z.object({
  sms: z.boolean().describe('Messages by SMS'),
  voice: z.boolean().describe('Voice calls'),
  quietStart: HourMinute.describe('Quiet hours begin (local time, HH:MM); messages wait until they end'),
  quietEnd: HourMinute.describe('Quiet hours end; critical alarms ignore quiet hours and these choices'),
});

export function messageRoutes(app: FastifyInstance, messages: MessagesService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['notifications'];

  r.get(
    '/api/messages/preferences',
    {
      schema: {
        tags,
        summary: 'My channels beyond the app and my quiet hours',
        response: { 200: Preferences, ...errorResponses },
      },
    },
    (request) => messages.preferences(request.ctx),
  );

  r.put(
    '/api/messages/preferences',
    {
      schema: {
        tags,
        summary: 'Set my channels and quiet hours',
        body: Preferences,
        response: { 200: Preferences, ...errorResponses },
      },
    },
    (request) => messages.setPreferences(request.ctx, request.body),
  );

  r.get(
    '/api/messages/outbox',
    {
      schema: {
        tags,
        summary: 'What the log provider would have sent (development servers: MESSAGES_PROVIDER=log), newest first',
        description: 'For administrators; 404 with a real provider, which keeps nothing to show.',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                at: z.string(),
                channel: z.enum(['sms', 'voice']),
                phone: z.string().describe('Masked'),
                kind: z.string(),
                text: z.string().describe('The message as the person would read or hear it'),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    (request) => messages.outbox(request.ctx),
  );

  r.get(
    '/api/messages/deliveries',
    {
      schema: {
        tags,
        summary: 'The delivery log: every SMS and voice call of my area, newest first, with counts per status',
        description:
          'Needs auth.user.manage. Messages sent for a place (an alarm, a help call, a password reset) are listed to administrators whose area holds it; sign-in codes, which have no place, to administrators of a top-level division only. Numbers masked; the text and its parameters (codes, passwords) are never listed.',
        querystring: DeliveryListQuery,
        response: { 200: DeliveryList, ...errorResponses },
      },
    },
    (request) => messages.deliveries(request.ctx, request.query),
  );

  r.post(
    '/api/messages/deliveries/:id/retry',
    {
      schema: {
        tags,
        summary: 'Send a failed message again, to the account’s number of today',
        description:
          'Only a failed message (provider errors until the attempts ran out) to an account, of a kind holding no code or password (retryable in the log); 409 otherwise, 403 outside my area. Audited.',
        params: z.object({ id: z.coerce.number().int().positive().max(2_147_483_647).describe('Delivery id') }),
        response: { 200: DeliveryView, ...errorResponses },
      },
    },
    (request) => messages.retryDelivery(request.ctx, request.params.id),
  );
}
