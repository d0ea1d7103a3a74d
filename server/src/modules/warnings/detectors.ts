import { cellToLatLng, cellToParent } from 'h3-js';
import { addDays, localInstant, localParts } from '../../platform/local-time.ts';
import type { DevicesService } from '../devices/service.ts';
import type { MattersService } from '../matters/service.ts';
import type { WarningCase } from '../matters/warning-reads.ts';
import { disjointFrom, expectationScan } from './detect/expectation.ts';
import { emergingHotSpots } from './detect/hotspots.ts';
import { type Cluster, h3Neighbours, spaceTimeScan } from './detect/scan.ts';
import { dayKind, detectRise } from './detect/temporal.ts';
import type { Signal, Signalling } from './signals.ts';

export interface WarningsOptions {
  timeZone: string;
  riseThreshold: number;
  scanStudyDays: number;
  scanReplications: number;
  scanRecurrenceDays: number;
  coincidenceDays: number;
  coincidenceMetres: number;
}

/** The scan's cells: H3 resolution 8 (≈ 0.74 km²), rolled up from the matters' resolution 9. */
const SCAN_RESOLUTION = 8;
/** Rings around a cell a cylinder may take in (k ≤ 3 at r8: about 1.5 km). */
const SCAN_MAX_RINGS = 3;
const SCAN_MAX_WINDOW_DAYS = 7;
/** Days of today's kind whose mean total the expectation-based scan expects today (eight weeks of a weekday). */
const SCAN_SAME_KIND_DAYS = 8;
/** Days of history the rise detector reads: 28 of baseline and 7 monitored before today. */
const RISE_HISTORY_DAYS = 35;
/** Weeks the emerging hot spots look back over. */
const HOTSPOT_WEEKS = 8;
/** The emerging-hot-spot classes that warn: places newly or increasingly hot. */
const WARNING_SPOTS = new Set<string>(['new_hot', 'consecutive_hot', 'intensifying_hot']);

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
 * The detectors as the jobs run them: each reads matters (or alarms) through their services,
 * runs its test from detect/ and says what it found, as signals for Signalling to raise.
 */
export class Detectors {
  constructor(
    private readonly matters: MattersService,
    private readonly devices: DevicesService,
    private readonly signals: Signalling,
    private readonly options: WarningsOptions,
  ) {}

  private today(now: Date) {
    return localParts(now, this.options.timeZone).date;
  }

  private midnight(day: string) {
    return localInstant(day, 0, this.options.timeZone);
  }

  /**
   * Every 15 minutes: a Poisson CUSUM per grid and top-level category on its daily counts
   * against a 28-day, day-of-week and holiday baseline, today's reports so far included.
   */
  async rises(now: Date): Promise<Signal[]> {
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
    return signals;
  }

  /**
   * Daily: the prospective space-time permutation scan (Kulldorff 2005) over H3 cells, with
   * cylinders of up to three rings and seven days ending today, and beside it the
   * expectation-based Poisson scan of today's cylinders against each cell's history (Neill
   * 2005), which finds one-day clusters the permutation scan misses; a cluster of either warns
   * when its recurrence interval reaches WARNING_SCAN_RECURRENCE_DAYS, the permutation scan's
   * first and the expectation scan's only where they share no cell with those.
   */
  async scan(now: Date): Promise<Signal[]> {
    const today = this.today(now);
    const studyDays = this.options.scanStudyDays;
    const first = addDays(today, 1 - studyDays);
    const rows = await this.matters.warningCountsByCellDay(this.midnight(first), now, this.options.timeZone);
    const cells = new CellRollup();
    const counts: Array<[number, number, number]> = [];
    const days = Array.from({ length: studyDays }, (_, i) => addDays(first, i));
    const dayIndex = new Map(days.map((d, i) => [d, i] as const));
    for (const r of rows) {
      const day = dayIndex.get(r.day);
      if (day !== undefined) counts.push([cells.add(r.cell), day, r.n]);
    }
    if (cells.r8.length === 0) return [];
    const input = {
      cellCount: cells.r8.length,
      neighbours: h3Neighbours(cells.r8, SCAN_MAX_RINGS),
      days: studyDays,
      counts,
      replications: this.options.scanReplications,
      // Seeded by the day, so a day's scan repeats exactly.
      seed: Number(today.replaceAll('-', '')),
    };
    const warns = (c: Cluster) => c.recurrenceDays >= this.options.scanRecurrenceDays;
    const permutation = spaceTimeScan({ ...input, maxWindowDays: SCAN_MAX_WINDOW_DAYS }).filter(warns);
    const expectation = disjointFrom(
      expectationScan({ ...input, dayKinds: days.map((d) => dayKind(d)), sameKindDays: SCAN_SAME_KIND_DAYS }).filter(
        warns,
      ),
      permutation,
    );
    const clusters = [
      ...permutation.map((c) => ({ ...c, detector: 'space_time_permutation_scan' })),
      ...expectation.map((c) => ({ ...c, detector: 'expectation_based_poisson_scan' })),
    ];
    const signals: Signal[] = [];
    const open = await this.signals.openOf('cluster');
    for (const c of clusters) {
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
        // Infinite when every case of the window lies inside (nothing outside to compare with).
        relativeRisk: Number.isFinite(c.relativeRisk) ? round(c.relativeRisk) : null,
        pValue: c.p,
        recurrenceDays: Math.round(c.recurrenceDays),
        explanation: {
          detector: c.detector,
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
    return signals;
  }

  /**
   * Coincidences across sources (数据碰撞): two or more electric-box alarms in one building and
   * a complaint nearby within WARNING_COINCIDENCE_DAYS.
   */
  async coincidences(now: Date): Promise<Signal[]> {
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
    return signals;
  }

  /**
   * Weekly: emerging hot spots (ArcGIS's Emerging Hot Spot Analysis) over the last
   * HOTSPOT_WEEKS whole weeks — Gi* per r8 cell and week with its ring of neighbours,
   * Benjamini–Hochberg within each week, Mann–Kendall over the weeks. New, consecutive and
   * intensifying hot spots warn: places getting worse, for planning rather than the day.
   */
  async hotspots(now: Date): Promise<Signal[]> {
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
    return signals;
  }
}
