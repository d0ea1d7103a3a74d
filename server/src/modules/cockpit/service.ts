import type { z } from 'zod';
import { type AreaFilter, hasPermission, requirePermission } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { addDays, localInstant, localParts } from '../../platform/local-time.ts';
import type { CareService } from '../care/service.ts';
import type { DeliberationService } from '../deliberation/service.ts';
import type { DevicesService } from '../devices/service.ts';
import type { StatisticsQuery, StatisticsView } from '../matters/schema-statistics.ts';
import type { MattersService } from '../matters/service.ts';
import type { MediationService } from '../mediation/service.ts';
import type { OrgService } from '../org/service.ts';
import { UNDER_MEDIATION } from '../mediation/workflow.ts';
import type { OrgTree } from '../org/schema.ts';
import type { PointsService } from '../points/service.ts';
import type { VolunteerService } from '../volunteer/service.ts';
import type { WarningsService } from '../warnings/service.ts';
import { type Indicator, INDICATORS, ragOf, TILE_IDS, type TileId } from './catalogue.ts';
import type * as S from './schema.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;
type Tile = View<typeof S.Tile>;
type Drill = View<typeof S.Drill>;
type Level = 'district' | 'street' | 'community' | 'grid';
type Measured = Omit<Tile, 'id' | 'group' | 'unit' | 'target' | 'rag'>;

const CHILD_LEVEL: Record<Level, Level | null> = {
  district: 'street',
  street: 'community',
  community: 'grid',
  grid: null,
};

/** Days of the matters-today trend, today included. */
const TREND_DAYS = 14;

/** Where the cockpit looks: the caller's whole area, or a district, street, community or grid of it. */
interface Place {
  level: 'all' | Level;
  id: number | null;
  name: string;
  children: Array<{ level: Level; id: number; name: string }>;
  /** How the modules narrow their counts: nothing for the whole area (their scope does it). */
  filter: AreaFilter;
  /** The filters of the matters statistics and list. */
  matters: { areaId?: number; gridId?: number };
  /** The one community of a community or grid cockpit: the lists without an area filter take it. */
  communityId: number | null;
  /** A district or street below the caller's own area: the lists narrow to it by their areaId. */
  areaId: number | null;
}

export interface CockpitDeps {
  clock: Clock;
  timeZone: string;
  org: OrgService;
  matters: MattersService;
  devices: DevicesService;
  care: CareService;
  mediation: MediationService;
  deliberation: DeliberationService;
  volunteer: VolunteerService;
  points: PointsService;
  warnings: WarningsService;
}

const matterDrill = (
  measure: string,
  at: { measureFrom: string; measureTo: string; drill: Record<string, string> },
) => ({
  path: '/matters',
  query: { queue: 'all', ...at.drill, measure, measureFrom: at.measureFrom, measureTo: at.measureTo },
});

/**
 * The cockpit (数字驾驶舱): the indicator catalogue measured for a place. It owns no tables;
 * every figure is read through its module's service with the caller's context, so each
 * module's scope holds, and each tile carries the list filters that show what it counts.
 */
export class CockpitService {
  constructor(private readonly d: CockpitDeps) {}

  async load(ctx: RequestContext, q: View<typeof S.CockpitQuery>): Promise<View<typeof S.CockpitView>> {
    requirePermission(ctx.actor, 'cockpit.read');
    const place = this.placeOf(await this.d.org.tree(ctx), q);
    const now = this.d.clock.now();
    const day = localParts(now, this.d.timeZone).date;
    const monthFrom = `${day.slice(0, 8)}01`;
    const shared = new SharedReads(this.d, ctx, place, day, monthFrom);
    const readable = TILE_IDS.filter((id) => hasPermission(ctx.actor, INDICATORS[id].permission));
    const measured = await Promise.all(readable.map((id) => this.measure(id, shared, place, day, monthFrom)));
    const tiles: Tile[] = [];
    readable.forEach((id, i) => {
      const m = measured[i];
      if (!m) return;
      const indicator: Indicator = INDICATORS[id];
      tiles.push({
        id,
        group: indicator.group,
        unit: indicator.unit,
        target: indicator.target ?? null,
        rag: ragOf(m.value, indicator.thresholds),
        ...m,
      });
    });
    return {
      at: now.toISOString(),
      day,
      monthFrom,
      area: { level: place.level, id: place.id, name: place.name },
      children: place.children,
      tiles,
    };
  }

  /** The place asked for, if the caller reaches it (404 otherwise, like any read out of scope). */
  private placeOf(tree: View<typeof OrgTree>, q: View<typeof S.CockpitQuery>): Place {
    const divisions = tree.divisions.filter((d) => d.inScope);
    const childrenOf = (id: number) =>
      divisions.filter((d) => d.parentId === id).map((d) => ({ level: d.level as Level, id: d.id, name: d.name }));
    const gridsOf = (communityId: number) =>
      tree.grids
        .filter((g) => g.communityId === communityId)
        .map((g) => ({ level: 'grid' as const, id: g.id, name: g.name }));
    const communitiesUnder = (id: number): number[] => {
      const d = divisions.find((x) => x.id === id);
      if (!d) return [];
      return d.level === 'community' ? [id] : childrenOf(id).flatMap((c) => communitiesUnder(c.id));
    };
    if (q.gridId !== undefined) {
      const grid = tree.grids.find((g) => g.id === q.gridId);
      if (!grid) throw new AppError('not_found');
      return {
        level: 'grid',
        id: grid.id,
        name: grid.name,
        children: [],
        filter: { gridId: grid.id },
        matters: { gridId: grid.id },
        communityId: grid.communityId,
        areaId: null,
      };
    }
    const inScope = new Set(divisions.map((d) => d.id));
    const roots = divisions.filter((d) => d.parentId === null || !inScope.has(d.parentId));
    const areaId = q.areaId ?? (roots.length === 1 ? roots[0]!.id : undefined);
    if (areaId !== undefined) {
      const division = divisions.find((d) => d.id === areaId);
      if (!division) throw new AppError('not_found');
      const level = division.level as Level;
      const whole = roots.length === 1 && roots[0]!.id === areaId;
      return {
        level,
        id: division.id,
        name: division.name,
        children: level === 'community' ? gridsOf(division.id) : childrenOf(division.id),
        filter: whole ? {} : { communityIds: communitiesUnder(division.id) },
        matters: { areaId: division.id },
        communityId: level === 'community' ? division.id : null,
        areaId: whole || level === 'community' ? null : division.id,
      };
    }
    // Several areas (or a grid worker's grids): all of them together.
    const children =
      roots.length > 0
        ? roots.map((d) => ({ level: d.level as Level, id: d.id, name: d.name }))
        : tree.grids.map((g) => ({ level: 'grid' as const, id: g.id, name: g.name }));
    return {
      level: 'all',
      id: null,
      name: children.map((c) => c.name).join('、'),
      children,
      filter: {},
      matters: {},
      communityId: null,
      areaId: null,
    };
  }

  private async measure(
    id: TileId,
    shared: SharedReads,
    place: Place,
    day: string,
    monthFrom: string,
  ): Promise<Measured | null> {
    const none: Pick<Measured, 'previous' | 'series' | 'seriesKind'> = { previous: null, series: [], seriesKind: null };
    /** A list's own filters for the place. */
    const listDrill = (path: string, query: Record<string, string | string[]>): Drill => {
      const area: Record<string, string> = {};
      if (place.communityId !== null) area.communityId = String(place.communityId);
      if (place.areaId !== null) area.areaId = String(place.areaId);
      if (place.level === 'grid' && place.id !== null) area.gridId = String(place.id);
      return { path, query: { ...query, ...area } };
    };
    switch (id) {
      case 'matters.today': {
        const trend = await shared.trend();
        const rows = trend.rows;
        const today = rows.at(-1);
        return {
          value: today?.figures.received ?? 0,
          previous: rows.at(-2)?.figures.received ?? null,
          drill: today ? matterDrill('received', today) : null,
          seriesKind: 'trend',
          series: rows.map((r) => ({
            key: r.key,
            label: r.key.slice(5),
            value: r.figures.received,
            drill: matterDrill('received', r),
          })),
        };
      }
      case 'matters.inHand': {
        const filters = { queue: 'grid' as const, ...place.matters };
        const total = await this.d.matters.count(shared.ctx, {
          ...filters,
          status: undefined,
          categoryId: undefined,
          limit: 1,
          withTotal: true,
        });
        const query: Record<string, string> = { queue: 'grid' };
        for (const [k, v] of Object.entries(place.matters)) query[k] = String(v);
        return { ...none, value: total, drill: { path: '/matters', query } };
      }
      case 'matters.onTimeRate':
      case 'matters.satisfactionRate': {
        const month = await shared.month();
        const onTime = id === 'matters.onTimeRate';
        const rate = (f: View<typeof StatisticsView>['total']) => (onTime ? f.onTimeRate : f.satisfactionRate);
        return {
          ...none,
          value: rate(month.total),
          previous: month.previous ? rate(month.previous.figures) : null,
          // A rate opens the matters it is taken over: those resolved, or those rated.
          drill: matterDrill(onTime ? 'resolved' : 'rated', month),
        };
      }
      case 'matters.overdue': {
        const month = await shared.month();
        return {
          value: month.total.overdue,
          previous: month.previous?.figures.overdue ?? null,
          drill: matterDrill('overdue', month),
          seriesKind: month.groupBy === 'none' ? null : 'breakdown',
          series: month.rows.map((r) => ({
            key: r.key,
            label: r.label,
            value: r.figures.overdue,
            drill: matterDrill('overdue', r),
          })),
        };
      }
      case 'alarms.active': {
        const counts = await this.d.devices.activeAlarmCounts(shared.ctx, place.filter);
        const status = { status: ['active_unack', 'active_ack'] };
        return {
          value: Object.values(counts).reduce((a, b) => a + b, 0),
          previous: null,
          drill: listDrill('/alarms', status),
          seriesKind: 'breakdown',
          series: Object.entries(counts).map(([severity, n]) => ({
            key: severity,
            label: severity,
            value: n,
            drill: listDrill('/alarms', { ...status, severity }),
          })),
        };
      }
      case 'care.checksDone':
      case 'care.checksMissed':
      case 'care.targets': {
        const care = await shared.care();
        const value =
          id === 'care.targets' ? care.targets : id === 'care.checksDone' ? care.checks.done : care.checks.missed;
        const query: Record<string, string> = id === 'care.targets' ? { tab: 'targets' } : { tab: 'board', day };
        return { ...none, value, drill: listDrill('/care', query) };
      }
      case 'mediation.open': {
        const value = await this.d.mediation.countUnderMediation(shared.ctx, place.filter);
        return {
          ...none,
          value,
          drill: listDrill('/mediation/cases', { status: [...UNDER_MEDIATION] }),
        };
      }
      case 'warnings.open': {
        const counts = await this.d.warnings.openCounts(shared.ctx, place.filter);
        const open = { status: 'open' };
        return {
          value: Object.values(counts).reduce((a, b) => a + b, 0),
          previous: null,
          drill: listDrill('/warnings', open),
          seriesKind: 'breakdown',
          series: Object.entries(counts).map(([method, n]) => ({
            key: method,
            label: method,
            value: n,
            drill: listDrill('/warnings', { ...open, method }),
          })),
        };
      }
      case 'deliberation.votesOpen': {
        if (place.level === 'grid') return null;
        const value = await this.d.deliberation.countOpenVotes(shared.ctx, place.filter.communityIds);
        return { ...none, value, drill: listDrill('/deliberation/votes', { phase: 'open' }) };
      }
      case 'volunteer.hoursMonth':
      case 'points.earnedMonth': {
        // Their statistics count the caller's whole area, an area of it or one community, not a grid.
        if (place.level === 'grid') return null;
        const period = {
          communityId: place.communityId ?? undefined,
          areaId: place.areaId ?? undefined,
          from: shared.instant(monthFrom),
          to: shared.instant(addDays(day, 1)),
        };
        const volunteer = id === 'volunteer.hoursMonth';
        const value = volunteer
          ? Math.round(((await this.d.volunteer.hours(shared.ctx, period)).minutes / 60) * 10) / 10
          : await this.d.points.issued(shared.ctx, period);
        const query: Record<string, string> = { tab: volunteer ? 'volunteer' : 'points', period: 'month' };
        const areaId = place.communityId ?? place.areaId;
        if (areaId !== null) query.areaId = String(areaId);
        return { ...none, value, drill: { path: '/statistics', query } };
      }
    }
  }
}

/** Reads several tiles share, made once per load. */
class SharedReads {
  private trendView: Promise<View<typeof StatisticsView>> | undefined;
  private monthView: Promise<View<typeof StatisticsView>> | undefined;
  private careCounts: ReturnType<CareService['todayCounts']> | undefined;

  constructor(
    private readonly d: CockpitDeps,
    readonly ctx: RequestContext,
    private readonly place: Place,
    private readonly day: string,
    private readonly monthFrom: string,
  ) {}

  private statistics(q: Partial<View<typeof StatisticsQuery>> & { from: string; to: string }) {
    // The tiles show counts and rates of the matters' own columns: no times, returns or extensions.
    return this.d.matters.statistics(
      this.ctx,
      { groupBy: 'none', compare: 'none', ...this.place.matters, ...q },
      { summary: true },
    );
  }

  /** Matters received per day over the last TREND_DAYS days. */
  trend() {
    this.trendView ??= this.statistics({ from: addDays(this.day, 1 - TREND_DAYS), to: this.day, groupBy: 'day' });
    return this.trendView;
  }

  /** This month so far, by the units one level down, with the days before it (环比). */
  month() {
    const childLevel =
      this.place.level === 'all' ? (this.place.children[0]?.level ?? null) : CHILD_LEVEL[this.place.level];
    this.monthView ??= this.statistics({
      from: this.monthFrom,
      to: this.day,
      groupBy: childLevel ?? 'none',
      compare: 'previous',
    });
    return this.monthView;
  }

  care() {
    this.careCounts ??= this.d.care.todayCounts(this.ctx, this.place.filter);
    return this.careCounts;
  }

  /** Local midnight starting a local date. */
  instant(date: string) {
    return localInstant(date, 0, this.d.timeZone);
  }
}
