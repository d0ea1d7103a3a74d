import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { inScope, type Scope } from '../../platform/access.ts';
import type { CursorKey } from '../../platform/pagination.ts';
import { escapeLike } from '../../platform/sql.ts';
import type { CheckInTable, FindingTable, PatrolTable, SampleTable, VisitRuleTable, VisitTable } from './tables.ts';

export type PatrolRow = Selectable<PatrolTable>;
export type SampleRow = Selectable<SampleTable>;
export type CheckInRow = Selectable<CheckInTable>;
export type FindingRow = Selectable<FindingTable>;
export type VisitRow = Selectable<VisitTable>;

// ---------- patrols ----------

export function insertPatrol(db: Executor, row: Insertable<PatrolTable>) {
  return db.insertInto('field.patrols').values(row).returningAll().executeTakeFirstOrThrow();
}

export function patrolById(db: Executor, id: number) {
  return db.selectFrom('field.patrols').selectAll().where('id', '=', id).executeTakeFirst();
}

export function patrolForUpdate(db: Executor, id: number) {
  return db.selectFrom('field.patrols').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function openPatrolOf(db: Executor, userId: number) {
  return db
    .selectFrom('field.patrols')
    .selectAll()
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
}

export function endPatrol(db: Executor, id: number, at: Date, by: 'user' | 'auto', distanceM: number) {
  return db
    .updateTable('field.patrols')
    .set({ ended_at: at, ended_by: by, distance_m: distanceM })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function setDistance(db: Executor, id: number, distanceM: number) {
  return db.updateTable('field.patrols').set({ distance_m: distanceM }).where('id', '=', id).execute();
}

/** Open patrols begun before a moment (left open too long). */
export function openPatrolsBefore(db: Executor, before: Date, limit: number) {
  return db
    .selectFrom('field.patrols')
    .selectAll()
    .where('ended_at', 'is', null)
    .where('started_at', '<', before)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The last moment anything was recorded on a patrol (sample, check-in, finding), or its start. */
export async function lastActivity(db: Executor, patrol: PatrolRow): Promise<Date> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('field.samples')
        .select(sql<Date>`max(sampled_at)`.as('m'))
        .where('patrol_id', '=', patrol.id)
        .$asScalar()
        .as('sample'),
      eb
        .selectFrom('field.check_ins')
        .select(sql<Date>`max(at)`.as('m'))
        .where('patrol_id', '=', patrol.id)
        .$asScalar()
        .as('check_in'),
      eb
        .selectFrom('field.findings')
        .select(sql<Date>`max(at)`.as('m'))
        .where('patrol_id', '=', patrol.id)
        .$asScalar()
        .as('finding'),
    ])
    .executeTakeFirstOrThrow();
  const times = [patrol.started_at, row.sample, row.check_in, row.finding]
    .filter((t): t is Date => t !== null && t !== undefined)
    .map((t) => new Date(t).getTime());
  return new Date(Math.max(...times));
}

/** Patrols begun in [from, to) of a scope, or of one user, at most `limit`. */
export function patrolsBetween(
  db: Executor,
  from: Date,
  to: Date,
  filter: {
    scope?: Scope;
    userId?: number | undefined;
    communityId?: number | undefined;
    gridId?: number | undefined;
  },
  limit: number,
) {
  let q = db
    .selectFrom('field.patrols')
    .selectAll()
    .where('started_at', '>=', from)
    .where('started_at', '<', to)
    .orderBy('started_at')
    .orderBy('id')
    .limit(limit);
  if (filter.scope) {
    const scope = filter.scope;
    q = q.where((eb) => inScope(eb, scope, { division: 'division_id', grid: 'grid_id' }));
  }
  if (filter.userId !== undefined) q = q.where('user_id', '=', filter.userId);
  if (filter.communityId !== undefined) q = q.where('division_id', '=', filter.communityId);
  if (filter.gridId !== undefined) q = q.where('grid_id', '=', filter.gridId);
  return q.execute();
}

// ---------- samples, check-ins, findings ----------

/** Adds samples; those already there (same patrol and instant) are skipped. Returns the ones added. */
export function insertSamples(db: Executor, rows: Insertable<SampleTable>[]) {
  return db
    .insertInto('field.samples')
    .values(rows)
    .onConflict((oc) => oc.columns(['patrol_id', 'sampled_at']).doNothing())
    .returning(['poor'])
    .execute();
}

export function samplesOf(db: Executor, patrolIds: readonly number[]) {
  if (patrolIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('field.samples')
    .selectAll()
    .where('patrol_id', 'in', [...patrolIds])
    .orderBy('patrol_id')
    .orderBy('sampled_at')
    .execute();
}

export function insertCheckIn(db: Executor, row: Insertable<CheckInTable>) {
  return db.insertInto('field.check_ins').values(row).returningAll().executeTakeFirstOrThrow();
}

export function checkInsOf(db: Executor, patrolIds: readonly number[]) {
  if (patrolIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('field.check_ins')
    .selectAll()
    .where('patrol_id', 'in', [...patrolIds])
    .orderBy('at')
    .orderBy('id')
    .execute();
}

export function insertFinding(db: Executor, row: Insertable<FindingTable>) {
  return db.insertInto('field.findings').values(row).execute();
}

export function findingsOf(db: Executor, patrolIds: readonly number[]) {
  if (patrolIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('field.findings')
    .selectAll()
    .where('patrol_id', 'in', [...patrolIds])
    .orderBy('at')
    .execute();
}

// ---------- visits ----------

export function insertVisit(db: Executor, row: Insertable<VisitTable>) {
  return db.insertInto('field.visits').values(row).returningAll().executeTakeFirstOrThrow();
}

export function listVisits(
  db: Executor,
  scope: Scope,
  filter: {
    personId?: number | undefined;
    householdId?: number | undefined;
    visitorUserId?: number | undefined;
    communityId?: number | undefined;
    gridId?: number | undefined;
    method?: VisitRow['method'] | undefined;
    q?: string | undefined;
  },
  after: CursorKey | null,
  limit: number,
) {
  let q = db
    .selectFrom('field.visits')
    .selectAll()
    .where((eb) => inScope(eb, scope, { division: 'community_id', grid: 'grid_id' }))
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (filter.personId !== undefined) q = q.where('person_id', '=', filter.personId);
  if (filter.householdId !== undefined) q = q.where('household_id', '=', filter.householdId);
  if (filter.visitorUserId !== undefined) q = q.where('visitor_user_id', '=', filter.visitorUserId);
  if (filter.communityId !== undefined) q = q.where('community_id', '=', filter.communityId);
  if (filter.gridId !== undefined) q = q.where('grid_id', '=', filter.gridId);
  if (filter.method !== undefined) q = q.where('method', '=', filter.method);
  if (filter.q) {
    const like = `%${escapeLike(filter.q)}%`;
    q = q.where((eb) => eb.or([eb('subject_name', 'ilike', like), eb('visitor_name', 'ilike', like)]));
  }
  if (after) q = q.where('id', '<', after.id);
  return q.execute();
}

/** Each person's latest visit. */
export async function lastVisits(db: Executor, personIds: readonly number[]): Promise<Map<number, Date>> {
  if (personIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('field.visits')
    .select(['person_id', sql<Date>`max(visited_at)`.as('last')])
    .where('person_id', 'in', [...personIds])
    .groupBy('person_id')
    .execute();
  return new Map(rows.map((r) => [r.person_id!, new Date(r.last)]));
}

export function visitsBy(db: Executor, userId: number, from: Date, to: Date) {
  return db
    .selectFrom('field.visits')
    .select(['id', 'visited_at'])
    .where('visitor_user_id', '=', userId)
    .where('visited_at', '>=', from)
    .where('visited_at', '<', to)
    .execute();
}

/**
 * Who recorded anything in [from, to) within a scope: the workers of patrols begun and of
 * visits made, with where they worked (latest first, so the first row of a user is the latest).
 */
export async function workersBetween(
  db: Executor,
  scope: Scope,
  from: Date,
  to: Date,
  filter: { communityId?: number | undefined },
) {
  let patrols = db
    .selectFrom('field.patrols')
    .select([
      'user_id as userId',
      'user_name as userName',
      'division_id as communityId',
      'grid_id as gridId',
      'started_at as at',
    ])
    .where('started_at', '>=', from)
    .where('started_at', '<', to)
    .where((eb) => inScope(eb, scope, { division: 'division_id', grid: 'grid_id' }));
  let visits = db
    .selectFrom('field.visits')
    .select([
      'visitor_user_id as userId',
      'visitor_name as userName',
      'community_id as communityId',
      'grid_id as gridId',
      'visited_at as at',
    ])
    .where('visited_at', '>=', from)
    .where('visited_at', '<', to)
    .where((eb) => inScope(eb, scope, { division: 'community_id', grid: 'grid_id' }));
  if (filter.communityId !== undefined) {
    patrols = patrols.where('division_id', '=', filter.communityId);
    visits = visits.where('community_id', '=', filter.communityId);
  }
  const rows = await patrols.unionAll(visits).execute();
  return rows
    .map((r) => ({ ...r, communityId: r.communityId as number | null }))
    .sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime());
}

// ---------- visit rules ----------

export function visitRulesOf(db: Executor, communityIds: readonly number[]) {
  if (communityIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('field.visit_rules')
    .selectAll()
    .where('community_id', 'in', [...communityIds])
    .orderBy('community_id')
    .orderBy('tag')
    .execute();
}

export async function replaceVisitRules(db: Executor, communityId: number, rows: Insertable<VisitRuleTable>[]) {
  await db.deleteFrom('field.visit_rules').where('community_id', '=', communityId).execute();
  if (rows.length) await db.insertInto('field.visit_rules').values(rows).execute();
}
