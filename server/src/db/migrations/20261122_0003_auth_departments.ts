import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Department staff (职能部门: 城管, 消防, 司法所, 派出所) take work escalated to their department.
  await sql`alter table auth.role_grants add column department text`.execute(db);
}
