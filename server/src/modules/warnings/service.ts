import { cellToLatLng, cellToParent } from 'h3-js';
import type { Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import {
  type AreaFilter,
  assertCanRead,
  assertCanWrite,
  inArea,
  inScope,
  requireActor,
  requirePermission,
} from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import { systemContext, type RequestContext } from '../../platform/context.ts';
import { addDays, localInstant, localParts } from '../../platform/local-time.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import type { AuditService } from '../audit/service.ts';
import type { DevicesService } from '../devices/service.ts';
import type { MattersService } from '../matters/service.ts';
import type { WarningCase } from '../matters/warning-reads.ts';
import type { OrgService } from '../org/service.ts';
import { emergingHotSpots } from './detect/hotspots.ts';
import { h3Neighbours, spaceTimeScan } from './detect/scan.ts';
import { detectRise } from './detect/temporal.ts';
import type * as S from './schema.ts';
import { METHODS, type Method, type WarningTable } from './tables.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;
type WarningRow = Selectable<WarningTable>;

export interface WarningsOptions {
  timeZone: string;
  riseThreshold: number;
  scanStudyDays: number;
  scanReplications: number;
  scanRecurrenceDays: number;
  coincidenceDays: number;
  coincidenceMetres: number;
}

/** What a detector found: a warning to raise, or the ongoing one it continues. */
interface Signal {
  method: Method;
  fingerprint: string;
  communityId: number;
  gridId: number | null;
  categoryId: number | null;
  cells: string[];
  windowFrom: string;
  windowTo: string;
  observed: number;
  expected: number;
  relativeRisk: number | null;
  pValue: number | null;
  recurrenceDays: number | null;
  explanation: Record<string, unknown>;
  summary: string;
  cases: WarningCase[];
  /** Where its matter is routed: a grid, or a point located in one. */
  place: { gridId: number } | { lat: number; lng: number };
}

/** The scan's cells: H3 resolution 8 (≈ 0.74 km²), rolled up from the matters' resolution 9. */
const SCAN_RESOLUTION = 8;
/** Rings around a cell a cylinder may take in (k ≤ 3 at r8: about 1.5 km). */
const SCAN_MAX_RINGS = 3;
const SCAN_MAX_WINDOW_DAYS = 7;
/** Days of history the rise detector reads: 28 of baseline and 7 monitored before today. */
const RISE_HISTORY_DAYS = 35;
/** A warning nobody's signal has continued for this many days has ended. */
const ENDS_AFTER_DAYS: Record<Method, number> = { rise: 2, cluster: 7, hotspot: 14, coincidence: 7 };
const SAMPLE_CASES = 10;
/** Weeks the emerging hot spots look back over. */
const HOTSPOT_WEEKS = 8;
/** The emerging-hot-spot classes that warn: places newly or increasingly hot. */
const WARNING_SPOTS = new Set<string>(['new_hot', 'consecutive_hot', 'intensifying_hot']);

const METHOD_ZH: Record<Method, string> = {
  rise: '异常上升',
  cluster: '时空聚集',
  hotspot: '新兴热点',
  coincidence: '多源碰撞',
};

const HOTSPOT_ZH: Record<string, string> = {
  new_hot: '新增热点',
  consecutive_hot: '连续热点',
  intensifying_hot: '加剧热点',
};

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** Matters' r9 cells rolled up to the r8 cells the scan and the hot spots work on, indexed. */
class CellRollup {
  readonly r8: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly children = new Map<string, Set<string>>();

  /** The index of the r8 cell a r9 cell lies in. */
  add(r9: string): number {
    const cell = cellToParent(r9, SCAN_RESOLUTION);
    let at = this.index.get(cell);
    if (at === undefined) {
      at = this.r8.length;
      this.r8.push(cell);
      this.index.set(cell, at);
      this.children.set(cell, new Set());
    }
    this.children.get(cell)!.add(r9);
    return at;
  }

  /** The r9 cells with matters inside an r8 cell. */
  finer(r8: string): string[] {
    return [...(this.children.get(r8) ?? [])];
  }
}

/** The grid most of the cases lie in (null when none has one). */
function mostCommonGrid(cases: readonly WarningCase[]): number | null {
  const byGrid = new Map<number, number>();
  for (const m of cases) if (m.gridId !== null) byGrid.set(m.gridId, (byGrid.get(m.gridId) ?? 0) + 1);
  return [...byGrid].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/**
 * Early warning (预警): detectors over matters and alarms that raise warnings, each a matter
 * of kind `warning` routed to the owning unit with its explanation. An ongoing warning notifies
 * again only when new cases join it; staff give each a verdict, kept for tuning. It reads
 * matters and alarms through their services and owns only its warnings.
 */
export class WarningsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly org: OrgService,
    private readonly matters: MattersService,
    private readonly devices: DevicesService,
    private readonly options: WarningsOptions,
  ) {}

  private today(now: Date) {
    return localParts(now, this.options.timeZone).date;
  }

  private midnight(day: string) {
    return localInstant(day, 0, this.options.timeZone);
  }

  // ----- detectors (jobs) -----

  /**
   * Every 15 minutes: a Poisson CUSUM per grid and top-level category on its daily counts
   * against a 28-day, day-of-week and holiday baseline, today's reports so far included.
   */
  async runRises(now = this.clock.now()) {
    const today = this.today(now);
    const first = addDays(today, -RISE_HISTORY_DAYS);
    const rows = await this.matters.warningCountsByGridCategoryDay(this.midnight(first), now, this.options.timeZone);
    const days = Array.from({ length: RISE_HISTORY_DAYS }, (_, i) => addDays(first, i));
    const series = new Map<
      string,
      { gridId: number; communityId: number; categoryId: number; counts: number[]; today: number }
    >();
    for (const r of rows) {
      const key = `${r.grid_id}:${r.category_id}`;
      let s = series.get(key);
      if (!s) {
        s = {
          gridId: r.grid_id,
          communityId: r.community_id,
          categoryId: r.category_id,
          counts: days.map(() => 0),
          today: 0,
        };
        series.set(key, s);
      }
      if (r.day === today) s.today += r.n;
      else {
        const at = days.indexOf(r.day);
        if (at >= 0) s.counts[at]! += r.n;
      }
    }
    const dayFraction = Math.max(localParts(now, this.options.timeZone).seconds / 86_400, 1 / 96);
    const signals: Signal[] = [];
    for (const [key, s] of series) {
      const rise = detectRise(
        { days, counts: s.counts, today, todaySoFar: s.today, dayFraction },
        { threshold: this.options.riseThreshold },
      );
      if (!rise.rising || rise.since === null) continue;
      const cases = await this.matters.warningCases(
        { gridId: s.gridId, categoryId: s.categoryId },
        this.midnight(rise.since),
        now,
      );
      if (cases.length === 0) continue;
      signals.push({
        method: 'rise',
        fingerprint: `rise:${key}`,
        communityId: s.communityId,
        gridId: s.gridId,
        categoryId: s.categoryId,
        cells: [],
        windowFrom: rise.since,
        windowTo: today,
        observed: rise.observed,
        expected: round(rise.expected),
        relativeRisk: rise.expected > 0 ? round(rise.observed / rise.expected) : null,
        pValue: null,
        recurrenceDays: null,
        explanation: {
          detector: 'poisson_cusum',
          statistic: round(rise.statistic),
          threshold: rise.threshold,
          baselineDays: 28,
        },
        summary: '',
        cases,
        place: { gridId: s.gridId },
      });
    }
    return this.settle('rise', signals, now);
  }

  /**
   * Daily: the prospective space-time permutation scan (Kulldorff 2005) over H3 cells, with
   * cylinders of up to three rings and seven days ending today; a cluster warns when its
   * recurrence interval reaches WARNING_SCAN_RECURRENCE_DAYS.
   */
  async runScan(now = this.clock.now()) {
    const today = this.today(now);
    const studyDays = this.options.scanStudyDays;
    const first = addDays(today, 1 - studyDays);
    const rows = await this.matters.warningCountsByCellDay(this.midnight(first), now, this.options.timeZone);
    const cells = new CellRollup();
    const counts: Array<[number, number, number]> = [];
    const dayIndex = new Map(Array.from({ length: studyDays }, (_, i) => [addDays(first, i), i] as const));
    for (const r of rows) {
      const day = dayIndex.get(r.day);
      if (day !== undefined) counts.push([cells.add(r.cell), day, r.n]);
    }
    if (cells.r8.length === 0) return this.settle('cluster', [], now);
    const clusters = spaceTimeScan({
      cellCount: cells.r8.length,
      neighbours: h3Neighbours(cells.r8, SCAN_MAX_RINGS),
      days: studyDays,
      counts,
      maxWindowDays: SCAN_MAX_WINDOW_DAYS,
      replications: this.options.scanReplications,
      // Seeded by the day, so a day's scan repeats exactly.
      seed: Number(today.replaceAll('-', '')),
    });
    const signals: Signal[] = [];
    const open = await this.openOf('cluster');
    for (const c of clusters) {
      if (c.recurrenceDays < this.options.scanRecurrenceDays) continue;
      const members = c.cells.map((i) => cells.r8[i]!);
      const windowFrom = addDays(first, c.fromDay);
      const cases = await this.matters.warningCases(
        { cells: members.flatMap((m) => cells.finer(m)) },
        this.midnight(windowFrom),
        now,
      );
      if (cases.length === 0) continue;
      // The unit that answers: where most of its cases are.
      const gridId = mostCommonGrid(cases);
      const communityId = cases.find((m) => m.gridId === gridId)?.communityId ?? cases[0]!.communityId;
      // An ongoing cluster (sharing a cell with an open one) continues it rather than warning anew.
      const ongoing = open.find((w) => w.cells.some((cell) => members.includes(cell)));
      const [lat, lng] = cellToLatLng(members[0]!);
      signals.push({
        method: 'cluster',
        fingerprint: ongoing?.fingerprint ?? `cluster:${[...members].sort().join(',')}`,
        communityId,
        gridId,
        categoryId: null,
        cells: members,
        windowFrom,
        windowTo: today,
        observed: c.observed,
        expected: round(c.expected),
        relativeRisk: round(c.relativeRisk),
        pValue: c.p,
        recurrenceDays: Math.round(c.recurrenceDays),
        explanation: {
          detector: 'space_time_permutation_scan',
          llr: round(c.llr, 3),
          studyDays,
          replications: this.options.scanReplications,
          rings: SCAN_MAX_RINGS,
        },
        summary: '',
        cases,
        place: gridId !== null ? { gridId } : { lat, lng },
      });
    }
    return this.settle('cluster', signals, now);
  }

  /**
   * Coincidences across sources (数据碰撞): two or more electric-box alarms in one building and
   * a complaint nearby within WARNING_COINCIDENCE_DAYS.
   */
  async runCoincidences(now = this.clock.now()) {
    const from = new Date(now.getTime() - this.options.coincidenceDays * 86_400_000);
    const buildings = await this.devices.alarmsByBuilding('electric_meter', from, now);
    const signals: Signal[] = [];
    for (const b of buildings) {
      if (b.alarmIds.length < 2 || b.lat === null || b.lng === null) continue;
      const complaints = await this.matters.warningCases(
        { lat: b.lat, lng: b.lng, metres: this.options.coincidenceMetres },
        from,
        now,
      );
      if (complaints.length === 0) continue;
      signals.push({
        method: 'coincidence',
        fingerprint: `coincidence:electric_box_and_complaint:${b.buildingId}`,
        communityId: b.communityId,
        gridId: b.gridId,
        categoryId: null,
        cells: [],
        windowFrom: this.today(from),
        windowTo: this.today(now),
        observed: b.alarmIds.length + complaints.length,
        expected: 0,
        relativeRisk: null,
        pValue: null,
        recurrenceDays: null,
        explanation: {
          rule: 'electric_box_and_complaint',
          buildingId: b.buildingId,
          alarmIds: b.alarmIds,
          alarms: b.alarmIds.length,
          complaints: complaints.length,
          days: this.options.coincidenceDays,
          metres: this.options.coincidenceMetres,
        },
        summary: '',
        cases: complaints,
        place: b.gridId !== null ? { gridId: b.gridId } : { lat: b.lat, lng: b.lng },
      });
    }
    return this.settle('coincidence', signals, now);
  }

  /**
   * Weekly: emerging hot spots (ArcGIS's Emerging Hot Spot Analysis) over the last
   * HOTSPOT_WEEKS whole weeks — Gi* per r8 cell and week with its ring of neighbours,
   * Benjamini–Hochberg within each week, Mann–Kendall over the weeks. New, consecutive and
   * intensifying hot spots warn: places getting worse, for planning rather than the day.
   */
  async runHotspots(now = this.clock.now()) {
    const today = this.today(now);
    // Whole weeks ending yesterday.
    const first = addDays(today, -7 * HOTSPOT_WEEKS);
    const rows = await this.matters.warningCountsByCellDay(
      this.midnight(first),
      this.midnight(today),
      this.options.timeZone,
    );
    const cells = new CellRollup();
    const counts: number[][] = [];
    for (const r of rows) {
      const week = Math.floor(daysBetween(first, r.day) / 7);
      if (week < 0 || week >= HOTSPOT_WEEKS) continue;
      const at = cells.add(r.cell);
      counts[at] ??= new Array(HOTSPOT_WEEKS).fill(0);
      counts[at][week]! += r.n;
    }
    const signals: Signal[] = [];
    if (cells.r8.length > 0) {
      const spots = emergingHotSpots({ counts, neighbours: h3Neighbours(cells.r8, 1) });
      const lastWeekFrom = addDays(first, 7 * (HOTSPOT_WEEKS - 1));
      for (const spot of spots) {
        if (!WARNING_SPOTS.has(spot.kind)) continue;
        const cell = cells.r8[spot.cell]!;
        const cases = await this.matters.warningCases(
          { cells: cells.finer(cell) },
          this.midnight(lastWeekFrom),
          this.midnight(today),
        );
        if (cases.length === 0) continue;
        const before = counts[spot.cell]!.slice(0, -1);
        const expected = before.reduce((a, b) => a + b, 0) / Math.max(1, before.length);
        const gridId = mostCommonGrid(cases);
        const [lat, lng] = cellToLatLng(cell);
        signals.push({
          method: 'hotspot',
          fingerprint: `hotspot:${cell}`,
          communityId: cases.find((m) => m.gridId === gridId)?.communityId ?? cases[0]!.communityId,
          gridId,
          categoryId: null,
          cells: [cell],
          windowFrom: lastWeekFrom,
          windowTo: addDays(today, -1),
          observed: counts[spot.cell]!.at(-1)!,
          expected: round(expected),
          relativeRisk: expected > 0 ? round(counts[spot.cell]!.at(-1)! / expected) : null,
          pValue: null,
          recurrenceDays: null,
          explanation: {
            detector: 'emerging_hot_spot',
            class: spot.kind,
            weeks: HOTSPOT_WEEKS,
            z: round(spot.z.at(-1)!),
            trendZ: round(spot.trend.z),
            trendP: round(spot.trend.p, 3),
          },
          summary: '',
          cases,
          place: gridId !== null ? { gridId } : { lat, lng },
        });
      }
    }
    return this.settle('hotspot', signals, now);
  }

  /**
   * The detectors run now rather than at their hour (立即研判), for an administrator of a
   * community or above (a grid worker's reach is too small to ask for a whole scan); audited.
   */
  async runNow(ctx: RequestContext) {
    const scope = requirePermission(ctx.actor, 'warnings.judge');
    if (scope.divisionIds.length === 0) throw new AppError('forbidden');
    const now = this.clock.now();
    const result = {
      rise: await this.runRises(now),
      coincidence: await this.runCoincidences(now),
      cluster: await this.runScan(now),
      hotspot: await this.runHotspots(now),
    };
    await this.audit.record(this.db, ctx, { action: 'warnings.run', details: result });
    return result;
  }

  private openOf(method: Method, db: Executor = this.db) {
    return db
      .selectFrom('warnings.warnings')
      .selectAll()
      .where('method', '=', method)
      .where('status', '=', 'open')
      .execute();
  }

  /** Raises or continues each signal, then ends the method's warnings no signal has continued. */
  private async settle(method: Method, signals: Signal[], now: Date) {
    let raised = 0;
    let renotified = 0;
    for (const signal of signals) {
      const outcome = await this.raise(signal, now);
      if (outcome === 'raised') raised++;
      if (outcome === 'renotified') renotified++;
    }
    const quietSince = new Date(now.getTime() - ENDS_AFTER_DAYS[method] * 86_400_000);
    const ended = await this.db
      .updateTable('warnings.warnings')
      .set({ status: 'ended' })
      .where('method', '=', method)
      .where('status', '=', 'open')
      .where('last_at', '<', quietSince)
      .executeTakeFirst();
    return { signals: signals.length, raised, renotified, ended: Number(ended.numUpdatedRows) };
  }

  private async raise(signal: Signal, now: Date): Promise<'raised' | 'continued' | 'renotified'> {
    const summary = await this.describe(signal);
    const caseIds = signal.cases.map((m) => m.id);
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('warnings.warnings')
        .selectAll()
        .where('fingerprint', '=', signal.fingerprint)
        .where('status', '=', 'open')
        .forUpdate()
        .executeTakeFirst();
      const values = {
        grid_id: signal.gridId,
        category_id: signal.categoryId,
        cells: signal.cells,
        window_to: signal.windowTo,
        observed: signal.observed,
        expected: signal.expected,
        relative_risk: signal.relativeRisk,
        p_value: signal.pValue,
        recurrence_days: signal.recurrenceDays,
        explanation: JSON.stringify({ ...signal.explanation, summary }),
        last_at: now,
      };
      if (existing) {
        const known = new Set(existing.case_ids);
        const joined = signal.cases.filter((m) => !known.has(m.id));
        await trx
          .updateTable('warnings.warnings')
          .set({
            ...values,
            case_ids: [...existing.case_ids, ...joined.map((m) => m.id)],
            notified: existing.notified + (joined.length > 0 ? 1 : 0),
          })
          .where('id', '=', existing.id)
          .execute();
        if (joined.length === 0 || existing.matter_id === null) return 'continued';
        await this.matters.noteFromSystem(
          trx,
          existing.matter_id,
          `预警更新：新增 ${joined.length} 件（${joined.map((m) => m.code).join('、')}）。${summary}`,
          { warningId: existing.id, joined: joined.map((m) => m.id) },
        );
        return 'renotified';
      }
      const row = await trx
        .insertInto('warnings.warnings')
        .values({
          ...values,
          method: signal.method,
          fingerprint: signal.fingerprint,
          community_id: signal.communityId,
          window_from: signal.windowFrom,
          case_ids: caseIds,
          first_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const matter = await this.matters.openFromSystem(trx, {
        categoryCode: `community.warning.${signal.method}`,
        description: summary,
        ...signal.place,
        urgency: 'urgent',
        source: 'warning',
        sourceEntity: { type: 'warning', id: String(row.id) },
      });
      await trx.updateTable('warnings.warnings').set({ matter_id: matter.id }).where('id', '=', row.id).execute();
      await this.audit.record(trx, systemContext(), {
        action: 'warnings.raise',
        entityType: 'warning',
        entityId: row.id,
        place: { divisionId: signal.communityId, gridId: signal.gridId },
        details: { method: signal.method, observed: signal.observed, expected: signal.expected, matterId: matter.id },
      });
      return 'raised';
    });
  }

  /** The explanation in words: what was seen, against what was expected, where and since when. */
  private async describe(s: Signal): Promise<string> {
    const names = await this.org.names({ divisionIds: [s.communityId], gridIds: s.gridId === null ? [] : [s.gridId] });
    const where =
      (s.gridId !== null ? names.grids.get(s.gridId)?.name : undefined) ?? names.divisions.get(s.communityId) ?? '';
    const { byId } = await this.matters.categoryMap();
    const category = s.categoryId !== null ? byId.get(s.categoryId)?.name_zh : undefined;
    const window = s.windowFrom === s.windowTo ? s.windowTo : `${s.windowFrom} 至 ${s.windowTo}`;
    const samples = s.cases
      .slice(-3)
      .map((m) => m.code)
      .join('、');
    const head = `【${METHOD_ZH[s.method]}预警】${where}${category ? `「${category}」` : ''} ${window}`;
    switch (s.method) {
      case 'rise':
        return `${head}：${s.observed} 件，按近 28 天同类日期预期约 ${s.expected} 件（${s.relativeRisk ?? '—'} 倍），累积和统计量 ${s.explanation.statistic} 超过阈值 ${s.explanation.threshold}。例：${samples}`;
      case 'cluster':
        return `${head}：${s.cells.length} 个网格单元内 ${s.observed} 件，预期 ${s.expected} 件（相对风险 ${s.relativeRisk}），p=${s.pValue}，偶然出现约每 ${s.recurrenceDays} 天一次。例：${samples}`;
      case 'hotspot':
        return `${head}：上周 ${s.observed} 件，此前每周约 ${s.expected} 件，热点类型「${HOTSPOT_ZH[String(s.explanation.class)] ?? s.explanation.class}」（Gi* z=${s.explanation.z}）。例：${samples}`;
      case 'coincidence':
        return `${head}：同一楼栋电表箱告警 ${s.explanation.alarms} 次，且附近 ${s.explanation.metres} 米内群众反映 ${s.explanation.complaints} 件。例：${samples}`;
      default:
        return `${head}：${s.observed} 件。`;
    }
  }

  // ----- reads and verdicts -----

  async list(ctx: RequestContext, q: z.infer<typeof S.WarningListQuery>) {
    const scope = requirePermission(ctx.actor, 'warnings.read');
    const after = decodeCursor(q.cursor);
    let query = this.db
      .selectFrom('warnings.warnings as w')
      .where((eb) => inScope(eb, scope, { division: 'w.community_id', grid: 'w.grid_id' }));
    if (q.method) query = query.where('w.method', '=', q.method);
    if (q.status) query = query.where('w.status', '=', q.status);
    if (q.verdict === 'none') query = query.where('w.verdict', 'is', null);
    else if (q.verdict) query = query.where('w.verdict', '=', q.verdict);
    if (q.communityId !== undefined) query = query.where('w.community_id', '=', q.communityId);
    if (q.gridId !== undefined) query = query.where('w.grid_id', '=', q.gridId);
    const rows = await query
      .selectAll('w')
      .$if(after !== null, (qb) => qb.where('w.id', '<', after!.id))
      .orderBy('w.id', 'desc')
      .limit(q.limit + 1)
      .execute();
    const page = toPage(
      rows,
      q.limit,
      (r) => r,
      (r) => ({ sort: null, id: r.id }),
    );
    const items = await this.present(page.items);
    const result = { items, nextCursor: page.nextCursor };
    if (!q.withTotal) return result;
    const total = await query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return { ...result, total: Number(total.n) };
  }

  async get(ctx: RequestContext, id: number): Promise<View<typeof S.WarningView>> {
    const row = await this.db.selectFrom('warnings.warnings').selectAll().where('id', '=', id).executeTakeFirst();
    assertCanRead(ctx.actor, 'warnings.read', row ? { divisionId: row.community_id, gridId: row.grid_id } : undefined);
    const [view] = await this.present([row!]);
    const cases = await this.matters.casesByIds(row!.case_ids.slice(-SAMPLE_CASES));
    return {
      ...view!,
      explanation: row!.explanation,
      sampleCases: cases
        .reverse()
        .map((m) => ({ id: m.id, code: m.code, description: m.description, reportedAt: m.createdAt.toISOString() })),
    };
  }

  /** Confirmed (属实), already known (已掌握) or false (误报): kept on the warning and audited. */
  async judge(ctx: RequestContext, id: number, body: z.infer<typeof S.VerdictBody>) {
    const actor = requireActor(ctx.actor);
    await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('warnings.warnings')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      const place = row ? { divisionId: row.community_id, gridId: row.grid_id } : undefined;
      assertCanRead(actor, 'warnings.read', place);
      assertCanWrite(actor, 'warnings.judge', place);
      await trx
        .updateTable('warnings.warnings')
        .set({
          verdict: body.verdict,
          verdict_note: body.note,
          verdict_by: actor.userId,
          verdict_by_name: actor.displayName,
          verdict_at: this.clock.now(),
        })
        .where('id', '=', id)
        .execute();
      await this.audit.record(trx, ctx, {
        action: 'warnings.verdict',
        entityType: 'warning',
        entityId: id,
        place,
        details: { verdict: body.verdict, before: row!.verdict },
      });
    });
    return this.get(ctx, id);
  }

  /** Open warnings of the caller's area by method (the cockpit's tile), as the list filters them. */
  async openCounts(ctx: RequestContext, area: AreaFilter): Promise<Record<Method, number>> {
    const scope = requirePermission(ctx.actor, 'warnings.read');
    const rows = await this.db
      .selectFrom('warnings.warnings as w')
      .where((eb) => inScope(eb, scope, { division: 'w.community_id', grid: 'w.grid_id' }))
      .where((eb) => inArea(eb, area, { community: 'w.community_id', grid: 'w.grid_id' }))
      .where('w.status', '=', 'open')
      .select(['w.method', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy('w.method')
      .execute();
    const counts = Object.fromEntries(METHODS.map((m) => [m, 0])) as Record<Method, number>;
    for (const r of rows) counts[r.method] = Number(r.n);
    return counts;
  }

  /** How the warnings of the caller's area were judged: the share worth acting on, by method. */
  async evaluation(ctx: RequestContext): Promise<View<typeof S.EvaluationView>> {
    const scope = requirePermission(ctx.actor, 'warnings.read');
    const rows = await this.db
      .selectFrom('warnings.warnings as w')
      .where((eb) => inScope(eb, scope, { division: 'w.community_id', grid: 'w.grid_id' }))
      .select(['w.method', 'w.verdict', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy(['w.method', 'w.verdict'])
      .execute();
    const tally = { raised: 0, judged: 0, confirmed: 0, known: 0, false: 0 };
    const byMethod = new Map<Method, { method: Method; raised: number; judged: number; confirmed: number }>();
    for (const r of rows) {
      const n = Number(r.n);
      const m = byMethod.get(r.method) ?? { method: r.method, raised: 0, judged: 0, confirmed: 0 };
      tally.raised += n;
      m.raised += n;
      if (r.verdict !== null) {
        tally.judged += n;
        tally[r.verdict] += n;
        m.judged += n;
        if (r.verdict === 'confirmed') m.confirmed += n;
      }
      byMethod.set(r.method, m);
    }
    return {
      ...tally,
      actionableRate: tally.judged > 0 ? tally.confirmed / tally.judged : null,
      byMethod: [...byMethod.values()],
    };
  }

  private async present(rows: WarningRow[]) {
    const names = await this.org.names({
      divisionIds: rows.map((r) => r.community_id),
      gridIds: rows.map((r) => r.grid_id).filter((g): g is number => g !== null),
    });
    const { byId } = await this.matters.categoryMap();
    return rows.map((r) => ({
      id: r.id,
      method: r.method,
      status: r.status,
      community: { id: r.community_id, name: names.divisions.get(r.community_id) ?? '' },
      grid: r.grid_id === null ? null : { id: r.grid_id, name: names.grids.get(r.grid_id)?.name ?? '' },
      category: r.category_id === null ? null : { id: r.category_id, name: byId.get(r.category_id)?.name_zh ?? '' },
      cells: r.cells,
      windowFrom: r.window_from,
      windowTo: r.window_to,
      observed: r.observed,
      expected: r.expected,
      relativeRisk: r.relative_risk,
      pValue: r.p_value,
      recurrenceDays: r.recurrence_days,
      summary: String((r.explanation as Record<string, unknown>).summary ?? ''),
      caseCount: r.case_ids.length,
      matterId: r.matter_id,
      notified: r.notified,
      verdict: r.verdict,
      verdictNote: r.verdict_note,
      verdictBy: r.verdict_by_name,
      verdictAt: r.verdict_at?.toISOString() ?? null,
      firstAt: r.first_at.toISOString(),
      lastAt: r.last_at.toISOString(),
    }));
  }
}
