import type { MessageParams, TranslationKey } from './i18n.ts';

export const ERROR_STATUS = {
  validation_failed: 400,
  bad_request: 400,
  invalid_credentials: 401,
  unauthenticated: 401,
  forbidden: 403,
  csrf_invalid: 403,
  password_change_required: 403,
  not_found: 404,
  conflict: 409,
  idempotency_in_progress: 409,
  idempotency_mismatch: 422,
  payload_too_large: 413,
  unsupported_media_type: 415,
  account_locked: 423,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
  gateway_elsewhere: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetail {
  /** Where the problem is: a field path such as "body.phone", or "row 12". */
  path?: string;
  /** The problem in words; or give key (and params) and it is put in the caller's language. */
  message?: string;
  key?: TranslationKey;
  params?: MessageParams;
}

/**
 * The one error type of the API. It carries a code (which fixes the HTTP status
 * and the message in each language), values for the message and optional details.
 */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly params: MessageParams = {},
    readonly details: ErrorDetail[] = [],
  ) {
    super(code);
    this.status = ERROR_STATUS[code];
  }
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string };
  if (e?.code !== '23505') return false;
  return constraint ? (e.constraint ?? e.message ?? '').includes(constraint) : true;
}

/** A 400 with one detail: what is wrong (an i18n key, with its values) and where (a field path such as "body.deviceIds.0"). */
export function invalid(path: string, key: TranslationKey, params?: MessageParams): AppError {
  return new AppError('validation_failed', {}, [{ path, key, ...(params ? { params } : {}) }]);
}
