import type { z } from 'zod';
import { requireActor } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { addDays, addMonths, localInstant } from '../../platform/local-time.ts';
import { requireReach } from './access.ts';
import { DEPARTMENTS } from './catalogue.ts';
import type { OrgService } from '../org/service.ts';
import type { MattersDependencies } from './dependencies.ts';
import type { MatterReach } from './repository.ts';
import {
  countByGroup,
  durationsByGroup,
  type Grouping,
  type Measure,
  MEASURES,
  PERIOD_GROUPINGS,
  ratingsByGroup,
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

/** A division and every division under it: the divisions whose matters an area filter takes in. */
export async function communitiesUnder(org: OrgService, areaId: number): Promise<number[]> {
  const expanded = await org.expandDivisions([areaId]);
  return [...new Set([areaId, ...(expanded.get(areaId) ?? [])])];
}

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
    resolutionRate: null,
    onTimeRate: null,
    satisfactionRate: null,
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
  };
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

/**
 * Matter statistics (受理量, 办结率, 按期办结率, 超期, 满意率, 重复诉求 …) by period, area,
 * category, source or department, within the caller's reach. Every count comes with the
 * filters that list exactly its matters (GET /api/matters with measure, measureFrom, measureTo).
 */
export class MatterStatistics {
  constructor(private readonly deps: MattersDependencies) {}

  async statistics(ctx: RequestContext, query: Query): Promise<z.infer<typeof S.StatisticsView>> {
    const actor = requireActor(ctx.actor);
    const reach = requireReach(actor);
    const { timeZone } = this.deps;
    const filter = await this.filterOf(query);
    const start = localInstant(query.from, 0, timeZone);
    const end = localInstant(addDays(query.to, 1), 0, timeZone);
    const grouping = query.groupBy;
    const byGroup = await this.figures(reach, filter, start, end, grouping);
    const total =
      grouping === 'none' ? byGroup.get('') : (await this.figures(reach, filter, start, end, 'none')).get('');

    const baseDrill: Record<string, string> = {};
    if (query.categoryId !== undefined) baseDrill.categoryId = String(query.categoryId);
    if (query.kind) baseDrill.kind = query.kind;
    if (query.areaId !== undefined) baseDrill.areaId = String(query.areaId);
    if (query.gridId !== undefined) baseDrill.gridId = String(query.gridId);
    if (query.source) baseDrill.source = query.source;
    if (query.department) baseDrill.department = query.department;

    const rows = grouping === 'none' ? [] : await this.rows(ctx, query, byGroup, start, end, baseDrill);

    let previous: z.infer<typeof S.StatisticsView>['previous'] = null;
    if (query.compare !== 'none') {
      const days = Math.round((Date.parse(query.to) - Date.parse(query.from)) / 86_400_000) + 1;
      const [pFrom, pTo] =
        query.compare === 'previous'
          ? [addDays(query.from, -days), addDays(query.from, -1)]
          : [addMonths(query.from, -12), addMonths(query.to, -12)];
      const figures = await this.figures(
        reach,
        filter,
        localInstant(pFrom, 0, timeZone),
        localInstant(addDays(pTo, 1), 0, timeZone),
        'none',
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
    if (query.areaId !== undefined) filter.divisionIds = await communitiesUnder(this.deps.org, query.areaId);
    return filter;
  }

  /** Every figure per group key ('' for no grouping). */
  private async figures(
    reach: MatterReach,
    filter: StatisticsFilter,
    from: Date,
    to: Date,
    grouping: Grouping,
  ): Promise<Map<string, Figures>> {
    const { db, clock, timeZone } = this.deps;
    const window = { from, to, now: clock.now(), repeatDays: this.deps.repeatDays };
    const counts = await Promise.all(
      MEASURES.map((measure) => countByGroup(db, reach, filter, { ...window, measure }, grouping, timeZone)),
    );
    const [accept, resolve, ratings] = await Promise.all([
      durationsByGroup(db, reach, filter, window, grouping, timeZone, 'accept'),
      durationsByGroup(db, reach, filter, window, grouping, timeZone, 'resolve'),
      ratingsByGroup(db, reach, filter, window, grouping, timeZone),
    ]);
    const out = new Map<string, Figures>();
    const at = (key: string) => {
      const f = out.get(key) ?? emptyFigures();
      out.set(key, f);
      return f;
    };
    MEASURES.forEach((measure, i) => {
      for (const [key, n] of counts[i]!) (at(key)[FIGURE_OF[measure]] as number) = n;
    });
    for (const [key, d] of accept) Object.assign(at(key), { acceptMedianMinutes: d.median, acceptP90Minutes: d.p90 });
    for (const [key, d] of resolve)
      Object.assign(at(key), { resolveMedianMinutes: d.median, resolveP90Minutes: d.p90 });
    for (const [key, mean] of ratings) at(key).ratingMean = mean;
    if (grouping === 'none') at('');
    for (const [key, f] of out) out.set(key, withRates(f));
    return out;
  }

  /** Groups with their names and drill-down filters; areas and categories rolled up where asked. */
  private async rows(
    ctx: RequestContext,
    query: Query,
    byGroup: Map<string, Figures>,
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
      const communityIds = [...byGroup.keys()].map(Number);
      const enclosing = await org.enclosingAt(communityIds, grouping);
      const rolled = new Map<number, { name: string; figures: Figures[] }>();
      for (const id of communityIds) {
        const at = enclosing.get(id);
        if (!at) continue;
        const entry = rolled.get(at.id) ?? { name: at.name, figures: [] };
        entry.figures.push(byGroup.get(String(id))!);
        rolled.set(at.id, entry);
      }
      // Only counts add up; the medians of a street are not those of its communities, so they are read again.
      const out = [];
      for (const [id, entry] of rolled) {
        // Areas are subtrees: a requested area inside this street or district is the row's whole area.
        const under = await communitiesUnder(this.deps.org, id);
        const areaId = query.areaId !== undefined && under.includes(query.areaId) ? query.areaId : id;
        const figures = (
          await this.figures(
            requireReach(requireActor(ctx.actor)),
            {
              ...(await this.filterOf(query)),
              divisionIds: areaId === id ? under : await communitiesUnder(org, areaId),
            },
            start,
            end,
            'none',
          )
        ).get('')!;
        out.push(row(String(id), entry.name, { areaId: String(areaId) }, figures));
      }
      return out.sort((a, b) => b.figures.received - a.figures.received);
    }

    if (grouping === 'category') {
      const { byId } = await this.deps.categories.get();
      const tops = new Set<number>();
      for (const key of byGroup.keys()) {
        const c = byId.get(Number(key));
        if (c) tops.add(c.parent_id ?? c.id);
      }
      const out = [];
      for (const top of tops) {
        const c = byId.get(top)!;
        // A requested category is this top-level one or one of its children (its matters are all under one top).
        const categoryId = query.categoryId ?? top;
        const figures = (
          await this.figures(
            requireReach(requireActor(ctx.actor)),
            await this.filterOf({ ...query, categoryId }),
            start,
            end,
            'none',
          )
        ).get('')!;
        out.push(row(String(top), zh ? c.name_zh : c.name_en, { categoryId: String(categoryId) }, figures));
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
