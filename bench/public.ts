/**
 * The public pages benchmark (公示): a community's public page, GET /api/public/communities/{id},
 * with no session, under load from autocannon — kept in memory (PUBLIC_PAGES_CACHE_SECONDS, the
 * default 30 s) and, for comparison, built on every request (0) — against a bare Fastify route
 * sending the same JSON body, in the same run. Goal: p99 under 50 ms with the cache.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kindOf, load, prepareDatabase, startChild, writeResult, type BenchOptions, type Measurement } from './lib.ts';

const TARGET_P99_MS = 50;

export async function runPublic(o: BenchOptions) {
  const kind = kindOf(o);
  console.log(
    `\n== public pages on ${kind}: ${o.connections} connections, ${o.seconds} s per measurement, ${os.cpus().length} CPUs`,
  );
  // The org and accounts of the demo data, and 打铁关社区 given a full page: its matters resolved with a public answer
  // (the public categories among them show) and twenty decisions with three updates each.
  const prepared = await prepareDatabase(o, 'public', async (database) => {
    const community = `(select id from org.divisions where name = '打铁关社区')`;
    const author = `(select id from auth.users where username = 'community_datieguan')`;
    await database.exec(`
      update matters.matters set status = 'resolved', reply = '已处理完毕，感谢反映'
        where division_id = ${community};
      insert into deliberation.decisions (community_id, title, text, status, progress, created_by, created_at, updated_at)
        select ${community}, '决议' || g, '由物业与社区共同落实，按月公示进展。', 'in_progress', 60, ${author}, now(), now()
        from generate_series(1, 20) g;
      insert into deliberation.decision_updates (decision_id, status, progress, note, author_user_id, created_at)
        select d.id, 'in_progress', 20 * g, '第' || g || '次进展：已完成阶段工作', ${author}, now()
        from deliberation.decisions d cross join generate_series(1, 3) g
        where d.community_id = ${community};
      analyze;`);
  });
  const { seconds, connections } = o;
  const results: Measurement[] = [];

  // One address sends every request here; the per-IP limit (PUBLIC_RATE_LIMIT_PER_MINUTE) would answer 429 to it.
  const unlimited = { ...prepared.env, PUBLIC_RATE_LIMIT_PER_MINUTE: '0' };
  const api = await startChild('api', unlimited);
  const index = (await (await fetch(`http://127.0.0.1:${api.port}/api/public/communities`)).json()) as {
    items: Array<{ id: number; name: string }>;
  };
  const community = index.items.find((c) => c.name === '打铁关社区') ?? index.items[0];
  if (!community) throw new Error('no community in the demo data');
  const pageUrl = `http://127.0.0.1:${api.port}/api/public/communities/${community.id}`;
  const body = await (await fetch(pageUrl)).text();
  const payloadFile = path.join(prepared.dataDir, 'payload.json');
  fs.writeFileSync(payloadFile, body);
  const page = JSON.parse(body) as Record<string, unknown[]>;
  const contents = ['notices', 'votes', 'decisions', 'budgets', 'reports']
    .map((k) => `${k} ${page[k]?.length ?? 0}`)
    .join(', ');
  console.log(`  ${community.name}: ${body.length} bytes (${contents})`);
  results.push(await load(`GET /api/public/communities/{id} (kept, 30 s)`, pageUrl, { connections, seconds }));
  results.push(
    await load('GET /api/public/communities (the index, kept)', `http://127.0.0.1:${api.port}/api/public/communities`, {
      connections,
      seconds,
    }),
  );
  await api.stop();

  const uncached = await startChild('api', { ...unlimited, PUBLIC_PAGES_CACHE_SECONDS: '0' });
  results.push(
    await load(
      'GET /api/public/communities/{id} (built every request, cache off)',
      `http://127.0.0.1:${uncached.port}/api/public/communities/${community.id}`,
      { connections, seconds },
    ),
  );
  await uncached.stop();

  const bare = await startChild('bare', { BARE_PAYLOAD_FILE: payloadFile });
  const bareFastify = await load('bare Fastify, same JSON body', `http://127.0.0.1:${bare.port}/bare`, {
    connections,
    seconds,
  });
  await bare.stop();
  await prepared.drop();

  const kept = results[0]!;
  const lines = [
    `Public pages on ${kind}, ${new Date().toISOString().slice(0, 10)}: ${connections} connections, ${seconds} s each, ${os.cpus().length} CPUs; ` +
      `page of ${community.name}, ${body.length} bytes (${contents}).`,
    '',
    '| what | req/s | p50 ms | p99 ms | errors | p99 − bare Fastify p99 |',
    '|---|---:|---:|---:|---:|---:|',
    ...[...results, bareFastify].map(
      (r) =>
        `| ${r.name} | ${r.requestsPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} | ${r === bareFastify ? '' : r.p99Ms - bareFastify.p99Ms} |`,
    ),
    '',
    `Goal: the kept page's p99 under ${TARGET_P99_MS} ms — ${kept.p99Ms < TARGET_P99_MS && kept.errors === 0 ? 'met' : 'NOT met'} (${kept.p99Ms} ms; bare Fastify ${bareFastify.p99Ms} ms).`,
  ];
  const report = lines.join('\n');
  console.log(report);
  writeResult('public', kind, report);
}
