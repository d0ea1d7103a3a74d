import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../../config.ts';
import { requireActor } from '../../platform/access.ts';
import { AppError } from '../../platform/errors.ts';
import { errorResponses, ErrorBody, SESSION_COOKIE } from '../../platform/http.ts';
import { ChangePasswordBody, LoginBody, MeView, OkView } from './schema.ts';
import type { AuthService } from './service.ts';

export function authRoutes(app: FastifyInstance, auth: AuthService, config: Config) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];

  r.post(
    '/api/auth/login',
    {
      schema: {
        tags,
        summary: 'Sign in with username or phone and password; sets the session cookie',
        body: LoginBody,
        response: {
          200: MeView,
          400: ErrorBody,
          401: ErrorBody,
          423: ErrorBody.describe('Locked after repeated failures'),
          429: ErrorBody,
        },
      },
      config: {
        csrfExempt: true,
        public: true,
        rateLimit: { max: config.LOGIN_RATE_LIMIT_PER_MINUTE, timeWindow: '1 minute' },
      },
    },
    async (request, reply) => {
      const { token, me } = await auth.login(request.ctx, request.body.username, request.body.password);
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: config.COOKIE_SECURE,
        maxAge: config.SESSION_TTL_HOURS * 3600,
      });
      return me;
    },
  );

  r.post(
    '/api/auth/logout',
    {
      schema: { tags, summary: 'Sign out and end the session', response: { 200: OkView, ...errorResponses } },
      config: { public: true },
    },
    async (request, reply) => {
      if (request.session) await auth.logout(request.ctx, request.session.tokenHash);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  r.get(
    '/api/auth/me',
    {
      schema: {
        tags,
        summary: 'The signed-in user, roles, permissions and CSRF token',
        response: { 200: MeView, ...errorResponses },
      },
      config: { beforePasswordChange: true },
    },
    async (request) => {
      requireActor(request.ctx.actor);
      return auth.me(request.ctx, request.session!);
    },
  );

  r.post(
    '/api/auth/password',
    {
      schema: {
        tags,
        summary: "Change one's own password; other sessions are signed out",
        body: ChangePasswordBody,
        response: { 200: OkView, ...errorResponses },
      },
      config: {
        beforePasswordChange: true,
        rateLimit: { max: config.LOGIN_RATE_LIMIT_PER_MINUTE, timeWindow: '1 minute' },
      },
    },
    async (request) => {
      if (!request.session) throw new AppError('unauthenticated');
      await auth.changePassword(request.ctx, request.session, request.body.currentPassword, request.body.newPassword);
      return { ok: true as const };
    },
  );
}
