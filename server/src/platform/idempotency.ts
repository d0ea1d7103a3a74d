import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Clock } from './clock.ts';
import { AppError, invalid } from './errors.ts';
// request.session, declared by the platform's HTTP layer.
import type {} from './http.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** A claim whose request never finished (the process died) may be taken again after this long. */
const STALE_CLAIM_MS = 5 * 60_000;

/** How the OpenAPI document describes the header (one description for every unsafe route). */
export const IDEMPOTENCY_DESCRIPTION =
  'Any signed-in POST, PUT, PATCH or DELETE with a JSON body (or none) may carry an Idempotency-Key header ' +
  '(1–255 printable characters, e.g. a UUID made when the action was taken). The first request with a key is done; ' +
  'a repeat by the same user gets the first answer again (same status and body) with the header Idempotent-Replayed: true; ' +
  'a repeat while the first is still running is a 409; the same key with another method, path or body is a 422. ' +
  'Answers of 5xx are not kept, so the request may be retried with its key. Keys are kept for IDEMPOTENCY_TTL_HOURS. ' +
  'Multipart uploads ignore the header.';

type Stored = {
  state: 'running' | 'done';
  fingerprint: string;
  status_code: number | null;
  content_type: string | null;
  body: string | null;
};

/** Keys made stable: the same JSON in another key order is the same request. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object' && !(value instanceof Buffer))
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  return value;
}

export function fingerprintOf(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${url}\n${JSON.stringify(canonical(body ?? null)) ?? 'null'}`)
    .digest('hex');
}

/** Exactly-once requests per (user, key), kept in the database so it holds across restarts and processes. */
export class IdempotencyStore {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly ttlHours: number,
  ) {}

  /** Claims the key for this request; or answers what is already there for it. */
  async claim(
    userId: number,
    key: string,
    fingerprint: string,
  ): Promise<{ claimed: true } | { claimed: false; stored: Stored }> {
    const now = this.clock.now();
    const expires = new Date(now.getTime() + this.ttlHours * 3_600_000);
    const stale = new Date(now.getTime() - STALE_CLAIM_MS);
    // One statement: a new key, an expired one, or a claim left running by a dead process is taken.
    const taken = await sql<{ key: string }>`
      insert into platform.idempotency_keys (user_id, key, fingerprint, state, created_at, expires_at)
      values (${userId}, ${key}, ${fingerprint}, 'running', ${now}, ${expires})
      on conflict (user_id, key) do update
        set fingerprint = excluded.fingerprint, state = 'running', status_code = null, content_type = null,
            body = null, created_at = excluded.created_at, expires_at = excluded.expires_at
        where platform.idempotency_keys.expires_at <= ${now}
           or (platform.idempotency_keys.state = 'running' and platform.idempotency_keys.created_at < ${stale})
      returning key`.execute(this.db);
    if (taken.rows.length > 0) return { claimed: true };
    const stored = await this.db
      .selectFrom('platform.idempotency_keys')
      .select(['state', 'fingerprint', 'status_code', 'content_type', 'body'])
      .where('user_id', '=', userId)
      .where('key', '=', key)
      .executeTakeFirst();
    // Gone between the two statements (expired and purged): take it again.
    if (!stored) return this.claim(userId, key, fingerprint);
    return { claimed: false, stored: stored as Stored };
  }

  async complete(userId: number, key: string, statusCode: number, contentType: string | null, body: string) {
    await this.db
      .updateTable('platform.idempotency_keys')
      .set({ state: 'done', status_code: statusCode, content_type: contentType, body })
      .where('user_id', '=', userId)
      .where('key', '=', key)
      .where('state', '=', 'running')
      .execute();
  }

  /** The request failed on the server's side (or its answer cannot be kept): the key may be used again. */
  async release(userId: number, key: string) {
    await this.db
      .deleteFrom('platform.idempotency_keys')
      .where('user_id', '=', userId)
      .where('key', '=', key)
      .where('state', '=', 'running')
      .execute();
  }

  async purgeExpired(now: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('platform.idempotency_keys')
      .where('expires_at', '<=', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { userId: number; key: string } | null;
  }
}

function headerKey(request: FastifyRequest): string | null {
  const raw = request.headers[IDEMPOTENCY_HEADER];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined) return null;
  // The IETF draft sends the key as a structured-field string ("…"); a bare value is taken as it is.
  const key = value.trim().replace(/^"(.*)"$/, '$1');
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) throw invalid('headers.idempotency-key', 'field.invalid');
  return key;
}

/**
 * The Idempotency-Key header on every signed-in unsafe /api request. Installed before the
 * compression plugin, so the answer kept is the body as the route sent it.
 */
export function installIdempotency(app: FastifyInstance, store: IdempotencyStore) {
  app.decorateRequest('idempotency', null);

  // After the body is parsed (and the session resolved), before the route's own validation.
  app.addHook('preValidation', async (request: FastifyRequest, reply: FastifyReply) => {
    const userId = request.session?.actor.userId;
    if (!userId || !UNSAFE.has(request.method) || !request.url.startsWith('/api/')) return;
    if (String(request.headers['content-type'] ?? '').startsWith('multipart/')) return;
    const key = headerKey(request);
    if (key === null) return;
    const fingerprint = fingerprintOf(request.method, request.url, request.body);
    const outcome = await store.claim(userId, key, fingerprint);
    if (outcome.claimed) {
      request.idempotency = { userId, key };
      return;
    }
    const { stored } = outcome;
    if (stored.fingerprint !== fingerprint) throw new AppError('idempotency_mismatch');
    if (stored.state === 'running') throw new AppError('idempotency_in_progress');
    reply.code(stored.status_code!).header(REPLAYED_HEADER, 'true').header('cache-control', 'no-store');
    if (stored.content_type) reply.type(stored.content_type);
    return reply.serializer((p: unknown) => p as string).send(stored.body ?? '');
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotency;
    if (!claim) return payload;
    request.idempotency = null;
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
    if (reply.statusCode >= 500 || body === null) await store.release(claim.userId, claim.key);
    else {
      const type = reply.getHeader('content-type');
      await store.complete(claim.userId, claim.key, reply.statusCode, typeof type === 'string' ? type : null, body);
    }
    return payload;
  });

  // A request that ended before its answer (the client went away mid-handler) leaves its claim
  // to the stale-claim rule; one that errored before onSend is released here.
  app.addHook('onResponse', async (request) => {
    const claim = request.idempotency;
    if (claim) await store.release(claim.userId, claim.key);
  });
}
