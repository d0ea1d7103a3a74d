/**
 * The service map benchmark (服务一张图, the 15-minute life circle): a district of about
 * 20,000 located buildings with ~600,000 residents and ~3,000 service stations over a box of
 * about 14 × 12 km. Times GET /api/service-map/coverage for the whole district (goal: under
 * 10 s on 2 cores) and a what-if of five candidate stations for one community (goal: under
 * 1 s), one request at a time, against the raw SQL that reads the same buildings (with their
 * residents) and stations, in the same run.
 */
import os from 'node:os';
import * as mattersRepo from '../server/src/modules/matters/repository.ts';
import { STATION_KINDS } from '../server/src/modules/matters/tables.ts';
import { kindOf, login, prepareDatabase, startChild, writeResult, type BenchOptions } from './lib.ts';

/** A seeded random source, so each run builds the same district. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** About 12 km north–south and 14 km east–west at 30°N: a district like 瑶海 or 拱墅. */
const BOX = { south: 30.25, north: 30.358, west: 120.1, east: 120.245 };

interface Timing {
  name: string;
  runs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

/** One request at a time, `runs` times: a recompute is measured alone, not under load. */
async function repeat(name: string, runs: number, once: () => Promise<unknown>): Promise<Timing> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await once();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))]!);
  return { name, runs, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: Math.round(times[times.length - 1]!) };
}

export async function runServiceMap(o: BenchOptions & { buildings: number; stations: number; runs: number }) {
  const kind = kindOf(o);
  console.log(
    `\n== service map on ${kind}: ${o.buildings} buildings, ${o.stations} stations, ${o.runs} runs each, ${os.cpus().length} CPUs`,
  );
  let districtId = 0;
  let communityIds: number[] = [];
  const prepared = await prepareDatabase(o, 'servicemap', async (database) => {
    const { db } = database;
    const rnd = random(15);
    let t0 = performance.now();
    districtId = (
      await db
        .selectFrom('org.divisions')
        .select('id')
        .where('level', '=', 'district')
        .orderBy('id')
        .executeTakeFirstOrThrow()
    ).id;
    communityIds = (
      await db
        .selectFrom('org.divisions')
        .select('id')
        .where('level', '=', 'community')
        .where('path', 'like', `%/${districtId}/%`)
        .orderBy('id')
        .execute()
    ).map((c) => c.id);
    // Buildings spread over the box, each in one of the district's communities; then 20–40
    // residents in each (about 30 on average: 600,000 for 20,000 buildings).
    const stamp = new Date().toISOString();
    for (let from = 0; from < o.buildings; from += 5000) {
      const values: string[] = [];
      for (let i = from; i < Math.min(o.buildings, from + 5000); i++) {
        const lat = BOX.south + rnd() * (BOX.north - BOX.south);
        const lng = BOX.west + rnd() * (BOX.east - BOX.west);
        const community = communityIds[i % communityIds.length]!;
        values.push(`(${community}, 'SM-${i}', '压测楼${i}幢', ${lat}, ${lng}, '${stamp}', '${stamp}')`);
      }
      await database.exec(
        `insert into org.buildings (community_id, code, name, lat, lng, created_at, updated_at) values ${values.join(',')}`,
      );
    }
    await database.exec(`
      insert into org.persons (community_id, building_id, name, created_at, updated_at)
      select b.community_id, b.id, '居民' || g, '${stamp}'::timestamptz, '${stamp}'::timestamptz
      from org.buildings b cross join lateral generate_series(1, 20 + b.id % 21) g
      where b.code like 'SM-%'`);
    console.log(`  ${o.buildings} buildings and their residents in ${Math.round(performance.now() - t0)} ms`);

    // Stations of every kind but the fire station, each offering its kind's services.
    t0 = performance.now();
    const kinds = STATION_KINDS.filter((k) => k !== 'fire_station');
    const rows: Parameters<typeof mattersRepo.insertStations>[1] = [];
    for (let i = 0; i < o.stations; i++) {
      rows.push({
        kind: kinds[i % kinds.length]!,
        name: `压测站点${i}`,
        division_id: communityIds[i % communityIds.length]!,
        lat: BOX.south + rnd() * (BOX.north - BOX.south),
        lng: BOX.west + rnd() * (BOX.east - BOX.west),
        opening_hours: JSON.stringify({ always: true }),
      });
    }
    await mattersRepo.insertStations(db, rows, new Date());
    await database.exec('analyze');
    console.log(`  ${o.stations} stations in ${Math.round(performance.now() - t0)} ms`);
  });

  const api = await startChild('api', prepared.env);
  const admin = await login(api.port, 'admin');
  const base = `http://127.0.0.1:${api.port}/api/service-map`;
  const headers = { cookie: admin.cookie };
  const get = async (url: string) => {
    const res = await fetch(url, { headers });
    if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ residents: number; buildings: number; computedMs: number }>;
  };
  const first = await get(`${base}/coverage?areaId=${districtId}`);
  console.log(
    `  district: ${first.buildings} located buildings, ${first.residents} residents; first coverage ${first.computedMs} ms on the server`,
  );
  const coverage = await repeat(`GET /api/service-map/coverage (district, ${first.buildings} buildings)`, o.runs, () =>
    get(`${base}/coverage?areaId=${districtId}`),
  );
  const community = communityIds[0]!;
  const candidates = Array.from({ length: 5 }, (_, i) => ({
    lat: BOX.south + ((i + 1) / 6) * (BOX.north - BOX.south),
    lng: BOX.west + ((i + 1) / 6) * (BOX.east - BOX.west),
    services: ['medical', 'elderly_care', 'canteen'],
  }));
  const whatIf = await repeat('POST /api/service-map/what-if (a community, 5 candidates)', o.runs, async () => {
    const res = await fetch(`${base}/what-if`, {
      method: 'POST',
      headers: { ...headers, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ areaId: community, stations: candidates }),
    });
    if (!res.ok) throw new Error(`what-if: ${res.status} ${await res.text()}`);
    await res.json();
  });
  await api.stop();

  // The baseline: the same reads as raw SQL, with nothing computed.
  const database = await prepared.open();
  const run = (text: string, params: unknown[]) =>
    o.baseUrl ? database.runner.executeSql(text, params) : database.pglite!.query(text, params);
  const everyDivision = (
    await database.db.selectFrom('org.divisions').select('id').where('path', 'like', `%/${districtId}/%`).execute()
  ).map((d) => d.id);
  const bareSql = await repeat('bare SQL: the same buildings with residents, and stations', o.runs, async () => {
    await run(
      `select b.id, b.name, b.community_id, b.grid_id, b.lat, b.lng,
         (select count(*)::int from org.persons p where p.building_id = b.id) as residents
       from org.buildings b where b.community_id = any($1) and b.lat is not null and b.lng is not null order by b.id`,
      [everyDivision],
    );
    await run(
      `select id, name, kind, services, capacity, lat, lng from matters.stations
       where active and location <@ box(point($1, $2), point($3, $4)) and cardinality(services) > 0 order by id`,
      [BOX.west - 0.01, BOX.south - 0.01, BOX.east + 0.01, BOX.north + 0.01],
    );
  });
  await database.close();
  await prepared.drop();

  const row = (t: Timing) =>
    `| ${t.name} | ${t.runs} | ${t.p50Ms} | ${t.p95Ms} | ${t.maxMs} | ${(t.p50Ms / Math.max(1, bareSql.p50Ms)).toFixed(1)} |`;
  const report = [
    `### service map on ${kind} — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} CPUs, ${first.buildings} buildings, ${first.residents} residents, ${o.stations} stations, one request at a time`,
    '',
    '| what | runs | p50 ms | p95 ms | max ms | × bare SQL (p50) |',
    '|---|---:|---:|---:|---:|---:|',
    row(coverage),
    row(whatIf),
    row(bareSql),
    '',
    `Goals: coverage of a district under 10,000 ms (${coverage.p95Ms < 10_000 ? 'met' : 'NOT MET'} at p95), a community's what-if under 1,000 ms (${whatIf.p95Ms < 1000 ? 'met' : 'NOT MET'} at p95).`,
  ].join('\n');
  console.log(`\n${report}\n`);
  writeResult('servicemap', kind, report);
}
