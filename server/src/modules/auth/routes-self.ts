import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { errorResponses, ErrorBody } from '../../platform/http.ts';
import { OkView } from './schema.ts';
import type { SelfServiceService } from './self-service.ts';

const SessionView = z.object({
  id: z.string().describe('A handle to sign this device out with (not the session token)'),
  current: z.boolean().describe('The device making this request'),
  createdAt: z.string(),
  expiresAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});

export function selfRoutes(app: FastifyInstance, self: SelfServiceService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];
  const session = (request: { session: unknown }) => {
    if (!request.session) throw new AppError('unauthenticated');
    return request.session as Parameters<SelfServiceService['sessions']>[1];
  };

  r.put(
    '/api/auth/profile',
    {
      schema: {
        tags,
        summary: 'Change the name I am shown by',
        body: z.object({ displayName: z.string().trim().min(1).max(40) }),
        response: { 200: OkView, ...errorResponses },
      },
    },
    (request) => self.rename(request.ctx, request.body.displayName),
  );

  r.get(
    '/api/auth/sessions',
    {
      schema: {
        tags,
        summary: 'The devices signed in to my account',
        response: { 200: z.object({ items: z.array(SessionView) }), ...errorResponses },
      },
    },
    (request) => self.sessions(request.ctx, session(request)),
  );

  r.delete(
    '/api/auth/sessions/:id',
    {
      schema: {
        tags,
        summary: "Sign out one of my devices by its handle, or every other one with 'others'",
        params: z.object({ id: z.string().max(20) }),
        response: { 200: z.object({ ended: z.number() }), ...errorResponses },
      },
    },
    (request) => self.signOut(request.ctx, session(request), request.params.id),
  );

  r.get(
    '/api/auth/deletion-request',
    {
      schema: {
        tags,
        summary: 'My open request to delete my account, if any',
        response: {
          200: z.object({
            request: z.object({ id: z.number(), status: z.string(), requestedAt: z.string() }).nullable(),
          }),
          ...errorResponses,
        },
      },
    },
    (request) => self.myDeletionRequest(request.ctx),
  );

  r.post(
    '/api/auth/deletion-request',
    {
      schema: {
        tags,
        summary: 'Ask for my account to be deleted (个人信息保护法); staff of my area review it',
        body: z.object({ reason: z.string().trim().max(500).default('') }),
        response: {
          200: z.object({ id: z.number(), status: z.literal('requested') }),
          ...errorResponses,
          409: ErrorBody,
        },
      },
    },
    (request) => self.requestDeletion(request.ctx, request.body.reason),
  );

  r.delete(
    '/api/auth/deletion-request',
    {
      schema: { tags, summary: 'Withdraw my open deletion request', response: { 200: OkView, ...errorResponses } },
    },
    (request) => self.withdrawDeletion(request.ctx),
  );

  r.get(
    '/api/auth/deletion-requests',
    {
      schema: {
        tags,
        summary: 'Open deletion requests of people in my area (administrators), oldest first; phones masked',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number(),
                userId: z.number(),
                displayName: z.string(),
                phone: z.string().nullable(),
                reason: z.string(),
                requestedAt: z.string(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    (request) => self.pendingDeletions(request.ctx),
  );

  r.post(
    '/api/auth/deletion-requests/:id/decide',
    {
      schema: {
        tags,
        summary:
          'Approve (the account is anonymised: name, phone, register link and roles removed; the audit trail kept) or reject',
        params: z.object({ id: z.coerce.number().int().positive() }),
        body: z.object({ approve: z.boolean(), note: z.string().trim().max(500).default('') }),
        response: { 200: OkView, ...errorResponses, 409: ErrorBody },
      },
    },
    (request) => self.decideDeletion(request.ctx, request.params.id, request.body.approve, request.body.note),
  );
}
