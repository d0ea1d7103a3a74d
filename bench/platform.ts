/**
 * The platform benchmark: the people list, point-in-polygon and health under load,
 * against bare Fastify and the list's own SQL sent raw; and a 10,000-row CSV import.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as personsRepo from '../server/src/modules/org/repository.ts';
import { PERSON_HEADER, multipart, personRows } from '../server/test/support/csv.ts';
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

export async function runPlatform(o: BenchOptions & { people: number }) {
  const kind = kindOf(o);
  console.log(
    `\n== platform on ${kind}: ${o.people} extra people, ${o.connections} connections, ${o.seconds} s per measurement, ${os.cpus().length} CPUs`,
  );
  const prepared = await prepareDatabase(o, 'platform', async (database) => {
    const t0 = performance.now();
    // Synthetic residents spread over every building, to district scale.
    const stamp = new Date().toISOString();
    await database.exec(`
      insert into org.persons (community_id, grid_id, building_id, name, gender, tags, phone, id_number, created_at, updated_at)
      select b.community_id, b.grid_id, b.id, '居民' || g,
        case when g % 2 = 0 then 'male' else 'female' end,
        case when g % 20 = 0 then '{elderly_alone}'::text[] when g % 7 = 0 then '{party_member}'::text[] else '{}'::text[] end,
        '139' || lpad((g % 100000000)::text, 8, '0'),
        null, '${stamp}'::timestamptz, '${stamp}'::timestamptz
      from generate_series(1, ${o.people}) g
      join (select row_number() over (order by id) - 1 as rn, id, community_id, grid_id from org.buildings) b
        on b.rn = g % (select count(*) from org.buildings);
      analyze;`);
    console.log(`  ${o.people} synthetic people added in ${Math.round(performance.now() - t0)} ms`);
  });

  const results: Measurement[] = [];
  const api = await startChild('api', prepared.env);
  const community = await login(api.port, 'community_datieguan');
  const admin = await login(api.port, 'admin');
  const listUrl = `http://127.0.0.1:${api.port}/api/org/persons?limit=20`;
  const payloadFile = path.join(prepared.dataDir, 'payload.json');
  fs.writeFileSync(payloadFile, await (await fetch(listUrl, { headers: { cookie: community.cookie } })).text());
  const { seconds, connections } = o;

  results.push(
    await load('GET /api/org/persons?limit=20 (community admin)', listUrl, {
      connections,
      seconds,
      headers: { cookie: community.cookie },
    }),
  );
  results.push(
    await load('GET /api/org/persons?limit=20&tag=elderly_alone (district admin)', `${listUrl}&tag=elderly_alone`, {
      connections,
      seconds,
      headers: { cookie: admin.cookie },
    }),
  );
  results.push(
    await load(
      'GET /api/org/locate (point in polygon)',
      `http://127.0.0.1:${api.port}/api/org/locate?lat=30.2878&lng=120.1738`,
      { connections, seconds, headers: { cookie: admin.cookie } },
    ),
  );
  results.push(
    await load('GET /api/health (one trivial query)', `http://127.0.0.1:${api.port}/api/health`, {
      connections,
      seconds,
    }),
  );
  await api.stop();

  const bare = await startChild('bare', { BARE_PAYLOAD_FILE: payloadFile });
  const bareFastify = await load('bare Fastify, same JSON body', `http://127.0.0.1:${bare.port}/bare`, {
    connections,
    seconds,
  });
  await bare.stop();

  // The exact SQL the people list runs, captured from the repository and replayed raw.
  let captured: { sql: string; parameters: readonly unknown[] } | null = null;
  const database = await prepared.open((event) => {
    if (event.level === 'query' && event.query.sql.includes('from "org"."persons"')) captured ??= event.query;
  });
  const communityId = (
    await database.db
      .selectFrom('org.divisions')
      .select('id')
      .where('name', '=', '打铁关社区')
      .executeTakeFirstOrThrow()
  ).id;
  await personsRepo.listPersons(database.db, { divisionIds: [communityId], gridIds: [] }, {}, null, 20);
  const q = captured as { sql: string; parameters: readonly unknown[] } | null;
  if (!q) throw new Error('query not captured');
  const runQuery = o.baseUrl
    ? () => database.runner.executeSql(q.sql, [...q.parameters])
    : () => database.pglite!.query(q.sql, [...q.parameters]);
  const bareSql = await loopLoad(
    `bare SQL: the list query on ${kind}${o.baseUrl ? ' (pool of 10)' : ''}`,
    connections,
    seconds,
    runQuery,
  );
  await database.close();

  const importer = await startChild('api', { ...prepared.env, JOBS_ENABLED: 'true' });
  const importerLogin = await login(importer.port, 'community_datieguan');
  const csv = [
    PERSON_HEADER,
    ...personRows(10_000, '330105901001', { building: '打铁关小区1幢', start: 900_000 }),
  ].join('\n');
  const { payload, headers } = multipart('persons', 'bench.csv', csv);
  const t0 = performance.now();
  const accepted = await fetch(`http://127.0.0.1:${importer.port}/api/org/imports`, {
    method: 'POST',
    headers: { ...headers, cookie: importerLogin.cookie, 'x-csrf-token': importerLogin.csrf },
    body: payload,
  });
  const job = (await accepted.json()) as { id: number; status: string };
  let final: Record<string, unknown> = job as unknown as Record<string, unknown>;
  while (final.status !== 'succeeded' && final.status !== 'failed') {
    await new Promise((r) => setTimeout(r, 100));
    final = (await (
      await fetch(`http://127.0.0.1:${importer.port}/api/org/imports/${job.id}`, {
        headers: { cookie: importerLogin.cookie },
      })
    ).json()) as Record<string, unknown>;
  }
  const importMs = Math.round(performance.now() - t0);
  await importer.stop();
  await prepared.drop();

  const report = [
    `### platform on ${kind} — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} CPUs, ${o.people} extra people, ${connections} connections, ${seconds} s each`,
    '',
    table([...results, bareFastify, bareSql], { fastify: bareFastify, sql: bareSql }),
    '',
    `CSV import of 10,000 people (upload → checked → written, through the HTTP API with the worker polling): **${importMs} ms**, status ${final.status}, ${final.insertedRows} rows inserted.`,
  ].join('\n');
  console.log(`\n${report}\n`);
  writeResult('platform', kind, report);
}
