import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { errorResponses, ErrorBody, SESSION_COOKIE } from '../../platform/http.ts';
import { MeView, OkView } from './schema.ts';
import type { PhoneAccountsService } from './phone.ts';

const PhoneText = z.string().trim().min(1).max(20).describe('Mainland mobile number, 11 digits');
const CodeText = z
  .string()
  .trim()
  .regex(/^\d{6}$/, '6 digits')
  .describe('The 6-digit code from the SMS');

export function phoneRoutes(app: FastifyInstance, phones: PhoneAccountsService, config: Config) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];
  const limited = { rateLimit: { max: config.LOGIN_RATE_LIMIT_PER_MINUTE, timeWindow: '1 minute' } };

  r.post(
    '/api/auth/phone-code',
    {
      schema: {
        tags,
        summary: 'Send a one-time code by SMS (sign-in or sign-up; change of phone)',
        description:
          'The same answer whether or not the number has an account. 429 within a minute of the last code, or past the hourly limits per phone and per address.',
        body: z.object({ phone: PhoneText, purpose: z.enum(['login', 'change_phone']).default('login') }),
        response: {
          200: z.object({ ok: z.literal(true), expiresInSeconds: z.number(), resendAfterSeconds: z.number() }),
          400: ErrorBody,
          401: ErrorBody,
          429: ErrorBody,
        },
      },
      config: { public: true, csrfExempt: true, ...limited },
    },
    (request) => phones.requestCode(request.ctx, request.body),
  );

  r.post(
    '/api/auth/phone-login',
    {
      schema: {
        tags,
        summary: 'Sign in with the code; a number without an account signs up as a resident of the community given',
        description:
          'A new number without communityId answers 400 on body.communityId (the code is kept): ask where they live, then send again.',
        body: z.object({ phone: PhoneText, code: CodeText, communityId: z.number().int().positive().optional() }),
        response: {
          200: MeView.extend({ created: z.boolean().describe('A new account was made') }),
          400: ErrorBody,
          401: ErrorBody,
          429: ErrorBody,
        },
      },
      config: { public: true, csrfExempt: true, ...limited },
    },
    async (request, reply) => {
      const { token, me, created } = await phones.signIn(request.ctx, request.body);
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: config.COOKIE_SECURE,
        maxAge: config.SESSION_TTL_HOURS * 3600,
      });
      return { ...me, created };
    },
  );

  r.post(
    '/api/auth/bind',
    {
      schema: {
        tags,
        summary: 'Real-name binding: the registered person with this name and ID number',
        description:
          'A few tries an hour (429 after). A miss says only that it could not be verified, never which part was wrong.',
        body: z.object({
          name: z.string().trim().min(1).max(40),
          idNumber: z.string().trim().min(15).max(18).describe('居民身份证号码'),
        }),
        response: { 200: OkView, ...errorResponses, 409: ErrorBody, 429: ErrorBody },
      },
      config: limited,
    },
    (request) => phones.bind(request.ctx, request.body),
  );

  r.post(
    '/api/auth/phone',
    {
      schema: {
        tags,
        summary: 'Change one’s phone number with a code sent to the new one',
        body: z.object({ phone: PhoneText, code: CodeText }),
        response: { 200: OkView, ...errorResponses, 409: ErrorBody },
      },
      config: limited,
    },
    (request) => phones.changePhone(request.ctx, request.body),
  );

  r.get(
    '/api/auth/communities',
    {
      schema: {
        tags,
        summary: 'Communities by name, for a resident choosing where they live at sign-up',
        querystring: z.object({ q: z.string().trim().max(30).optional() }),
        response: {
          200: z.object({ items: z.array(z.object({ id: z.number(), name: z.string(), streetName: z.string() })) }),
        },
      },
      config: { public: true },
    },
    async (request) => ({ items: await phones.communities(request.query.q) }),
  );
}
