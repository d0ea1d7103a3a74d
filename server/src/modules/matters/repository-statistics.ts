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
  'supervised',
  'supervised_yellow',
  'supervised_red',
  'followed_up',
  'follow_up_satisfied',
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
      // The first resolve deadline missed, if an escalation or more time has replaced it since.
      return sql`coalesce(m.resolve_missed_at, m.resolve_due_at)`;
    case 'returned':
      return sql`t.at`;
    case 'extended':
      return sql`e.decided_at`;
    case 'supervised':
    case 'supervised_yellow':
    case 'supervised_red':
      return sql`m.supervised_at`;
    case 'followed_up':
    case 'follow_up_satisfied':
      return sql`u.followed_up_at`;
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
      return sql<SqlBool>`(${within(at, w)} and m.accept_due_at is not null and m.accepted_at <= m.accept_due_at
        and m.accept_missed_at is null)`;
    case 'resolved_on_time':
      return sql<SqlBool>`(${within(at, w)} and m.resolve_due_at is not null and m.resolved_at <= m.resolve_due_at
        and m.resolve_missed_at is null)`;
    case 'closed':
      return sql<SqlBool>`(${within(at, w)} and m.status = 'closed')`;
    case 'rated':
      return sql<SqlBool>`(${within(at, w)} and m.rating is not null)`;
    case 'satisfied':
      return sql<SqlBool>`(${within(at, w)} and m.rating >= ${SATISFIED_RATING})`;
    case 'overdue':
      // A deadline in the window, already past, missed: one replaced after it was missed, or the
      // current one resolved after it or not yet resolved. Each instant along its own index.
      return sql<SqlBool>`(m.status not in ('rejected', 'duplicate') and (
        (m.resolve_missed_at is not null and ${within(sql`m.resolve_missed_at`, w)} and m.resolve_missed_at < ${w.now}::timestamptz)
        or (m.resolve_missed_at is null and ${within(sql`m.resolve_due_at`, w)} and m.resolve_due_at < ${w.now}::timestamptz
          and (m.resolved_at is null or m.resolved_at > m.resolve_due_at))))`;
    case 'supervised':
      return within(at, w);
    case 'supervised_yellow':
      return sql<SqlBool>`(${within(at, w)} and m.supervision_card = 'yellow')`;
    case 'supervised_red':
      return sql<SqlBool>`(${within(at, w)} and m.supervision_card = 'red')`;
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
    case 'followed_up':
    case 'follow_up_satisfied':
      // A follow-up (回访) answered on the form or reached by a call in the window; satisfied: rated 4 or 5.
      return eb.exists(
        eb
          .selectFrom('matters.follow_ups as u')
          .select('u.id')
          .whereRef('u.matter_id', '=', 'm.id')
          .where(() =>
            w.measure === 'followed_up'
              ? within(at, w)
              : sql<SqlBool>`(${within(at, w)} and u.rating >= ${SATISFIED_RATING})`,
          ),
      );
    case 'repeat':
      // Decided when the report arrived (matters.is_repeat_report, migration 0036), so it is a column to count.
      return sql<SqlBool>`(${within(at, w)} and m.is_repeat)`;
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

/**
 * Group keys rolled up in the query (communities into their streets, categories into their
 * top-level ones): an id found in `ids` counts under the id at the same place in `into`, so
 * the medians of a rolled-up group are those of its own matters. An id not listed keys ''.
 */
export interface Rollup {
  ids: number[];
  into: number[];
}

export const rolledUp = (column: RawBuilder<unknown>, r: Rollup) =>
  sql<string>`coalesce((${r.into}::int[])[array_position(${r.ids}::int[], ${column})]::text, '')`;

/** The key a row is grouped by: a local date starting the period, or an id or code. */
function groupKey(grouping: Grouping, measure: Measure, timeZone: string, rollup?: Rollup): RawBuilder<string> {
  if (PERIOD_GROUPINGS.includes(grouping))
    return sql<string>`to_char(date_trunc(${grouping}, ${measureTime(measure)} at time zone ${timeZone}), 'YYYY-MM-DD')`;
  switch (grouping) {
    // Streets and districts are rolled up from their communities, top-level categories from their children (Rollup).
    case 'district':
    case 'street':
    case 'community':
      return rollup ? rolledUp(sql`m.division_id`, rollup) : sql<string>`m.division_id::text`;
    case 'grid':
      return sql<string>`coalesce(m.grid_id::text, '')`;
    case 'category':
      return rollup ? rolledUp(sql`m.category_id`, rollup) : sql<string>`m.category_id::text`;
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
  rollup?: Rollup,
): Promise<Map<string, number>> {
  const key = groupKey(grouping, w.measure, timeZone, rollup);
  // The matters of the reach and filters; the joined queries below read them through the same builder.
  const scoped = (eb: MatterEb) => eb.and([inReach(eb, reach), statisticsWhere(eb, filter)]);
  const count = sql<number>`count(distinct m.id)::int`;
  let rows: Array<{ key: string; n: number }>;
  // Event measures are grouped by the event's time: a matter returned in two months counts in each.
  // From the events of the window to each one's matter by its key: left to itself, the planner
  // hashes every matter of the area against a year's few thousand returns (0.4 s at a million).
  // The LIMIT keeps the lookup a lookup (a subquery with one is not flattened into a join).
  const theirMatter = (event: 't' | 'e' | 'u') =>
    db
      .selectFrom('matters.matters as m')
      .selectAll('m')
      .where(sql<SqlBool>`m.id = ${sql.ref(`${event}.matter_id`)}`)
      .limit(1)
      .as('m');
  if (w.measure === 'returned') {
    rows = await db
      .selectFrom(
        db
          .selectFrom('matters.timeline as t')
          .select(['t.matter_id', 't.at'])
          .where('t.action', '=', 'return')
          .where(sql<SqlBool>`${within(sql`t.at`, w)}`)
          .as('t'),
      )
      .innerJoinLateral(theirMatter('t'), (join) => join.onTrue())
      .select([key.as('key'), count.as('n')])
      .where((eb) => scoped(eb as unknown as MatterEb))
      .groupBy(sql`1`)
      .execute();
  } else if (w.measure === 'followed_up' || w.measure === 'follow_up_satisfied') {
    let followUps = db
      .selectFrom('matters.follow_ups as f')
      .select(['f.matter_id', 'f.followed_up_at'])
      .where(sql<SqlBool>`${within(sql`f.followed_up_at`, w)}`);
    if (w.measure === 'follow_up_satisfied') followUps = followUps.where('f.rating', '>=', SATISFIED_RATING);
    rows = await db
      .selectFrom(followUps.as('u'))
      .innerJoinLateral(theirMatter('u'), (join) => join.onTrue())
      .select([key.as('key'), count.as('n')])
      .where((eb) => scoped(eb as unknown as MatterEb))
      .groupBy(sql`1`)
      .execute();
  } else if (w.measure === 'extended') {
    rows = await db
      .selectFrom(
        db
          .selectFrom('matters.extensions as x')
          .select(['x.matter_id', 'x.decided_at'])
          .where('x.status', '=', 'granted')
          .where(sql<SqlBool>`${within(sql`x.decided_at`, w)}`)
          .as('e'),
      )
      .innerJoinLateral(theirMatter('e'), (join) => join.onTrue())
      .select([key.as('key'), count.as('n')])
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

/**
 * The counted measures read off a matter's own columns, by the instant they are counted at:
 * one query per instant, along that instant's index (migration 0028), each measure a FILTER
 * of the same condition the matter list filters with.
 */
const BY_INSTANT: readonly { measures: readonly Measure[]; stage?: 'accept' | 'resolve'; rating?: true }[] = [
  { measures: ['received', 'repeat'] },
  { measures: ['accepted', 'accepted_on_time'], stage: 'accept' },
  { measures: ['resolved', 'resolved_on_time'], stage: 'resolve' },
  { measures: ['closed', 'rated', 'satisfied'], rating: true },
  { measures: ['overdue'] },
  // Counted by when the matter was first supervised, with its worst card (督办, 黄牌, 红牌).
  { measures: ['supervised', 'supervised_yellow', 'supervised_red'] },
];
/** Measures over events (a return, a granted extension), counted by countByGroup. */
export const EVENT_MEASURES = ['returned', 'extended'] as const satisfies readonly Measure[];
/** Measures over follow-ups (回访), counted live by countByGroup from matters.follow_ups (not kept). */
export const FOLLOW_UP_MEASURES = ['followed_up', 'follow_up_satisfied'] as const satisfies readonly Measure[];

/** Runs a query when its turn comes (p-limit), so that one request holds only so many connections. */
export type QueryQueue = <T>(query: () => Promise<T>) => Promise<T>;

export interface GroupFigures {
  counts: Partial<Record<Measure, number>>;
  acceptMedian?: number | null;
  acceptP90?: number | null;
  resolveMedian?: number | null;
  resolveP90?: number | null;
  ratingMean?: number | null;
}

/**
 * Every measure but the event ones per group, with the median and 90th percentile in minutes
 * from report to acceptance and to resolution, and the mean rating.
 */
export async function figuresByGroup(
  db: Executor,
  reach: MatterReach,
  filter: StatisticsFilter,
  w: Omit<MeasureWindow, 'measure'>,
  grouping: Grouping,
  timeZone: string,
  rollup: Rollup | undefined,
  /** Runs each query: a request's queries take turns rather than all of the pool at once. */
  queue: QueryQueue,
): Promise<Map<string, GroupFigures>> {
  const out = new Map<string, GroupFigures>();
  const at = (key: string) => {
    const f = out.get(key) ?? { counts: {} };
    out.set(key, f);
    return f;
  };
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  await Promise.all(
    BY_INSTANT.map(async ({ measures, stage, rating }) => {
      const first = measures[0]!;
      const rows = await queue(() =>
        db
          .selectFrom('matters.matters as m')
          .select((eb) => {
            const where = (measure: Measure) => measureWhere(eb as MatterEb, { ...w, measure });
            const columns: RawBuilder<unknown>[] = [groupKey(grouping, first, timeZone, rollup)];
            for (const measure of measures) columns.push(sql`count(*) filter (where ${where(measure)})::int`);
            if (stage) {
              const minutes = sql`extract(epoch from (${measureTime(first)} - m.created_at)) / 60`;
              columns.push(sql`percentile_cont(0.5) within group (order by ${minutes}) filter (where ${where(first)})`);
              columns.push(sql`percentile_cont(0.9) within group (order by ${minutes}) filter (where ${where(first)})`);
            }
            if (rating) columns.push(sql`avg(m.rating) filter (where ${where('rated')})`);
            return columns.map((c, i) => c.as(`c${i}`));
          })
          .where((eb) =>
            eb.and([
              inReach(eb, reach),
              statisticsWhere(eb, filter),
              // Overdue's instant is one of two columns: its own condition reads each along its index.
              first === 'overdue'
                ? measureWhere(eb as MatterEb, { ...w, measure: first })
                : within(measureTime(first), { ...w, measure: first }),
            ]),
          )
          .groupBy(sql`1`)
          .execute(),
      );
      for (const row of rows as Record<string, unknown>[]) {
        const f = at(String(row.c0));
        measures.forEach((measure, i) => {
          f.counts[measure] = Number(row[`c${i + 1}`]);
        });
        let next = measures.length + 1;
        if (stage === 'accept') {
          f.acceptMedian = num(row[`c${next++}`]);
          f.acceptP90 = num(row[`c${next++}`]);
        } else if (stage === 'resolve') {
          f.resolveMedian = num(row[`c${next++}`]);
          f.resolveP90 = num(row[`c${next++}`]);
        }
        if (rating) f.ratingMean = num(row[`c${next}`]);
      }
    }),
  );
  return out;
}
