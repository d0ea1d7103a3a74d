import { errorFunction } from 'simple-statistics';

/**
 * Tier 3 of early warning, weekly, for planning: emerging hot spots as ArcGIS Pro's
 * Emerging Hot Spot Analysis defines them. Getis-Ord Gi* per cell per week (binary weights:
 * the cell and its ring-1 neighbours), Benjamini–Hochberg over the cells of each week, a
 * Mann–Kendall trend test on each cell's Gi* z-scores over the weeks, and the seventeen
 * classes (eight hot, eight cold, no pattern). Pure: counts in, classes out.
 */

/** Two-sided p-value of a standard normal z. */
export function normalTwoSided(z: number): number {
  return Math.min(1, Math.max(0, 1 - errorFunction(Math.abs(z) / Math.SQRT2)));
}

/**
 * Getis-Ord Gi* z-scores of one time slice: values per cell and, per cell, its neighbours
 * with itself included (binary weights). NaN-free: a slice without variation gives 0s.
 */
export function getisOrdGiStar(values: ArrayLike<number>, neighbours: ArrayLike<ArrayLike<number>>): Float64Array {
  const n = values.length;
  const z = new Float64Array(n);
  if (n < 2) return z;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    sum += values[i]!;
    squares += values[i]! * values[i]!;
  }
  const mean = sum / n;
  const s = Math.sqrt(Math.max(0, squares / n - mean * mean));
  if (s === 0) return z;
  for (let i = 0; i < n; i++) {
    const nb = neighbours[i]!;
    let local = 0;
    for (let k = 0; k < nb.length; k++) local += values[nb[k]!]!;
    const w = nb.length; // Σ w_ij = Σ w_ij² with binary weights
    const denominator = s * Math.sqrt((n * w - w * w) / (n - 1));
    z[i] = denominator > 0 ? (local - mean * w) / denominator : 0;
  }
  return z;
}

export interface MannKendall {
  /** S = Σ_{i<j} sign(x_j − x_i). */
  s: number;
  variance: number;
  z: number;
  p: number;
}

/** The Mann–Kendall trend test with the correction for ties and for continuity. */
export function mannKendall(series: ArrayLike<number>): MannKendall {
  const n = series.length;
  let s = 0;
  for (let i = 0; i < n - 1; i++) for (let j = i + 1; j < n; j++) s += Math.sign(series[j]! - series[i]!);
  const groups = new Map<number, number>();
  for (let i = 0; i < n; i++) groups.set(series[i]!, (groups.get(series[i]!) ?? 0) + 1);
  let ties = 0;
  for (const t of groups.values()) ties += t * (t - 1) * (2 * t + 5);
  const variance = (n * (n - 1) * (2 * n + 5) - ties) / 18;
  const z = variance > 0 ? (s > 0 ? (s - 1) / Math.sqrt(variance) : s < 0 ? (s + 1) / Math.sqrt(variance) : 0) : 0;
  return { s, variance, z, p: normalTwoSided(z) };
}

/**
 * Benjamini–Hochberg: which p-values are discoveries at false-discovery rate q, and the
 * adjusted p-values (q-values), in the order given.
 */
export function benjaminiHochberg(
  pValues: ArrayLike<number>,
  q: number,
): { significant: boolean[]; adjusted: number[] } {
  const m = pValues.length;
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => pValues[a]! - pValues[b]! || a - b);
  const adjusted = new Array<number>(m).fill(1);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const i = order[rank - 1]!;
    running = Math.min(running, (pValues[i]! * m) / rank);
    adjusted[i] = running;
  }
  return { significant: adjusted.map((a) => a <= q), adjusted };
}

export const HOT_SPOT_CLASSES = [
  'new',
  'consecutive',
  'intensifying',
  'persistent',
  'diminishing',
  'sporadic',
  'oscillating',
  'historical',
] as const;
export type SpotClass = (typeof HOT_SPOT_CLASSES)[number];
export type EmergingClass = `${SpotClass}_hot` | `${SpotClass}_cold` | 'no_pattern';

export interface EmergingInput {
  /** Counts per cell per week: counts[cell][week], oldest week first. */
  counts: ArrayLike<ArrayLike<number>>;
  /** Gi* neighbours per cell, itself included (h3Neighbours(cells, 1)). */
  neighbours: ArrayLike<ArrayLike<number>>;
}

export interface EmergingOptions {
  /** False-discovery rate for a cell-week to count as a hot or cold spot (BH within each week). */
  alpha: number;
  /** Significance of the Mann–Kendall trend. */
  trendAlpha: number;
  /** The share of weeks that makes a spot persistent, intensifying, diminishing or historical (ArcGIS: 90%). */
  mostWeeks: number;
}

export const EMERGING_DEFAULTS: EmergingOptions = { alpha: 0.05, trendAlpha: 0.05, mostWeeks: 0.9 };

export interface EmergingSpot {
  cell: number;
  kind: EmergingClass;
  /** Per week: +1 significant hot, −1 significant cold, 0 neither. */
  bins: Int8Array;
  /** The Gi* z-score of each week. */
  z: Float64Array;
  trend: MannKendall;
}

/**
 * ArcGIS definitions, for hot (cold mirrors them). With n weeks, "most" = at least 90%:
 * - new: hot in the last week only, never before;
 * - consecutive: an unbroken run of two or more hot weeks ending in the last, never hot
 *   before the run, and hot in fewer than most weeks;
 * - intensifying / persistent / diminishing: hot in most weeks including the last, with a
 *   significant rising / no / a significant falling trend of the z-scores;
 * - sporadic: hot in the last week, on and off before, fewer than most, never cold;
 * - oscillating: hot in the last week, cold in some earlier one, fewer than most;
 * - historical: not hot in the last week but hot in most weeks.
 */
export function classify(bins: ArrayLike<number>, trend: MannKendall, options: EmergingOptions): EmergingClass {
  for (const sign of [1, -1]) {
    const suffix = sign > 0 ? '_hot' : '_cold';
    const n = bins.length;
    let count = 0;
    let opposite = 0;
    for (let i = 0; i < n; i++) {
      if (bins[i] === sign) count++;
      else if (bins[i] === -sign) opposite++;
    }
    if (count === 0) continue;
    const last = bins[n - 1] === sign;
    const most = count >= options.mostWeeks * n;
    // The trend "up" for a hot spot is a rising z; for a cold spot, a falling one (colder).
    const trending = trend.p < options.trendAlpha ? Math.sign(trend.z) * sign : 0;
    if (last && most) {
      if (trending > 0) return `intensifying${suffix}`;
      if (trending < 0) return `diminishing${suffix}`;
      return `persistent${suffix}`;
    }
    if (!last && most) return `historical${suffix}`;
    if (!last) continue;
    if (count === 1) return `new${suffix}`;
    let run = 0;
    while (run < n && bins[n - 1 - run] === sign) run++;
    if (run === count) return `consecutive${suffix}`;
    if (opposite > 0) return `oscillating${suffix}`;
    return `sporadic${suffix}`;
  }
  return 'no_pattern';
}

/** Gi* per cell per week, BH per week, Mann–Kendall per cell, and the class of every cell. */
export function emergingHotSpots(input: EmergingInput, options: Partial<EmergingOptions> = {}): EmergingSpot[] {
  const o = { ...EMERGING_DEFAULTS, ...options };
  const cells = input.counts.length;
  const weeks = cells > 0 ? input.counts[0]!.length : 0;
  const z = Array.from({ length: cells }, () => new Float64Array(weeks));
  const bins = Array.from({ length: cells }, () => new Int8Array(weeks));
  const slice = new Float64Array(cells);
  for (let w = 0; w < weeks; w++) {
    for (let c = 0; c < cells; c++) slice[c] = input.counts[c]![w]!;
    const g = getisOrdGiStar(slice, input.neighbours);
    const { significant } = benjaminiHochberg(Array.from(g, normalTwoSided), o.alpha);
    for (let c = 0; c < cells; c++) {
      z[c]![w] = g[c]!;
      if (significant[c]) bins[c]![w] = g[c]! > 0 ? 1 : -1;
    }
  }
  return z.map((series, cell) => {
    const trend = mannKendall(series);
    return { cell, kind: classify(bins[cell]!, trend, o), bins: bins[cell]!, z: series, trend };
  });
}
