import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Clock } from './clock.ts';

/** platform.secrets (migration 20261207_0044). */
export interface SecretsTables {
  'platform.secrets': { name: string; value: string; created_at: Date };
}

/**
 * A key the server makes for itself on first use and keeps in the database: every process on the
 * same database reads the same one, and a restart keeps it (codes and signatures stay valid). Of two
 * processes making it at once, the first to write wins and both answer its value.
 */
export async function serverSecret(db: Kysely<DB>, clock: Clock, name: string, make: () => string): Promise<string> {
  const kept = await db.selectFrom('platform.secrets').select('value').where('name', '=', name).executeTakeFirst();
  if (kept) return kept.value;
  await db
    .insertInto('platform.secrets')
    .values({ name, value: make(), created_at: clock.now() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('platform.secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.value;
}

/**
 * A random key of `bytes` bytes kept as `name` (serverSecret), read from the database once per
 * process; a failed read is tried again on the next call.
 */
export function keptKey(db: Kysely<DB>, clock: Clock, name: string, bytes = 32): () => Promise<Buffer> {
  let key: Promise<Buffer> | undefined;
  return () => {
    key ??= serverSecret(db, clock, name, () => randomBytes(bytes).toString('base64url')).then(
      (value) => Buffer.from(value, 'base64url'),
      (error: unknown) => {
        key = undefined;
        throw error;
      },
    );
    return key;
  };
}
