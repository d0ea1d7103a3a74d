import { greatCircleDistance, gridDiskDistances, cellToLatLng } from 'h3-js';

/**
 * Tier 2 of early warning: the prospective space-time permutation scan statistic (Kulldorff,
 * Heffernan, Hartman, Assunção & Mostashari, PLoS Med 2005;2(3):e59), as SaTScan runs it
 * and as the New York City health department runs it every morning (Greene et al., EID 2016).
 *
 * Cases only, counted per (cell, day) over a study period of `days` days whose last day is
 * "today". The expected count of a cell on a day is μ_zd = N_z · N_d / N (the cell's share
 * of all cases times the day's), which adjusts out purely spatial and purely temporal
 * variation, so what is left is space-time interaction: more cases here, lately, than the
 * place and the time each explain. Cylinders are a cell and its nearest neighbours (every
 * prefix of `neighbours[z]`) × the last 1 … maxWindowDays days; each is scored with the
 * Poisson generalised likelihood ratio and the highest is tested by Monte Carlo, permuting
 * the days of the cases (which keeps every N_z and N_d). With one scan a day, a p-value p
 * recurs by chance once every 1 / p days: the recurrence interval.
 *
 * For speed the scan uses that μ of a cylinder factorises, (Σ_z N_z)(Σ_d N_d) / N, and that
 * only the cases dated within the last maxWindowDays days move between replications: each
 * replication draws which cases get those days (a partial Fisher–Yates shuffle) and sums
 * counts along each centre's neighbour list with typed arrays.
 */

export interface ScanInput {
  cellCount: number;
  /** Per cell: the cells by distance, itself first (see h3Neighbours). */
  neighbours: Int32Array[];
  /** Days in the study period; day days − 1 is the last (today's) day. */
  days: number;
  /** Case counts per (cell, day); pairs may repeat and are added. */
  counts: Array<[cell: number, day: number, n: number]>;
  maxWindowDays: number;
  replications: number;
  seed: number;
  /** At most this many cells in a cylinder (default: every neighbour given). */
  maxCylinderCells?: number;
  /** At most this share of all cases in a cylinder's cells (SaTScan's 50% default). */
  maxCaseShare?: number;
  /** Clusters need at least this many cases (2 in SaTScan; 3 here so two reports on one day are not a cluster). */
  minCases?: number;
  /** Scans run per day, for the recurrence interval (1: the daily job). */
  scansPerDay?: number;
  /** At most this many clusters returned (the most likely first, then secondary ones). */
  maxClusters?: number;
}

export interface Cluster {
  /** Member cells, the centre first. */
  cells: number[];
  /** First and last day of the window (indices in the study period; toDay is always days − 1). */
  fromDay: number;
  toDay: number;
  observed: number;
  expected: number;
  /** (observed / expected) inside over the same outside, as SaTScan reports it. */
  relativeRisk: number;
  llr: number;
  p: number;
  recurrenceDays: number;
}

/**
 * The Monte Carlo p-value of a score against the replications' highest scores (sorted
 * ascending): (1 + those at least as extreme) / (replications + 1).
 */
export function monteCarloP(sortedMaxima: ArrayLike<number>, score: number): number {
  let lo = 0;
  let hi = sortedMaxima.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sortedMaxima[mid]! < score) lo = mid + 1;
    else hi = mid;
  }
  return (1 + sortedMaxima.length - lo) / (sortedMaxima.length + 1);
}

/** Each cell's neighbour list starts with the cell itself and names only cells there are. */
export function checkNeighbours(neighbours: readonly ArrayLike<number>[], cellCount: number) {
  if (neighbours.length !== cellCount) throw new Error('one neighbour list per cell');
  neighbours.forEach((nb, z) => {
    if (nb[0] !== z || Array.prototype.some.call(nb, (c: number) => !(c >= 0 && c < cellCount)))
      throw new Error(`bad neighbour list of cell ${z}`);
  });
}

/**
 * The bases of every centre's cylinders: its nearest cells, taken in order while their summed
 * weight stays within maxWeight (and at most maxCells), as offsets into one array of the
 * running sums of weight (centre z's bases are sums[offsets[z]] … sums[offsets[z + 1] − 1]).
 */
export function cylinderBases(
  neighbours: readonly ArrayLike<number>[],
  weight: ArrayLike<number>,
  maxCells: number,
  maxWeight: number,
): { offsets: Int32Array; sums: Float64Array } {
  const C = neighbours.length;
  const offsets = new Int32Array(C + 1);
  for (let z = 0; z < C; z++) {
    const nb = neighbours[z]!;
    const limit = Math.min(nb.length, maxCells);
    let sum = 0;
    let k = 0;
    while (k < limit && sum + weight[nb[k]!]! <= maxWeight) sum += weight[nb[k++]!]!;
    offsets[z + 1] = offsets[z]! + k;
  }
  const sums = new Float64Array(offsets[C]!);
  for (let z = 0; z < C; z++) {
    const nb = neighbours[z]!;
    let sum = 0;
    for (let i = offsets[z]!, k = 0; i < offsets[z + 1]!; i++, k++) {
      sum += weight[nb[k]!]!;
      sums[i] = sum;
    }
  }
  return { offsets, sums };
}

/** mulberry32: a small seeded generator, so a scan and its p-values repeat exactly. */
export function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The Poisson log-likelihood ratio of c cases inside against μ expected, of N in all; 0 unless c > μ. */
export function poissonLlr(c: number, mu: number, total: number): number {
  if (c <= mu || mu <= 0) return 0;
  const inside = c * Math.log(c / mu);
  const outside = total - c > 0 ? (total - c) * Math.log((total - c) / (total - mu)) : 0;
  return inside + outside;
}

interface Best {
  llr: number;
  size: number;
  window: number;
  observed: number;
  expected: number;
}

export function spaceTimeScan(input: ScanInput): Cluster[] {
  const C = input.cellCount;
  const D = input.days;
  const W = Math.max(1, Math.min(input.maxWindowDays, D));
  const minCases = input.minCases ?? 3;
  const maxShare = input.maxCaseShare ?? 0.5;
  const maxCells = input.maxCylinderCells ?? Number.POSITIVE_INFINITY;
  const scansPerDay = input.scansPerDay ?? 1;
  checkNeighbours(input.neighbours, C);

  const cellTotal = new Float64Array(C);
  const dayTotal = new Float64Array(D);
  /** Observed cases per cell in the last W days: [cell * W + t], t = 0 for the last day. */
  const recent = new Int32Array(C * W);
  let total = 0;
  for (const [cell, day, n] of input.counts) {
    if (!(cell >= 0 && cell < C && day >= 0 && day < D && Number.isInteger(n) && n >= 0))
      throw new Error(`bad count [${cell}, ${day}, ${n}]`);
    cellTotal[cell]! += n;
    dayTotal[day]! += n;
    total += n;
    const t = D - 1 - day;
    if (t < W) recent[cell * W + t]! += n;
  }
  if (total === 0) return [];

  // Expected cases in the last 1 … W days, all cells: Σ N_d over the window.
  const windowTotal = new Float64Array(W);
  for (let t = 0, s = 0; t < W; t++) {
    s += dayTotal[D - 1 - t]!;
    windowTotal[t] = s;
  }
  const maxCellCases = maxShare * total;

  // One pass over every cylinder: the highest LLR, and (for the real data) each centre's best.
  // No logarithm in the inner loop: ln c from a table, ln μ from the cells' and the window's
  // logs, and the outside term bounded first — (N − c)·ln(1 − a) ≤ −(N − c)·a with
  // a = (c − μ)/(N − μ) — so its log1p is taken only when the bound could beat the best so far.
  const maxRecent = windowTotal[W - 1]!;
  const lnCount = new Float64Array(maxRecent + 1);
  for (let c = 1; c <= maxRecent; c++) lnCount[c] = Math.log(c);
  const lnTotal = Math.log(total);
  const lnWindow = Float64Array.from(windowTotal, (x) => (x > 0 ? Math.log(x) : Number.NEGATIVE_INFINITY));
  // A cylinder's base and its share of all cases do not change between replications: its
  // share and the log of it are computed once per centre and prefix.
  const { offsets, sums: cylinderCases } = cylinderBases(input.neighbours, cellTotal, maxCells, maxCellCases);
  const cylinderShare = cylinderCases.map((cases) => cases / total);
  const lnCylinderShare = cylinderCases.map((cases) => Math.log(cases) - lnTotal);
  const cumulative = new Int32Array(C * W);
  const inside = new Float64Array(W);
  const scanAll = (counts: Int32Array, perCentre: Best[] | null): number => {
    for (let z = 0; z < C; z++) {
      let s = 0;
      for (let t = 0; t < W; t++) {
        s += counts[z * W + t]!;
        cumulative[z * W + t] = s;
      }
    }
    let best = 0;
    for (let z = 0; z < C; z++) {
      const nb = input.neighbours[z]!;
      inside.fill(0);
      let centreBest: Best | null = null;
      for (let i = offsets[z]!, k = 0; i < offsets[z + 1]!; i++, k++) {
        const base = nb[k]! * W;
        const scale = cylinderShare[i]!;
        const lnScale = lnCylinderShare[i]!;
        for (let t = 0; t < W; t++) {
          inside[t]! += cumulative[base + t]!;
          const c = inside[t]!;
          if (c < minCases) continue;
          const mu = scale * windowTotal[t]!;
          if (c <= mu) continue;
          const gain = c * (lnCount[c]! - lnScale - lnWindow[t]!);
          const excess = c - mu;
          const rest = total - mu;
          if (gain - (excess * (total - c)) / rest <= (perCentre ? (centreBest?.llr ?? 0) : best)) continue;
          const llr = total - c > 0 ? gain + (total - c) * Math.log1p(-excess / rest) : gain;
          if (llr > best) best = llr;
          if (perCentre && llr > (centreBest?.llr ?? 0))
            centreBest = { llr, size: k + 1, window: t + 1, observed: c, expected: mu };
        }
      }
      if (perCentre && centreBest) perCentre[z] = centreBest;
    }
    return best;
  };

  const perCentre: Best[] = [];
  scanAll(recent, perCentre);

  // Replications: the recent day labels (with their multiplicities) go to random cases.
  const caseCell = new Int32Array(total);
  for (let z = 0, i = 0; z < C; z++) for (let n = 0; n < cellTotal[z]!; n++) caseCell[i++] = z;
  const labels: number[] = [];
  for (let t = 0; t < W; t++) for (let n = 0; n < dayTotal[D - 1 - t]!; n++) labels.push(t);
  const order = new Int32Array(total);
  for (let i = 0; i < total; i++) order[i] = i;
  const random = mulberry32(input.seed);
  const replicate = new Int32Array(C * W);
  const maxima = new Float64Array(input.replications);
  for (let r = 0; r < input.replications; r++) {
    replicate.fill(0);
    for (let i = 0; i < labels.length; i++) {
      const j = i + Math.floor(random() * (total - i));
      const picked = order[j]!;
      order[j] = order[i]!;
      order[i] = picked;
      replicate[caseCell[picked]! * W + labels[i]!]! += 1;
    }
    maxima[r] = scanAll(replicate, null);
  }
  maxima.sort();

  // The most likely cluster, then secondary ones that share no cell with any before them,
  // each centre's best cylinder a candidate. Every p-value is against the distribution of the
  // replications' maximum, as SaTScan does by default: conservative for the secondary ones.
  const centres = perCentre
    .map((b, z) => ({ ...b, z }))
    .filter((b) => b !== undefined)
    .sort((a, b) => b.llr - a.llr || a.z - b.z);
  const used = new Uint8Array(C);
  const clusters: Cluster[] = [];
  for (const b of centres) {
    if (clusters.length >= (input.maxClusters ?? 10)) break;
    const cells = Array.from(input.neighbours[b.z]!.subarray(0, b.size));
    if (cells.some((c) => used[c])) continue;
    for (const c of cells) used[c] = 1;
    const p = monteCarloP(maxima, b.llr);
    const outsideRate = total - b.expected > 0 ? (total - b.observed) / (total - b.expected) : 1;
    clusters.push({
      cells,
      fromDay: D - b.window,
      toDay: D - 1,
      observed: b.observed,
      expected: b.expected,
      relativeRisk: outsideRate > 0 ? b.observed / b.expected / outsideRate : Number.POSITIVE_INFINITY,
      llr: b.llr,
      p,
      recurrenceDays: 1 / (p * scansPerDay),
    });
  }
  return clusters;
}

/**
 * Neighbour lists for the scan and for Gi*: for each cell, the cells of `cells` within
 * maxK rings, itself first, then ring by ring and, within a ring, by distance between
 * centres (ties by index), so every prefix is a compact cylinder base.
 */
export function h3Neighbours(cells: string[], maxK: number): Int32Array[] {
  const index = new Map(cells.map((c, i) => [c, i] as const));
  const centres = cells.map((c) => cellToLatLng(c));
  return cells.map((cell, i) => {
    const list: Array<{ at: number; ring: number; distance: number }> = [];
    gridDiskDistances(cell, maxK).forEach((ring, k) => {
      for (const other of ring) {
        const at = index.get(other);
        if (at === undefined) continue;
        list.push({ at, ring: k, distance: k === 0 ? 0 : greatCircleDistance(centres[i]!, centres[at]!, 'm') });
      }
    });
    list.sort((a, b) => a.ring - b.ring || a.distance - b.distance || a.at - b.at);
    return Int32Array.from(list, (n) => n.at);
  });
}
