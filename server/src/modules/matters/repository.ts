import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type Insertable,
  type OperationNodeSource,
  type RawBuilder,
  type Selectable,
  type SqlBool,
  type Updateable,
} from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import { inScope, isEmptyScope, type Scope } from '../../platform/access.ts';
import type { CategoryTable, MATTER_QUEUES, MatterStatus, MatterTable, TimelineTable } from './tables.ts';
import { OPEN_STATUSES } from './workflow.ts';
import type { MapResolution } from './map-cells.ts';
import { containsLike } from '../../platform/sql.ts';
import { assistWaiting } from './repository-desk.ts';
import { measureWhere, type MeasureWindow, statisticsWhere, type StatisticsFilter } from './repository-statistics.ts';

// ---------- categories ----------

export function allCategories(db: Executor) {
  return db.selectFrom('matters.categories').selectAll().orderBy('sort').orderBy('id').execute();
}

export function categoryById(db: Executor, id: number) {
  return db.selectFrom('matters.categories').selectAll().where('id', '=', id).executeTakeFirst();
}

export function categoryByCode(db: Executor, code: string) {
  return db.selectFrom('matters.categories').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function insertCategory(db: Executor, row: Insertable<CategoryTable>) {
  return (
    await db
      .insertInto('matters.categories')
      .values(row)
      .onConflict((oc) => oc.column('code').doNothing())
      .returning('id')
      .executeTakeFirst()
  )?.id;
}

export async function updateCategory(db: Executor, id: number, patch: Updateable<CategoryTable>, now: Date) {
  await db
    .updateTable('matters.categories')
    .set({ ...patch, updated_at: now })
    .where('id', '=', id)
    .execute();
}

// ---------- matters ----------

export async function nextMatterNumber(db: Executor): Promise<number> {
  const row = await sql<{ n: number }>`select nextval('matters.matter_code_seq') as n`.execute(db);
  return Number(row.rows[0]!.n);
}

export async function insertMatter(db: Executor, row: Insertable<MatterTable>) {
  return db.insertInto('matters.matters').values(row).returningAll().executeTakeFirstOrThrow();
}

/**
 * A new matter with its code drawn in the same statement: GZ, the local date of filing
 * (`day`, yyyymmdd) and the next running number, at least six digits (GZ20261120000123).
 */
export async function insertNumberedMatter(db: Executor, day: string, row: Omit<Insertable<MatterTable>, 'code'>) {
  const code = sql<string>`(select 'GZ' || ${day}::text || case when length(n) >= 6 then n else lpad(n, 6, '0') end
    from (select nextval('matters.matter_code_seq')::text as n) s)`;
  return db
    .insertInto('matters.matters')
    .values({ ...row, code })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * The rest of a new matter's writes in one statement: its first timeline entries (answered,
 * in order), its reporter as a follower, and the caller's other writes — the per-cell counts,
 * its audit record, its event — as statements not yet run (data-modifying CTEs).
 */
export async function recordNewMatter(
  db: Executor,
  at: Date,
  timeline: Omit<Insertable<TimelineTable>, 'at'>[],
  follower: { matter_id: number; user_id: number; since: Date } | null,
  alongside: ReadonlyArray<OperationNodeSource>,
) {
  const writes = [
    ...(follower
      ? [
          db
            .insertInto('matters.followers')
            .values(follower)
            .onConflict((oc) => oc.doNothing()),
        ]
      : []),
    ...alongside,
  ].map((w, i) => sql`, ${sql.raw(`alongside_${i}`)} as (${w})`);
  const entries = db
    .insertInto('matters.timeline')
    .values(timeline.map((r) => ({ ...r, at })))
    .returningAll();
  const { rows } = await sql<Selectable<TimelineTable>>`with entries as (${entries})${
    writes.length > 0 ? sql.join(writes, sql``) : sql``
  } select * from entries order by id`.execute(db);
  return rows;
}

export type MatterRow = Awaited<ReturnType<typeof insertMatter>>;

export function matterById(db: Executor, id: number) {
  return db.selectFrom('matters.matters').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The matter, locked until the end of the transaction, so two handlers act one after the other. */
export function matterForUpdate(db: Executor, id: number) {
  return db.selectFrom('matters.matters').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Locks several matters in id order (two merges crossing each other then wait, not deadlock). */
export async function lockMatters(db: Executor, ids: number[]) {
  await db
    .selectFrom('matters.matters')
    .select('id')
    .where(
      'id',
      'in',
      [...new Set(ids)].sort((a, b) => a - b),
    )
    .orderBy('id')
    .forUpdate()
    .execute();
}

export function matterByToken(db: Executor, token: string) {
  return db.selectFrom('matters.matters').selectAll().where('open311_token', '=', token).executeTakeFirst();
}

export async function updateMatter(db: Executor, id: number, patch: Updateable<MatterTable>, now: Date) {
  return db
    .updateTable('matters.matters')
    .set({ ...patch, version: sql`version + 1`, updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * A matter put under supervision at `at` with a card: the first time stays, the card only
 * worsens (green, yellow, red). A fact kept from supervision's events, not an edit: the
 * version that guards people's edits stays.
 */
export async function recordSupervision(db: Executor, id: number, at: Date, card: 'green' | 'yellow' | 'red') {
  const rank = (c: RawBuilder<unknown>) => sql`array_position(array['green', 'yellow', 'red'], ${c})`;
  await db
    .updateTable('matters.matters')
    .set({
      supervised_at: sql`least(coalesce(supervised_at, ${at}::timestamptz), ${at}::timestamptz)`,
      supervision_card: sql`case when supervision_card is null or ${rank(sql`${card}::text`)} > ${rank(sql`supervision_card`)}
        then ${card} else supervision_card end`,
    })
    .where('id', '=', id)
    .execute();
}

export type Queue = (typeof MATTER_QUEUES)[number];

/**
 * The matters staff read: whole areas, and a department's matters (level department, that
 * department) within the divisions its staff serve.
 */
export interface MatterReach {
  area: Scope;
  departments: ReadonlyArray<{ department: string; divisionIds: readonly number[] }>;
}

/** A list's filters; those it shares with the statistics are theirs (statisticsWhere), so a count and its list agree. */
export interface MatterFilter extends StatisticsFilter {
  queue: Queue;
  statuses?: MatterStatus[] | undefined;
  divisionId?: number | undefined;
  /** The matters a statistic counts: a measure in a window (GET /api/matters/statistics drills down here). */
  measure?: MeasureWindow | undefined;
  q?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** The matters of one map cell (matters.cell_counts counts them the same way). */
  cell?: { res: MapResolution; id: string } | undefined;
  /** Only the matters filed in these r9 cells (a compound's buildings stand in them). */
  cellsR9?: readonly string[] | undefined;
}

export type MatterEb = ExpressionBuilder<DB & { m: DB['matters.matters'] }, 'm'>;

export function openStatus(eb: MatterEb) {
  return eb('m.status', 'not in', ['closed', 'rejected', 'duplicate']);
}

/** The matters escalated to the departments, each within its divisions. */
export function departmentParts(eb: MatterEb, departments: MatterReach['departments']): Expression<SqlBool>[] {
  return departments.map((d) =>
    eb.and([
      eb('m.level', '=', 'department'),
      eb('m.department', '=', d.department),
      eb('m.division_id', 'in', [...d.divisionIds]),
    ]),
  );
}

/** Matters within a reach; an empty reach holds none. */
export function inReach(eb: MatterEb, reach: MatterReach): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [];
  if (!isEmptyScope(reach.area)) parts.push(inScope(eb, reach.area, { division: 'm.division_id', grid: 'm.grid_id' }));
  parts.push(...departmentParts(eb, reach.departments));
  return parts.length === 0 ? sql<SqlBool>`false` : parts.length === 1 ? parts[0]! : eb.or(parts);
}

function matterWhere(
  eb: MatterEb,
  reach: MatterReach,
  filter: MatterFilter,
  userId: number,
  now: Date,
): Expression<SqlBool> {
  // What is assigned to me is mine to see wherever it sits (a dispatch checks the
  // assignee's reach); leaving the area out lets the assignee index give the page in order.
  const parts: Expression<SqlBool>[] = filter.queue === 'mine' ? [] : [inReach(eb, reach)];
  switch (filter.queue) {
    case 'mine':
      parts.push(eb('m.assignee_user_id', '=', userId), openStatus(eb));
      break;
    case 'grid':
      parts.push(openStatus(eb));
      break;
    case 'department':
      parts.push(eb('m.level', '=', 'department'), openStatus(eb));
      break;
    case 'assist':
      // 协办: matters with an assist still to answer — in the caller's area, or asked of the caller's department.
      parts.length = 0;
      parts.push(openStatus(eb), assistWaiting(eb, reach));
      break;
    case 'overdue':
      parts.push(openStatus(eb), eb('m.status', '<>', 'resolved'), eb('m.resolve_due_at', '<', now));
      break;
    case 'unassigned':
      parts.push(eb('m.assignee_user_id', 'is', null), openStatus(eb));
      break;
    case 'all':
      break;
  }
  if (filter.statuses?.length) parts.push(eb('m.status', 'in', filter.statuses));
  parts.push(statisticsWhere(eb, filter));
  if (filter.measure) parts.push(measureWhere(eb, filter.measure));
  if (filter.divisionId !== undefined) parts.push(eb('m.division_id', '=', filter.divisionId));
  if (filter.from) parts.push(eb('m.created_at', '>=', filter.from));
  if (filter.to) parts.push(eb('m.created_at', '<', filter.to));
  if (filter.cell) parts.push(eb(sql.ref<string>(`m.h3_r${filter.cell.res}`), '=', filter.cell.id));
  if (filter.cellsR9)
    parts.push(filter.cellsR9.length ? eb('m.h3_r9', 'in', [...filter.cellsR9]) : sql<boolean>`false`);
  if (filter.q) {
    const like = containsLike(filter.q);
    parts.push(
      eb.or([eb('m.code', '=', filter.q), eb('m.description', 'ilike', like), eb('m.address', 'ilike', like)]),
    );
  }
  return eb.and(parts);
}

const listColumns = [
  'm.id',
  'm.code',
  'm.category_id',
  'm.kind',
  'm.status',
  'm.level',
  'm.department',
  'm.urgency',
  'm.source',
  'm.description',
  'm.address',
  'm.lat',
  'm.lng',
  'm.division_id',
  'm.grid_id',
  'm.assignee_user_id',
  'm.assignee_name',
  'm.reporter_user_id',
  'm.reporter_name',
  'm.anonymous',
  'm.accept_due_at',
  'm.resolve_due_at',
  'm.overdue',
  'm.photos',
  'm.created_at',
  'm.updated_at',
  'm.resolved_at',
  'm.closed_at',
  'm.rating',
] as const;

/**
 * A page of a queue: for open work the most urgent first (特急, then 紧急), and within the same
 * urgency the soonest deadline (the queue shows time left); newest first for everything else.
 * A queue's cursor is "rank:deadline in ms" (or "rank:" without a deadline).
 */
export function listMatters(
  db: Executor,
  reach: MatterReach,
  filter: MatterFilter,
  userId: number,
  now: Date,
  after: { sort: string | number | null; id: number } | null,
  limit: number,
) {
  const byDeadline = filter.queue !== 'all';
  let q = db
    .selectFrom('matters.matters as m')
    .select(listColumns)
    .where((eb) => matterWhere(eb, reach, filter, userId, now))
    .limit(limit + 1);
  if (byDeadline) {
    // Matters without a deadline sort last within their urgency.
    q = q.orderBy(URGENCY_RANK).orderBy(sql`coalesce(m.resolve_due_at, 'infinity'::timestamptz)`).orderBy('m.id');
    if (after) {
      const [rankText = '2', dueText = ''] = String(after.sort ?? '').split(':');
      const due = dueText === '' ? sql`'infinity'::timestamptz` : sql`${new Date(Number(dueText))}::timestamptz`;
      q = q.where(
        sql<SqlBool>`(${URGENCY_RANK}, coalesce(m.resolve_due_at, 'infinity'::timestamptz), m.id) > (${Number(rankText)}, ${due}, ${after.id})`,
      );
    }
  } else {
    q = q.orderBy('m.id', 'desc');
    if (after) q = q.where('m.id', '<', after.id);
  }
  return q.execute();
}

/** critical 0, urgent 1, normal 2: the order of a queue. */
const URGENCY_RANK = sql<number>`case m.urgency when 'critical' then 0 when 'urgent' then 1 else 2 end`;
export const urgencyRank = (urgency: string) => (urgency === 'critical' ? 0 : urgency === 'urgent' ? 1 : 2);

export type MatterListRow = Awaited<ReturnType<typeof listMatters>>[number];

export async function countMatters(db: Executor, reach: MatterReach, filter: MatterFilter, userId: number, now: Date) {
  const row = await db
    .selectFrom('matters.matters as m')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => matterWhere(eb, reach, filter, userId, now))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Matters one reported or follows, newest first. */
export function mattersOfUser(db: Executor, userId: number, after: number | null, limit: number) {
  let q = db
    .selectFrom('matters.matters as m')
    .select(listColumns)
    .where((eb) =>
      eb.or([
        eb('m.reporter_user_id', '=', userId),
        eb.exists(
          eb
            .selectFrom('matters.followers as f')
            .select('f.matter_id')
            .whereRef('f.matter_id', '=', 'm.id')
            .where('f.user_id', '=', userId),
        ),
      ]),
    )
    .orderBy('m.id', 'desc')
    .limit(limit + 1);
  if (after !== null) q = q.where('m.id', '<', after);
  return q.execute();
}

/** Open matters of a category in the given H3 cells (the candidates for "the same thing, nearby"). */
export function openMattersInCells(db: Executor, cells: readonly string[], categoryId: number) {
  if (cells.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('matters.matters as m')
    .select([
      'm.id',
      'm.code',
      'm.status',
      'm.description',
      'm.lat',
      'm.lng',
      'm.address',
      'm.created_at',
      'm.photos',
      'm.category_id',
    ])
    .select((eb) =>
      eb
        .selectFrom('matters.followers as f')
        .whereRef('f.matter_id', '=', 'm.id')
        .select(eb.fn.countAll<number>().as('n'))
        .as('followers'),
    )
    .where('m.h3_r9', 'in', [...cells])
    .where('m.category_id', '=', categoryId)
    .where(
      'm.status',
      'in',
      [...OPEN_STATUSES].filter((s) => s !== 'resolved'),
    )
    .orderBy('m.id', 'desc')
    .limit(50)
    .execute();
}

// ---------- timeline and followers ----------

/** Timeline entries, all at one moment. */
export async function insertTimeline(db: Executor, at: Date, rows: Omit<Insertable<TimelineTable>, 'at'>[]) {
  if (rows.length === 0) return;
  await db
    .insertInto('matters.timeline')
    .values(rows.map((r) => ({ ...r, at })))
    .execute();
}

/** The steps a person took on matters in [from, to), of the given actions (a work log's counts). */
export function stepsOfUser(db: Executor, userId: number, actions: readonly string[], from: Date, to: Date) {
  return db
    .selectFrom('matters.timeline')
    .select(['matter_id', 'action', 'at'])
    .where('actor_user_id', '=', userId)
    .where('at', '>=', from)
    .where('at', '<', to)
    .where('action', 'in', [...actions])
    .orderBy('at')
    .execute();
}

export function timelineOf(db: Executor, matterId: number) {
  return db.selectFrom('matters.timeline').selectAll().where('matter_id', '=', matterId).orderBy('id').execute();
}

export async function addFollower(db: Executor, matterId: number, userId: number, since: Date) {
  await db
    .insertInto('matters.followers')
    .values({ matter_id: matterId, user_id: userId, since })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function removeFollower(db: Executor, matterId: number, userId: number) {
  await db.deleteFrom('matters.followers').where('matter_id', '=', matterId).where('user_id', '=', userId).execute();
}

export async function followersOf(db: Executor, matterId: number): Promise<number[]> {
  return (await db.selectFrom('matters.followers').select('user_id').where('matter_id', '=', matterId).execute()).map(
    (r) => r.user_id,
  );
}

export async function isFollower(db: Executor, matterId: number, userId: number) {
  return Boolean(
    await db
      .selectFrom('matters.followers')
      .select('user_id')
      .where('matter_id', '=', matterId)
      .where('user_id', '=', userId)
      .executeTakeFirst(),
  );
}

/** Moves the followers of a duplicate to the matter it was merged into. */
export async function moveFollowers(db: Executor, fromId: number, toId: number) {
  await sql`insert into matters.followers (matter_id, user_id, since)
    select ${toId}, user_id, since from matters.followers where matter_id = ${fromId}
    on conflict do nothing`.execute(db);
  await db.deleteFrom('matters.followers').where('matter_id', '=', fromId).execute();
}

// ---------- deadlines ----------

/** Open matters whose deadline (to accept, or to resolve) has passed, oldest first. */
export function pastDeadline(db: Executor, now: Date, limit: number) {
  return db
    .selectFrom('matters.matters')
    .select(['id'])
    .where((eb) =>
      eb.or([
        eb.and([eb('status', 'in', ['reported', 'escalated', 'reopened', 'returned']), eb('accept_due_at', '<', now)]),
        eb.and([eb('status', 'in', ['accepted', 'dispatched', 'in_progress']), eb('resolve_due_at', '<', now)]),
      ]),
    )
    .where('level', '<>', 'department')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Open matters that have used four fifths of their time and have not been warned. */
export function nearingDeadline(db: Executor, now: Date, limit: number) {
  return db
    .selectFrom('matters.matters')
    .select(['id'])
    .where('warned_at', 'is', null)
    .where((eb) =>
      eb.or([
        // Not yet taken: four fifths of the time to accept used.
        eb.and([
          eb('status', '=', 'reported'),
          eb('accept_due_at', '>', now),
          sql<SqlBool>`accept_due_at - (accept_due_at - created_at) * 0.2 <= ${now}::timestamptz`,
        ]),
        eb.and([
          eb('status', 'in', ['accepted', 'dispatched', 'in_progress', 'escalated', 'reopened', 'returned']),
          eb('resolve_due_at', '>', now),
          sql<SqlBool>`resolve_due_at - (resolve_due_at - coalesce(accepted_at, created_at)) * 0.2 <= ${now}::timestamptz`,
        ]),
      ]),
    )
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Department-level matters past their deadline: nowhere higher to go, so only flagged. */
export function departmentOverdue(db: Executor, now: Date, limit: number) {
  return db
    .selectFrom('matters.matters')
    .select(['id'])
    .where('level', '=', 'department')
    .where('overdue', '=', false)
    .where('status', 'in', ['reported', 'escalated', 'reopened', 'returned', 'accepted', 'dispatched', 'in_progress'])
    .where((eb) => eb.or([eb('accept_due_at', '<', now), eb('resolve_due_at', '<', now)]))
    .orderBy('id')
    .limit(limit)
    .execute();
}

export function resolvedBefore(db: Executor, cutoff: Date, limit: number) {
  return db
    .selectFrom('matters.matters')
    .select(['id'])
    .where('status', '=', 'resolved')
    .where('resolved_at', '<', cutoff)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export * from './repository-stations.ts';
export * from './repository-desk.ts';
