import { sql, type Kysely } from 'kysely';

/**
 * What several server processes share: leases on work only one of them may do at a time (the
 * device gateway; platform/leases.ts), and the hit counts of rate limits, so a limit holds for
 * all processes together (platform/rate-limit-store.ts). The hits are unlogged: a count is not
 * worth a WAL write, and a failover that starts them afresh costs nothing.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table platform.leases (
    name text primary key,
    holder text not null,
    taken_at timestamptz not null,
    expires_at timestamptz not null
  )`.execute(db);
  await sql`create unlogged table platform.rate_limit_hits (
    key text primary key,
    hits int not null,
    window_ends_ms bigint not null
  )`.execute(db);
}
