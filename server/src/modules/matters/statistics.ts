import pLimit from 'p-limit';
import type { z } from 'zod';
import { requireActor } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { addDays, addMonths, localInstant, localParts } from '../../platform/local-time.ts';
import { keptEventsByGroup, keptFiguresAnswer, keptFiguresByGroup } from './daily-figures.ts';
import { requireReach } from './access.ts';
import { DEPARTMENTS } from './catalogue.ts';
import type { MattersDependencies } from './dependencies.ts';
import type { MatterReach } from './repository.ts';
import {
  countByGroup,
  EVENT_MEASURES,
  FOLLOW_UP_MEASURES,
  figuresByGroup,
  MEASURES,
  type GroupFigures,
  type Grouping,
  type Measure,
  PERIOD_GROUPINGS,
  type QueryQueue,
  type Rollup,
  type StatisticsFilter,
} from './repository-statistics.ts';
import type * as S from './schema-statistics.ts';

type Figures = z.infer<typeof S.Figures>;
type Query = z.infer<typeof S.StatisticsQuery>;

/** Where a matter came from, in words (sources are open-ended; an unknown one shows its code). */
const SOURCE_NAMES: Record<string, { zh: string; en: string }> = {
  resident_h5: { zh: '居民随手拍', en: 'Residents (app)' },
  courier_h5: { zh: '小哥随手拍', en: 'Couriers (app)' },
  staff_console: { zh: '工作人员登记', en: 'Staff' },
  patrol: { zh: '巡查发现', en: 'Patrols' },
  device: { zh: '物联感知', en: 'Devices' },
  care: { zh: '关爱服务', en: 'Care' },
  phone: { zh: '电话', en: 'Phone' },
  hotline: { zh: '热线', en: 'Hotline' },
  walk_in: { zh: '来访', en: 'Walk-in' },
  open311: { zh: 'Open311', en: 'Open311' },
  api: { zh: '接口', en: 'API' },
};

const FIGURE_OF: Record<Measure, keyof Figures> = {
  received: 'received',
  accepted: 'accepted',
  accepted_on_time: 'acceptedOnTime',
  resolved: 'resolved',
  resolved_on_time: 'resolvedOnTime',
  closed: 'closed',
  overdue: 'overdue',
  returned: 'returned',
  extended: 'extended',
  rated: 'rated',
  satisfied: 'satisfied',
  repeat: 'repeat',
  supervised: 'supervised',
  supervised_yellow: 'supervisedYellow',
  supervised_red: 'supervisedRed',
  followed_up: 'followedUp',
  follow_up_satisfied: 'followUpSatisfied',
};

function emptyFigures(): Figures {
  return {
    received: 0,
    accepted: 0,
    acceptedOnTime: 0,
    resolved: 0,
    resolvedOnTime: 0,
    closed: 0,
    overdue: 0,
    returned: 0,
    extended: 0,
    rated: 0,
    satisfied: 0,
    repeat: 0,
    supervised: 0,
    supervisedYellow: 0,
    supervisedRed: 0,
    followedUp: 0,
    followUpSatisfied: 0,
    resolutionRate: null,
    onTimeRate: null,
    satisfactionRate: null,
    followUpSatisfactionRate: null,
    ratingMean: null,
    acceptMedianMinutes: null,
    acceptP90Minutes: null,
    resolveMedianMinutes: null,
    resolveP90Minutes: null,
  };
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

function withRates(f: Figures): Figures {
  return {
    ...f,
    resolutionRate: ratio(f.resolved, f.received),
    onTimeRate: ratio(f.resolvedOnTime, f.resolved),
    satisfactionRate: ratio(f.satisfied, f.rated),
    followUpSatisfactionRate: ratio(f.followUpSatisfied, f.followedUp),
  };
}

/** The counts of groups added up, with their rates; no times (a summary has none). */
function sumOf(groups: Iterable<Figures>): Figures {
  const total = emptyFigures();
  for (const f of groups)
    for (const measure of MEASURES) (total[FIGURE_OF[measure]] as number) += f[FIGURE_OF[measure]] as number;
  return withRates(total);
}

/** Local period starts ('YYYY-MM-DD') from the one holding `from` through `to`. */
function periodStarts(grouping: Grouping, from: string, to: string): string[] {
  const startOf = (date: string) => {
    const [y, m] = date.split('-').map(Number) as [number, number];
    switch (grouping) {
      case 'week': {
        const day = new Date(`${date}T00:00:00Z`).getUTCDay();
        return addDays(date, -((day + 6) % 7)); // Monday, as date_trunc('week') has it
      }
      case 'month':
        return `${date.slice(0, 7)}-01`;
      case 'quarter':
        return `${y}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
      case 'year':
        return `${y}-01-01`;
      default:
        return date;
    }
  };
  const next = (date: string) =>
    grouping === 'day'
      ? addDays(date, 1)
      : grouping === 'week'
        ? addDays(date, 7)
        : addMonths(date, grouping === 'month' ? 1 : grouping === 'quarter' ? 3 : 12);
  const starts: string[] = [];
  for (let d = startOf(from); d <= to; d = next(d)) starts.push(d);
  return starts;
}

/** How a service caller reads the statistics. */
export interface StatisticsOptions {
  /**
   * Counts and rates off the matters' own columns only, for a summary such as the cockpit: no
   * times (medians, 90th percentiles), no event measures (returned and extended stay 0) and,
   * for a grouping, a total added up from its groups (no mean rating), so fewer and lighter queries.
   */
  summary?: boolean;
}

/**
 * Matter statistics (受理量, 办结率, 按期办结率, 超期, 满意率, 重复诉求 …) by period, area,
 * category, source or department, within the caller's reach. Every count comes with the
 * filters that list exactly its matters (GET /api/matters with measure, measureFrom, measureTo).
 */
export class MatterStatistics {
  constructor(private readonly deps: MattersDependencies) {}

  async statistics(
    ctx: RequestContext,
    query: Query,
    options: StatisticsOptions = {},
  ): Promise<z.infer<typeof S.StatisticsView>> {
    const summary = options.summary ?? false;
    const actor = requireActor(ctx.actor);
    const reach = requireReach(actor);
    const { timeZone } = this.deps;
    const filter = await this.filterOf(query);
    const start = localInstant(query.from, 0, timeZone);
    const end = localInstant(addDays(query.to, 1), 0, timeZone);
    const grouping = query.groupBy;
    // The request's queries take turns: a few users at once then share the pool instead of one taking it all.
    const queue: QueryQueue = pLimit(this.deps.statisticsQueryConcurrency);
    // Categories count under their top-level category, communities under their street or district,
    // rolled up in the query so that each group's medians are its own.
    let areaNames = new Map<string, string>();
    let rollup: Rollup | undefined;
    if (grouping === 'category') {
      const { list } = await this.deps.categories.get();
      rollup = { ids: list.map((c) => c.id), into: list.map((c) => c.parent_id ?? c.id) };
    } else if (grouping === 'street' || grouping === 'district') {
      const communities = await this.communitiesCounted(queue, reach, filter, start, end);
      const communityIds = [...communities.keys()].filter((key) => key !== '').map(Number);
      const enclosing = await this.deps.org.enclosingAt(communityIds, grouping);
      const within = communityIds.filter((id) => enclosing.has(id));
      rollup = { ids: within, into: within.map((id) => enclosing.get(id)!.id) };
      areaNames = new Map(within.map((id) => [String(enclosing.get(id)!.id), enclosing.get(id)!.name]));
    }
    const [byGroup, totals] = await Promise.all([
      this.figures(queue, reach, filter, start, end, grouping, summary, rollup),
      // A summary's counts are each matter's own, at one instant, in one group: they add up to the total.
      grouping === 'none' || summary ? null : this.figures(queue, reach, filter, start, end, 'none', summary),
    ]);
    const total = grouping !== 'none' && summary ? sumOf(byGroup.values()) : (totals ?? byGroup).get('');

    const baseDrill: Record<string, string> = {};
    if (query.categoryId !== undefined) baseDrill.categoryId = String(query.categoryId);
    if (query.kind) baseDrill.kind = query.kind;
    if (query.areaId !== undefined) baseDrill.areaId = String(query.areaId);
    if (query.gridId !== undefined) baseDrill.gridId = String(query.gridId);
    if (query.source) baseDrill.source = query.source;
    if (query.department) baseDrill.department = query.department;

    const rows = grouping === 'none' ? [] : await this.rows(ctx, query, byGroup, areaNames, start, end, baseDrill);

    let previous: z.infer<typeof S.StatisticsView>['previous'] = null;
    if (query.compare !== 'none') {
      const days = Math.round((Date.parse(query.to) - Date.parse(query.from)) / 86_400_000) + 1;
      const [pFrom, pTo] =
        query.compare === 'previous'
          ? [addDays(query.from, -days), addDays(query.from, -1)]
          : [addMonths(query.from, -12), addMonths(query.to, -12)];
      const figures = await this.figures(
        queue,
        reach,
        filter,
        localInstant(pFrom, 0, timeZone),
        localInstant(addDays(pTo, 1), 0, timeZone),
        'none',
        summary,
      );
      previous = { from: pFrom, to: pTo, figures: figures.get('') ?? emptyFigures() };
    }

    return {
      from: query.from,
      to: query.to,
      measureFrom: start.toISOString(),
      measureTo: end.toISOString(),
      groupBy: grouping,
      drill: baseDrill,
      total: total ?? emptyFigures(),
      rows,
      previous,
    };
  }

  /** The list filters of a request: a top-level category stands for its children, an area for its communities. */
  private async filterOf(query: Pick<Query, 'categoryId' | 'kind' | 'areaId' | 'gridId' | 'source' | 'department'>) {
    const filter: StatisticsFilter = {
      kind: query.kind,
      gridId: query.gridId,
      source: query.source,
      department: query.department,
    };
    if (query.categoryId !== undefined) {
      const { list } = await this.deps.categories.get();
      filter.categoryIds = [query.categoryId, ...list.filter((c) => c.parent_id === query.categoryId).map((c) => c.id)];
    }
    if (query.areaId !== undefined) filter.divisionIds = await this.deps.org.divisionsUnder(query.areaId);
    return filter;
  }

  /** The communities with matters received in the window (keys of a community grouping). */
  private async communitiesCounted(
    queue: QueryQueue,
    reach: MatterReach,
    filter: StatisticsFilter,
    from: Date,
    to: Date,
  ) {
    const { db, clock, timeZone } = this.deps;
    if (keptFiguresAnswer(reach, filter, 'community')) {
      await this.deps.dailyFigures.ready();
      const days = this.keptDays(from, to);
      return queue(() => keptFiguresByGroup(db, reach, filter, days, 'community', undefined, false));
    }
    const window = { measure: 'received' as const, from, to, now: clock.now() };
    return queue(() => countByGroup(db, reach, filter, window, 'community', timeZone));
  }

  /** The local days of a window of local midnights, and today. */
  private keptDays(from: Date, to: Date) {
    const { clock, timeZone } = this.deps;
    return {
      fromDay: localParts(from, timeZone).date,
      toDay: localParts(to, timeZone).date,
      today: localParts(clock.now(), timeZone).date,
    };
  }

  /** Every figure per group key ('' for no grouping). */
  private async figures(
    queue: QueryQueue,
    reach: MatterReach,
    filter: StatisticsFilter,
    from: Date,
    to: Date,
    grouping: Grouping,
    summary: boolean,
    rollup?: Rollup,
  ): Promise<Map<string, Figures>> {
    const { db, clock, timeZone } = this.deps;
    const now = clock.now();
    const window = { from, to, now };
    const kept = keptFiguresAnswer(reach, filter, grouping);
    let ownFigures: Promise<Map<string, GroupFigures>>;
    // Kept figures count missed deadlines of the days before today; today's, already passed, are counted live.
    let overdueToday: Promise<Map<string, number>> = Promise.resolve(new Map());
    if (kept) {
      await this.deps.dailyFigures.ready();
      const days = this.keptDays(from, to);
      ownFigures = queue(() => keptFiguresByGroup(db, reach, filter, days, grouping, rollup, !summary));
      const todayStart = localInstant(days.today, 0, timeZone);
      if (to > todayStart && from < now) {
        const today = { measure: 'overdue' as const, from: from > todayStart ? from : todayStart, to, now };
        overdueToday = queue(() => countByGroup(db, reach, filter, today, grouping, timeZone, rollup));
      }
    } else {
      ownFigures = figuresByGroup(db, reach, filter, window, grouping, timeZone, rollup, queue);
    }
    const followUpCounts = Promise.all(
      (summary ? [] : FOLLOW_UP_MEASURES).map((measure) =>
        queue(() => countByGroup(db, reach, filter, { ...window, measure }, grouping, timeZone, rollup)),
      ),
    );
    const [own, live, ...events] = await Promise.all([
      ownFigures,
      overdueToday,
      ...(summary ? [] : EVENT_MEASURES).map((measure) =>
        queue(() =>
          (kept ? keptEventsByGroup : countByGroup)(
            db,
            reach,
            filter,
            { ...window, measure },
            grouping,
            timeZone,
            rollup,
          ),
        ),
      ),
    ]);
    for (const [key, n] of live) {
      const group = own.get(key) ?? { counts: {} };
      group.counts.overdue = (group.counts.overdue ?? 0) + n;
      own.set(key, group);
    }
    const out = new Map<string, Figures>();
    const at = (key: string) => {
      const f = out.get(key) ?? emptyFigures();
      out.set(key, f);
      return f;
    };
    for (const [key, g] of own) {
      // A group whose rows lie in a window without counting (a closing undone by a reopening) shows nothing.
      if (Object.values(g.counts).every((n) => n === 0)) continue;
      const f = at(key);
      for (const [measure, n] of Object.entries(g.counts)) (f[FIGURE_OF[measure as Measure]] as number) = n;
      if (g.acceptMedian !== undefined)
        Object.assign(f, { acceptMedianMinutes: g.acceptMedian, acceptP90Minutes: g.acceptP90 });
      if (g.resolveMedian !== undefined)
        Object.assign(f, { resolveMedianMinutes: g.resolveMedian, resolveP90Minutes: g.resolveP90 });
      if (g.ratingMean !== undefined) f.ratingMean = g.ratingMean;
    }
    events.forEach((counts, i) => {
      for (const [key, n] of counts) (at(key)[FIGURE_OF[EVENT_MEASURES[i]!]] as number) = n;
    });
    (await followUpCounts).forEach((counts, i) => {
      for (const [key, n] of counts) (at(key)[FIGURE_OF[FOLLOW_UP_MEASURES[i]!]] as number) = n;
    });
    if (grouping === 'none') at('');
    for (const [key, f] of out) out.set(key, withRates(f));
    return out;
  }

  /** Groups with their names and drill-down filters; areas and categories rolled up where asked. */
  private async rows(
    ctx: RequestContext,
    query: Query,
    byGroup: Map<string, Figures>,
    areaNames: Map<string, string>,
    start: Date,
    end: Date,
    baseDrill: Record<string, string>,
  ): Promise<z.infer<typeof S.StatisticsRow>[]> {
    const { org, timeZone } = this.deps;
    const zh = ctx.locale === 'zh-CN';
    const grouping = query.groupBy;
    const window = { measureFrom: start.toISOString(), measureTo: end.toISOString() };
    const row = (key: string, label: string, drill: Record<string, string>, figures: Figures, w = window) => ({
      key,
      label,
      ...w,
      drill: { ...baseDrill, ...drill },
      figures,
    });

    if (PERIOD_GROUPINGS.includes(grouping)) {
      const starts = periodStarts(grouping, query.from, query.to);
      return starts.map((date, i) => {
        // A period cut by the request's first or last day counts only its days within.
        const from = new Date(Math.max(localInstant(date, 0, timeZone).getTime(), start.getTime()));
        const next = starts[i + 1];
        const to = next ? localInstant(next, 0, timeZone) : end;
        const w = { measureFrom: from.toISOString(), measureTo: (to < end ? to : end).toISOString() };
        return row(date, date, {}, byGroup.get(date) ?? withRates(emptyFigures()), w);
      });
    }

    if (grouping === 'street' || grouping === 'district') {
      const out = [];
      const expanded = query.areaId === undefined ? null : await org.expandDivisions([...areaNames.keys()].map(Number));
      for (const [key, name] of areaNames) {
        const id = Number(key);
        // Areas are subtrees: a requested area inside this street or district is the row's whole area.
        const within = query.areaId === id || (expanded?.get(id) ?? []).includes(query.areaId ?? -1);
        const areaId = query.areaId !== undefined && within ? query.areaId : id;
        out.push(row(key, name, { areaId: String(areaId) }, byGroup.get(key) ?? withRates(emptyFigures())));
      }
      return out.sort((a, b) => b.figures.received - a.figures.received);
    }

    if (grouping === 'category') {
      const { byId } = await this.deps.categories.get();
      const out = [];
      for (const [key, figures] of byGroup) {
        const c = byId.get(Number(key));
        if (!c) continue;
        // A requested category is this top-level one or one of its children (its matters are all under one top).
        const categoryId = query.categoryId ?? c.id;
        out.push(row(key, zh ? c.name_zh : c.name_en, { categoryId: String(categoryId) }, figures));
      }
      return out.sort((a, b) => b.figures.received - a.figures.received);
    }

    const keys = [...byGroup.keys()];
    const names =
      grouping === 'community' || grouping === 'grid'
        ? await org.names(
            grouping === 'community'
              ? { divisionIds: keys.map(Number) }
              : { gridIds: keys.filter((k) => k !== '').map(Number) },
          )
        : null;
    const labelOf = (key: string): string => {
      switch (grouping) {
        case 'community':
          return names?.divisions.get(Number(key)) ?? key;
        case 'grid':
          return key === '' ? (zh ? '未划入网格' : 'No grid') : (names?.grids.get(Number(key))?.name ?? key);
        case 'source':
          return SOURCE_NAMES[key]?.[zh ? 'zh' : 'en'] ?? key;
        case 'department':
          return key === '' ? (zh ? '未交部门' : 'No department') : (DEPARTMENTS[key]?.[zh ? 'zh' : 'en'] ?? key);
        default:
          return key;
      }
    };
    const drillOf = (key: string): Record<string, string> | null => {
      switch (grouping) {
        case 'community':
          return { communityId: key };
        case 'grid':
          return key === '' ? null : { gridId: key };
        case 'source':
          return { source: key };
        case 'department':
          return key === '' ? null : { department: key };
        default:
          return {};
      }
    };
    const out = [];
    for (const key of keys) {
      const drill = drillOf(key);
      // A group with no list filter (no grid, no department) is shown but opens nothing narrower.
      if (drill === null) continue;
      out.push(row(key, labelOf(key), drill, byGroup.get(key)!));
    }
    return out.sort((a, b) => b.figures.received - a.figures.received);
  }
}
