import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { type MatterEb, type MatterReach, inReach } from './repository.ts';
import type { MatterKind } from './tables.ts';

/**
 * The counted measures of matter statistics (受理量, 办结量, 按期办结, 超期 …), each one SQL
 * condition over a matter and a period. The statistics count with it and the matter list
 * filters with it (`measure`), so a number and the list it opens are one definition and
 * cannot drift apart.
 */
export const MEASURES = [
  'received',
  'accepted',
  'accepted_on_time',
  'resolved',
  'resolved_on_time',
  'closed',
  'overdue',
  'returned',
  'extended',
  'rated',
  'satisfied',
  'repeat',
] as const;
export type Measure = (typeof MEASURES)[number];

/** A rating of 4 or 5 of 5 counts as satisfied (满意). */
export const SATISFIED_RATING = 4;

export interface MeasureWindow {
  measure: Measure;
  from: Date;
  to: Date;
  /** Overdue counts deadlines already past at this instant. */
  now: Date;
  /** A report repeats one made within this many days by the same person, or at the same place and category. */
  repeatDays: number;
}

function within(column: RawBuilder<unknown>, w: MeasureWindow) {
  return sql<SqlBool>`(${column} >= ${w.from}::timestamptz and ${column} < ${w.to}::timestamptz)`;
}

/** When a matter counts under a measure: the instant its period is read from. */
export function measureTime(measure: Measure): RawBuilder<Date> {
  switch (measure) {
    case 'received':
    case 'repeat':
      return sql`m.created_at`;
    case 'accepted':
    case 'accepted_on_time':
      return sql`m.accepted_at`;
    case 'resolved':
    case 'resolved_on_time':
      return sql`m.resolved_at`;
    case 'closed':
    case 'rated':
    case 'satisfied':
      return sql`m.closed_at`;
    case 'overdue':
      return sql`m.resolve_due_at`;
    case 'returned':
      return sql`t.at`;
    case 'extended':
      return sql`e.decided_at`;
  }
}

/**
 * The condition of a measure in a window, on `matters.matters as m`. Measures over events
 * (a return, a granted extension) hold when such an event lies in the window; the statistics
 * count the matters (each once), as the list shows them.
 */
export function measureWhere(eb: MatterEb, w: MeasureWindow): Expression<SqlBool> {
  const at = measureTime(w.measure);
  switch (w.measure) {
    case 'received':
    case 'accepted':
    case 'resolved':
      return within(at, w);
    case 'accepted_on_time':
      return sql<SqlBool>`(${within(at, w)} and m.accept_due_at is not null and m.accepted_at <= m.accept_due_at)`;
    case 'resolved_on_time':
      return sql<SqlBool>`(${within(at, w)} and m.resolve_due_at is not null and m.resolved_at <= m.resolve_due_at)`;
    case 'closed':
      return sql<SqlBool>`(${within(at, w)} and m.status = 'closed')`;
    case 'rated':
      return sql<SqlBool>`(${within(at, w)} and m.rating is not null)`;
    case 'satisfied':
      return sql<SqlBool>`(${within(at, w)} and m.rating >= ${SATISFIED_RATING})`;
    case 'overdue':
      // A deadline in the window, already past, missed: resolved after it or not yet resolved.
      return sql<SqlBool>`(${within(at, w)} and m.resolve_due_at < ${w.now}::timestamptz
        and m.status not in ('rejected', 'duplicate')
        and (m.resolved_at is null or m.resolved_at > m.resolve_due_at))`;
    case 'returned':
      return eb.exists(
        eb
          .selectFrom('matters.timeline as t')
          .select('t.id')
          .whereRef('t.matter_id', '=', 'm.id')
          .where('t.action', '=', 'return')
          .where(() => within(at, w)),
      );
    case 'extended':
      return eb.exists(
        eb
          .selectFrom('matters.extensions as e')
          .select('e.id')
          .whereRef('e.matter_id', '=', 'm.id')
          .where('e.status', '=', 'granted')
          .where(() => within(at, w)),
      );
    case 'repeat':
      return sql<SqlBool>`(${within(at, w)} and exists (
        select 1 from matters.matters p
        where p.id <> m.id
          and p.created_at < m.created_at
          and p.created_at >= m.created_at - make_interval(days => ${w.repeatDays})
          and p.status <> 'duplicate'
          and ((m.reporter_user_id is not null and p.reporter_user_id = m.reporter_user_id)
            or (m.h3_r9 is not null and p.h3_r9 = m.h3_r9 and p.category_id = m.category_id))))`;
  }
}

export const GROUPINGS = [
  'none',
  'day',
  'week',
  'month',
  'quarter',
  'year',
  'district',
  'street',
  'community',
  'grid',
  'category',
  'source',
  'department',
] as const;
export type Grouping = (typeof GROUPINGS)[number];
export const PERIOD_GROUPINGS: readonly Grouping[] = ['day', 'week', 'month', 'quarter', 'year'];

/** The key a row is grouped by: a local date starting the period, or an id or code. */
function groupKey(grouping: Grouping, measure: Measure, timeZone: string): RawBuilder<string> {
  if (PERIOD_GROUPINGS.includes(grouping))
    return sql<string>`to_char(date_trunc(${grouping}, ${measureTime(measure)} at time zone ${timeZone}), 'YYYY-MM-DD')`;
  switch (grouping) {
    // Streets and districts are rolled up from their communities by the service.
    case 'district':
    case 'street':
    case 'community':
      return sql<string>`m.division_id::text`;
    case 'grid':
      return sql<string>`coalesce(m.grid_id::text, '')`;
    // Rolled up to top-level categories by the service.
    case 'category':
      return sql<string>`m.category_id::text`;
    case 'source':
      return sql<string>`m.source`;
    case 'department':
      return sql<string>`coalesce(m.department, '')`;
    default:
      return sql<string>`''`;
  }
}

/** The filters of a statistics request, the same as the matter list's of the same names. */
export interface StatisticsFilter {
  categoryIds?: number[] | undefined;
  kind?: MatterKind | undefined;
  gridId?: number | undefined;
  /** Communities: one, or those under a street or district. */
  divisionIds?: number[] | undefined;
  source?: string | undefined;
  department?: string | undefined;
}

/** The statistics filters as a condition; the matter list applies the same (repository.matterWhere). */
export function statisticsWhere(eb: MatterEb, f: StatisticsFilter): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [];
  if (f.categoryIds?.length) parts.push(eb('m.category_id', 'in', f.categoryIds));
  if (f.kind) parts.push(eb('m.kind', '=', f.kind));
  if (f.gridId !== undefined) parts.push(eb('m.grid_id', '=', f.gridId));
  if (f.divisionIds) parts.push(f.divisionIds.length ? eb('m.division_id', 'in', f.divisionIds) : sql<SqlBool>`false`);
  if (f.source) parts.push(eb('m.source', '=', f.source));
  if (f.department) parts.push(eb('m.department', '=', f.department));
  return eb.and(parts);
}

/** How many matters a measure counts in the window, per group; each matter once per group. */
export async function countByGroup(
  db: Executor,
  reach: MatterReach,
  filter: StatisticsFilter,
  w: MeasureWindow,
  grouping: Grouping,
  timeZone: string,
): Promise<Map<string, number>> {
  const key = groupKey(grouping, w.measure, timeZone);
  // The matters of the reach and filters; the joined queries below read them through the same builder.
  const scoped = (eb: MatterEb) => eb.and([inReach(eb, reach), statisticsWhere(eb, filter)]);
  const count = sql<number>`count(distinct m.id)::int`;
  let rows: Array<{ key: string; n: number }>;
  // Event measures are grouped by the event's time: a matter returned in two months counts in each.
  if (w.measure === 'returned') {
    rows = await db
      .selectFrom('matters.matters as m')
      .innerJoin('matters.timeline as t', 't.matter_id', 'm.id')
      .select([key.as('key'), count.as('n')])
      .where('t.action', '=', 'return')
      .where(sql<SqlBool>`${within(measureTime(w.measure), w)}`)
      .where((eb) => scoped(eb as unknown as MatterEb))
      .groupBy(sql`1`)
      .execute();
  } else if (w.measure === 'extended') {
    rows = await db
      .selectFrom('matters.matters as m')
      .innerJoin('matters.extensions as e', 'e.matter_id', 'm.id')
      .select([key.as('key'), count.as('n')])
      .where('e.status', '=', 'granted')
      .where(sql<SqlBool>`${within(measureTime(w.measure), w)}`)
      .where((eb) => scoped(eb as unknown as MatterEb))
      .groupBy(sql`1`)
      .execute();
  } else {
    rows = await db
      .selectFrom('matters.matters as m')
      .select([key.as('key'), sql<number>`count(*)::int`.as('n')])
      .where((eb) => eb.and([scoped(eb), measureWhere(eb, w)]))
      .groupBy(sql`1`)
      .execute();
  }
  return new Map(rows.map((r) => [String(r.key), Number(r.n)]));
}

/** Median and 90th percentile, in minutes, from report to acceptance and to resolution, per group. */
export async function durationsByGroup(
  db: Executor,
  reach: MatterReach,
  filter: StatisticsFilter,
  w: Omit<MeasureWindow, 'measure'>,
  grouping: Grouping,
  timeZone: string,
  stage: 'accept' | 'resolve',
) {
  const measure: Measure = stage === 'accept' ? 'accepted' : 'resolved';
  const end = stage === 'accept' ? sql`m.accepted_at` : sql`m.resolved_at`;
  const minutes = sql`extract(epoch from (${end} - m.created_at)) / 60`;
  const rows = await db
    .selectFrom('matters.matters as m')
    .select([
      groupKey(grouping, measure, timeZone).as('key'),
      sql<number | null>`percentile_cont(0.5) within group (order by ${minutes})`.as('median'),
      sql<number | null>`percentile_cont(0.9) within group (order by ${minutes})`.as('p90'),
    ])
    .where((eb) => eb.and([inReach(eb, reach), statisticsWhere(eb, filter), measureWhere(eb, { ...w, measure })]))
    .groupBy(sql`1`)
    .execute();
  return new Map(
    rows.map((r) => [
      String(r.key),
      { median: r.median === null ? null : Number(r.median), p90: r.p90 === null ? null : Number(r.p90) },
    ]),
  );
}

/** Mean rating of the matters rated in the window, per group. */
export async function ratingsByGroup(
  db: Executor,
  reach: MatterReach,
  filter: StatisticsFilter,
  w: Omit<MeasureWindow, 'measure'>,
  grouping: Grouping,
  timeZone: string,
) {
  const rows = await db
    .selectFrom('matters.matters as m')
    .select([groupKey(grouping, 'rated', timeZone).as('key'), sql<number>`avg(m.rating)`.as('mean')])
    .where((eb) =>
      eb.and([inReach(eb, reach), statisticsWhere(eb, filter), measureWhere(eb, { ...w, measure: 'rated' })]),
    )
    .groupBy(sql`1`)
    .execute();
  return new Map(rows.map((r) => [String(r.key), Number(r.mean)]));
}
