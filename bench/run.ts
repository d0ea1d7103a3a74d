/**
 * npm run bench — measures API routes under concurrent load against two baselines
 * measured in the same run: a bare Fastify route sending a body of the same size,
 * and the route's main SQL query sent straight to the database. Also times a
 * 10,000-row CSV import end to end. On PGlite unless DATABASE_URL is set.
 *
 *   npm run bench -- [--people 600000] [--seconds 10] [--connections 32]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openPglite, openPostgres, type Database } from '../server/src/db/connection.ts';
import { migrateToLatest } from '../server/src/db/migrate.ts';
import * as personsRepo from '../server/src/modules/org/repository.ts';
import { seedDemo } from '../server/src/seed/demo.ts';
import { PERSON_HEADER, multipart, personRows } from '../server/test/support/csv.ts';
import { load, loopLoad, repoRoot, startChild, table, type Measurement } from './lib.ts';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const people = Number(args.get('people') ?? 600_000);
const seconds = Number(args.get('seconds') ?? 10);
const connections = Number(args.get('connections') ?? 32);
const baseUrl = process.env.DATABASE_URL;
const kind = baseUrl ? 'postgres' : 'pglite';

async function adminSql(text: string) {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  await client.query(text);
  await client.end();
}

/** Demo data plus synthetic people spread over every building, to district scale. */
async function fill(database: Database) {
  await migrateToLatest(database);
  await seedDemo(database);
  const t0 = performance.now();
  await database.exec(`
    insert into org.persons (community_id, grid_id, building_id, name, gender, tags, phone, id_number)
    select b.community_id, b.grid_id, b.id, '居民' || g,
      case when g % 2 = 0 then 'male' else 'female' end,
      case when g % 20 = 0 then '{elderly_alone}'::text[] when g % 7 = 0 then '{party_member}'::text[] else '{}'::text[] end,
      '139' || lpad((g % 100000000)::text, 8, '0'),
      null
    from generate_series(1, ${people}) g
    join (select row_number() over (order by id) - 1 as rn, id, community_id, grid_id from org.buildings) b
      on b.rn = g % (select count(*) from org.buildings);
    analyze;`);
  console.log(`  ${people} synthetic people added in ${Math.round(performance.now() - t0)} ms`);
}

async function login(port: number, username: string) {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'gongzhi-demo' }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('gz_session='))!.split(';')[0]!;
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

async function main() {
  console.log(`Gongzhi bench on ${kind}: ${people} extra people, ${connections} connections, ${seconds} s per measurement, ${os.cpus().length} CPUs`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-bench-'));
  const benchDb = 'gongzhi_bench';
  const env: Record<string, string> = {};

  console.log('preparing data…');
  if (baseUrl) {
    await adminSql(`drop database if exists ${benchDb} with (force)`);
    await adminSql(`create database ${benchDb}`);
    const url = new URL(baseUrl);
    url.pathname = `/${benchDb}`;
    env.DATABASE_URL = url.toString();
    const database = await openPostgres(env.DATABASE_URL, 4);
    await fill(database);
    await database.close();
  } else {
    env.DATA_DIR = dataDir;
    const database = await openPglite({ dataDir: path.join(dataDir, 'pglite') });
    await fill(database);
    await database.close();
  }

  const results: Measurement[] = [];
  const api = await startChild('api', env);
  const community = await login(api.port, 'community_datieguan');
  const admin = await login(api.port, 'admin');
  const listUrl = `http://127.0.0.1:${api.port}/api/org/persons?limit=20`;
  const sample = await (await fetch(listUrl, { headers: { cookie: community.cookie } })).text();
  const payloadFile = path.join(dataDir, 'payload.json');
  fs.writeFileSync(payloadFile, sample);

  console.log('measuring the API…');
  results.push(await load('GET /api/org/persons?limit=20 (community admin)', listUrl, { connections, seconds, headers: { cookie: community.cookie } }));
  results.push(await load('GET /api/org/persons?limit=20&tag=elderly_alone (district admin)', `${listUrl}&tag=elderly_alone`, { connections, seconds, headers: { cookie: admin.cookie } }));
  results.push(await load('GET /api/org/locate (point in polygon)', `http://127.0.0.1:${api.port}/api/org/locate?lat=30.2878&lng=120.1738`, { connections, seconds, headers: { cookie: admin.cookie } }));
  results.push(await load('GET /api/health (one trivial query)', `http://127.0.0.1:${api.port}/api/health`, { connections, seconds }));
  await api.stop();

  console.log('measuring bare Fastify…');
  const bare = await startChild('bare', { BARE_PAYLOAD_FILE: payloadFile });
  const bareFastify = await load('bare Fastify, same JSON body', `http://127.0.0.1:${bare.port}/bare`, { connections, seconds });
  await bare.stop();

  console.log('measuring bare SQL…');
  // The exact SQL the persons list runs, captured from the repository and replayed raw.
  let captured: { sql: string; parameters: readonly unknown[] } | null = null;
  const log = (event: { level: string; query: { sql: string; parameters: readonly unknown[] } }) => {
    if (event.level === 'query' && event.query.sql.includes('from "org"."persons"')) captured ??= event.query;
  };
  const database = baseUrl ? await openPostgres(env.DATABASE_URL!, 10, log) : await openPglite({ dataDir: path.join(dataDir, 'pglite'), log });
  const communityId = (await database.db.selectFrom('org.divisions').select('id').where('name', '=', '打铁关社区').executeTakeFirstOrThrow()).id;
  await personsRepo.listPersons(database.db, { divisionIds: [communityId], gridIds: [] }, {}, null, 20);
  const q = captured as { sql: string; parameters: readonly unknown[] } | null;
  if (!q) throw new Error('query not captured');
  // pg: the pool straight; PGlite: its query() straight, past our dialect.
  const runQuery = baseUrl ? () => database.runner.executeSql(q.sql, [...q.parameters]) : () => database.pglite!.query(q.sql, [...q.parameters]);
  const bareSql = await loopLoad(`bare SQL: the list query on ${kind}${baseUrl ? ' (pool of 10)' : ''}`, connections, seconds, runQuery);
  await database.close();

  console.log('timing a 10,000-row CSV import…');
  const importer = await startChild('api', { ...env, JOBS_ENABLED: 'true' });
  const admin2 = await login(importer.port, 'community_datieguan');
  const csv = [PERSON_HEADER, ...personRows(10_000, '330105901001', { building: '打铁关小区1幢', start: 900_000 })].join('\n');
  const { payload, headers } = multipart('persons', 'bench.csv', csv);
  const t0 = performance.now();
  const accepted = await fetch(`http://127.0.0.1:${importer.port}/api/org/imports`, {
    method: 'POST',
    headers: { ...headers, cookie: admin2.cookie, 'x-csrf-token': admin2.csrf },
    body: payload,
  });
  const job = (await accepted.json()) as { id: number; status: string };
  let status = job.status as string;
  let final: Record<string, unknown> = job as unknown as Record<string, unknown>;
  while (status !== 'succeeded' && status !== 'failed') {
    await new Promise((r) => setTimeout(r, 100));
    final = (await (await fetch(`http://127.0.0.1:${importer.port}/api/org/imports/${job.id}`, { headers: { cookie: admin2.cookie } })).json()) as Record<string, unknown>;
    status = final.status as string;
  }
  const importMs = Math.round(performance.now() - t0);
  await importer.stop();

  const report = [
    `### ${kind} — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} CPUs, ${people} extra people, ${connections} connections, ${seconds} s each`,
    '',
    table([...results, bareFastify, bareSql], { fastify: bareFastify, sql: bareSql }),
    '',
    `CSV import of 10,000 people (upload → checked → written, through the HTTP API with the worker polling): **${importMs} ms**, status ${status}, ${final.insertedRows} rows inserted.`,
  ].join('\n');
  console.log(`\n${report}\n`);
  fs.mkdirSync(path.join(repoRoot, 'bench/results'), { recursive: true });
  fs.writeFileSync(path.join(repoRoot, `bench/results/platform-${kind}.md`), `${report}\n`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (baseUrl) await adminSql(`drop database if exists ${benchDb} with (force)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
