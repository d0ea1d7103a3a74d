/**
 * The statistics benchmark (issue 15): a district's year of matters (a million on PostgreSQL),
 * with acceptance, ratings, sources, returns and granted extensions, read by the 统计分析 page
 * as an admin over the whole district. Measures the page's requests one user at a time and a
 * few at once, against the bare aggregate a hand-written report would send (one pass, the
 * main counts by group with FILTER) in the same run; and an export of 100,000 matters to
 * Excel, against reading the same rows raw.
 */
import os from 'node:os';
import { buildApp, createServices } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import type { Database } from '../server/src/db/connection.ts';
import { addDays, localInstant, localParts } from '../server/src/platform/local-time.ts';
import { kindOf, login, loopLoad, prepareDatabase, startChild, writeResult, type BenchOptions } from './lib.ts';
import { fillMatters } from './matters.ts';
import type { Measurement } from './lib.ts';

const TIME_ZONE = 'Asia/Shanghai';

/** What the matters bench leaves out and statistics read: acceptance, ratings, sources, returns, extensions. */
async function enrich(database: Database) {
  const t0 = performance.now();
  const admin = await database.db
    .selectFrom('auth.users')
    .select('id')
    .where('username', '=', 'admin')
    .executeTakeFirstOrThrow();
  await database.exec(`
    update matters.matters set
      accepted_at = case when status <> 'reported' then created_at + ((id % 240) || ' minutes')::interval end,
      rating = case when status = 'closed' and id % 3 = 0 then 1 + (id % 5) end,
      source = (array['resident_h5', 'courier_h5', 'patrol', 'device', 'staff_console', 'hotline'])[1 + id % 6]
    where code like 'B%'`);
  // One matter in a hundred returned once, one in two hundred given more time.
  await database.exec(`
    insert into matters.timeline (matter_id, at, actor_name, action, from_status, to_status, details)
    select id, created_at + interval '90 minutes', '网格员', 'return', 'accepted', 'returned', '{}'::jsonb
    from matters.matters where code like 'B%' and id % 100 = 50`);
  await database.exec(`
    insert into matters.extensions (matter_id, status, until, previous_due_at, reason, requested_by_user_id,
      requested_at, decided_by_user_id, decided_at)
    select id, 'granted', resolve_due_at + interval '2 days', resolve_due_at, '基准测试', ${admin.id},
      created_at + interval '1 day', ${admin.id}, created_at + interval '26 hours'
    from matters.matters where code like 'B%' and id % 200 = 7`);
  await database.exec('analyze');
  console.log(`  acceptance, ratings, sources, returns and extensions in ${Math.round(performance.now() - t0)} ms`);
}

const round = (ms: number) => Math.round(ms * 10) / 10;

function latencyTable(rows: Measurement[], bare: Measurement): string {
  const lines = [
    '| what | requests | p50 ms | p95 ms | p99 ms | errors | p95 × bare aggregate |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows)
    lines.push(
      `| ${r.name} | ${r.total} | ${r.p50Ms} | ${r.p95Ms} | ${r.p99Ms} | ${r.errors} | ${((r.p95Ms ?? 0) / (bare.p95Ms ?? 1)).toFixed(1)} |`,
    );
  return lines.join('\n');
}

export async function runStatistics(o: BenchOptions & { matters: number; exportRows: number }) {
  const kind = kindOf(o);
  const { seconds } = o;
  console.log(
    `\n== statistics on ${kind}: ${o.matters} matters, an export of ${o.exportRows} rows, ${seconds} s per measurement, ${os.cpus().length} CPUs`,
  );
  const prepared = await prepareDatabase(o, 'statistics', async (database) => {
    await fillMatters(database, o.matters, 100);
    await enrich(database);
  });
  // Workers on: the export runs as a background job.
  const api = await startChild('api', { ...prepared.env, JOBS_ENABLED: 'true', TIME_ZONE });
  const base = `http://127.0.0.1:${api.port}`;
  const admin = await login(api.port, 'admin');
  const get = async (url: string) => {
    const res = await fetch(`${base}${url}`, { headers: { cookie: admin.cookie } });
    if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    return res.json();
  };

  // The page's default view: last month by category with 环比, and its trend by day; then a year by month.
  const today = localParts(new Date(), TIME_ZONE).date;
  const monthFrom = `${addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7)}-01`;
  const monthTo = addDays(`${today.slice(0, 7)}-01`, -1);
  const yearFrom = addDays(today, -364);
  const month = `from=${monthFrom}&to=${monthTo}`;
  const requests = {
    table: `/api/matters/statistics?${month}&groupBy=category&compare=previous`,
    trend: `/api/matters/statistics?${month}&groupBy=day`,
    communities: `/api/matters/statistics?${month}&groupBy=community&compare=previous`,
    year: `/api/matters/statistics?from=${yearFrom}&to=${today}&groupBy=month`,
  };
  const received = ((await get(requests.table)) as { total: { received: number } }).total.received;

  const results: Measurement[] = [];
  const cockpit: Measurement[] = [];
  for (const concurrency of [1, 4]) {
    const suffix = concurrency === 1 ? 'one user' : `${concurrency} users at once`;
    results.push(
      await loopLoad(
        `the page: last month by category with 环比 + its daily trend (${suffix})`,
        concurrency,
        seconds,
        () => Promise.all([get(requests.table), get(requests.trend)]),
      ),
    );
    results.push(
      await loopLoad(`last month by community with 环比 (${suffix})`, concurrency, seconds, () =>
        get(requests.communities),
      ),
    );
    results.push(
      await loopLoad(`the last 365 days by month (${suffix})`, concurrency, seconds, () => get(requests.year)),
    );
    // The cockpit of the whole district (issue 16): this month by street with 环比, today, the trend, the other modules.
    cockpit.push(
      await loopLoad(`the cockpit of the district (${suffix})`, concurrency, seconds, () => get('/api/cockpit')),
    );
  }

  // The export: the matters received in enough days to make exportRows rows.
  const perDay = received / ((Date.parse(monthTo) - Date.parse(monthFrom)) / 86_400_000 + 1);
  const days = Math.ceil(o.exportRows / perDay);
  const exportFrom = localInstant(addDays(today, -days), 0, TIME_ZONE).toISOString();
  const exportTo = localInstant(today, 0, TIME_ZONE).toISOString();
  const filters = { queue: 'all', measure: 'received', measureFrom: exportFrom, measureTo: exportTo };
  const t0 = performance.now();
  const started = await fetch(`${base}/api/exports`, {
    method: 'POST',
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'matters', filters }),
  });
  if (started.status !== 202) throw new Error(`export: ${started.status} ${await started.text()}`);
  const job = (await started.json()) as { id: number; rowsTotal: number };
  let done: { status: string; rowsWritten: number; fileBytes: number };
  for (;;) {
    done = (await get(`/api/exports/${job.id}`)) as typeof done;
    if (done.status === 'done' || done.status === 'failed') break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const exportMs = performance.now() - t0;
  if (done.status !== 'done') throw new Error('export failed');
  await api.stop();

  // The bare aggregate: one statement, the main counts of the table by category, one pass.
  const database = await prepared.open();
  const run = (text: string, params: unknown[]) =>
    o.baseUrl ? database.runner.executeSql(text, params) : database.pglite!.query(text, params);
  const from = localInstant(monthFrom, 0, TIME_ZONE);
  const to = localInstant(addDays(monthTo, 1), 0, TIME_ZONE);
  const bareAggregate = `
    select category_id,
      count(*) filter (where created_at >= $1 and created_at < $2) as received,
      count(*) filter (where accepted_at >= $1 and accepted_at < $2) as accepted,
      count(*) filter (where resolved_at >= $1 and resolved_at < $2) as resolved,
      count(*) filter (where resolved_at >= $1 and resolved_at < $2 and resolved_at <= resolve_due_at) as on_time,
      count(*) filter (where closed_at >= $1 and closed_at < $2 and status = 'closed') as closed,
      count(*) filter (where resolve_due_at >= $1 and resolve_due_at < $2 and resolve_due_at < $3
        and (resolved_at is null or resolved_at > resolve_due_at)) as overdue,
      avg(rating) filter (where closed_at >= $1 and closed_at < $2) as rating
    from matters.matters
    where created_at >= $1 and created_at < $2 or accepted_at >= $1 and accepted_at < $2
       or resolved_at >= $1 and resolved_at < $2 or closed_at >= $1 and closed_at < $2
       or resolve_due_at >= $1 and resolve_due_at < $2
    group by category_id`;
  const bare = await loopLoad('bare aggregate SQL: the main counts by category, one pass (one user)', 1, seconds, () =>
    run(bareAggregate, [from, to, new Date()]),
  );
  // The cockpit's bare queries: this month's main counts by community, today's, the open ones, 30 days by day.
  const today0 = localInstant(today, 0, TIME_ZONE);
  const monthStart = localInstant(`${today.slice(0, 7)}-01`, 0, TIME_ZONE);
  const trendStart = localInstant(addDays(today, -29), 0, TIME_ZONE);
  const bareCockpit = await loopLoad('bare cockpit SQL: four statements (one user)', 1, seconds, async () => {
    await run(
      `select division_id,
        count(*) filter (where created_at >= $1) as received,
        count(*) filter (where resolved_at >= $1) as resolved,
        count(*) filter (where resolved_at >= $1 and resolved_at <= resolve_due_at) as on_time,
        count(*) filter (where closed_at >= $1 and rating >= 4) as satisfied,
        count(*) filter (where closed_at >= $1 and rating is not null) as rated,
        count(*) filter (where resolve_due_at >= $1 and resolve_due_at < $2
          and (resolved_at is null or resolved_at > resolve_due_at)) as overdue
      from matters.matters
      where created_at >= $1 or resolved_at >= $1 or closed_at >= $1 or resolve_due_at >= $1 and resolve_due_at < $2
      group by division_id`,
      [monthStart, new Date()],
    );
    await run('select count(*) from matters.matters where created_at >= $1', [today0]);
    await run(
      `select count(*) from matters.matters where status in ('reported', 'accepted', 'dispatched', 'in_progress', 'escalated', 'reopened', 'returned')`,
      [],
    );
    await run(
      `select (created_at at time zone '${TIME_ZONE}')::date as day, count(*) from matters.matters
      where created_at >= $1 group by 1`,
      [trendStart],
    );
  });
  await database.close();

  // How many SQL statements one cockpit load and one statistics request send, session check included.
  let statements = 0;
  const counted = await prepared.open((event) => {
    if (event.level === 'query') statements++;
  });
  const services = createServices(
    loadConfig({ ...process.env, ...prepared.env, TIME_ZONE, LOG_LEVEL: 'silent', JOBS_ENABLED: 'false' }),
    counted,
  );
  const app = await buildApp(services, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  const staff = await login(port, 'admin');
  const statementsOf = async (url: string) => {
    statements = 0;
    const res = await fetch(`http://127.0.0.1:${port}${url}`, { headers: { cookie: staff.cookie } });
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    await res.json();
    return statements;
  };
  // The first load fills the caches (categories, the org tree's names); the next ones are the usual.
  const sqlCount = {
    cockpitFirst: await statementsOf('/api/cockpit'),
    cockpit: await statementsOf('/api/cockpit'),
    table: await statementsOf(requests.table),
    year: await statementsOf(requests.year),
  };
  await app.close();
  await services.jobs.stop();
  await counted.close();

  const reopened = await prepared.open();
  const runRaw = (text: string, params: unknown[]) =>
    o.baseUrl ? reopened.runner.executeSql(text, params) : reopened.pglite!.query(text, params);
  const t1 = performance.now();
  const raw = await runRaw(
    'select * from matters.matters where created_at >= $1 and created_at < $2 order by created_at desc, id desc',
    [new Date(exportFrom), new Date(exportTo)],
  );
  const rawMs = performance.now() - t1;
  const rawRows = (raw as { rows: unknown[] }).rows.length;
  await reopened.close();
  await prepared.drop();

  const report = [
    `### statistics on ${kind} — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} CPUs, ${o.matters} matters (${received} received last month), ${seconds} s each`,
    '',
    latencyTable([...results, bare], bare),
    '',
    latencyTable([...cockpit, bareCockpit], bareCockpit).replace('bare aggregate', 'bare cockpit SQL'),
    '',
    `SQL statements sent (session check included): one cockpit load ${sqlCount.cockpit} (the first after the start ${sqlCount.cockpitFirst}), ` +
      `last month by category with 环比 ${sqlCount.table}, the last 365 days by month ${sqlCount.year}.`,
    '',
    `Export to Excel of ${done.rowsWritten} matters (the list with the received measure over ${days} days): ` +
      `**${round(exportMs / 1000)} s** from the request to the finished file (${Math.round(done.fileBytes / 1024)} KiB); ` +
      `reading the same ${rawRows} rows raw in one query: ${round(rawMs / 1000)} s.`,
  ].join('\n');
  console.log(`\n${report}\n`);
  writeResult('statistics', kind, report);
}
