import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellToParent, gridDisk, latLngToCell } from 'h3-js';
import { disjointFrom, expectationScan } from '../../src/modules/warnings/detect/expectation.ts';
import { type Cluster, h3Neighbours, mulberry32, spaceTimeScan } from '../../src/modules/warnings/detect/scan.ts';
import { HOLIDAY, dayKind, detectRise } from '../../src/modules/warnings/detect/temporal.ts';
import { normal, poisson } from '../support/random.ts';

/**
 * The evaluation of the early-warning detectors on seeded, district-like data sets with
 * clusters injected at known cells and days (as Wang et al. 2009 evaluated on Beijing
 * dysentery data). What it measures, and asserts, is what docs/PERFORMANCE.md reports:
 *
 * - sensitivity: the share of injected clusters (relative risk 3) that the daily scans — the
 *   permutation scan and the expectation-based scan of today, as the job runs them — signal
 *   while they last, a signal being a cluster with a recurrence interval of at least RI_DAYS
 *   that contains at least one injected cell;
 * - delay: days from a cluster's first day to the first signal (0 = the scan run the next
 *   morning on data through that first day);
 * - false warnings: signals per street per week on the same background with no cluster.
 *
 * The data, per district (DISTRICTS of them, seeds 2026, 2027, …; the first is the one the
 * evaluation had alone before, unchanged; more make the one-day clusters, the uncertain
 * part, less few): cells of an H3 resolution-8 disk (k = 10, 331 cells, ≈ 244 km²) around
 * 30.27 N 120.15 E, grouped into 12 "streets" by their resolution-6 parent; each cell a rate
 * (lognormal about 1.4 reports a day: a district's million a year over 2,000 cells), times
 * a day-of-week factor and a holiday factor from the calendar of June 2024 – May 2026
 * (chinese-days, fixed dates, nothing read from today); Poisson counts.
 */

/** A warning goes out at a recurrence interval of 100 days: NYC's threshold for most diseases. */
const RI_DAYS = 100;
/**
 * Replications: 199 here, to keep the test under a minute (999 in the daily job). With 199 a
 * signal at RI ≥ 100 (p ≤ 0.01) needs the real maximum beaten by at most one replication:
 * the same test at α = 0.01, a little less powerful than with 999 — if anything pessimistic.
 * WARNINGS_EVAL_REPLICATIONS=999 runs it as the job does (about five times longer).
 */
const REPLICATIONS = Number(process.env.WARNINGS_EVAL_REPLICATIONS ?? 199);
const STUDY_DAYS = 365;
const RELATIVE_RISK = 3;
/** Clusters per district: four of each duration, 1–7 days. */
const CLUSTERS = 28;
const NULL_DAYS = 42;
/** Districts evaluated: seeds 2026, 2027, … fixed in advance, every one reported. */
const DISTRICTS = Number(process.env.WARNINGS_EVAL_DISTRICTS ?? 3);
/**
 * The job stops mattering once a cluster is signalled, and so does the evaluation; with
 * WARNINGS_EVAL_EACH=1 it scans on until each scan has found it alone, to report each one's
 * figures (about a third longer).
 */
const EACH = process.env.WARNINGS_EVAL_EACH === '1';

const WEEKDAY_FACTORS = [1.15, 1.1, 1.1, 1.1, 1.05, 0.8, 0.7];
const HOLIDAY_FACTOR = 0.6;

/** When each detector first signalled a cluster (days after its first day), null if never. */
interface Outcome {
  duration: number;
  cells: number;
  extra: number;
  either: number | null;
  permutation: number | null;
  expectation: number | null;
  cusum: number | null;
}

interface District {
  seed: number;
  streets: number;
  outcomes: Outcome[];
  /** Null days' signals per street: the permutation scan's, the expectation scan's, and the job's (both, as it merges them). */
  falseByStreet: { permutation: number[]; expectation: number[]; either: number[] };
  falseDuringClusters: number;
  cusumStarts: number;
}

/** Signals as the job raises them: the permutation scan's, then the expectation scan's that share no cell with those. */
const merged = (permutation: Cluster[], expectation: Cluster[]) => [
  ...permutation,
  ...disjointFrom(expectation, permutation),
];

function evaluateDistrict(seed: number): District {
  const random = mulberry32(seed);
  const cells = gridDisk(latLngToCell(30.27, 120.15, 8), 10);
  const streetOf = cells.map((c) => cellToParent(c, 6));
  const streets = [...new Set(streetOf)];
  const neighbours = h3Neighbours(cells, 3);
  const rates = cells.map(() => 1.4 * Math.exp(0.5 * normal(random) - 0.125));

  // Timeline: a year of study period before the first cluster; each cluster in its own slot of
  // its length plus 8 days, so no two share a 7-day window. The slots repeat every 12 weeks, so
  // every one-day cluster falls on a Sunday (the first on the Dragon Boat holiday): the quietest
  // day, with the fewest extra reports — the one-day figure is, if anything, pessimistic.
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
  const kinds = dates.map((d) => dayKind(d));
  const dayFactor = kinds.map((kind) =>
    kind === HOLIDAY ? HOLIDAY_FACTOR : kind > 6 ? WEEKDAY_FACTORS[0]! : WEEKDAY_FACTORS[kind]!,
  );
  const background = cells.map((_, z) => Int32Array.from(dates, (_, d) => poisson(random, rates[z]! * dayFactor[d]!)));

  // Clusters: a centre and its nearest 3–6 neighbours, 1–7 days, every cell-day RR 3.
  const clusters = durations.map((duration, i) => {
    const centre = Math.floor(random() * cells.length);
    const members = Array.from(neighbours[centre]!.subarray(0, sizes[i]));
    return { start: starts[i]!, end: starts[i]! + duration - 1, members, extra: 0 };
  });
  const injected = background.map((row) => row.slice());
  for (const c of clusters)
    for (const z of c.members)
      for (let d = c.start; d <= c.end; d++) {
        const n = poisson(random, (RELATIVE_RISK - 1) * rates[z]! * dayFactor[d]!);
        injected[z]![d]! += n;
        c.extra += n;
      }

  /** The job's scans on the morning after `day`: the study period is the 365 days ending on it. */
  const scansOn = (grid: Int32Array[], day: number, which: { permutation: boolean; expectation: boolean }) => {
    const from = day - STUDY_DAYS + 1;
    const counts: Array<[number, number, number]> = [];
    for (let z = 0; z < cells.length; z++)
      for (let d = from; d <= day; d++) if (grid[z]![d]! > 0) counts.push([z, d - from, grid[z]![d]!]);
    const input = {
      cellCount: cells.length,
      neighbours,
      days: STUDY_DAYS,
      counts,
      replications: REPLICATIONS,
      seed: day,
    };
    const signalled = (k: Cluster) => k.recurrenceDays >= RI_DAYS;
    return {
      permutation: which.permutation ? spaceTimeScan({ ...input, maxWindowDays: 7 }).filter(signalled) : [],
      expectation: which.expectation
        ? expectationScan({ ...input, dayKinds: kinds.slice(from, day + 1) }).filter(signalled)
        : [],
    };
  };

  /** The 15-minute tier at the end of `day`, one series per cell. */
  const risingOn = (grid: Int32Array[], z: number, day: number) =>
    detectRise({
      days: dates.slice(day - 35, day),
      counts: Array.from(grid[z]!.subarray(day - 35, day)),
      today: dates[day]!,
      todaySoFar: grid[z]![day]!,
    }).rising;

  let falseDuringClusters = 0;
  const outcomes = clusters.map((c): Outcome => {
    const o: Outcome = {
      duration: c.end - c.start + 1,
      cells: c.members.length,
      extra: c.extra,
      either: null,
      permutation: null,
      expectation: null,
      cusum: null,
    };
    const hits = (ks: Cluster[]) => ks.some((k) => k.cells.some((z) => c.members.includes(z)));
    for (let day = c.start; day <= c.end; day++) {
      const delay = day - c.start;
      const permutation = o.permutation === null && (EACH || o.either === null);
      const expectation = o.expectation === null && (EACH || o.either === null);
      if (permutation || expectation) {
        const found = scansOn(injected, day, { permutation, expectation });
        if (hits(found.permutation)) o.permutation = delay;
        if (hits(found.expectation)) o.expectation = delay;
        if (o.either === null && (o.permutation !== null || o.expectation !== null)) o.either = delay;
        for (const k of merged(found.permutation, found.expectation))
          if (!k.cells.some((z) => c.members.includes(z))) falseDuringClusters++;
      }
      if (o.cusum === null && c.members.some((z) => risingOn(injected, z, day))) o.cusum = delay;
    }
    return o;
  });

  // The same background, no cluster: a false warning is any signal, counted on its street.
  const falseByStreet = {
    permutation: streets.map(() => 0),
    expectation: streets.map(() => 0),
    either: streets.map(() => 0),
  };
  const streetIndex = (k: Cluster) => streets.indexOf(streetOf[k.cells[0]!]!);
  let cusumStarts = 0;
  const wasRising = new Uint8Array(cells.length);
  for (let day = horizon - NULL_DAYS; day < horizon; day++) {
    const found = scansOn(background, day, { permutation: true, expectation: true });
    for (const k of found.permutation) falseByStreet.permutation[streetIndex(k)]!++;
    for (const k of found.expectation) falseByStreet.expectation[streetIndex(k)]!++;
    for (const k of merged(found.permutation, found.expectation)) falseByStreet.either[streetIndex(k)]!++;
    for (let z = 0; z < cells.length; z++) {
      const rising = risingOn(background, z, day);
      if (rising && !wasRising[z]) cusumStarts++;
      wasRising[z] = rising ? 1 : 0;
    }
  }
  return { seed, streets: streets.length, outcomes, falseByStreet, falseDuringClusters, cusumStarts };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
};
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(0)}%`;

test('the daily scans find injected clusters early and rarely warn falsely', () => {
  const started = performance.now();
  const districts = Array.from({ length: DISTRICTS }, (_, i) => evaluateDistrict(2026 + i));
  const outcomes = districts.flatMap((d) => d.outcomes);
  const found = (key: 'either' | 'permutation' | 'expectation' | 'cusum', os = outcomes) =>
    os.filter((o) => o[key] !== null);
  const byDuration = (d: number) => outcomes.filter((o) => o.duration === d);
  const sensitivity = found('either').length / outcomes.length;
  const longer = outcomes.filter((o) => o.duration > 1);
  const longerSensitivity = found('either', longer).length / longer.length;
  const delays = found('either').map((o) => o.either!);
  const medianDelay = median(delays);
  const streetWeeks = sum(districts.map((d) => d.streets)) * (NULL_DAYS / 7);
  const falseOf = (key: 'either' | 'permutation' | 'expectation') =>
    sum(districts.flatMap((d) => d.falseByStreet[key]));
  const falsePerStreetWeek = falseOf('either') / streetWeeks;
  const worstStreetPerWeek = Math.max(...districts.flatMap((d) => d.falseByStreet.either)) / (NULL_DAYS / 7);
  const extras = outcomes.map((o) => o.extra);
  const missed = outcomes.filter((o) => o.either === null);
  const detector = (key: 'permutation' | 'expectation') =>
    `${percent(found(key).length, outcomes.length)} (1 day ${found(key, byDuration(1)).length}/${byDuration(1).length}), ` +
    `median delay ${median(found(key).map((o) => o[key]!))} d, ${falseOf(key)} false`;
  console.log(
    `warnings evaluation: ${DISTRICTS} districts (seeds ${districts.map((d) => d.seed).join(', ')}) of 331 cells and 12 streets; ` +
      `${outcomes.length} clusters RR ${RELATIVE_RISK} (4, 5 or 7 cells × 1–7 days, ${Math.min(...extras)}–${Math.max(...extras)} extra cases, median ${median(extras)}); ` +
      `scans at RI ≥ ${RI_DAYS} d (${REPLICATIONS} replications, k ≤ 3, 365-day study): ` +
      `sensitivity ${percent(found('either').length, outcomes.length)} (${found('either').length}/${outcomes.length}; ` +
      `by duration ${[1, 2, 3, 4, 5, 6, 7].map((d) => `${d} d ${found('either', byDuration(d)).length}/${byDuration(d).length}`).join(', ')}; ` +
      `by district ${districts.map((d) => `${found('either', d.outcomes).length}/${d.outcomes.length}`).join(', ')}; ` +
      `missed: ${missed.map((o) => `${o.cells} cells × ${o.duration} d, ${o.extra} extra`).join('; ')}), ` +
      `median delay ${medianDelay} d (${[0, 1, 2, 3].map((d) => `${d} d: ${delays.filter((x) => x === d).length}`).join(', ')}, more: ${delays.filter((x) => x > 3).length}), ` +
      `false warnings ${falsePerStreetWeek.toFixed(3)} per street-week (worst street ${worstStreetPerWeek.toFixed(2)}; ` +
      `${falseOf('either')} in ${DISTRICTS * NULL_DAYS} null district-days; ${sum(districts.map((d) => d.falseDuringClusters))} elsewhere during clusters); ` +
      (EACH
        ? `permutation scan alone ${detector('permutation')}; expectation scan alone ${detector('expectation')}; `
        : `null days' signals: permutation scan ${falseOf('permutation')}, expectation scan ${falseOf('expectation')}; `) +
      `CUSUM per cell (h 4): sensitivity ${percent(found('cusum').length, outcomes.length)}, median delay ${median(found('cusum').map((o) => o.cusum!))} d, ` +
      `${(sum(districts.map((d) => d.cusumStarts)) / streetWeeks).toFixed(2)} false rises per street-week; ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  // The goals: ≥ 90 % at RR 3, a median delay of a day at most, at most one false warning per
  // street-week. The one-day clusters are the hard part (4 of 12 here, each at 3–17 extra
  // reports); the longer ones are all found, and they are asserted on their own too.
  assert.ok(sensitivity >= 0.9, `sensitivity ${sensitivity}`);
  assert.ok(longerSensitivity >= 0.9, `sensitivity for clusters of 2–7 days ${longerSensitivity}`);
  assert.ok(medianDelay <= 1, `median delay ${medianDelay}`);
  assert.ok(falsePerStreetWeek <= 1, `false warnings per street-week ${falsePerStreetWeek}`);
  assert.ok(worstStreetPerWeek <= 1, `false warnings on the worst street per week ${worstStreetPerWeek}`);
});
