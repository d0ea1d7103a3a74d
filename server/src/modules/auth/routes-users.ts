import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { errorResponses, ErrorBody } from '../../platform/http.ts';
import {
  CreateUserBody,
  GrantableView,
  GrantBody,
  InitialPasswordView,
  ResetPasswordBody,
  ResetPasswordView,
  OkView,
  SetupBody,
  SetupStateView,
  UpdateUserBody,
  UserListQuery,
  UserPage,
  UserView,
} from './schema.ts';
import type { SetupService } from './setup.ts';
import type { UsersService } from './users.ts';

const UserParams = z.object({ id: z.coerce.number().int().positive() });
const GrantParams = UserParams.extend({ grantId: z.coerce.number().int().positive() });
const withConflict = {
  ...errorResponses,
  409: ErrorBody.describe('Username or phone in use; not on your own account'),
};

export function userRoutes(app: FastifyInstance, users: UsersService, setup: SetupService, config: Config) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['users'];

  r.get(
    '/api/auth/users',
    {
      schema: {
        tags,
        summary: 'Accounts with a role in the caller’s area; phone numbers masked',
        querystring: UserListQuery,
        response: { 200: UserPage, ...errorResponses },
      },
    },
    (request) => users.list(request.ctx, request.query),
  );

  r.get(
    '/api/auth/users/grantable',
    {
      schema: {
        tags,
        summary: 'The roles the caller may grant, with the units each is granted over',
        response: { 200: GrantableView, ...errorResponses },
      },
    },
    (request) => users.grantable(request.ctx),
  );

  r.post(
    '/api/auth/users',
    {
      schema: {
        tags,
        summary: 'Create a staff account inside the caller’s area, with roles no higher than the caller’s own',
        description:
          'Answers the one-time initial password once; it must be changed at the first sign-in. 403 when a role lies outside the caller’s area or above their own.',
        body: CreateUserBody,
        response: { 200: InitialPasswordView, ...withConflict },
      },
    },
    (request) => users.create(request.ctx, request.body),
  );

  r.get(
    '/api/auth/users/:id',
    {
      schema: { tags, summary: 'One account', params: UserParams, response: { 200: UserView, ...errorResponses } },
    },
    (request) => users.get(request.ctx, request.params.id),
  );

  r.patch(
    '/api/auth/users/:id',
    {
      schema: {
        tags,
        summary: 'Change an account’s name or phone',
        params: UserParams,
        body: UpdateUserBody,
        response: { 200: UserView, ...withConflict },
      },
    },
    (request) => users.update(request.ctx, request.params.id, request.body),
  );

  r.post(
    '/api/auth/users/:id/grants',
    {
      schema: {
        tags,
        summary: 'Grant a role over a division or grid',
        params: UserParams,
        body: GrantBody,
        response: { 200: UserView, ...withConflict },
      },
    },
    (request) => users.addGrant(request.ctx, request.params.id, request.body),
  );

  r.delete(
    '/api/auth/users/:id/grants/:grantId',
    {
      schema: {
        tags,
        summary: 'Take a role away',
        params: GrantParams,
        response: { 200: UserView, ...withConflict },
      },
    },
    (request) => users.removeGrant(request.ctx, request.params.id, request.params.grantId),
  );

  for (const [action, active] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const) {
    r.post(
      `/api/auth/users/:id/${action}`,
      {
        schema: {
          tags,
          summary: active ? 'Reactivate an account' : 'Deactivate an account; its sessions end at once',
          params: UserParams,
          response: { 200: UserView, ...withConflict },
        },
      },
      (request) => users.setActive(request.ctx, request.params.id, active),
    );
  }

  r.post(
    '/api/auth/users/:id/unlock',
    {
      schema: {
        tags,
        summary: 'Clear the failed sign-ins counted against an account',
        params: UserParams,
        response: { 200: UserView, ...withConflict },
      },
    },
    (request) => users.unlock(request.ctx, request.params.id),
  );

  r.post(
    '/api/auth/users/:id/reset-password',
    {
      schema: {
        tags,
        summary: 'Set a one-time password, answered once or sent by SMS; every session of the account ends',
        params: UserParams,
        body: ResetPasswordBody,
        response: { 200: ResetPasswordView, ...withConflict },
      },
    },
    (request) => users.resetPassword(request.ctx, request.params.id, request.body?.via ?? 'screen'),
  );

  r.get(
    '/api/setup',
    {
      schema: {
        tags: ['setup'],
        summary: 'Whether the first administrator is still to be created',
        response: { 200: SetupStateView },
      },
      config: { public: true },
    },
    async () => ({ needed: await setup.needed() }),
  );

  r.post(
    '/api/setup',
    {
      schema: {
        tags: ['setup'],
        summary: 'Create the district and its first administrator with the one-time setup link',
        description: '403 when the token is wrong, used or superseded, or an account exists already.',
        body: SetupBody,
        response: { 200: OkView, 400: ErrorBody, 403: ErrorBody, 409: ErrorBody, 429: ErrorBody },
      },
      config: {
        public: true,
        csrfExempt: true,
        rateLimit: { max: config.LOGIN_RATE_LIMIT_PER_MINUTE, timeWindow: '1 minute' },
      },
    },
    async (request) => {
      await setup.complete(request.ctx, request.body);
      return { ok: true as const };
    },
  );
}
