import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellToParent, gridDisk, latLngToCell } from 'h3-js';
import { h3Neighbours, mulberry32, spaceTimeScan } from '../../src/modules/warnings/detect/scan.ts';
import { HOLIDAY, dayKind, detectRise } from '../../src/modules/warnings/detect/temporal.ts';
import { normal, poisson } from '../support/random.ts';

/**
 * The evaluation of the early-warning detectors on a seeded, district-like data set with
 * clusters injected at known cells and days (as Wang et al. 2009 evaluated on Beijing
 * dysentery data). What it measures, and asserts, is what docs/PERFORMANCE.md reports:
 *
 * - sensitivity: the share of injected clusters (relative risk 3) that the daily scan
 *   signals while they last, a signal being a cluster with a recurrence interval of at
 *   least RI_DAYS that contains at least one injected cell;
 * - delay: days from a cluster's first day to the first signal (0 = the scan run the next
 *   morning on data through that first day);
 * - false warnings: signals per street per week on the same background with no cluster.
 *
 * The data: cells of an H3 resolution-8 disk (k = 10, 331 cells, ≈ 244 km²) around
 * 30.27 N 120.15 E, grouped into 12 "streets" by their resolution-6 parent; each cell a rate
 * (lognormal about 1.4 reports a day: a district's million a year over 2,000 cells), times
 * a day-of-week factor and a holiday factor from the calendar of June 2024 – May 2026
 * (chinese-days, fixed dates, nothing read from today); Poisson counts.
 */

/** A warning goes out at a recurrence interval of 100 days: NYC's threshold for most diseases. */
const RI_DAYS = 100;
/**
 * Replications: 199 here, to keep the test near 30 s (999 in the daily job). With 199 a
 * signal at RI ≥ 100 (p ≤ 0.01) needs the real maximum beaten by at most one replication:
 * the same test at α = 0.01, a little less powerful than with 999 — if anything pessimistic.
 * WARNINGS_EVAL_REPLICATIONS=999 runs it as the job does (about five times longer).
 */
const REPLICATIONS = Number(process.env.WARNINGS_EVAL_REPLICATIONS ?? 199);
const STUDY_DAYS = 365;
const RELATIVE_RISK = 3;
const CLUSTERS = 28;
const NULL_DAYS = 42;

const WEEKDAY_FACTORS = [1.15, 1.1, 1.1, 1.1, 1.05, 0.8, 0.7];
const HOLIDAY_FACTOR = 0.6;

test('the daily space-time scan finds injected clusters early and rarely warns falsely', () => {
  const started = performance.now();
  const random = mulberry32(2026);
  const cells = gridDisk(latLngToCell(30.27, 120.15, 8), 10);
  const streetOf = cells.map((c) => cellToParent(c, 6));
  const streets = [...new Set(streetOf)];
  const neighbours = h3Neighbours(cells, 3);
  const rates = cells.map(() => 1.4 * Math.exp(0.5 * normal(random) - 0.125));

  // Timeline: a year of study period before the first cluster; each cluster in its own slot of
  // its length plus 8 days, so no two share a 7-day window.
  const durations = Array.from({ length: CLUSTERS }, (_, i) => 1 + (i % 7));
  const sizes = Array.from({ length: CLUSTERS }, (_, i) => [4, 7, 5][i % 3]!);
  const starts: number[] = [];
  let at = STUDY_DAYS;
  for (const d of durations) {
    starts.push(at);
    at += d + 8;
  }
  const horizon = at;
  const first = Date.parse('2024-06-01T00:00:00Z');
  const dates = Array.from({ length: horizon }, (_, d) => new Date(first + d * 86_400_000).toISOString().slice(0, 10));
  const dayFactor = dates.map((d) => {
    const kind = dayKind(d);
    return kind === HOLIDAY ? HOLIDAY_FACTOR : kind > 6 ? WEEKDAY_FACTORS[0]! : WEEKDAY_FACTORS[kind]!;
  });
  const background = cells.map((_, z) => Int32Array.from(dates, (_, d) => poisson(random, rates[z]! * dayFactor[d]!)));

  // Clusters: a centre and its nearest 3–6 neighbours, 1–7 days, every cell-day RR 3.
  const clusters = durations.map((duration, i) => {
    const centre = Math.floor(random() * cells.length);
    const members = Array.from(neighbours[centre]!.subarray(0, sizes[i]));
    return { start: starts[i]!, end: starts[i]! + duration - 1, members, extra: 0, found: null as number | null };
  });
  const injected = background.map((row) => row.slice());
  for (const c of clusters)
    for (const z of c.members)
      for (let d = c.start; d <= c.end; d++) {
        const n = poisson(random, (RELATIVE_RISK - 1) * rates[z]! * dayFactor[d]!);
        injected[z]![d]! += n;
        c.extra += n;
      }

  /** The job's scan on the morning after `day`: the study period is the 365 days ending on it. */
  const scanOn = (grid: Int32Array[], day: number) => {
    const from = day - STUDY_DAYS + 1;
    const counts: Array<[number, number, number]> = [];
    for (let z = 0; z < cells.length; z++)
      for (let d = from; d <= day; d++) if (grid[z]![d]! > 0) counts.push([z, d - from, grid[z]![d]!]);
    return spaceTimeScan({
      cellCount: cells.length,
      neighbours,
      days: STUDY_DAYS,
      counts,
      maxWindowDays: 7,
      replications: REPLICATIONS,
      seed: day,
    }).filter((k) => k.recurrenceDays >= RI_DAYS);
  };

  /** The 15-minute tier at the end of `day`, one series per cell. */
  const risingOn = (grid: Int32Array[], z: number, day: number) =>
    detectRise({
      days: dates.slice(day - 35, day),
      counts: Array.from(grid[z]!.subarray(day - 35, day)),
      today: dates[day]!,
      todaySoFar: grid[z]![day]!,
    }).rising;

  const delays: number[] = [];
  const cusumDelays: number[] = [];
  let falseDuringClusters = 0;
  for (const c of clusters) {
    let found: number | null = null;
    let cusumFound: number | null = null;
    for (let day = c.start; day <= c.end; day++) {
      for (const k of scanOn(injected, day)) {
        if (k.cells.some((z) => c.members.includes(z))) found ??= day - c.start;
        else falseDuringClusters++;
      }
      if (cusumFound === null && c.members.some((z) => risingOn(injected, z, day))) cusumFound = day - c.start;
      if (found !== null && cusumFound !== null) break;
    }
    c.found = found;
    if (found !== null) delays.push(found);
    if (cusumFound !== null) cusumDelays.push(cusumFound);
  }

  // The same background, no cluster: a false warning is any signal.
  const falseByStreet = new Map<string, number>();
  let cusumStarts = 0;
  const wasRising = new Uint8Array(cells.length);
  const nullFrom = horizon - NULL_DAYS;
  for (let day = nullFrom; day < horizon; day++) {
    for (const k of scanOn(background, day)) {
      const street = streetOf[k.cells[0]!]!;
      falseByStreet.set(street, (falseByStreet.get(street) ?? 0) + 1);
    }
    for (let z = 0; z < cells.length; z++) {
      const rising = risingOn(background, z, day);
      if (rising && !wasRising[z]) cusumStarts++;
      wasRising[z] = rising ? 1 : 0;
    }
  }

  const weeks = NULL_DAYS / 7;
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length === 0 ? Number.NaN : (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
  };
  const sensitivity = delays.length / clusters.length;
  const longer = clusters.filter((c) => c.end > c.start);
  const oneDay = clusters.filter((c) => c.end === c.start);
  const longerSensitivity = longer.filter((c) => c.found !== null).length / longer.length;
  const missed = clusters.filter((c) => c.found === null);
  const medianDelay = median(delays);
  const falseTotal = [...falseByStreet.values()].reduce((a, b) => a + b, 0);
  const falsePerStreetWeek = falseTotal / (streets.length * weeks);
  const worstStreetPerWeek = Math.max(0, ...falseByStreet.values()) / weeks;
  const extras = clusters.map((c) => c.extra).sort((a, b) => a - b);
  console.log(
    `warnings evaluation: ${cells.length} cells, ${streets.length} streets, ${clusters.length} clusters RR ${RELATIVE_RISK} ` +
      `(${sizes.join('/')} cells × 1–7 days, ${extras[0]}–${extras[extras.length - 1]} extra cases, median ${median(extras)}); ` +
      `scan at RI ≥ ${RI_DAYS} d (${REPLICATIONS} replications, k ≤ 3, 1–7 days, 365-day study): ` +
      `sensitivity ${(100 * sensitivity).toFixed(0)}% (${delays.length}/${clusters.length}; 2–7 days ${(100 * longerSensitivity).toFixed(0)}%, ` +
      `1 day ${oneDay.filter((c) => c.found !== null).length}/${oneDay.length}; missed: ${missed.map((c) => `${c.members.length} cells × ${c.end - c.start + 1} d, ${c.extra} extra`).join('; ')}), ` +
      `median delay ${medianDelay} d (${[0, 1, 2, 3].map((d) => `${d} d: ${delays.filter((x) => x === d).length}`).join(', ')}, more: ${delays.filter((x) => x > 3).length}), ` +
      `false warnings ${falsePerStreetWeek.toFixed(3)} per street-week (worst street ${worstStreetPerWeek.toFixed(2)}; ` +
      `${falseTotal} in ${NULL_DAYS} null days; ${falseDuringClusters} elsewhere during clusters); ` +
      `CUSUM per cell (h 4): sensitivity ${((100 * cusumDelays.length) / clusters.length).toFixed(0)}%, median delay ${median(cusumDelays)} d, ` +
      `${(cusumStarts / (streets.length * weeks)).toFixed(2)} false rises per street-week; ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  // The goal (≥ 90% at RR 3) holds for clusters of two days or more. A one-day cluster of a
  // few cells at RR 3 brings 5–15 extra reports, which no scan of 331 cells can tell from
  // chance at α = 0.01; overall the floor is 80%.
  assert.ok(longerSensitivity >= 0.9, `sensitivity for clusters of 2–7 days ${longerSensitivity}`);
  assert.ok(sensitivity >= 0.8, `sensitivity ${sensitivity}`);
  assert.ok(medianDelay <= 1, `median delay ${medianDelay}`);
  assert.ok(worstStreetPerWeek <= 1, `false warnings per street-week ${worstStreetPerWeek}`);
});
