import chineseDays from 'chinese-days';

/**
 * Tier 1 of early warning: is one series (the daily counts of one grid × category) rising
 * now? A Poisson CUSUM over the last week and today so far, against an expected level from
 * the 28 days before that week, with a factor for the kind of day: Monday … Sunday, a
 * statutory holiday (法定节假日), or a weekend day worked in exchange (调休上班). Pure: the
 * caller reads the counts and says which local day is today.
 */

// The package is CommonJS without named exports Node can see; take its default.
const { getDayDetail } = chineseDays;

/** Monday 0 … Sunday 6, then a statutory holiday 7 and a swapped working day 8. */
export type DayKind = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;
export const HOLIDAY: DayKind = 7;
export const SWAPPED_WORKDAY: DayKind = 8;
const KINDS = 9;

/**
 * The kind of a local date ('YYYY-MM-DD'). A holiday is a day off on the State Council's
 * notice, weekend days inside a holiday period included (they behave like the holiday, not
 * like an ordinary Saturday); a swapped working day is a Saturday or Sunday worked instead.
 * Years the installed chinese-days does not know yet come out as plain weekdays.
 */
export function dayKind(date: string): DayKind {
  let kind = kinds.get(date);
  if (kind === undefined) {
    kind = kindOf(date);
    if (kinds.size > 10_000) kinds.clear();
    kinds.set(date, kind);
  }
  return kind;
}

/** Kinds looked up already: the 15-minute tier asks for the same 36 days for every series. */
const kinds = new Map<string, DayKind>();

function kindOf(date: string): DayKind {
  const weekday = ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) as DayKind;
  const weekend = weekday >= 5;
  const detail = getDayDetail(date);
  // Ordinary days are named after the weekday; days of a notice carry "English,中文,n".
  const onNotice = detail.name.includes(',');
  if (detail.work && weekend) return SWAPPED_WORKDAY;
  if (!detail.work && (onNotice || !weekend)) return HOLIDAY;
  return weekday;
}

export interface RiseInput {
  /** Full local days before today, oldest first, without gaps (a day without reports counts 0). */
  days: string[];
  counts: number[];
  /** Today's local date. */
  today: string;
  /** Reports so far today; without it the statistic covers the full days only. */
  todaySoFar?: number;
  /** The share of a day's reports that usually has come in by now (0–1]; 1 when not given. */
  dayFraction?: number;
}

export interface Rise {
  /** Reports in the current excursion of the CUSUM (since `since`), or today's when there is none. */
  observed: number;
  /** Their expected number on the baseline. */
  expected: number;
  statistic: number;
  threshold: number;
  rising: boolean;
  /** The first day of the current excursion above zero; null when the statistic is 0. */
  since: string | null;
}

export interface RiseOptions {
  /** Days of baseline before the monitored week (28: the BioSense comparison of Xing et al. 2009). */
  baselineDays: number;
  /** Days monitored before today, kept out of the baseline so a rise does not raise its own bar. */
  monitorDays: number;
  /** The relative rise the CUSUM is tuned for (ρ: expected × ρ under a rise). */
  ratio: number;
  /** The decision limit h on the log-likelihood-ratio CUSUM. */
  threshold: number;
  /**
   * The floor on the expected count of a day (EARS minSigma): a Poisson sd of at least 0.5,
   * so a series that sees one report a month does not rise on its second one.
   */
  minExpected: number;
  /** Weight, in days, of the prior (factor 1) when estimating a kind of day's factor. */
  priorDays: number;
  /** Factors per DayKind from a larger pool (the street or district series), used instead of this series' own. */
  dayFactors?: ArrayLike<number>;
}

/**
 * ρ = 2 and h = 4. The CUSUM adds x·ln ρ − μ·(ρ − 1) a day, the log-likelihood ratio of a
 * doubling (reference value k = μ(ρ − 1)/ln ρ ≈ 1.44 μ in counts) against the expected μ,
 * and signals at h. Wald's bound only says the in-control average run length (ARL) is at
 * least e^h ≈ 55 days. With μ known exactly, Poisson overshoot makes it 280–420 days; but
 * μ is estimated from 28 days, and the statistic restarts with each 7-day window, which
 * costs about a factor three. Simulated as run (a new baseline every day, 150 series × 364
 * days, counting days between the starts of false rises): h = 3 gives an ARL of 57 days at
 * μ = 2 and 5 a day; h = 3.5, 83–85; h = 4, 114–124 — about α = 0.01 a day per series, the
 * ARL 100 of Hawkins & Olwell. Sparse series held at the floor are quieter (μ = 0.5: 740
 * days). A tripling is found in about 1.5 days at μ = 5 and 2.5 at μ = 2; a doubling of μ = 2
 * in about 6. The test checks the ARL at μ = 2.
 */
export const RISE_DEFAULTS: RiseOptions = {
  baselineDays: 28,
  monitorDays: 7,
  ratio: 2,
  threshold: 4,
  minExpected: 0.25,
  priorDays: 2,
};

/** Expected counts per kind of day, fitted on a baseline: a level × a factor per kind. */
export function baselineFactors(
  kinds: ArrayLike<DayKind>,
  counts: ArrayLike<number>,
  priorDays = RISE_DEFAULTS.priorDays,
): Float64Array {
  let total = 0;
  const sum = new Float64Array(KINDS);
  const n = new Float64Array(KINDS);
  for (let i = 0; i < counts.length; i++) {
    total += counts[i]!;
    sum[kinds[i]!]! += counts[i]!;
    n[kinds[i]!]! += 1;
  }
  const factors = new Float64Array(KINDS).fill(1);
  if (counts.length === 0 || total === 0) return factors;
  const mean = total / counts.length;
  // Shrunk towards a prior: 1 for Monday–Sunday; a holiday like a Sunday, a swapped working
  // day like the average working day, when the baseline has few or none of them.
  const shrink = (k: number, prior: number) => (sum[k]! + priorDays * prior * mean) / ((n[k]! + priorDays) * mean);
  for (let k = 0; k < 7; k++) factors[k] = shrink(k, 1);
  factors[HOLIDAY] = shrink(HOLIDAY, factors[6]!);
  factors[SWAPPED_WORKDAY] = shrink(
    SWAPPED_WORKDAY,
    (factors[0]! + factors[1]! + factors[2]! + factors[3]! + factors[4]!) / 5,
  );
  return factors;
}

/** Is this series rising: a Poisson CUSUM over the last `monitorDays` days and today so far. */
export function detectRise(input: RiseInput, options: Partial<RiseOptions> = {}): Rise {
  const o = { ...RISE_DEFAULTS, ...options };
  if (input.days.length !== input.counts.length) throw new Error('days and counts differ in length');
  const all = input.days.length;
  const monitored = Math.min(o.monitorDays, all);
  const baseFrom = Math.max(0, all - monitored - o.baselineDays);
  const baseTo = all - monitored;
  const kinds = input.days.map(dayKind);

  const baseKinds = kinds.slice(baseFrom, baseTo);
  const baseCounts = input.counts.slice(baseFrom, baseTo);
  const factors = o.dayFactors ? Float64Array.from(o.dayFactors) : baselineFactors(baseKinds, baseCounts, o.priorDays);
  let weight = 0;
  let total = 0;
  for (let i = 0; i < baseKinds.length; i++) {
    weight += factors[baseKinds[i]!]!;
    total += baseCounts[i]!;
  }
  const level = weight > 0 ? total / weight : 0;
  const expectedOn = (kind: DayKind, fraction: number) => Math.max(level * factors[kind]!, o.minExpected) * fraction;

  const steps: Array<{ day: string; observed: number; expected: number }> = [];
  for (let i = baseTo; i < all; i++)
    steps.push({ day: input.days[i]!, observed: input.counts[i]!, expected: expectedOn(kinds[i]!, 1) });
  if (input.todaySoFar !== undefined) {
    const fraction = Math.min(1, Math.max(input.dayFraction ?? 1, 1e-3));
    steps.push({ day: input.today, observed: input.todaySoFar, expected: expectedOn(dayKind(input.today), fraction) });
  }

  const lnRatio = Math.log(o.ratio);
  let statistic = 0;
  let start = -1;
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    const next = statistic + s.observed * lnRatio - s.expected * (o.ratio - 1);
    if (next <= 0) {
      statistic = 0;
      start = -1;
    } else {
      if (statistic === 0) start = i;
      statistic = next;
    }
  }
  let observed = 0;
  let expected = 0;
  const from = start >= 0 ? start : steps.length - 1;
  for (let i = Math.max(0, from); i < steps.length; i++) {
    observed += steps[i]!.observed;
    expected += steps[i]!.expected;
  }
  return {
    observed,
    expected,
    statistic,
    threshold: o.threshold,
    rising: statistic >= o.threshold,
    since: start >= 0 ? steps[start]!.day : null,
  };
}
