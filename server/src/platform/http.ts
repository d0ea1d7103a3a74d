import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from './access.ts';
import type { RequestContext } from './context.ts';
import { AppError, type ErrorDetail } from './errors.ts';
import { negotiateLocale, translate, type Locale } from './i18n.ts';

export const SESSION_COOKIE = 'gz_session';
export const LOCALE_COOKIE = 'gz_lang';
export const CSRF_HEADER = 'x-csrf-token';

export interface AuthenticatedSession {
  tokenHash: string;
  csrfToken: string;
  expiresAt: Date;
  actor: Actor;
  /** A new account or a reset password: only the password change (and me, sign-out) answers until it is changed. */
  mustChangePassword: boolean;
  /** False while the account has no password of its own (made by phone sign-in). */
  hasPassword: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    ctx: RequestContext;
    session: AuthenticatedSession | null;
  }
  interface FastifyContextConfig {
    /** Unsafe methods on this route do not need the CSRF token (login; device and API-key routes). */
    csrfExempt?: boolean;
    /**
     * Answers without a signed-in session (health, client config, sign-in and out, the API
     * document; devices and Open311 clients bring credentials of their own). Every other /api
     * route refuses a request without a session with 401 before it reads any input.
     */
    public?: boolean;
    /** Answers a session whose password must be changed first (me, the password change itself). */
    beforePasswordChange?: boolean;
  }
}

export const ErrorBody = z.object({
  error: z.object({
    code: z.string().describe('Stable machine-readable code, e.g. not_found'),
    message: z.string().describe("In the caller's language (zh-CN or en)"),
    details: z.array(z.object({ path: z.string().optional(), message: z.string() }).catchall(z.unknown())),
  }),
});

/** Error answers every route may give, for the OpenAPI document. */
export const errorResponses = {
  400: ErrorBody.describe('Invalid input'),
  401: ErrorBody.describe('Not signed in'),
  403: ErrorBody.describe('Not allowed, or CSRF token missing'),
  404: ErrorBody.describe("Not found, or outside the caller's area"),
};

export interface PlatformHooks {
  resolveSession(token: string): Promise<AuthenticatedSession | null>;
  csrfMatches(session: AuthenticatedSession, presented: string | undefined): boolean;
  defaultLocale: Locale;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function localeOf(request: FastifyRequest, actor: Actor | null, fallback: Locale): Locale {
  const cookie = request.cookies?.[LOCALE_COOKIE];
  if (cookie === 'en' || cookie === 'zh-CN') return cookie;
  const header = request.headers['accept-language'];
  if (header) return negotiateLocale(header, fallback);
  return actor?.locale ?? fallback;
}

/** Zod issues in the caller's language, each as "where: what". */
function validationDetails(error: FastifyError, locale: Locale): ErrorDetail[] {
  const context = (error as { validationContext?: string }).validationContext ?? 'body';
  const validation =
    (
      error as {
        validation?: Array<{
          keyword: string;
          instancePath?: string;
          message?: string;
          params?: Record<string, unknown>;
        }>;
      }
    ).validation ?? [];
  const localeError = locale === 'zh-CN' ? z.locales.zhCN().localeError : z.locales.en().localeError;
  return validation.map((v) => {
    const path = [context, ...(v.instancePath ?? '').split('/').filter(Boolean)].join('.');
    // Messages written in our schemas (refine, regex) stand; zod's defaults are translated.
    const own = v.message && !/^(Invalid|Too (small|big)|Expected|Unrecognized)/.test(v.message) ? v.message : null;
    const issue = { ...v.params, code: v.keyword, path: [], message: v.message } as never;
    const localized = localeError(issue);
    const message = own ?? (typeof localized === 'string' ? localized : (localized?.message ?? v.message ?? 'invalid'));
    return { path, message };
  });
}

function fastifyErrorToApp(error: FastifyError): AppError | null {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new AppError('payload_too_large', { limit: '' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('unsupported_media_type');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('bad_request', { reason: error.message });
    default:
      if (error.statusCode === 429) return new AppError('rate_limited');
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
        return new AppError('bad_request', { reason: error.message });
      }
      return null;
  }
}

/**
 * The database's own refusals of what a request asked for: a duplicate is a conflict, a value
 * out of its column's range or shape, or a reference to a missing record, is bad input. The
 * services refuse these first where they can (with the field's path); this is the net under
 * them, so that no input ever gets a 5xx. (Logged, so that a missing check is seen.)
 */
function constraintToApp(error: unknown): AppError | null {
  switch ((error as { code?: unknown }).code) {
    case '23505': // unique_violation
    case '23P01': // exclusion_violation
      return new AppError('conflict', { reason: 'duplicate' }, [{ key: 'input.duplicate' }]);
    case '23503': // foreign_key_violation
      return new AppError('validation_failed', {}, [{ key: 'input.unknown_reference' }]);
    case '22001': // string_data_right_truncation
    case '22003': // numeric_value_out_of_range
    case '22007': // invalid_datetime_format
    case '22008': // datetime_field_overflow
    case '22P02': // invalid_text_representation
    case '23514': // check_violation
      return new AppError('validation_failed', {}, [{ key: 'input.out_of_range' }]);
    default:
      return null;
  }
}

export function sendError(reply: FastifyReply, locale: Locale, error: AppError) {
  const details = error.details.map((d) => ({
    ...(d.path ? { path: d.path } : {}),
    message: d.key ? translate(locale, d.key, d.params) : (d.message ?? ''),
  }));
  const body = { error: { code: error.code, message: translate(locale, error.code, error.params), details } };
  // How long to wait, where the refusal knows it (the next SMS code, a slowed-down sign-in).
  if (error.code === 'rate_limited' && typeof error.params.seconds === 'number')
    reply.header('retry-after', String(error.params.seconds));
  return reply
    .code(error.status)
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .serializer(JSON.stringify)
    .send(body);
}

/**
 * Request context, sessions, CSRF and the one error shape. Every route gets
 * request.ctx (who, language, where from) before its handler runs.
 */
export function installPlatform(app: FastifyInstance, hooks: PlatformHooks) {
  app.decorateRequest('ctx', null as never);
  app.decorateRequest('session', null);

  app.addHook('onRequest', async (request) => {
    const token = request.cookies?.[SESSION_COOKIE];
    const session = token ? await hooks.resolveSession(token) : null;
    request.session = session;
    request.ctx = {
      actor: session?.actor ?? null,
      locale: localeOf(request, session?.actor ?? null, hooks.defaultLocale),
      ip: request.ip ?? null,
      userAgent: (request.headers['user-agent'] ?? '').slice(0, 300) || null,
      requestId: request.id,
    };
    // Authenticate first: without a session, a route that needs one answers 401 whatever
    // the request carries, so input checks never tell an anonymous caller anything.
    if (
      !session &&
      request.url.startsWith('/api/') &&
      request.routeOptions.url !== undefined &&
      !request.routeOptions.config?.public
    )
      throw new AppError('unauthenticated');
    // A request that rides on the session cookie and changes state must carry the
    // session's CSRF token in a header, which another site cannot read or set.
    if (session && !SAFE_METHODS.has(request.method) && !request.routeOptions.config?.csrfExempt) {
      const presented = request.headers[CSRF_HEADER];
      if (!hooks.csrfMatches(session, Array.isArray(presented) ? presented[0] : presented)) {
        throw new AppError('csrf_invalid');
      }
    }
    // A password someone else chose (a new account, a reset) is changed before anything else.
    if (
      session?.mustChangePassword &&
      request.url.startsWith('/api/') &&
      !request.routeOptions.config?.public &&
      !request.routeOptions.config?.beforePasswordChange
    )
      throw new AppError('password_change_required');
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const locale = request.ctx?.locale ?? hooks.defaultLocale;
    if (error instanceof AppError) return sendError(reply, locale, error);
    if (hasZodFastifySchemaValidationErrors(error)) {
      return sendError(reply, locale, new AppError('validation_failed', {}, validationDetails(error, locale)));
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause?.issues }, 'response does not match its schema');
      return sendError(reply, locale, new AppError('internal'));
    }
    const mapped = fastifyErrorToApp(error) ?? constraintToApp(error);
    if (mapped) {
      if (!(error.statusCode && error.statusCode < 500)) request.log.warn({ err: error }, 'refused by the database');
      return sendError(reply, locale, mapped);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, locale, new AppError('internal'));
  });

  app.setNotFoundHandler((request, reply) => {
    return sendError(reply, request.ctx?.locale ?? hooks.defaultLocale, new AppError('not_found'));
  });
}
