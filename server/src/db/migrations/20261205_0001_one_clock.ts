import { sql, type Kysely } from 'kysely';

/**
 * One clock: no column takes its time from the database's now() any more. Every timestamp is
 * written by the application from the injected Clock, so rules that compare times (deadlines,
 * expiry, escalation) never mix the machine's clock with a test's or a simulation's; an insert
 * that forgets one fails (not null) instead of silently taking the database's time.
 */
const COLUMNS: [table: string, columns: string[]][] = [
  ['platform.audit_log', ['at']],
  ['auth.users', ['password_changed_at', 'created_at', 'updated_at']],
  ['auth.role_grants', ['created_at']],
  ['auth.sessions', ['created_at']],
  ['org.divisions', ['created_at', 'updated_at']],
  ['org.grids', ['created_at', 'updated_at']],
  ['org.buildings', ['created_at', 'updated_at']],
  ['org.households', ['created_at']],
  ['org.persons', ['created_at', 'updated_at']],
  ['org.assignments', ['created_at']],
  ['org.import_jobs', ['created_at']],
  ['media.files', ['created_at']],
  ['notifications.notifications', ['created_at']],
  ['matters.categories', ['updated_at']],
  ['matters.matters', ['created_at', 'updated_at']],
  ['matters.timeline', ['at']],
  ['matters.followers', ['since']],
  ['matters.stations', ['created_at', 'updated_at']],
  ['matters.open311_clients', ['created_at']],
  ['auth.unknown_login_failures', ['updated_at']],
  ['points.accounts', ['created_at']],
  ['points.postings', ['created_at']],
  ['points.rules', ['created_at']],
  ['points.expiry_runs', ['ran_at']],
  ['points.honours', ['awarded_at']],
  ['points.merchants', ['created_at']],
  ['points.items', ['created_at']],
  ['points.vouchers', ['created_at']],
  ['volunteer.teams', ['created_at']],
  ['volunteer.members', ['joined_at']],
  ['volunteer.activities', ['created_at']],
  ['volunteer.signups', ['signed_up_at']],
  ['volunteer.good_deeds', ['created_at']],
  ['volunteer.wishes', ['created_at']],
  ['volunteer.projects', ['created_at', 'updated_at']],
  ['volunteer.project_updates', ['created_at']],
  ['deliberation.settings', ['updated_at']],
  ['deliberation.topics', ['created_at', 'updated_at']],
  ['deliberation.supports', ['created_at']],
  ['deliberation.meetings', ['created_at']],
  ['deliberation.decisions', ['created_at', 'updated_at']],
  ['deliberation.decision_updates', ['created_at']],
  ['deliberation.desks', ['created_at']],
  ['deliberation.bookings', ['created_at']],
  ['deliberation.votes', ['created_at']],
  ['deliberation.comments', ['created_at']],
  ['deliberation.comment_flags', ['created_at']],
  ['mediation.studios', ['created_at']],
  ['mediation.mediators', ['joined_at']],
  ['mediation.cases', ['updated_at']],
  ['mediation.task_force', ['added_at']],
  ['mediation.sessions', ['recorded_at']],
  ['mediation.agreements', ['recorded_at']],
  ['mediation.follow_ups', ['recorded_at']],
  ['mediation.claims', ['recorded_at']],
  ['devices.devices', ['secret_rotated_at', 'created_at', 'updated_at']],
  ['devices.rules', ['created_at', 'updated_at']],
  ['devices.alarms', ['created_at', 'updated_at']],
  ['care.targets', ['created_at', 'updated_at']],
  ['care.check_log', ['at']],
  ['care.visit_plans', ['updated_at']],
  ['care.visits', ['created_at']],
  ['charging.stations', ['created_at']],
  ['charging.tariffs', ['created_at']],
  ['charging.sessions', ['created_at']],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, columns] of COLUMNS) {
    for (const column of columns)
      await sql`alter table ${sql.raw(table)} alter column ${sql.ref(column)} drop default`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [table, columns] of COLUMNS) {
    for (const column of columns)
      await sql`alter table ${sql.raw(table)} alter column ${sql.ref(column)} set default now()`.execute(db);
  }
}
