import { type Cluster, checkNeighbours, cylinderBases, monteCarloP, mulberry32 } from './scan.ts';

/**
 * Tier 2, today's side: the expectation-based Poisson scan (Neill, Moore, Sabhnani & Daniel,
 * "Detection of emerging space-time clusters", KDD 2005; SaTScan's Poisson model with a known
 * expectation), over today's cylinders only. It runs beside the permutation scan because the
 * permutation scan, weighing windows of 1 … 7 days at once, is weakest for a cluster of a
 * single day, which this scan tests alone.
 *
 * Today's expected count of a cell is its share of the cases before today (in the study
 * period; one case is added to every cell so a cell new to the data is not expected to have
 * none) times the district's mean total on the last `sameKindDays` days of today's kind since
 * the data began
 * (Monday … Sunday, holiday, swapped working day): the place from its whole history, the
 * level of the day from the days like it. Both are estimated from many cases, which is why
 * the Poisson bootstrap below stays calibrated; a per-cell weekday mean over a few weeks does
 * not (on the evaluation's background it warned on 12 % of days at a nominal 1 %).
 *
 * A cylinder (every prefix of a cell's neighbour list) with c cases today against b expected
 * scores c ln(c / b) − (c − b) when c > b, the likelihood ratio of a raised rate inside with
 * the rate outside known. The p-value of the highest is from a parametric bootstrap: each
 * replication draws every cell's count today from Poisson(b) and takes its highest score.
 */

export interface ExpectationScanInput {
  cellCount: number;
  /** Per cell: the cells by distance, itself first (see h3Neighbours). */
  neighbours: Int32Array[];
  /** Days in the study period; day days − 1 is today. */
  days: number;
  /** Case counts per (cell, day); pairs may repeat and are added. */
  counts: Array<[cell: number, day: number, n: number]>;
  /** The kind of each day of the study period (dayKind: Monday 0 … Sunday 6, holiday 7, swapped working day 8). */
  dayKinds: readonly number[];
  replications: number;
  seed: number;
  /** Days of today's kind whose mean total is today's expected total (8 by default). */
  sameKindDays?: number;
  /** At most this many cells in a cylinder (default: every neighbour given). */
  maxCylinderCells?: number;
  /** At most this share of today's expected cases in a cylinder (as the permutation scan's 50%). */
  maxExpectedShare?: number;
  /** Clusters need at least this many cases today (3, as the permutation scan). */
  minCases?: number;
  scansPerDay?: number;
  maxClusters?: number;
}

/** The expectation-based Poisson log-likelihood ratio of c cases against b expected; 0 unless c > b. */
export function expectationLlr(c: number, b: number): number {
  return c > b && b > 0 ? c * Math.log(c / b) - (c - b) : 0;
}

/** A Poisson draw by Knuth's product of uniforms, in pieces so e^−mean does not underflow. */
function poissonDraw(random: () => number, mean: number): number {
  let k = 0;
  for (let left = mean; left > 0; left -= 200) {
    const limit = Math.exp(-Math.min(left, 200));
    let p = random();
    while (p > limit) {
      k++;
      p *= random();
    }
  }
  return k;
}

/** Today's expected count per cell: its share of the cases before today × the mean total of days of today's kind. */
export function expectedToday(input: ExpectationScanInput): Float64Array {
  const C = input.cellCount;
  const D = input.days;
  if (input.dayKinds.length !== D) throw new Error('one day kind per day of the study period');
  const before = new Float64Array(C);
  const dayTotal = new Float64Array(D);
  for (const [cell, day, n] of input.counts) {
    if (!(cell >= 0 && cell < C && day >= 0 && day < D && Number.isInteger(n) && n >= 0))
      throw new Error(`bad count [${cell}, ${day}, ${n}]`);
    dayTotal[day]! += n;
    if (day < D - 1) before[cell]! += n;
  }
  const today = input.dayKinds[D - 1];
  const wanted = input.sameKindDays ?? 8;
  // Days before the first report are before the data began, not days without reports.
  let start = 0;
  while (start < D - 1 && dayTotal[start] === 0) start++;
  let sum = 0;
  let found = 0;
  for (let d = D - 2; d >= start && found < wanted; d--)
    if (input.dayKinds[d] === today) {
      sum += dayTotal[d]!;
      found++;
    }
  // A kind not seen yet in the study period (a first holiday): the mean of all days before today.
  if (found === 0) for (let d = start; d < D - 1; d++) sum += dayTotal[d]! / Math.max(1, D - 1 - start);
  const level = found > 0 ? sum / found : sum;
  let history = 0;
  for (let z = 0; z < C; z++) history += before[z]! + 1;
  return Float64Array.from(before, (n) => (level * (n + 1)) / history);
}

/** The clusters of `clusters` that share no cell with any of `first` (which the job raises first). */
export function disjointFrom(clusters: Cluster[], first: Cluster[]): Cluster[] {
  const taken = new Set(first.flatMap((c) => c.cells));
  return clusters.filter((c) => !c.cells.some((z) => taken.has(z)));
}

export function expectationScan(input: ExpectationScanInput): Cluster[] {
  const C = input.cellCount;
  const D = input.days;
  const minCases = input.minCases ?? 3;
  const maxCells = input.maxCylinderCells ?? Number.POSITIVE_INFINITY;
  const scansPerDay = input.scansPerDay ?? 1;
  checkNeighbours(input.neighbours, C);
  const expected = expectedToday(input);
  const maxExpected = (input.maxExpectedShare ?? 0.5) * expected.reduce((a, b) => a + b, 0);
  const observed = new Int32Array(C);
  for (const [cell, day, n] of input.counts) if (day === D - 1) observed[cell]! += n;

  // A cylinder's expected count and its log do not change between replications: computed once,
  // per centre and prefix, so the replications take no logarithm but from a table of ln c.
  const { offsets, sums: cylinderExpected } = cylinderBases(input.neighbours, expected, maxCells, maxExpected);
  const lnCylinderExpected = cylinderExpected.map((b) => Math.log(b));
  let lnCount = new Float64Array(0);
  const logsUpTo = (n: number) => {
    if (n < lnCount.length) return;
    lnCount = Float64Array.from({ length: Math.max(n + 1, 2 * lnCount.length) }, (_, c) => (c > 0 ? Math.log(c) : 0));
  };

  /** The highest score over all cylinders of `counts`, and (when asked) each centre's best cylinder. */
  const bestSize = new Int32Array(C);
  const bestScore = new Float64Array(C);
  const scanAll = (counts: Int32Array, perCentre: boolean): number => {
    let best = 0;
    for (let z = 0; z < C; z++) {
      const nb = input.neighbours[z]!;
      let c = 0;
      let centreBest = 0;
      for (let i = offsets[z]!, k = 0; i < offsets[z + 1]!; i++, k++) {
        c += counts[nb[k]!]!;
        const b = cylinderExpected[i]!;
        if (c < minCases || c <= b) continue;
        if (c >= lnCount.length) logsUpTo(c);
        const llr = c * (lnCount[c]! - lnCylinderExpected[i]!) - (c - b);
        if (llr > centreBest) {
          centreBest = llr;
          if (perCentre) bestSize[z] = k + 1;
        }
      }
      if (perCentre) bestScore[z] = centreBest;
      if (centreBest > best) best = centreBest;
    }
    return best;
  };
  scanAll(observed, true);

  const random = mulberry32(input.seed);
  const drawn = new Int32Array(C);
  const maxima = new Float64Array(input.replications);
  for (let r = 0; r < input.replications; r++) {
    for (let z = 0; z < C; z++) drawn[z] = poissonDraw(random, expected[z]!);
    maxima[r] = scanAll(drawn, false);
  }
  maxima.sort();

  // As the permutation scan: the most likely cluster, then ones sharing no cell with those
  // before, each against the distribution of the replications' maximum.
  const centres = Array.from(bestScore, (llr, z) => ({ llr, z }))
    .filter((b) => b.llr > 0)
    .sort((a, b) => b.llr - a.llr || a.z - b.z);
  const used = new Uint8Array(C);
  const clusters: Cluster[] = [];
  for (const { llr, z } of centres) {
    if (clusters.length >= (input.maxClusters ?? 10)) break;
    const cells = Array.from(input.neighbours[z]!.subarray(0, bestSize[z]));
    if (cells.some((c) => used[c])) continue;
    for (const c of cells) used[c] = 1;
    const p = monteCarloP(maxima, llr);
    const c = cells.reduce((a, cell) => a + observed[cell]!, 0);
    const b = cells.reduce((a, cell) => a + expected[cell]!, 0);
    clusters.push({
      cells,
      fromDay: D - 1,
      toDay: D - 1,
      observed: c,
      expected: b,
      // The rate outside is taken as known, so the relative risk is inside against expected.
      relativeRisk: c / b,
      llr,
      p,
      recurrenceDays: 1 / (p * scansPerDay),
    });
  }
  return clusters;
}
