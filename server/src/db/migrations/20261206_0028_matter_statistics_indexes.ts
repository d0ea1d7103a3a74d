import { sql, type Kysely } from 'kysely';

/**
 * Matter statistics count by the instant each step happened (accepted, resolved, closed, a
 * deadline) within an area: an index per instant, led by the community, so a street's month
 * reads its own rows and not a district's years.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const column of ['created_at', 'accepted_at', 'resolved_at', 'closed_at', 'resolve_due_at']) {
    await sql
      .raw(
        `create index matters_stats_${column} on matters.matters (division_id, ${column}) where ${column} is not null`,
      )
      .execute(db);
  }
  await sql`create index timeline_action_at on matters.timeline (action, at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['created_at', 'accepted_at', 'resolved_at', 'closed_at', 'resolve_due_at'])
    await sql.raw(`drop index matters.matters_stats_${column}`).execute(db);
  await sql`drop index matters.timeline_action_at`.execute(db);
}
