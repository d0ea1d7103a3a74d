import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { type AreaFilter, inArea, inScope, type Scope } from '../../platform/access.ts';
import type { CursorKey } from '../../platform/pagination.ts';
import { containsLike } from '../../platform/sql.ts';
import type {
  CheckRuleTable,
  DailyCheckTable,
  HelperTable,
  TargetTable,
  VisitPlanTable,
  VisitTable,
} from './tables.ts';

export type TargetRow = Selectable<TargetTable>;
export type HelperRow = Selectable<HelperTable>;
export type RuleRow = Selectable<CheckRuleTable>;
export type CheckRow = Selectable<DailyCheckTable>;
export type PlanRow = Selectable<VisitPlanTable>;
export type VisitRow = Selectable<VisitTable>;

// ---------- targets ----------

export async function insertTarget(db: Executor, row: Insertable<TargetTable>) {
  return db.insertInto('care.targets').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function targetById(db: Executor, id: number) {
  return db.selectFrom('care.targets').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function targetForUpdate(db: Executor, id: number) {
  return db.selectFrom('care.targets').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateTarget(db: Executor, id: number, patch: Updateable<TargetTable>, at: Date) {
  return db
    .updateTable('care.targets')
    .set({ ...patch, updated_at: at })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function targetsByIds(db: Executor, ids: number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('care.targets').selectAll().where('id', 'in', ids).execute();
}

export async function targetOfDevice(db: Executor, deviceId: number) {
  return db
    .selectFrom('care.targets')
    .selectAll()
    .where('active', '=', true)
    .where(sql<boolean>`device_ids @> array[${deviceId}]::int[]`)
    .orderBy('id')
    .executeTakeFirst();
}

export async function listTargets(
  db: Executor,
  scope: Scope,
  filter: {
    communityId?: number | undefined;
    /** The communities of an area (areaId). */
    communityIds?: readonly number[] | undefined;
    gridId?: number | undefined;
    kind?: string | undefined;
    q?: string | undefined;
    active?: boolean;
  },
  after: CursorKey | null,
  limit: number,
) {
  let q = db
    .selectFrom('care.targets')
    .selectAll()
    .where((eb) => inScope(eb, scope, { division: 'community_id', grid: 'grid_id' }))
    .orderBy('id')
    .limit(limit + 1);
  if (filter.communityId) q = q.where('community_id', '=', filter.communityId);
  if (filter.communityIds)
    q = q.where((eb) =>
      inArea(eb, { communityIds: filter.communityIds }, { community: 'community_id', grid: 'grid_id' }),
    );
  if (filter.gridId) q = q.where('grid_id', '=', filter.gridId);
  if (filter.kind) q = q.where(sql<boolean>`${filter.kind} = any(kinds)`);
  if (filter.q) q = q.where('person_name', 'like', containsLike(filter.q));
  if (filter.active !== undefined) q = q.where('active', '=', filter.active);
  if (after) q = q.where('id', '>', after.id);
  return q.execute();
}

// ---------- helpers ----------

export async function helpersOf(db: Executor, targetIds: number[]) {
  if (targetIds.length === 0) return [];
  return db
    .selectFrom('care.helpers')
    .selectAll()
    .where('target_id', 'in', targetIds)
    .orderBy('target_id')
    .orderBy('position')
    .execute();
}

export async function replaceHelpers(db: Executor, targetId: number, rows: Insertable<HelperTable>[]) {
  await db.deleteFrom('care.helpers').where('target_id', '=', targetId).execute();
  if (rows.length) await db.insertInto('care.helpers').values(rows).execute();
}

export async function helperPosition(db: Executor, targetId: number, userId: number) {
  const row = await db
    .selectFrom('care.helpers')
    .select('position')
    .where('target_id', '=', targetId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.position ?? null;
}

export async function targetsOfHelper(db: Executor, userId: number) {
  return db
    .selectFrom('care.helpers as h')
    .innerJoin('care.targets as t', 't.id', 'h.target_id')
    .selectAll('t')
    .select('h.position')
    .where('h.user_id', '=', userId)
    .where('t.active', '=', true)
    .orderBy('t.id')
    .limit(200)
    .execute();
}

// ---------- rules and daily checks ----------

export async function rulesOf(db: Executor, targetIds: number[]) {
  if (targetIds.length === 0) return [];
  return db
    .selectFrom('care.check_rules')
    .selectAll()
    .where('target_id', 'in', targetIds)
    .orderBy('due_time')
    .execute();
}

export async function upsertRule(
  db: Executor,
  row: { target_id: number; kind: RuleRow['kind']; window_from: string; due_time: string },
) {
  return db
    .insertInto('care.check_rules')
    .values({ ...row, active: true })
    .onConflict((oc) =>
      oc
        .columns(['target_id', 'kind'])
        .doUpdateSet({ window_from: row.window_from, due_time: row.due_time, active: true }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deactivateRulesExcept(db: Executor, targetId: number, keepKinds: string[]) {
  let q = db.updateTable('care.check_rules').set({ active: false }).where('target_id', '=', targetId);
  if (keepKinds.length) q = q.where('kind', 'not in', keepKinds as RuleRow['kind'][]);
  await q.execute();
}

/**
 * Makes the day's check rows of active rules (of the given targets, or all), with their
 * window and deadline turned from local time into instants. Rows already there stay.
 */
export async function ensureDay(db: Executor, day: string, timeZone: string, targetIds?: number[]) {
  if (targetIds && targetIds.length === 0) return;
  const targetFilter = targetIds ? sql`and r.target_id = any(${sql.val(targetIds)}::int[])` : sql``;
  await sql`
    insert into care.daily_checks (target_id, rule_id, day, kind, window_from_at, due_at)
    select r.target_id, r.id, ${day}::date, r.kind,
           (${day}::date + r.window_from) at time zone ${timeZone},
           (${day}::date + r.due_time) at time zone ${timeZone}
    from care.check_rules r join care.targets t on t.id = r.target_id
    where r.active and t.active ${targetFilter}
    on conflict (rule_id, day) do nothing`.execute(db);
}

/** Active care targets of a scope and area, and their checks of a day by status: the cockpit's tiles. */
export async function countTargetsAndChecks(db: Executor, scope: Scope, area: AreaFilter, day: string) {
  const targets = db
    .selectFrom('care.targets as t')
    .where((eb) => inScope(eb, scope, { division: 't.community_id', grid: 't.grid_id' }))
    .where((eb) => inArea(eb, area, { community: 't.community_id', grid: 't.grid_id' }))
    .where('t.active', '=', true);
  const [people, checks] = await Promise.all([
    targets.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    targets
      .innerJoin('care.daily_checks as c', 'c.target_id', 't.id')
      .where('c.day', '=', day)
      .select(['c.status', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy('c.status')
      .execute(),
  ]);
  const byStatus = { pending: 0, done: 0, missed: 0 };
  for (const row of checks) byStatus[row.status] = Number(row.n);
  return { targets: Number(people.n), checks: byStatus };
}

/** Pending checks of a day whose rule changed or ended: deadlines moved, or dropped. */
export async function refreshPending(db: Executor, targetId: number, day: string, timeZone: string) {
  await sql`
    delete from care.daily_checks c using care.check_rules r
    where c.rule_id = r.id and c.target_id = ${targetId} and c.day = ${day}::date and c.status = 'pending' and not r.active`.execute(
    db,
  );
  await sql`
    update care.daily_checks c set
      window_from_at = (c.day + r.window_from) at time zone ${timeZone},
      due_at = (c.day + r.due_time) at time zone ${timeZone}
    from care.check_rules r
    where c.rule_id = r.id and c.target_id = ${targetId} and c.day = ${day}::date and c.status = 'pending'`.execute(db);
}

/** Drops a target's checks that are still to come (care ended). */
export async function dropPending(db: Executor, targetId: number) {
  await db.deleteFrom('care.daily_checks').where('target_id', '=', targetId).where('status', '=', 'pending').execute();
}

export async function checksOf(db: Executor, targetIds: number[], day: string) {
  if (targetIds.length === 0) return [];
  return db
    .selectFrom('care.daily_checks')
    .selectAll()
    .where('target_id', 'in', targetIds)
    .where('day', '=', day)
    .orderBy('due_at')
    .execute();
}

export async function checkForUpdate(db: Executor, id: number) {
  return db.selectFrom('care.daily_checks').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateCheck(db: Executor, id: number, patch: Updateable<DailyCheckTable>) {
  return db.updateTable('care.daily_checks').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** The open check of a kind for a target and day that an event at a time may satisfy. */
export async function openCheckFor(db: Executor, targetId: number, kind: string, day: string, at: Date) {
  return db
    .selectFrom('care.daily_checks')
    .selectAll()
    .where('target_id', '=', targetId)
    .where('kind', '=', kind as CheckRow['kind'])
    .where('day', '=', day)
    .where('status', 'in', ['pending', 'missed'])
    .where('window_from_at', '<=', at)
    .forUpdate()
    .executeTakeFirst();
}

export async function pendingPastDue(db: Executor, now: Date, limit: number) {
  return db
    .selectFrom('care.daily_checks')
    .select('id')
    .where('status', '=', 'pending')
    .where('due_at', '<=', now)
    .orderBy('due_at')
    .limit(limit)
    .execute();
}

export async function unacknowledgedSince(db: Executor, before: Date, limit: number) {
  return db
    .selectFrom('care.daily_checks')
    .select('id')
    .where('status', '=', 'missed')
    .where('acknowledged_at', 'is', null)
    .where('exhausted', '=', false)
    .where('notified_at', '<=', before)
    .orderBy('notified_at')
    .limit(limit)
    .execute();
}

export async function checksByMatter(db: Executor, matterId: number) {
  return db
    .selectFrom('care.daily_checks')
    .selectAll()
    .where('matter_id', '=', matterId)
    .forUpdate()
    .executeTakeFirst();
}

export async function alertsOf(db: Executor, userId: number) {
  return db
    .selectFrom('care.daily_checks')
    .selectAll()
    .where('responder_user_id', '=', userId)
    .where('status', '=', 'missed')
    .where('acknowledged_at', 'is', null)
    .orderBy('due_at', 'desc')
    .limit(100)
    .execute();
}

export async function logOf(db: Executor, checkId: number) {
  return db.selectFrom('care.check_log').selectAll().where('check_id', '=', checkId).orderBy('id').execute();
}

export async function checkById(db: Executor, id: number) {
  return db.selectFrom('care.daily_checks').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function log(
  db: Executor,
  row: {
    check_id: number;
    action: string;
    user_id?: number | null;
    user_name?: string | null;
    note?: string;
    at: Date;
  },
) {
  await db
    .insertInto('care.check_log')
    .values({
      check_id: row.check_id,
      action: row.action,
      user_id: row.user_id ?? null,
      user_name: row.user_name ?? null,
      note: row.note ?? '',
      at: row.at,
    })
    .execute();
}

// ---------- visits ----------

export async function plansOf(db: Executor, targetIds: number[]) {
  if (targetIds.length === 0) return [];
  return db
    .selectFrom('care.visit_plans as p')
    .selectAll('p')
    .select((eb) =>
      eb
        .selectFrom('care.visits as v')
        .whereRef('v.target_id', '=', 'p.target_id')
        .select((e) => e.fn.max('v.visited_at').as('m'))
        .as('last_visit_at'),
    )
    .where('p.target_id', 'in', targetIds)
    .execute();
}

export async function upsertPlan(db: Executor, row: Insertable<VisitPlanTable>) {
  await db
    .insertInto('care.visit_plans')
    .values(row)
    .onConflict((oc) =>
      oc.column('target_id').doUpdateSet({
        every_days: row.every_days,
        visitor_user_id: row.visitor_user_id,
        visitor_name: row.visitor_name,
        starts_on: row.starts_on,
        updated_by: row.updated_by,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

export async function insertVisit(db: Executor, row: Insertable<VisitTable>) {
  return db.insertInto('care.visits').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateVisit(db: Executor, id: number, patch: Updateable<VisitTable>) {
  await db.updateTable('care.visits').set(patch).where('id', '=', id).execute();
}

export async function visitsOf(db: Executor, targetId: number, after: CursorKey | null, limit: number) {
  let q = db
    .selectFrom('care.visits')
    .selectAll()
    .where('target_id', '=', targetId)
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (after) q = q.where('id', '<', after.id);
  return q.execute();
}

/**
 * Active targets in scope whose next visit is due before the day: the last visit (local
 * date) plus the plan's interval, or the plan's first date if no visit yet.
 */
export async function overdueVisits(
  db: Executor,
  scope: Scope,
  filter: {
    communityId?: number | undefined;
    communityIds?: readonly number[] | undefined;
    gridId?: number | undefined;
  },
  today: string,
  timeZone: string,
  after: CursorKey | null,
  limit: number,
) {
  const rows = await sql<
    TargetRow & {
      every_days: number;
      visitor_user_id: number | null;
      visitor_name: string | null;
      starts_on: string;
      last_visit_at: Date | null;
      due_on: string;
    }
  >`
    select t.*, p.every_days, p.visitor_user_id, p.visitor_name, p.starts_on, v.last_visit_at,
           to_char(coalesce((v.last_visit_at at time zone ${timeZone})::date + p.every_days, p.starts_on), 'YYYY-MM-DD') as due_on
    from care.visit_plans p
    join care.targets t on t.id = p.target_id
    left join lateral (select max(visited_at) as last_visit_at from care.visits where target_id = t.id) v on true
    where t.active
      and (${scope.divisionIds.length ? sql`t.community_id = any(${sql.val([...scope.divisionIds])}::int[])` : sql`false`}
           or ${scope.gridIds.length ? sql`t.grid_id = any(${sql.val([...scope.gridIds])}::int[])` : sql`false`})
      ${filter.communityId ? sql`and t.community_id = ${filter.communityId}` : sql``}
      ${filter.communityIds ? sql`and t.community_id = any(${sql.val([...filter.communityIds])}::int[])` : sql``}
      ${filter.gridId ? sql`and t.grid_id = ${filter.gridId}` : sql``}
      and coalesce((v.last_visit_at at time zone ${timeZone})::date + p.every_days, p.starts_on) < ${today}::date
      ${after ? sql`and t.id > ${after.id}` : sql``}
    order by t.id
    limit ${limit + 1}`.execute(db);
  return rows.rows;
}
