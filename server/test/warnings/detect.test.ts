import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gridDisk, latLngToCell } from 'h3-js';
import {
  benjaminiHochberg,
  classify,
  emergingHotSpots,
  getisOrdGiStar,
  mannKendall,
  type MannKendall,
} from '../../src/modules/warnings/detect/hotspots.ts';
import {
  disjointFrom,
  expectationLlr,
  expectationScan,
  expectedToday,
} from '../../src/modules/warnings/detect/expectation.ts';
import { h3Neighbours, mulberry32, poissonLlr, spaceTimeScan } from '../../src/modules/warnings/detect/scan.ts';
import { HOLIDAY, SWAPPED_WORKDAY, dayKind, detectRise } from '../../src/modules/warnings/detect/temporal.ts';
import { poisson } from '../support/random.ts';

/** n consecutive local dates ending the day before `today`. */
function daysBefore(today: string, n: number): string[] {
  const end = Date.parse(`${today}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) => new Date(end - (n - i) * 86_400_000).toISOString().slice(0, 10));
}

describe('kinds of day on the Chinese calendar', () => {
  test('weekdays, weekends, statutory holidays and swapped working days', () => {
    assert.equal(dayKind('2025-11-10'), 0); // an ordinary Monday
    assert.equal(dayKind('2025-11-08'), 5); // an ordinary Saturday
    assert.equal(dayKind('2025-10-01'), HOLIDAY); // National Day, a Wednesday
    assert.equal(dayKind('2025-10-04'), HOLIDAY); // a Saturday inside the National Day holiday
    assert.equal(dayKind('2025-09-28'), SWAPPED_WORKDAY); // a Sunday worked in exchange (调休)
  });
});

describe('Poisson CUSUM (detectRise)', () => {
  const today = '2025-11-20';
  const days = daysBefore(today, 35);

  test('a flat series does not rise; the same series with the last four days tripled does, since the step', () => {
    const random = mulberry32(11);
    const flat = days.map(() => poisson(random, 3));
    const todayCount = poisson(random, 3);
    const calm = detectRise({ days, counts: flat, today, todaySoFar: todayCount });
    assert.equal(calm.rising, false);
    assert.ok(calm.statistic < calm.threshold);

    const stepped = flat.map((n, i) => (i >= days.length - 3 ? n + poisson(random, 6) : n));
    const rise = detectRise({ days, counts: stepped, today, todaySoFar: todayCount + poisson(random, 6) });
    assert.equal(rise.rising, true);
    assert.ok(rise.since !== null && rise.since >= days[days.length - 4]!, `since ${rise.since}`);
    assert.ok(rise.observed > 2 * rise.expected, `${rise.observed} against ${rise.expected}`);
  });

  test('a busy weekend rises when weekends are usually quiet, on the day-of-week factor, not on a flat baseline', () => {
    // Weekdays 6, Saturday and Sunday 2 for the 28 baseline days; then a week whose weekend
    // (the last two days before Monday the 24th) has 8 each. The Saturday factor, shrunk towards
    // 1 by 2 prior days, is (4 · 2 + 2 · 4.857) / (6 · 4.857) = 0.608: 2.95 expected, and each
    // weekend day adds 8 ln 2 − 2.95 = 2.60, 5.2 in all, above h = 4; on a flat
    // baseline (4.857 a day) each adds 0.69, 1.4 in all.
    const monday = '2025-11-24';
    const dates = daysBefore(monday, 35);
    const quiet = dates.map((d) => (dayKind(d) >= 5 ? 2 : 6));
    assert.equal(detectRise({ days: dates, counts: quiet, today: monday }).statistic, 0);
    const busy = dates.map((d, i) => (i >= 28 && dayKind(d) >= 5 ? 8 : quiet[i]!));
    const rise = detectRise({ days: dates, counts: busy, today: monday });
    assert.equal(rise.rising, true);
    assert.equal(rise.since, '2025-11-22');
    assert.ok(Math.abs(rise.expected - 2 * 2.95) < 0.02, `expected ${rise.expected}`);
    const flat = detectRise({ days: dates, counts: busy, today: monday }, { dayFactors: Array(9).fill(1) });
    assert.equal(flat.rising, false);
  });

  test('a sparse series is held at the floor: six reports today are not a rise, seven are', () => {
    const zeros = days.map(() => 0);
    const six = detectRise({ days, counts: zeros, today, todaySoFar: 6 });
    assert.equal(six.expected, 0.25); // minExpected, the EARS minSigma of 0.5 squared
    assert.equal(six.rising, false); // 6 ln 2 − 0.25 = 3.91 < 4
    assert.equal(detectRise({ days, counts: zeros, today, todaySoFar: 7 }).rising, true); // 7 ln 2 − 0.25 = 4.60
  });

  test('a partial day is compared with the share of the day gone by', () => {
    const flat = days.map(() => 8);
    const morning = detectRise({ days, counts: flat, today, todaySoFar: 6, dayFraction: 0.25 });
    assert.ok(Math.abs(morning.expected - 2) < 1e-9, `expected ${morning.expected}`);
    assert.equal(morning.since, today);
    const wholeDay = detectRise({ days, counts: flat, today, todaySoFar: 6 });
    assert.equal(wholeDay.statistic, 0);
  });

  test('in control, a false rise starts about once in 100 days or more (the ARL h = 4 is chosen for)', () => {
    // Run as the job runs: each day a new 28-day baseline and a new 7-day window. 40 series of
    // 200 days at 2 a day; count the days on which a rise starts.
    const random = mulberry32(5);
    const all = daysBefore('2025-06-01', 236);
    let watched = 0;
    let starts = 0;
    for (let s = 0; s < 40; s++) {
      const counts = all.map(() => poisson(random, 2));
      let before = false;
      for (let t = 36; t < all.length; t++) {
        const r = detectRise({
          days: all.slice(t - 35, t),
          counts: counts.slice(t - 35, t),
          today: all[t]!,
          todaySoFar: counts[t],
        });
        if (r.rising && !before) starts++;
        before = r.rising;
        watched++;
      }
    }
    const arl = watched / Math.max(1, starts);
    assert.ok(starts > 0, 'some false rise by chance');
    assert.ok(arl > 70 && arl < 300, `ARL ${arl} (${starts} starts in ${watched} days)`);
  });
});

describe('space-time permutation scan', () => {
  test('a two-cell, two-day example computed by hand', () => {
    // Counts: cell 0 has 2 then 6, cell 1 has 6 then 2; N = 16, every cell and day total 8.
    // Cell 0 on the last day: c = 6, μ = 8 × 8 / 16 = 4,
    // LLR = 6 ln(6/4) + 10 ln(10/12) = 2.43279 − 1.82322 = 0.60957; RR = (6/4) / (10/12) = 1.8.
    // Both cells hold 16 cases, above half of all, so the only cylinders are the single cells.
    const neighbours = [Int32Array.of(0, 1), Int32Array.of(1, 0)];
    const counts: Array<[number, number, number]> = [
      [0, 0, 2],
      [0, 1, 6],
      [1, 0, 6],
      [1, 1, 2],
    ];
    const [top, ...rest] = spaceTimeScan({
      cellCount: 2,
      neighbours,
      days: 2,
      counts,
      maxWindowDays: 2,
      replications: 99,
      seed: 1,
    });
    assert.ok(top);
    assert.deepEqual(top.cells, [0]);
    assert.equal(top.fromDay, 1);
    assert.equal(top.toDay, 1);
    assert.equal(top.observed, 6);
    assert.equal(top.expected, 4);
    assert.ok(Math.abs(top.llr - 0.60957) < 1e-5, `llr ${top.llr}`);
    assert.ok(Math.abs(top.relativeRisk - 1.8) < 1e-12);
    assert.deepEqual(rest, []);
    // A Monte Carlo p-value is (1 + replications at least as extreme) / (R + 1); RI = 1 / p.
    assert.ok(Number.isInteger(Math.round(top.p * 100 * 1e6) / 1e6));
    assert.ok(Math.abs(top.recurrenceDays - 1 / top.p) < 1e-9);
    assert.equal(poissonLlr(4, 4, 16), 0);
  });

  const cells = gridDisk(latLngToCell(30.27, 120.15, 8), 4);
  const neighbours = h3Neighbours(cells, 2);

  function background(seed: number, days: number, mean: number) {
    const random = mulberry32(seed);
    const grid = cells.map(() => Array.from({ length: days }, () => poisson(random, mean)));
    return { random, grid };
  }
  const asCounts = (grid: number[][]) =>
    grid.flatMap((row, cell) => row.map((n, day): [number, number, number] => [cell, day, n]));

  test('h3Neighbours lists a cell first, then its rings, and only cells of the set', () => {
    assert.equal(cells.length, 61);
    const centre = cells.indexOf(latLngToCell(30.27, 120.15, 8));
    assert.equal(neighbours[centre]![0], centre);
    assert.equal(neighbours[centre]!.length, 19);
    const ring1 = new Set(gridDisk(cells[centre]!, 1));
    for (let i = 1; i <= 6; i++) assert.ok(ring1.has(cells[neighbours[centre]![i]!]!));
    // A cell on the edge of the disk has fewer neighbours in the set.
    assert.ok(neighbours.some((n) => n.length < 19));
  });

  test('finds an injected cluster with the smallest p-value, and the same one with the same seed', () => {
    const { random, grid } = background(3, 90, 1);
    const centre = 30;
    const members = Array.from(neighbours[centre]!.subarray(0, 7));
    for (const cell of members) for (const day of [88, 89]) grid[cell]![day]! += poisson(random, 2); // RR 3
    const input = { cellCount: cells.length, neighbours, days: 90, maxWindowDays: 7, replications: 199, seed: 9 };
    const clusters = spaceTimeScan({ ...input, counts: asCounts(grid) });
    const top = clusters[0]!;
    assert.ok(top.cells.filter((c) => members.includes(c)).length >= 4, `cells ${top.cells}`);
    assert.equal(top.p, 1 / 200);
    assert.equal(top.recurrenceDays, 200);
    assert.ok(top.relativeRisk > 2);
    // Secondary clusters share no cell with the first.
    for (const other of clusters.slice(1)) assert.ok(!other.cells.some((c) => top.cells.includes(c)));
    assert.deepEqual(spaceTimeScan({ ...input, counts: asCounts(grid) }), clusters);
  });

  test('the fast scan agrees with a brute-force one over every cylinder', () => {
    const days = 30;
    const { random, grid } = background(8, days, 0.6);
    for (const cell of neighbours[12]!.subarray(0, 5)) grid[cell]![days - 1]! += poisson(random, 2);
    // Brute force: every prefix of every neighbour list × every window ending on the last day,
    // the expected count summed cell-day by cell-day from μ_zd = N_z N_d / N.
    const cellTotal = grid.map((row) => row.reduce((a, b) => a + b, 0));
    const dayTotal = Array.from({ length: days }, (_, d) => grid.reduce((a, row) => a + row[d]!, 0));
    const total = cellTotal.reduce((a, b) => a + b, 0);
    let best = { llr: 0, cells: [] as number[], window: 0, observed: 0, expected: 0 };
    for (const nb of neighbours) {
      for (let size = 1; size <= nb.length; size++) {
        const members = Array.from(nb.subarray(0, size));
        if (members.reduce((a, z) => a + cellTotal[z]!, 0) > total / 2) break;
        for (let window = 1; window <= 7; window++) {
          let observed = 0;
          let expected = 0;
          for (const z of members)
            for (let d = days - window; d < days; d++) {
              observed += grid[z]![d]!;
              expected += (cellTotal[z]! * dayTotal[d]!) / total;
            }
          if (observed < 3) continue;
          const llr = poissonLlr(observed, expected, total);
          if (llr > best.llr + 1e-9) best = { llr, cells: members, window, observed, expected };
        }
      }
    }
    const [top] = spaceTimeScan({
      cellCount: cells.length,
      neighbours,
      days,
      counts: asCounts(grid),
      maxWindowDays: 7,
      replications: 0,
      seed: 1,
    });
    assert.ok(top && best.llr > 0);
    assert.ok(Math.abs(top.llr - best.llr) < 1e-9, `${top.llr} against ${best.llr}`);
    assert.deepEqual(top.cells, best.cells);
    assert.equal(top.fromDay, days - best.window);
    assert.equal(top.observed, best.observed);
    assert.ok(Math.abs(top.expected - best.expected) < 1e-9);
  });

  test('on data without a cluster, p-values spread over (0, 1] as they should', () => {
    const ps: number[] = [];
    for (let seed = 100; seed < 130; seed++) {
      const { grid } = background(seed, 60, 0.8);
      const [top] = spaceTimeScan({
        cellCount: cells.length,
        neighbours,
        days: 60,
        counts: asCounts(grid),
        maxWindowDays: 7,
        replications: 99,
        seed,
      });
      ps.push(top?.p ?? 1);
    }
    const mean = ps.reduce((a, b) => a + b, 0) / ps.length;
    assert.ok(mean > 0.3 && mean < 0.7, `mean p ${mean}`);
    assert.ok(ps.filter((p) => p <= 0.05).length <= 4, `small p-values ${ps.filter((p) => p <= 0.05)}`);
  });
});

describe('expectation-based scan of today', () => {
  test('a three-cell example computed by hand: the expected counts, the best cylinder and its score', () => {
    // Six days of kinds holiday (7) and Monday (0); today (day 5) is a holiday. Day 0 has no
    // report at all: the data had not begun, so it is not a quiet holiday.
    // Before today: cell 0 has 1 + 6 + 2 = 9 reports, cell 1 3 + 18 + 8 = 29, cell 2 none;
    // with one added to each, shares 10/41, 30/41 and 1/41. Holidays since the data began
    // total 4 and 10, so today's level is 7: expected 70/41, 210/41 and 7/41.
    const dayKinds = [7, 7, 0, 7, 0, 7];
    const counts: Array<[number, number, number]> = [
      [0, 1, 1],
      [1, 1, 3],
      [0, 2, 6],
      [1, 2, 18],
      [0, 3, 2],
      [1, 3, 8],
      [0, 5, 6],
      [1, 5, 5],
    ];
    const neighbours = [Int32Array.of(0, 1, 2), Int32Array.of(1, 0, 2), Int32Array.of(2, 0, 1)];
    const input = { cellCount: 3, neighbours, days: 6, counts, dayKinds, replications: 99, seed: 4 };
    const expected = Array.from(expectedToday(input));
    for (const [z, b] of [70 / 41, 210 / 41, 7 / 41].entries())
      assert.ok(Math.abs(expected[z]! - b) < 1e-12, `${expected}`);
    // A cylinder may hold at most half of the 7 expected: {0} (1.71) can, {1} (5.12) and {0, 1}
    // cannot. Cell 0 today: 6 against 70/41, 6 ln(6 · 41/70) − (6 − 70/41) = 3.24833; {2, 0}
    // scores 2.85 and shares a cell with it.
    const [top, ...rest] = expectationScan(input);
    assert.ok(top);
    assert.deepEqual(top.cells, [0]);
    assert.equal(top.fromDay, 5);
    assert.equal(top.toDay, 5);
    assert.equal(top.observed, 6);
    assert.ok(Math.abs(top.llr - 3.2483348) < 1e-6, `llr ${top.llr}`);
    assert.ok(Math.abs(top.llr - expectationLlr(6, 70 / 41)) < 1e-12);
    assert.ok(Math.abs(top.relativeRisk - 6 / (70 / 41)) < 1e-12);
    assert.deepEqual(rest, []);
    assert.ok(Math.abs(top.recurrenceDays - 1 / top.p) < 1e-9);
    assert.equal(expectationLlr(3, 3), 0);
  });

  const cells = gridDisk(latLngToCell(30.27, 120.15, 8), 4);
  const neighbours = h3Neighbours(cells, 2);
  const weekdays = (days: number) => Array.from({ length: days }, (_, d) => d % 7);

  /** Cells × days of Poisson counts, each cell its own rate, weekends at 0.7. */
  function history(seed: number, days: number) {
    const random = mulberry32(seed);
    const rates = cells.map(() => 0.5 + random());
    const grid = cells.map((_, z) =>
      Array.from({ length: days }, (_, d) => poisson(random, rates[z]! * (d % 7 >= 5 ? 0.7 : 1))),
    );
    return { random, grid };
  }
  const asCounts = (grid: number[][]) =>
    grid.flatMap((row, cell) => row.map((n, day): [number, number, number] => [cell, day, n]));

  test('finds a one-day cluster of seven cells at RR 3 with the smallest p-value, the same with the same seed', () => {
    const days = 120;
    const { random, grid } = history(31, days);
    const members = Array.from(neighbours[22]!.subarray(0, 7));
    const today = days - 1;
    const rates = members.map((z) => grid[z]!.slice(0, today).reduce((a, b) => a + b, 0) / today);
    members.forEach((z, i) => {
      grid[z]![today]! += poisson(random, 2 * rates[i]!);
    });
    const input = { cellCount: cells.length, neighbours, days, dayKinds: weekdays(days), replications: 199, seed: 5 };
    const clusters = expectationScan({ ...input, counts: asCounts(grid) });
    const top = clusters[0]!;
    assert.ok(top.cells.filter((c) => members.includes(c)).length >= 4, `cells ${top.cells}`);
    assert.equal(top.p, 1 / 200);
    assert.ok(top.relativeRisk > 2, `RR ${top.relativeRisk}`);
    for (const other of clusters.slice(1)) assert.ok(!other.cells.some((c) => top.cells.includes(c)));
    assert.deepEqual(expectationScan({ ...input, counts: asCounts(grid) }), clusters);
  });

  test('the fast scan agrees with a brute-force one over every cylinder of today', () => {
    const days = 60;
    const { random, grid } = history(8, days);
    for (const cell of neighbours[12]!.subarray(0, 5)) grid[cell]![days - 1]! += poisson(random, 2);
    const input = {
      cellCount: cells.length,
      neighbours,
      days,
      counts: asCounts(grid),
      dayKinds: weekdays(days),
      replications: 0,
      seed: 1,
    };
    const expected = expectedToday(input);
    const half = expected.reduce((a, b) => a + b, 0) / 2;
    let best = { llr: 0, cells: [] as number[] };
    for (const nb of neighbours)
      for (let size = 1; size <= nb.length; size++) {
        const members = Array.from(nb.subarray(0, size));
        const b = members.reduce((a, z) => a + expected[z]!, 0);
        if (b > half) break;
        const c = members.reduce((a, z) => a + grid[z]![days - 1]!, 0);
        const llr = c >= 3 ? expectationLlr(c, b) : 0;
        if (llr > best.llr + 1e-9) best = { llr, cells: members };
      }
    const [top] = expectationScan(input);
    assert.ok(top && best.llr > 0);
    assert.ok(Math.abs(top.llr - best.llr) < 1e-9, `${top.llr} against ${best.llr}`);
    assert.deepEqual(top.cells, best.cells);
  });

  test('on data without a cluster, p-values spread over (0, 1] as they should', () => {
    const ps: number[] = [];
    for (let seed = 200; seed < 240; seed++) {
      const { grid } = history(seed, 120);
      const [top] = expectationScan({
        cellCount: cells.length,
        neighbours,
        days: 120,
        counts: asCounts(grid),
        dayKinds: weekdays(120),
        replications: 99,
        seed,
      });
      ps.push(top?.p ?? 1);
    }
    const mean = ps.reduce((a, b) => a + b, 0) / ps.length;
    assert.ok(mean > 0.3 && mean < 0.7, `mean p ${mean}`);
    assert.ok(ps.filter((p) => p <= 0.05).length <= 5, `small p-values ${ps.filter((p) => p <= 0.05)}`);
  });

  test('a cluster of the expectation scan is raised only where the permutation scan has none', () => {
    const cluster = (cells: number[]) => ({
      cells,
      fromDay: 0,
      toDay: 0,
      observed: 5,
      expected: 1,
      relativeRisk: 5,
      llr: 3,
      p: 0.001,
      recurrenceDays: 1000,
    });
    const permutation = [cluster([3, 4])];
    const expectation = [cluster([4, 5]), cluster([7])];
    assert.deepEqual(
      disjointFrom(expectation, permutation).map((c) => c.cells),
      [[7]],
    );
  });
});

describe('emerging hot spots', () => {
  test('Gi* of a line of five cells computed by hand', () => {
    // Values 0 0 0 0 10, neighbours i − 1, i, i + 1. Mean 2, S = √(100/5 − 4) = 4.
    // The last cell: (10 − 2·2) / (4 √((5·2 − 4)/4)) = 6 / 4.89898 = 1.22474; the first: −4 / 4.89898.
    const neighbours = [0, 1, 2, 3, 4].map((i) => [i - 1, i, i + 1].filter((j) => j >= 0 && j < 5));
    const z = getisOrdGiStar([0, 0, 0, 0, 10], neighbours);
    assert.ok(Math.abs(z[4]! - 1.224745) < 1e-6);
    assert.ok(Math.abs(z[0]! + 0.816497) < 1e-6);
    assert.deepEqual(Array.from(getisOrdGiStar([3, 3, 3, 3, 3], neighbours)), [0, 0, 0, 0, 0]);
  });

  test('Mann–Kendall on a monotone series and on ties', () => {
    const up = mannKendall([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.equal(up.s, 45);
    assert.equal(up.variance, 125); // 10 · 9 · 25 / 18
    assert.ok(Math.abs(up.z - 44 / Math.sqrt(125)) < 1e-12);
    assert.ok(up.p < 0.001);
    assert.ok(mannKendall([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]).z < -3.9);
    const tied = mannKendall([1, 1, 2, 2]);
    assert.equal(tied.s, 4);
    assert.ok(Math.abs(tied.variance - 120 / 18) < 1e-12); // (4·3·13 − 2·(2·1·9)) / 18
  });

  test('Benjamini–Hochberg keeps what Bonferroni would drop, and adjusts p-values', () => {
    const { significant, adjusted } = benjaminiHochberg([0.01, 0.02, 0.03, 0.5], 0.05);
    assert.deepEqual(significant, [true, true, true, false]); // Bonferroni at 0.0125 keeps the first only
    assert.deepEqual(
      adjusted.map((a) => Number(a.toFixed(6))),
      [0.04, 0.04, 0.04, 0.5],
    );
    const all = benjaminiHochberg([0.01, 0.04, 0.03, 0.005], 0.05);
    assert.deepEqual(all.significant, [true, true, true, true]);
    assert.deepEqual(
      all.adjusted.map((a) => Number(a.toFixed(6))),
      [0.02, 0.04, 0.04, 0.02],
    );
  });

  test('the classes of ArcGIS emerging hot spot analysis', () => {
    const flat: MannKendall = { s: 0, variance: 1, z: 0, p: 1 };
    const up: MannKendall = { s: 30, variance: 100, z: 2.9, p: 0.004 };
    const down: MannKendall = { s: -30, variance: 100, z: -2.9, p: 0.004 };
    const o = { alpha: 0.05, trendAlpha: 0.05, mostWeeks: 0.9 };
    const all = Array(10).fill(1);
    assert.equal(classify([0, 0, 0, 0, 1], flat, o), 'new_hot');
    assert.equal(classify([0, 0, 1, 1, 1], flat, o), 'consecutive_hot');
    assert.equal(classify([1, 0, 0, 1, 1], flat, o), 'sporadic_hot');
    assert.equal(classify([-1, 0, 1, 0, 1], flat, o), 'oscillating_hot');
    assert.equal(classify(all, up, o), 'intensifying_hot');
    assert.equal(classify(all, flat, o), 'persistent_hot');
    assert.equal(classify(all, down, o), 'diminishing_hot');
    assert.equal(classify([...Array(9).fill(1), 0], flat, o), 'historical_hot');
    assert.equal(classify([0, 0, 0, 0, -1], flat, o), 'new_cold');
    assert.equal(
      classify(
        all.map(() => -1),
        down,
        o,
      ),
      'intensifying_cold',
    );
    assert.equal(classify([0, 0, 0, 0, 0], flat, o), 'no_pattern');
  });

  test('a growing cluster of seven cells is an intensifying hot spot; quiet cells are not hot', () => {
    const cells = gridDisk(latLngToCell(30.27, 120.15, 8), 5);
    const neighbours = h3Neighbours(cells, 1);
    const centre = cells.indexOf(latLngToCell(30.27, 120.15, 8));
    const members = new Set(neighbours[centre]!);
    const random = mulberry32(21);
    const weeks = 12;
    const counts = cells.map((_, c) =>
      Array.from({ length: weeks }, (_, w) => poisson(random, members.has(c) ? 12 + 3 * w : 4)),
    );
    const spots = emergingHotSpots({ counts, neighbours });
    assert.equal(spots[centre]!.kind, 'intensifying_hot');
    const far = spots.filter((s) => !neighbours[centre]!.some((m) => neighbours[m]!.includes(s.cell)));
    assert.ok(
      far.every((s) => !s.kind.endsWith('_hot')),
      far.map((s) => s.kind).join(),
    );
  });
});
