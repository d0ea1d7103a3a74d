import { sql, type Kysely } from 'kysely';

/**
 * Idempotency keys (issue 14, weak signal; kept in step with platform/idempotency.ts): a
 * request sent again with the same Idempotency-Key by the same user is answered from here,
 * not done twice. A row is claimed before the handler runs ('running') and holds the first
 * answer once it is done; rows past expires_at are removed by a job.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table platform.idempotency_keys (
      user_id integer not null,
      key text not null check (length(key) between 1 and 255),
      fingerprint text not null,
      state text not null check (state in ('running', 'done')),
      status_code integer check (status_code between 100 and 599),
      content_type text,
      body text,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      primary key (user_id, key),
      check ((state = 'done') = (status_code is not null))
    )`.execute(db);
  await sql`create index idempotency_keys_expires on platform.idempotency_keys (expires_at)`.execute(db);
}
