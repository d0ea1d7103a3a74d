import { i18n } from './i18n/index.ts';

/** One entry of an error's details; path names the input, e.g. body.phone. */
export interface ApiErrorDetail {
  path?: string;
  message: string;
}

/** Every failed call ends here: the server's {error: {code, message, details}}, or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ApiErrorDetail[] = [],
    /** A refusal's Retry-After (seconds to wait), when the server says. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Messages by input name: body.phone and query.phone become phone, body.tags.2 becomes tags. */
  fieldErrors(): Map<string, string[]> {
    const fields = new Map<string, string[]>();
    for (const detail of this.details) {
      const field = detail.path?.replace(/^(body|query|params)\.?/, '').split('.')[0];
      if (!field) continue;
      fields.set(field, [...(fields.get(field) ?? []), detail.message]);
    }
    return fields;
  }

  /** The message with any details that name no field, which a form cannot show by itself. */
  describe(): string {
    const loose = this.details.filter((d) => !d.path?.replace(/^(body|query|params)\.?/, '')).map((d) => d.message);
    if (loose.length === 0) return this.message;
    // A conflict's own message only names its reason code ("操作冲突：voted_paper"); its details say it in words.
    if (this.code === 'conflict') return [...new Set(loose)].join(i18n.t('common.listSeparator'));
    return i18n.t('errors.withDetails', { message: this.message, details: loose.join('; ') });
  }
}

/** The message to show for anything a call may throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.describe();
  if (error instanceof Error) return error.message;
  return String(error);
}

type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];
export type Query = Record<string, QueryValue>;

/** Path plus query string; empty values are left out, arrays repeat the name. */
export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      for (const item of value) params.append(name, String(item));
    } else {
      params.append(name, String(value));
    }
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

let csrfToken = '';

/** The token from login or /api/auth/me; sent back on every change. */
export function setCsrfToken(token: string) {
  csrfToken = token;
}

const unauthorizedListeners = new Set<() => void>();

/** Called when the session has ended (401 outside the sign-in calls). */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/** Calls whose 401 means "not signed in" or "wrong password", not "session ended". */
const SIGN_IN_PATHS = ['/api/auth/login', '/api/auth/me'];

interface RequestOptions {
  query?: Query;
  json?: unknown;
  form?: FormData;
  signal?: AbortSignal;
  /** More request headers (the offline queue's Idempotency-Key). */
  headers?: Record<string, string>;
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': i18n.language === 'en' ? 'en' : 'zh-CN',
    ...options.headers,
  };
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let body: BodyInit | undefined;
  if (options.form) {
    body = options.form;
  } else if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  }

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network_error', i18n.t('errors.network'));
  }

  const isJson = response.headers.get('content-type')?.includes('application/json') ?? false;
  const payload: unknown = isJson ? await response.json().catch(() => null) : await response.text();
  if (response.ok) return payload as T;

  if (response.status === 401 && !SIGN_IN_PATHS.includes(path)) {
    for (const listener of unauthorizedListeners) listener();
  }
  const error = (payload as { error?: { code?: string; message?: string; details?: ApiErrorDetail[] } } | null)?.error;
  if (error?.message) {
    const retryAfter = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
    throw new ApiError(
      response.status,
      error.code ?? 'error',
      error.message,
      error.details ?? [],
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    );
  }
  throw new ApiError(response.status, 'http_error', i18n.t('errors.http', { status: response.status }));
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, json?: unknown) => request<T>('POST', path, { json: json ?? {} }),
  patch: <T>(path: string, json: unknown) => request<T>('PATCH', path, { json }),
  put: <T>(path: string, json: unknown) => request<T>('PUT', path, { json }),
  delete: <T>(path: string) => request<T>('DELETE', path),
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, { form }),
  /** Done once per key however often it is sent (the server's Idempotency-Key). */
  once: <T>(method: string, path: string, json: unknown, key: string) =>
    request<T>(method, path, { json, headers: { 'Idempotency-Key': key } }),
};
