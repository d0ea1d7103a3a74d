import type { Intervals } from './tables.ts';

/**
 * What counts of an online lesson: only the seconds actually watched (Kolibri #2840). The
 * player reports the segments it played; each report may add at most the wall-clock time
 * since the previous one (times the fastest playback rate allowed), so seeking to the end
 * earns nothing, and played-twice seconds count once. Pure.
 */

/** Sorted, disjoint, merged intervals (touching ones joined), clipped to [0, length]. */
export function normalize(intervals: ReadonlyArray<readonly [number, number]>, length: number): Intervals {
  const clipped = intervals
    .map(([a, b]) => [Math.max(0, Math.min(a, length)), Math.max(0, Math.min(b, length))] as [number, number])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const out: Intervals = [];
  for (const [a, b] of clipped) {
    const last = out.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

export function covered(intervals: Intervals): number {
  return intervals.reduce((sum, [a, b]) => sum + (b - a), 0);
}

/** The parts of [a, b) not yet in the (normalized) watched intervals, in order. */
function gaps(watched: Intervals, a: number, b: number): Intervals {
  const out: Intervals = [];
  let from = a;
  for (const [x, y] of watched) {
    if (y <= from) continue;
    if (x >= b) break;
    if (x > from) out.push([from, Math.min(x, b)]);
    from = Math.max(from, y);
    if (from >= b) break;
  }
  if (from < b) out.push([from, b]);
  return out;
}

/**
 * Adds a report's segments to what was watched, crediting at most `budget` new seconds,
 * earliest part of each segment first. Returns the new intervals and the seconds credited.
 */
export function creditReport(
  watched: Intervals,
  segments: ReadonlyArray<readonly [number, number]>,
  length: number,
  budget: number,
): { watched: Intervals; credited: number } {
  let current = normalize(watched, length);
  let left = Math.max(0, budget);
  let credited = 0;
  for (const [a, b] of normalize(segments, length)) {
    if (left <= 0) break;
    for (const [x, y] of gaps(current, a, b)) {
      if (left <= 0) break;
      const take = Math.min(y - x, left);
      current = normalize([...current, [x, x + take]], length);
      left -= take;
      credited += take;
    }
  }
  return { watched: current, credited };
}

/** The budget of a report: the wall-clock seconds since the last heartbeat times the fastest rate, plus slack. */
export function reportBudget(lastHeartbeat: Date | null, now: Date, maxRate: number, slackSeconds = 2): number {
  if (!lastHeartbeat) return 0;
  const elapsed = Math.max(0, (now.getTime() - lastHeartbeat.getTime()) / 1000);
  return elapsed * maxRate + slackSeconds;
}

/** Whole percent of the lesson covered, rounded down (89.9 % is not 90 %). */
export function coveragePercent(watched: Intervals, length: number): number {
  if (length <= 0) return 0;
  return Math.floor((covered(watched) * 100) / length);
}
