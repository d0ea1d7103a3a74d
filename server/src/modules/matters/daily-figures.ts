import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Scope } from '../../platform/access.ts';
import { addMonths } from '../../platform/local-time.ts';
import type { MatterReach } from './repository.ts';
import {
  type GroupFigures,
  type Grouping,
  type MeasureWindow,
  PERIOD_GROUPINGS,
  type Rollup,
  rolledUp,
  type StatisticsFilter,
} from './repository-statistics.ts';

/**
 * Kept daily figures (migration 0036): per local day, community and category, the counts of
 * the statistics and histograms of minutes to acceptance and to resolution, kept by a trigger
 * as matters change. A month then reads its thirty days of these rows instead of every matter,
 * and a year its twelve months of the monthly figures the daily ones are summed into (0037).
 * Returns and granted extensions are kept as events with their matter's community and category
 * (0038): counted once per matter, they cannot be summed.
 */

/** The counted columns, as the migration made them. */
const COUNTS = [
  'received',
  'repeat',
  'accepted',
  'accepted_on_time',
  'resolved',
  'resolved_on_time',
  'closed',
  'rated',
  'satisfied',
  'rating_sum',
  'missed',
  'supervised',
  'supervised_yellow',
  'supervised_red',
] as const;
/** The histogram buckets of minutes, as the migration made them: 0 under a minute, k from RATIO^(k-1). */
const BUCKETS = 40;
const RATIO = 1.4;
const bucketColumns = (stage: 'a' | 'r') => Array.from({ length: BUCKETS }, (_, i) => `${stage}${i}`);

/** The groupings the kept figures can answer: their rows have a day, a community and a category. */
const KEPT_GROUPINGS: readonly Grouping[] = [
  'none',
  ...PERIOD_GROUPINGS,
  'district',
  'street',
  'community',
  'category',
];

/**
 * Whether the kept figures can answer: a reach of whole communities, filters of communities
 * and categories only. Grids, departments, sources and kinds are counted from the matters.
 */
export function keptFiguresAnswer(reach: MatterReach, filter: StatisticsFilter, grouping: Grouping): boolean {
  return (
    reach.departments.length === 0 &&
    reach.area.gridIds.length === 0 &&
    reach.area.divisionIds.length > 0 &&
    filter.kind === undefined &&
    filter.gridId === undefined &&
    filter.source === undefined &&
    filter.department === undefined &&
    KEPT_GROUPINGS.includes(grouping)
  );
}

/**
 * The settings the figures are built with (local days in TIME_ZONE, repeats within
 * STATS_REPEAT_DAYS): when they differ from those recorded, the repeat flags and the figures
 * are built again, once, before anything reads them.
 */
export class DailyFigures {
  private readiness: Promise<void> | undefined;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly basis: { timeZone: string; repeatDays: number },
  ) {}

  /** Resolves once the figures are built with this server's settings. */
  ready(): Promise<void> {
    this.readiness ??= this.build().catch((error: unknown) => {
      this.readiness = undefined;
      throw error;
    });
    return this.readiness;
  }

  private async build(): Promise<void> {
    const { timeZone, repeatDays } = this.basis;
    await this.db.transaction().execute(async (trx) => {
      // Servers starting together build once: the others wait here and then find it done.
      await sql`select pg_advisory_xact_lock(hashtext('matters.daily_figures'))`.execute(trx);
      const { rows } = await sql<{
        time_zone: string;
        repeat_days: number;
      }>`select time_zone, repeat_days from matters.figures_basis`.execute(trx);
      const current = rows[0];
      if (current?.time_zone === timeZone && current.repeat_days === repeatDays) return;
      // Without a basis the triggers keep nothing while the figures are rebuilt below.
      await sql`delete from matters.figures_basis`.execute(trx);
      if (current?.repeat_days !== repeatDays)
        await sql`update matters.matters m set is_repeat = matters.is_repeat_report(m, ${repeatDays}::int)
          where m.is_repeat is distinct from matters.is_repeat_report(m, ${repeatDays}::int)`.execute(trx);
      await sql`select matters.rebuild_daily_figures(${timeZone})`.execute(trx);
      await sql`insert into matters.figures_basis (time_zone, repeat_days) values (${timeZone}, ${repeatDays})`.execute(
        trx,
      );
    });
  }
}

/** The key of a kept row in a grouping, as groupKey has it for a matter. */
function keptKey(
  grouping: Grouping,
  rollup: Rollup | undefined,
  /** The row's local time: a kept row's day, or a kept event's instant in the time zone. */
  localTime: RawBuilder<unknown> = sql`f.day::timestamp`,
): RawBuilder<string> {
  if (PERIOD_GROUPINGS.includes(grouping))
    return sql<string>`to_char(date_trunc(${grouping}, ${localTime}), 'YYYY-MM-DD')`;
  switch (grouping) {
    case 'district':
    case 'street':
    case 'community':
      return rollup ? rolledUp(sql`f.division_id`, rollup) : sql<string>`f.division_id::text`;
    case 'category':
      return rollup ? rolledUp(sql`f.category_id`, rollup) : sql<string>`f.category_id::text`;
    default:
      return sql<string>`''`;
  }
}

/**
 * The kept rows covering local days [fromDay, toDay), as rows with a `day`: the months wholly
 * inside and wholly before today from the monthly figures (a month row's day is its first),
 * the days around them from the daily ones. Grouped by day or week, a month row would fall
 * into one group only: those read days alone.
 */
function keptRows(days: { fromDay: string; toDay: string; today: string }, grouping: Grouping): RawBuilder<unknown> {
  const { fromDay, toDay, today } = days;
  const daily = (from: string, to: string) =>
    sql`select * from matters.daily_figures where day >= ${from}::date and day < ${to}::date`;
  const firstWholeMonth = fromDay.endsWith('-01') ? fromDay : addMonths(`${fromDay.slice(0, 8)}01`, 1);
  // Dates as YYYY-MM-DD sort as they fall.
  const end = [toDay, today].sort()[0]!;
  const afterWholeMonths = `${end.slice(0, 8)}01`;
  if (grouping === 'day' || grouping === 'week' || firstWholeMonth >= afterWholeMonths)
    return sql`(${daily(fromDay, toDay)})`;
  return sql`(${daily(fromDay, firstWholeMonth)}
    union all select * from matters.monthly_figures where month >= ${firstWholeMonth}::date and month < ${afterWholeMonths}::date
    union all ${daily(afterWholeMonths, toDay)})`;
}

const ids = (values: readonly number[]) => sql`${sql.val([...values])}::int[]`;

/** The reach and filters on kept rows (`f`): their communities and categories. */
function keptScope(reach: MatterReach, filter: StatisticsFilter): RawBuilder<unknown>[] {
  const area: Scope = reach.area;
  const where = [sql`f.division_id = any(${ids(area.divisionIds)})`];
  if (filter.divisionIds) where.push(sql`f.division_id = any(${ids(filter.divisionIds)})`);
  if (filter.categoryIds?.length) where.push(sql`f.category_id = any(${ids(filter.categoryIds)})`);
  return where;
}

/**
 * Every own measure per group from the kept figures over local days [fromDay, toDay): missed
 * deadlines only of days before `today` (later ones may yet be met; today's are counted live).
 */
export async function keptFiguresByGroup(
  db: Kysely<DB>,
  reach: MatterReach,
  filter: StatisticsFilter,
  days: { fromDay: string; toDay: string; today: string },
  grouping: Grouping,
  rollup: Rollup | undefined,
  /** Sums the histograms too (80 columns of the 94): without, the medians are left out. */
  medians: boolean,
): Promise<Map<string, GroupFigures>> {
  const where = keptScope(reach, filter);
  const sums = [
    ...COUNTS.map((c) =>
      c === 'missed'
        ? sql`coalesce(sum(f.missed) filter (where f.day < ${days.today}::date), 0)::int`
        : sql`sum(${sql.ref(`f.${c}`)})::int`,
    ),
    ...(medians ? [...bucketColumns('a'), ...bucketColumns('r')] : []).map((c) => sql`sum(${sql.ref(`f.${c}`)})::int`),
  ];
  const { rows } = await sql<Record<string, number | string>>`
    select ${keptKey(grouping, rollup)} as key, ${sql.join(sums.map((s, i) => sql`${s} as ${sql.ref(`c${i}`)}`))}
    from ${keptRows(days, grouping)} f
    where ${sql.join(where, sql` and `)}
    group by 1`.execute(db);

  const out = new Map<string, GroupFigures>();
  for (const row of rows) {
    const value = (i: number) => Number(row[`c${i}`] ?? 0);
    const c = Object.fromEntries(COUNTS.map((name, i) => [name, value(i)])) as Record<(typeof COUNTS)[number], number>;
    const accept = Array.from({ length: BUCKETS }, (_, k) => value(COUNTS.length + k));
    const resolve = Array.from({ length: BUCKETS }, (_, k) => value(COUNTS.length + BUCKETS + k));
    const times = medians
      ? {
          acceptMedian: percentileOf(accept, 0.5),
          acceptP90: percentileOf(accept, 0.9),
          resolveMedian: percentileOf(resolve, 0.5),
          resolveP90: percentileOf(resolve, 0.9),
        }
      : {};
    out.set(String(row.key), {
      ...times,
      counts: {
        received: c.received,
        repeat: c.repeat,
        accepted: c.accepted,
        accepted_on_time: c.accepted_on_time,
        resolved: c.resolved,
        resolved_on_time: c.resolved_on_time,
        closed: c.closed,
        rated: c.rated,
        satisfied: c.satisfied,
        overdue: c.missed,
        supervised: c.supervised,
        supervised_yellow: c.supervised_yellow,
        supervised_red: c.supervised_red,
      },
      ratingMean: c.rated === 0 ? null : c.rating_sum / c.rated,
    });
  }
  return out;
}

/**
 * How many matters a measure over events (a return, a granted extension) counts in the window,
 * per group, from the kept events (migration 0038): each matter once per group, as
 * countByGroup counts them from the timeline and the extensions, along one index range.
 */
export async function keptEventsByGroup(
  db: Kysely<DB>,
  reach: MatterReach,
  filter: StatisticsFilter,
  w: MeasureWindow,
  grouping: Grouping,
  timeZone: string,
  rollup: Rollup | undefined,
): Promise<Map<string, number>> {
  const where = [
    sql`f.measure = ${w.measure}`,
    sql`f.at >= ${w.from}::timestamptz and f.at < ${w.to}::timestamptz`,
    ...keptScope(reach, filter),
  ];
  const { rows } = await sql<{ key: string; n: number }>`
    select ${keptKey(grouping, rollup, sql`(f.at at time zone ${timeZone})`)} as key, count(distinct f.matter_id)::int as n
    from matters.counted_events f
    where ${sql.join(where, sql` and `)}
    group by 1`.execute(db);
  return new Map(rows.map((r) => [String(r.key), Number(r.n)]));
}

/**
 * A percentile (as percentile_cont: the rank q·(n−1) among the sorted values) read off a
 * histogram of minutes, interpolated within its bucket — on the log scale the buckets are even
 * on, so the error stays a small part of the bucket's width (40%) and less for large groups.
 */
export function percentileOf(histogram: readonly number[], q: number): number | null {
  const n = histogram.reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  const rank = q * (n - 1);
  let below = 0;
  for (let k = 0; k < histogram.length; k++) {
    const inBucket = histogram[k]!;
    if (inBucket > 0 && rank < below + inBucket) {
      // Each value sits at the middle of its share of the bucket.
      const within = (rank - below + 0.5) / inBucket;
      return k === 0 ? within : RATIO ** (k - 1 + within);
    }
    below += inBucket;
  }
  return RATIO ** (histogram.length - 1);
}
