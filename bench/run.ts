/**
 * npm run bench — the benchmarks, each measured against baselines taken in the same
 * run (bare Fastify, bare SQL), so results read as ratios. On PGlite unless
 * DATABASE_URL is set. See docs/PERFORMANCE.md.
 *
 *   npm run bench -- [--suite platform|matters|statistics|points|ballots|servicemap|public|warnings|devices|oddjobs|all] [--seconds 10] [--connections 32]
 *                    [--people 600000] [--matters 1000000] [--stations 10000]
 *                    [--export-rows 100000]   (statistics: with --matters)
 *                    [--keep true]   (PostgreSQL: keep the filled databases and measure on them again next time)
 *                    [--residents 2000] [--levels 32,128,512] [--voters 10000] [--burst 256]
 *                    [--buildings 20000] [--stations 3000] [--runs 10]   (servicemap)
 *                    [--devices 10000] [--publishers 3] [--window 2000] [--rate 0]   (devices: PostgreSQL and mosquitto; not in all)
 *                    [--steps 5000,10000,15000,20000,25000,30000] [--overload-seconds 30]   (devices-overload, issue 21: the ceiling, then twice it)
 *                    [--postings 10000] [--seekers 100000] [--runs 2000]   (oddjobs; not in all)
 *                    [--rings 25] [--replications 999] [--runs 5]   (warnings: no database)
 */
import { runBallots } from './ballots.ts';
import { runDevices } from './devices.ts';
import { runDevicesOverload } from './devices-overload.ts';
import { runMatters } from './matters.ts';
import { runOddjobs } from './oddjobs.ts';
import { runPlatform } from './platform.ts';
import { runPoints } from './points.ts';
import { runPublic } from './public.ts';
import { runServiceMap } from './servicemap.ts';
import { runStatistics } from './statistics.ts';
import { runWarningsScan } from './warnings-scan.ts';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const options = {
  seconds: Number(args.get('seconds') ?? 10),
  connections: Number(args.get('connections') ?? 32),
  baseUrl: process.env.DATABASE_URL,
  keep: args.get('keep') === 'true',
};
const suite = args.get('suite') ?? 'all';

async function main() {
  if (suite === 'devices') {
    await runDevices({
      ...options,
      devices: Number(args.get('devices') ?? 10_000),
      publishers: Number(args.get('publishers') ?? 3),
      window: Number(args.get('window') ?? 2000),
      rate: Number(args.get('rate') ?? 0),
    });
  }
  if (suite === 'devices-overload') {
    await runDevicesOverload({
      ...options,
      devices: Number(args.get('devices') ?? 10_000),
      publishers: Number(args.get('publishers') ?? 2),
      window: Number(args.get('window') ?? 2000),
      steps: (args.get('steps') ?? '5000,10000,15000,20000,25000,30000').split(',').map(Number),
      overloadSeconds: Number(args.get('overload-seconds') ?? 30),
    });
  }
  if (suite === 'oddjobs') {
    await runOddjobs({
      ...options,
      postings: Number(args.get('postings') ?? 10_000),
      seekers: Number(args.get('seekers') ?? 100_000),
      runs: Number(args.get('runs') ?? 2000),
    });
  }
  if (suite === 'platform' || suite === 'all')
    await runPlatform({ ...options, people: Number(args.get('people') ?? 600_000) });
  if (suite === 'matters' || suite === 'all') {
    await runMatters({
      ...options,
      matters: Number(args.get('matters') ?? (options.baseUrl ? 1_000_000 : 100_000)),
      stations: Number(args.get('stations') ?? 10_000),
    });
  }
  if (suite === 'statistics' || suite === 'all') {
    await runStatistics({
      ...options,
      matters: Number(args.get('matters') ?? (options.baseUrl ? 1_000_000 : 100_000)),
      exportRows: Number(args.get('export-rows') ?? (options.baseUrl ? 100_000 : 20_000)),
    });
  }
  if (suite === 'points' || suite === 'all') {
    await runPoints({
      ...options,
      residents: Number(args.get('residents') ?? 2000),
      levels: (args.get('levels') ?? '32,128,512').split(',').map(Number),
    });
  }
  if (suite === 'ballots' || suite === 'all') {
    await runBallots({
      ...options,
      voters: Number(args.get('voters') ?? 10_000),
      burstConcurrency: Number(args.get('burst') ?? 256),
    });
  }
  if (suite === 'servicemap' || suite === 'all') {
    await runServiceMap({
      ...options,
      buildings: Number(args.get('buildings') ?? 20_000),
      stations: Number(args.get('stations') ?? 3000),
      runs: Number(args.get('runs') ?? 10),
    });
  }
  if (suite === 'public' || suite === 'all') await runPublic(options);
  if (suite === 'warnings' || suite === 'all') {
    runWarningsScan({
      rings: Number(args.get('rings') ?? 25),
      replications: Number(args.get('replications') ?? 999),
      runs: Number(args.get('runs') ?? 5),
    });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
