/**
 * The matters benchmark, at a district's yearly volume: a million matters (most of
 * them closed long ago, a few hundred open per grid) and ten thousand service
 * stations. Measures the worker's queue, the overdue queue, the clustered map, the
 * nearest open station and filing a new matter under concurrent load, against bare
 * Fastify, the queue's own SQL sent raw, and a raw insert of a matter row.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../server/src/db/connection.ts';
import * as mattersRepo from '../server/src/modules/matters/repository.ts';
import { cellAt } from '../server/src/platform/geo.ts';
import {
  kindOf,
  load,
  login,
  loopLoad,
  prepareDatabase,
  startChild,
  table,
  writeResult,
  type BenchOptions,
  type Measurement,
} from './lib.ts';
import { createdNow } from '../server/src/platform/clock.ts';

/** A seeded random source, so each run builds the same data. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A year of matters at the demo's buildings, and service stations; the statistics bench builds on it. */
export async function fillMatters(database: Database, matters: number, stations: number) {
  const { db } = database;
  const rnd = random(7);
  let t0 = performance.now();
  // Stations scattered over the Hangzhou and Hefei districts of the demo.
  const areas = [
    { lat: [30.26, 30.38], lng: [120.12, 120.2] },
    { lat: [30.27, 30.31], lng: [119.98, 120.03] },
    { lat: [31.85, 31.89], lng: [117.29, 117.34] },
  ];
  const community = (
    await db.selectFrom('org.divisions').select('id').where('level', '=', 'community').executeTakeFirstOrThrow()
  ).id;
  const rows: Parameters<typeof mattersRepo.insertStations>[1] = [];
  for (let i = 0; i < stations; i++) {
    const area = areas[i % areas.length]!;
    const lat = area.lat[0]! + rnd() * (area.lat[1]! - area.lat[0]!);
    const lng = area.lng[0]! + rnd() * (area.lng[1]! - area.lng[0]!);
    rows.push({
      ...createdNow(new Date()),
      kind: (['party_service_center', 'warm_station', 'courier_station'] as const)[i % 3]!,
      name: `站点${i}`,
      division_id: community,
      lat,
      lng,
      facilities: i % 2 ? ['water', 'charger'] : ['water', 'toilet'],
      opening_hours: JSON.stringify(
        i % 4 === 0
          ? { always: true }
          : { weekly: { '1': [['08:30', '17:30']], '3': [['08:30', '17:30']], '5': [['08:30', '17:30']] } },
      ),
    });
  }
  await mattersRepo.insertStations(db, rows, new Date());
  console.log(`  ${stations} stations in ${Math.round(performance.now() - t0)} ms`);

  // Matters at the buildings, H3 cells worked out here (PostgreSQL has no H3).
  t0 = performance.now();
  const buildings = await db
    .selectFrom('org.buildings')
    .select(['id', 'lat', 'lng', 'community_id', 'grid_id'])
    .where('lat', 'is not', null)
    .orderBy('id')
    .execute();
  const workers = await db
    .selectFrom('auth.role_grants as g')
    .innerJoin('auth.users as u', 'u.id', 'g.user_id')
    .select(['g.grid_id', 'u.id', 'u.display_name'])
    .where('g.role', '=', 'grid_worker')
    .execute();
  const categories = await db
    .selectFrom('matters.categories')
    .select('id')
    .where('kind', '=', 'report')
    .where('parent_id', 'is not', null)
    .orderBy('id')
    .execute();
  await database.exec(
    `create table bench_places (n int primary key, lat float8, lng float8, h5 text, h7 text, h9 text, division_id int, grid_id int, assignee int, assignee_name text)`,
  );
  const values = buildings.map((b, n) => {
    const w = workers.find((x) => x.grid_id === b.grid_id);
    return `(${n}, ${b.lat}, ${b.lng}, '${cellAt(b.lat!, b.lng!, 5)}', '${cellAt(b.lat!, b.lng!, 7)}', '${cellAt(b.lat!, b.lng!, 9)}', ${b.community_id}, ${b.grid_id ?? 'null'}, ${w?.id ?? 'null'}, ${w ? `'${w.display_name}'` : 'null'})`;
  });
  await database.exec(`insert into bench_places values ${values.join(',')}`);
  await database.exec(`create table bench_categories (n int primary key, id int)`);
  await database.exec(`insert into bench_categories values ${categories.map((c, n) => `(${n}, ${c.id})`).join(',')}`);
  // A year of matters: 97 % closed, 1 % resolved, 2 % still open with deadlines ahead or just past.
  await database.exec(`
    insert into matters.matters (code, category_id, kind, status, level, department, urgency, source, description,
      reporter_name, lat, lng, address, h3_r5, h3_r7, h3_r9, division_id, grid_id, assignee_user_id, assignee_name,
      attributes, accept_due_at, resolve_due_at, created_at, updated_at, resolved_at, closed_at)
    select 'B' || lpad(g::text, 9, '0'), c.id, 'report',
      case when g % 100 < 97 then 'closed' when g % 100 = 97 then 'resolved' when g % 100 = 98 then 'reported' else 'in_progress' end,
      'grid', 'urban_management', 'normal', 'resident_h5', '基准测试事项 ' || g,
      '居民', p.lat + ((g % 17) - 8) * 0.00002, p.lng + ((g % 13) - 6) * 0.00002, '', p.h5, p.h7, p.h9, p.division_id, p.grid_id,
      p.assignee, p.assignee_name, '{}'::jsonb,
      now() - ((g % 365) || ' days')::interval + interval '2 hours',
      now() - ((g % 365) || ' days')::interval + interval '3 days',
      now() - ((g % 365) || ' days')::interval, now(),
      case when g % 100 <= 97 then now() - ((g % 365) || ' days')::interval + interval '1 day' end,
      case when g % 100 < 97 then now() - ((g % 365) || ' days')::interval + interval '2 days' end
    from generate_series(1, ${matters}) g
    join bench_places p on p.n = g % (select count(*) from bench_places)
    join bench_categories c on c.n = g % (select count(*) from bench_categories)`);
  for (const res of [5, 7, 9]) {
    await database.exec(`
      insert into matters.cell_counts (res, cell, division_id, grid_id, open_count, total_count, lat_sum, lng_sum)
      select ${res}, h3_r${res}, division_id, coalesce(grid_id, 0),
        count(*) filter (where status not in ('closed', 'rejected', 'duplicate')), count(*), sum(lat), sum(lng)
      from matters.matters group by h3_r${res}, division_id, coalesce(grid_id, 0)
      on conflict (res, division_id, grid_id, cell) do update set open_count = excluded.open_count, total_count = excluded.total_count,
        lat_sum = excluded.lat_sum, lng_sum = excluded.lng_sum`);
  }
  await database.exec(`drop table bench_places; drop table bench_categories; analyze;`);
  console.log(`  ${matters} matters in ${Math.round(performance.now() - t0)} ms`);
}

export async function runMatters(o: BenchOptions & { matters: number; stations: number }) {
  const kind = kindOf(o);
  const { seconds, connections } = o;
  console.log(
    `\n== matters on ${kind}: ${o.matters} matters, ${o.stations} stations, ${connections} connections, ${seconds} s per measurement, ${os.cpus().length} CPUs`,
  );
  const prepared = await prepareDatabase(o, 'matters', (database) => fillMatters(database, o.matters, o.stations));

  const api = await startChild('api', prepared.env);
  const base = `http://127.0.0.1:${api.port}`;
  const worker = await login(api.port, 'grid_datieguan_01');
  const community = await login(api.port, 'community_datieguan');
  const admin = await login(api.port, 'admin');
  const resident = await login(api.port, 'resident_demo');
  const queueUrl = `${base}/api/matters?queue=mine&limit=20`;
  const payloadFile = path.join(prepared.dataDir, 'payload.json');
  const sample = await fetch(queueUrl, { headers: { cookie: worker.cookie } });
  const sampleBody = await sample.text();
  fs.writeFileSync(payloadFile, sampleBody);
  const queueSize = (await (
    await fetch(`${base}/api/matters?queue=mine&withTotal=true&limit=1`, { headers: { cookie: worker.cookie } })
  ).json()) as { total: number };
  const building = (
    (await (
      await fetch(`${base}/api/org/buildings?q=${encodeURIComponent('打铁关小区1幢')}`, {
        headers: { cookie: admin.cookie },
      })
    ).json()) as { items: Array<{ lat: number; lng: number }> }
  ).items[0]!;
  const categories = (
    (await (await fetch(`${base}/api/matters/categories`, { headers: { cookie: resident.cookie } })).json()) as {
      items: Array<{ id: number; code: string }>;
    }
  ).items;
  const fireLane = categories.find((c) => c.code === 'community.fire_safety.blocked_lane')!.id;

  const results: Measurement[] = [];
  results.push(
    await load(`GET /api/matters?queue=mine (grid worker, ${queueSize.total} open)`, queueUrl, {
      connections,
      seconds,
      headers: { cookie: worker.cookie },
    }),
  );
  // Latency at a steady 100 requests a second — a district's 600 grid workers refreshing
  // their queue every six seconds — rather than at saturation.
  const steady = await load(`GET /api/matters?queue=mine at a steady 100 req/s`, queueUrl, {
    connections: 10,
    seconds,
    rate: 100,
    headers: { cookie: worker.cookie },
  });
  results.push(steady);
  results.push(
    await load('GET /api/matters?queue=grid (grid worker)', `${base}/api/matters?queue=grid&limit=20`, {
      connections,
      seconds,
      headers: { cookie: worker.cookie },
    }),
  );
  results.push(
    await load('GET /api/matters?queue=overdue (community admin)', `${base}/api/matters?queue=overdue&limit=20`, {
      connections,
      seconds,
      headers: { cookie: community.cookie },
    }),
  );
  results.push(
    await load(
      'GET /api/matters/map zoom 11 (district admin, clusters)',
      `${base}/api/matters/map?south=30.2&west=119.9&north=30.45&east=120.25&zoom=11`,
      { connections, seconds, headers: { cookie: admin.cookie } },
    ),
  );
  results.push(
    await load(
      `GET /api/stations/nearest (${o.stations} stations, open now)`,
      `${base}/api/stations/nearest?lat=${building.lat}&lng=${building.lng}&limit=3`,
      { connections, seconds, headers: { cookie: resident.cookie } },
    ),
  );
  const create = await load('POST /api/matters (file a report: route, deadlines, notices)', `${base}/api/matters`, {
    connections,
    seconds,
    method: 'POST',
    headers: { cookie: resident.cookie, 'x-csrf-token': resident.csrf, 'content-type': 'application/json' },
    body: JSON.stringify({
      categoryId: fireLane,
      description: '基准测试：消防通道被堵',
      lat: building.lat,
      lng: building.lng,
    }),
  });
  results.push(create);
  await api.stop();

  const bare = await startChild('bare', { BARE_PAYLOAD_FILE: payloadFile });
  const bareFastify = await load('bare Fastify, same JSON body as the queue', `http://127.0.0.1:${bare.port}/bare`, {
    connections,
    seconds,
  });
  await bare.stop();

  // The queue's SQL, captured from the repository and replayed raw; and a raw insert of a matter.
  let captured: { sql: string; parameters: readonly unknown[] } | null = null;
  const database = await prepared.open((event) => {
    if (event.level === 'query' && event.query.sql.includes('from "matters"."matters"')) captured ??= event.query;
  });
  const workerRow = await database.db
    .selectFrom('auth.users')
    .select('id')
    .where('username', '=', 'grid_datieguan_01')
    .executeTakeFirstOrThrow();
  const grant = await database.db
    .selectFrom('auth.role_grants')
    .select('grid_id')
    .where('user_id', '=', workerRow.id)
    .executeTakeFirstOrThrow();
  await mattersRepo.listMatters(
    database.db,
    { area: { divisionIds: [], gridIds: [grant.grid_id!] }, departments: [] },
    { queue: 'mine' },
    workerRow.id,
    new Date(),
    null,
    20,
  );
  const q = captured as { sql: string; parameters: readonly unknown[] } | null;
  if (!q) throw new Error('query not captured');
  const run = (text: string, params: unknown[]) =>
    o.baseUrl ? database.runner.executeSql(text, params) : database.pglite!.query(text, params);
  const bareSql = await loopLoad(`bare SQL: the queue query on ${kind}`, connections, seconds, () =>
    run(q.sql, [...q.parameters]),
  );
  let n = 0;
  const insertSql = `insert into matters.matters (code, category_id, kind, status, source, description, division_id, grid_id, lat, lng, attributes, created_at, updated_at)
    values ($1, $2, 'report', 'reported', 'bench', '基准测试', $3, $4, $5, $6, '{}', $7, $7)`;
  const place = await database.db
    .selectFrom('org.grids')
    .select(['id', 'community_id'])
    .where('id', '=', grant.grid_id!)
    .executeTakeFirstOrThrow();
  const bareInsert = await loopLoad('bare SQL: one insert of a matter row', connections, seconds, () =>
    run(insertSql, [
      `X${process.pid}-${n++}`,
      fireLane,
      place.community_id,
      place.id,
      building.lat,
      building.lng,
      new Date(),
    ]),
  );
  await database.close();
  await prepared.drop();

  const report = [
    `### matters on ${kind} — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} CPUs, ${o.matters} matters, ${o.stations} stations, ${connections} connections, ${seconds} s each`,
    '',
    table([...results.filter((r) => r !== create), bareFastify, bareSql], { fastify: bareFastify, sql: bareSql }),
    '',
    'Filing a matter, against a raw insert of a matter row:',
    '',
    table([create, bareInsert], { fastify: bareFastify, sql: bareInsert }),
  ].join('\n');
  console.log(`\n${report}\n`);
  writeResult('matters', kind, report);
}
