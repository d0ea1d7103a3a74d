/**
 * The rise tier's in-control average run length: days between false rises of `detectRise`
 * on seeded Poisson series with no rise, by decision limit and mean reports a day. It sets
 * WARNING_RISE_THRESHOLD against the number of series a street has (docs/PERFORMANCE.md).
 *
 *   node --import tsx bench/warnings-rise-arl.ts      (≈ 1 minute)
 */
import { mulberry32 } from '../server/src/modules/warnings/detect/scan.ts';
import { detectRise } from '../server/src/modules/warnings/detect/temporal.ts';
import { poisson } from '../server/test/support/random.ts';

const SERIES = 60;
const DAYS = 400;
const HISTORY = 35;
const start = Date.parse('2025-01-06T00:00:00Z');
const dates = Array.from({ length: DAYS }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
const random = mulberry32(1);

for (const threshold of [4, 5, 6]) {
  const cells: string[] = [];
  for (const mean of [0.05, 0.2, 0.5, 1, 3]) {
    let rises = 0;
    let watched = 0;
    for (let s = 0; s < SERIES; s++) {
      const counts = dates.map(() => poisson(random, mean));
      let rising = false;
      for (let d = HISTORY + 1; d < DAYS; d++) {
        const rise = detectRise(
          {
            days: dates.slice(d - HISTORY, d),
            counts: counts.slice(d - HISTORY, d),
            today: dates[d]!,
            todaySoFar: counts[d]!,
          },
          { threshold },
        );
        if (rise.rising && !rising) rises++;
        rising = rise.rising;
        watched++;
      }
    }
    cells.push(`μ ${mean}: ${rises === 0 ? `> ${watched}` : Math.round(watched / rises)} days`);
  }
  console.log(`h = ${threshold}: ${cells.join(', ')}`);
}
