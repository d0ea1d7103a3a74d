/**
 * The early-warning benchmark: one district's daily prospective space-time scan (tier 2),
 * as the 06:00 job runs it — about 2,000 H3 resolution-8 cells (a k = 25 disk around
 * 30.27 N 120.15 E, ≈ 1,440 km²: a large suburban district; an urban one such as 拱墅 is
 * ≈ 120 km², about 160 cells), cylinders of up to 3 rings × 1–7 days, a 365-day study period of about a million reports (1.4 a cell a
 * day, a district's year), 999 Monte Carlo replications, with the expectation-based scan of
 * today the job runs beside it (goal: both under 60 s on 2 cores) — and
 * the 15-minute CUSUM (tier 1) over 10,000 series (goal: under 2 s). Pure computation, no
 * database: the baselines, measured in the same run, are one pass that sums the counts by
 * cell and by day (what any scan must read) and the scan of the real data alone (0
 * replications), so the result reads as ratios.
 *
 *   npm run bench -- --suite warnings [--rings 25] [--replications 999] [--runs 5]
 */
import os from 'node:os';
import { gridDisk, latLngToCell } from 'h3-js';
import { expectationScan } from '../server/src/modules/warnings/detect/expectation.ts';
import { h3Neighbours, mulberry32, spaceTimeScan } from '../server/src/modules/warnings/detect/scan.ts';
import { detectRise } from '../server/src/modules/warnings/detect/temporal.ts';
import { writeResult } from './lib.ts';
import { poisson } from '../server/test/support/random.ts';

interface Timing {
  name: string;
  runs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

function repeat(name: string, runs: number, once: () => unknown): Timing {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    once();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))]! * 10) / 10;
  return { name, runs, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: Math.round(times[times.length - 1]! * 10) / 10 };
}

export function runWarningsScan(o: { rings: number; replications: number; runs: number }) {
  const cells = gridDisk(latLngToCell(30.27, 120.15, 8), o.rings);
  console.log(
    `\n== warnings: daily scan of ${cells.length} cells, k ≤ 3, 1–7 days, 365-day study, ${o.replications} replications, ${o.runs} runs, ${os.cpus().length} CPUs`,
  );
  const t0 = performance.now();
  const neighbours = h3Neighbours(cells, 3);
  const neighboursMs = Math.round(performance.now() - t0);
  const random = mulberry32(2026);
  const weekday = [1.15, 1.1, 1.1, 1.1, 1.05, 0.8, 0.7];
  const rates = cells.map(
    () => 1.4 * Math.exp(0.5 * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()) - 0.125),
  );
  const counts: Array<[number, number, number]> = [];
  let cases = 0;
  for (let z = 0; z < cells.length; z++)
    for (let d = 0; d < 365; d++) {
      const n = poisson(random, rates[z]! * weekday[d % 7]!);
      if (n > 0) counts.push([z, d, n]);
      cases += n;
    }
  console.log(`  ${cases} reports in ${counts.length} cell-days; neighbour lists in ${neighboursMs} ms`);
  const input = { cellCount: cells.length, neighbours, days: 365, counts, maxWindowDays: 7, seed: 1 };
  // The data's day-of-week factor repeats every 7 days; day kinds say the same to the expectation scan.
  const dayKinds = Array.from({ length: 365 }, (_, d) => d % 7);

  const sums = new Float64Array(cells.length + 365);
  const bare = repeat('bare pass: sum the counts by cell and by day', o.runs, () => {
    sums.fill(0);
    for (const [z, d, n] of counts) {
      sums[z]! += n;
      sums[cells.length + d]! += n;
    }
  });
  const realOnly = repeat('scan of the real data alone (0 replications)', o.runs, () =>
    spaceTimeScan({ ...input, replications: 0 }),
  );
  let top = '';
  const full = repeat(`permutation scan, ${o.replications} replications`, o.runs, () => {
    const [first] = spaceTimeScan({ ...input, replications: o.replications });
    top = first
      ? `${first.cells.length} cells, ${first.observed} vs ${first.expected.toFixed(1)}, p ${first.p}`
      : 'none';
  });
  console.log(`  most likely cluster on background data: ${top}`);
  let topToday = '';
  const today = repeat(`expectation scan of today, ${o.replications} replications`, o.runs, () => {
    const [first] = expectationScan({ ...input, dayKinds, replications: o.replications });
    topToday = first
      ? `${first.cells.length} cells, ${first.observed} vs ${first.expected.toFixed(1)}, p ${first.p}`
      : 'none';
  });
  console.log(`  most likely cluster of today on background data: ${topToday}`);
  const job: Timing = {
    name: 'the daily job: both scans (sum of the p50s, p95s, maxima)',
    runs: o.runs,
    p50Ms: Math.round((full.p50Ms + today.p50Ms) * 10) / 10,
    p95Ms: Math.round((full.p95Ms + today.p95Ms) * 10) / 10,
    maxMs: Math.round((full.maxMs + today.maxMs) * 10) / 10,
  };

  // Tier 1: 10,000 series of 35 days and today so far, as the 15-minute job would run them.
  const days = Array.from({ length: 35 }, (_, i) => new Date(Date.UTC(2025, 9, 1 + i)).toISOString().slice(0, 10));
  const series = Array.from({ length: 10_000 }, () => days.map(() => poisson(random, 2)));
  const cusum = repeat('CUSUM, 10,000 series × 35 days', o.runs, () => {
    for (const s of series) detectRise({ days, counts: s, today: '2025-11-05', todaySoFar: 1, dayFraction: 0.5 });
  });

  const row = (t: Timing) =>
    `| ${t.name} | ${t.runs} | ${t.p50Ms} | ${t.p95Ms} | ${t.maxMs} | ${(t.p50Ms / Math.max(0.1, bare.p50Ms)).toFixed(0)} |`;
  const perReplication = (full.p50Ms - realOnly.p50Ms) / Math.max(1, o.replications);
  const report = [
    `### warnings scan — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} CPUs (the scan uses one), ${cells.length} cells, ${cases} reports over 365 days`,
    '',
    '| what | runs | p50 ms | p95 ms | max ms | × bare pass (p50) |',
    '|---|---:|---:|---:|---:|---:|',
    row(job),
    row(full),
    row(today),
    row(realOnly),
    row(cusum),
    row(bare),
    '',
    `One replication: ${perReplication.toFixed(2)} ms (${(perReplication / Math.max(0.1, bare.p50Ms)).toFixed(1)} × the bare pass).`,
    `Goals: the daily scans under 60,000 ms (${job.p95Ms < 60_000 ? 'met' : 'NOT MET'} at p95), the CUSUM for a district under 2,000 ms (${cusum.p95Ms < 2000 ? 'met' : 'NOT MET'} at p95).`,
  ].join('\n');
  console.log(`\n${report}\n`);
  writeResult('warnings-scan', 'cpu', report);
}
