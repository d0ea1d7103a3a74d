/**
 * The points benchmark: residents exchanging points for vouchers at once, through the
 * points service (idempotency check, account locks in id order, balance check, hold
 * posting, voucher, stock, audit — batched by the ledger), against a bare insert of a
 * posting-shaped row from the same number of concurrent loops in the same run. After
 * the load, the ledger is checked: every exchange that answered has exactly one posting
 * and one voucher, replays post nothing, and the balances sum to zero.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createServices } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import * as authRepo from '../server/src/modules/auth/repository.ts';
import { ledgerProblems } from '../server/src/modules/points/ledger.ts';
import type { RequestContext } from '../server/src/platform/context.ts';
import { kindOf, loopLoad, prepareDatabase, writeResult, type BenchOptions, type Measurement } from './lib.ts';

export async function runPoints(o: BenchOptions & { residents: number; levels: number[] }) {
  const kind = kindOf(o);
  console.log(
    `\npoints benchmark on ${kind}: ${o.residents} residents, ${o.levels.join(' / ')} at once, ${o.seconds} s per measurement`,
  );
  const prepared = await prepareDatabase(o, 'points', async () => {});
  const database = await prepared.open();
  const config = loadConfig({ ...process.env, ...prepared.env, LOG_LEVEL: 'silent' });
  const services = createServices(config, database);
  const { db } = database;
  const system: RequestContext = { actor: null, locale: 'zh-CN', ip: null, userAgent: 'bench', requestId: null };

  // Residents of one community, each with plenty of points, and a shop with a one-point item.
  let t0 = performance.now();
  const community = (
    await db.selectFrom('org.divisions').select('id').where('name', '=', '打铁关社区').executeTakeFirstOrThrow()
  ).id;
  const adminId = (
    await db.selectFrom('auth.users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()
  ).id;
  const admin: RequestContext = { ...system, actor: await services.auth.actorOf(adminId) };
  const contexts: RequestContext[] = [];
  for (let i = 0; i < o.residents; i++) {
    const userId = await authRepo.insertUser(
      db,
      {
        username: `bench_resident_${i}`,
        phone: null,
        displayName: `居民${i}`,
        passwordHash: 'not-a-login',
        personId: null,
      },
      services.clock.now(),
    );
    await authRepo.insertGrants(
      db,
      userId,
      [{ role: 'resident', divisionId: community, gridId: null }],
      services.clock.now(),
    );
    contexts.push({ ...system, actor: await services.auth.actorOf(userId) });
  }
  await Promise.all(
    contexts.map((ctx) =>
      services.points.correct(admin, {
        communityId: community,
        userId: ctx.actor!.userId,
        amount: 1_000_000,
        reason: '压测发放',
        idempotencyKey: randomUUID(),
      }),
    ),
  );
  const shop = await services.points.createMerchant(admin, {
    communityId: community,
    name: '压测小店',
    address: '',
    phone: '',
  });
  const item = await services.points.createItem(admin, shop.id, {
    name: '一分券',
    description: '',
    pricePoints: 1,
    cashValueFen: 10,
    stock: null,
  });
  console.log(`  ${o.residents} residents with points in ${Math.round(performance.now() - t0)} ms`);

  const countOf = async (table: 'points.postings' | 'points.vouchers') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const before = { postings: await countOf('points.postings'), vouchers: await countOf('points.vouchers') };

  // The exchanges: residents in turn, each request a new key; then, at the same
  // concurrency, the baseline: a bare insert of a posting-shaped row.
  await database.exec(`create table bench_postings (id bigint generated always as identity primary key, idempotency_key text not null unique,
    debit_account_id bigint not null, credit_account_id bigint not null, amount bigint not null, kind text not null, value_at timestamptz not null)`);
  const answered: Array<{ ctx: RequestContext; key: string; voucherId: number }> = [];
  let next = 0;
  const rows: Array<{ exchange: Measurement; bare: Measurement; level: number }> = [];
  for (const level of o.levels) {
    const exchange = await loopLoad(`exchange points for a voucher, ${level} at once`, level, o.seconds, async () => {
      const ctx = contexts[next++ % contexts.length]!;
      const key = randomUUID();
      const v = await services.points.exchange(ctx, { itemId: item.id, idempotencyKey: key });
      answered.push({ ctx, key, voucherId: v.id });
    });
    rows.push({
      level,
      exchange,
      bare: await bareInserts({ ...o, connections: level }, prepared.env.DATABASE_URL, database),
    });
  }

  // Replays of answered requests post nothing and return the same voucher.
  t0 = performance.now();
  const replayed = answered.slice(0, 1000);
  const replays = await Promise.all(
    replayed.map((a) => services.points.exchange(a.ctx, { itemId: item.id, idempotencyKey: a.key })),
  );
  const replayMismatches = replays.filter((v, i) => v.id !== replayed[i]!.voucherId).length;
  const replayMs = Math.round(performance.now() - t0);

  const after = { postings: await countOf('points.postings'), vouchers: await countOf('points.vouchers') };
  const problems = await ledgerProblems(db);
  const lost = answered.length - (after.postings - before.postings);
  const doubled = new Set(answered.map((a) => a.voucherId)).size !== answered.length;

  const report = [
    `## Points on ${kind} (${new Date().toISOString().slice(0, 10)})`,
    '',
    `${o.residents} residents exchanging from ${o.levels.join(', ')} concurrent loops, ${o.seconds} s each, in process (no HTTP), each exchange a new idempotency key; after each, the baseline at the same concurrency: a bare single-row insert of a posting-shaped row (${o.baseUrl ? "a pg pool of the server's size" : "PGlite's one connection"}).`,
    '',
    '| at once | exchanges/s | p50 ms | p99 ms | errors | bare inserts/s | p50 ms | p99 ms | × bare insert |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      ({ level, exchange: e, bare: b }) =>
        `| ${level} | ${e.requestsPerSecond} | ${e.p50Ms} | ${e.p99Ms} | ${e.errors} | ${b.requestsPerSecond} | ${b.p50Ms} | ${b.p99Ms} | ${(e.requestsPerSecond / b.requestsPerSecond).toFixed(3)} |`,
    ),
    '',
    `Checked after the load: ${answered.length} exchanges answered, ${after.postings - before.postings} postings and ${after.vouchers - before.vouchers} vouchers written — ${lost === 0 && !doubled ? 'none lost, none doubled' : `LOST ${lost}, doubled ${doubled}`}; ${replayed.length} replays in ${replayMs} ms returned ${replayMismatches === 0 ? 'the same vouchers' : `${replayMismatches} different vouchers`} and posted nothing more; ledger invariants: ${problems.length === 0 ? 'balances sum to zero, each equals its postings, none below zero, holds equal held vouchers' : problems.join('; ')}.`,
  ].join('\n');
  console.log(`\n${report}\n`);
  writeResult('points', kind, report);
  await database.close();
  await prepared.drop();
  if (
    lost !== 0 ||
    doubled ||
    replayMismatches !== 0 ||
    problems.length > 0 ||
    after.postings - before.postings !== after.vouchers - before.vouchers
  ) {
    throw new Error('the points ledger lost or doubled something under load');
  }
}

/** Single-row inserts from the same number of loops: on PostgreSQL through a pool of the server's size, on PGlite through its one connection. */
async function bareInserts(
  o: BenchOptions,
  url: string | undefined,
  database: Awaited<ReturnType<Awaited<ReturnType<typeof prepareDatabase>>['open']>>,
): Promise<Measurement> {
  const text = `insert into bench_postings (idempotency_key, debit_account_id, credit_account_id, amount, kind, value_at) values ($1, 1, 2, 1, 'hold', now())`;
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DB_POOL_SIZE ?? 10) });
    const m = await loopLoad('bare insert of a posting row (SQL)', o.connections, o.seconds, () =>
      pool.query(text, [randomUUID()]),
    );
    await pool.end();
    return m;
  }
  return loopLoad('bare insert of a posting row (SQL)', o.connections, o.seconds, () =>
    database.runner.executeSql(text, [randomUUID()]),
  );
}
