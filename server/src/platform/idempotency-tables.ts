/**
 * The idempotency keys' table, apart from the HTTP hook, so the database's types (which the web
 * reads through api.ts) do not pull in Fastify's request augmentations.
 */
/** platform.idempotency_keys (migration 20261206_0026). */
export interface IdempotencyKeyTable {
  user_id: number;
  key: string;
  /** sha256 of method, path and body: the same key with another request is refused. */
  fingerprint: string;
  state: 'running' | 'done';
  status_code: number | null;
  content_type: string | null;
  body: string | null;
  created_at: Date;
  expires_at: Date;
}

export interface IdempotencyTables {
  'platform.idempotency_keys': IdempotencyKeyTable;
}
