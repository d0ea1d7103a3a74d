/**
 * The ballots benchmark: a burst of ballots — one from each of N owners of a block of
 * flats, all sent at once over HTTP to the API in its own process (session lookup,
 * CSRF, validation, eligibility on the electoral roll, the one-ballot-per-voter insert,
 * audit and the vote.cast event in one transaction). Measured against the same burst to
 * a bare Fastify route, and against bare single-row inserts of a ballot-shaped row with
 * the same uniqueness constraint, both at the same concurrency in the same run. Then a
 * second burst replays every tenth voter (all must be refused with 409), the vote is
 * counted, and the ballots are checked: exactly one per voter, none lost.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createServices } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import type { RequestContext } from '../server/src/platform/context.ts';
import { kindOf, prepareDatabase, startChild, writeResult, type BenchOptions, type Measurement } from './lib.ts';

interface Voter {
  cookie: string;
  csrf: string;
}

export async function runBallots(o: BenchOptions & { voters: number; burstConcurrency: number }) {
  const kind = kindOf(o);
  console.log(`\nballots benchmark on ${kind}: a burst of ${o.voters} ballots, ${o.burstConcurrency} in flight`);
  let t0 = performance.now();
  const voters: Voter[] = [];
  let voteId = 0;
  const prepared = await prepareDatabase(o, 'ballots', async (database) => {
    const { db } = database;
    const stamp = new Date();
    const community = (
      await db.selectFrom('org.divisions').select('id').where('name', '=', '打铁关社区').executeTakeFirstOrThrow()
    ).id;
    const building = (
      await db
        .insertInto('org.buildings')
        .values({
          community_id: community,
          code: 'BENCH-BALLOTS',
          name: '压测表决楼',
          address: '打铁关压测路 1 号',
          created_at: stamp,
          updated_at: stamp,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    // One household per owner, each with a floor area, inserted in batches.
    const expires = new Date(Date.now() + 24 * 3_600_000);
    for (let start = 0; start < o.voters; start += 1000) {
      const count = Math.min(1000, o.voters - start);
      const index = Array.from({ length: count }, (_, i) => start + i);
      const households = await db
        .insertInto('org.households')
        .values(
          index.map((i) => ({
            building_id: building,
            room: String(100000 + i),
            floor_area_m2: 60 + (i % 80),
            created_at: stamp,
          })),
        )
        .returning('id')
        .execute();
      const persons = await db
        .insertInto('org.persons')
        .values(
          index.map((i, k) => ({
            community_id: community,
            building_id: building,
            household_id: households[k]!.id,
            name: `业主${i}`,
            is_owner: true,
            birth_date: '1970-01-01',
            created_at: stamp,
            updated_at: stamp,
          })),
        )
        .returning('id')
        .execute();
      const users = await db
        .insertInto('auth.users')
        .values(
          index.map((i, k) => ({
            username: `bench_owner_${i}`,
            phone: null,
            display_name: `业主${i}`,
            password_hash: 'not-a-login',
            person_id: persons[k]!.id,
            password_changed_at: stamp,
            created_at: stamp,
            updated_at: stamp,
          })),
        )
        .returning('id')
        .execute();
      await db
        .insertInto('auth.role_grants')
        .values(
          users.map((u) => ({
            user_id: u.id,
            role: 'resident' as const,
            division_id: community,
            grid_id: null,
            created_at: stamp,
          })),
        )
        .execute();
      // Sessions made here, as a sign-in would (argon2 for 10,000 sign-ins is not what is measured).
      const sessions = users.map((u) => ({
        token: randomBytes(24).toString('base64url'),
        csrf: randomBytes(24).toString('base64url'),
        userId: u.id,
      }));
      await db
        .insertInto('auth.sessions')
        .values(
          sessions.map((s) => ({
            token_hash: createHash('sha256').update(s.token).digest('hex'),
            user_id: s.userId,
            csrf_token: s.csrf,
            created_at: stamp,
            expires_at: expires,
            ip: null,
            user_agent: 'bench',
          })),
        )
        .execute();
      voters.push(...sessions.map((s) => ({ cookie: `gz_session=${s.token}`, csrf: s.csrf })));
    }
    const services = createServices(
      loadConfig({ ...process.env, DATABASE_URL: undefined, LOG_LEVEL: 'silent' }),
      database,
    );
    const adminId = (
      await db.selectFrom('auth.users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()
    ).id;
    const admin: RequestContext = {
      actor: await services.auth.actorOf(adminId),
      locale: 'zh-CN',
      ip: null,
      userAgent: 'bench',
      requestId: null,
    };
    const now = Date.now();
    const vote = await services.deliberation.createVote(admin, {
      communityId: community,
      title: '压测楼加装电梯',
      question: '是否同意加装电梯？',
      electorate: 'owners',
      scopeKind: 'buildings',
      buildingIds: [building],
      ballotUnit: 'person',
      special: true,
      allowChange: false,
      secondBallot: 'first_stands',
      noticeAt: new Date(now - 30_000),
      opensAt: new Date(now - 30_000),
      closesAt: new Date(now + 6 * 3_600_000),
    });
    voteId = vote.id;
  });
  console.log(
    `  ${o.voters} owners with sessions and a vote on their roll in ${Math.round(performance.now() - t0)} ms`,
  );

  const api = await startChild('api', prepared.env);
  const base = `http://127.0.0.1:${api.port}`;
  const ballot = (v: Voter, i: number) =>
    fetch(`${base}/api/deliberation/votes/${voteId}/ballot`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: v.cookie, 'x-csrf-token': v.csrf },
      body: JSON.stringify({ choice: i % 4 === 0 ? 'oppose' : 'agree' }),
    });

  // Warm the server (route compilation, the pool), with requests that change nothing.
  await burst('warm-up', 200, o.burstConcurrency, () => fetch(`${base}/api/health`), 200);
  const cast = await burst(
    `${o.voters} ballots over HTTP`,
    o.voters,
    o.burstConcurrency,
    (i) => ballot(voters[i]!, i),
    200,
  );
  const replayCount = Math.floor(o.voters / 10);
  const replays = await burst(
    `${replayCount} second ballots (must be 409)`,
    replayCount,
    o.burstConcurrency,
    (i) => ballot(voters[i * 10]!, i * 10),
    409,
  );
  await api.stop();

  // Baselines at the same concurrency: the same burst to a bare Fastify route, and bare inserts.
  const payloadFile = path.join(os.tmpdir(), `gongzhi-bench-ballot-${process.pid}.json`);
  fs.writeFileSync(payloadFile, JSON.stringify({ id: voteId, ballots: 1, phase: 'open' }));
  const bare = await startChild('bare', { BARE_PAYLOAD_FILE: payloadFile });
  const fastify = await burst(
    `${o.voters} POSTs to a bare Fastify route`,
    o.voters,
    o.burstConcurrency,
    () =>
      fetch(`http://127.0.0.1:${bare.port}/bare`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"choice":"agree"}',
      }),
    200,
  );
  await bare.stop();
  fs.rmSync(payloadFile, { force: true });

  const database = await prepared.open();
  await database.exec(
    `create table bench_ballots (vote_id bigint not null, voter_key text not null, choice text not null, cast_at timestamptz not null default now(), primary key (vote_id, voter_key))`,
  );
  const insert = `insert into bench_ballots (vote_id, voter_key, choice) values (1, $1, 'yes')`;
  let sqlMeasure: Measurement;
  if (prepared.env.DATABASE_URL) {
    const pool = new pg.Pool({
      connectionString: prepared.env.DATABASE_URL,
      max: Number(process.env.DB_POOL_SIZE ?? 10),
    });
    sqlMeasure = await burst(
      `${o.voters} bare ballot-row inserts (SQL, pool of ${Number(process.env.DB_POOL_SIZE ?? 10)})`,
      o.voters,
      o.burstConcurrency,
      (i) => pool.query(insert, [`p${i}`]),
    );
    await pool.end();
  } else {
    sqlMeasure = await burst(`${o.voters} bare ballot-row inserts (SQL)`, o.voters, o.burstConcurrency, (i) =>
      database.runner.executeSql(insert, [`p${i}`]),
    );
  }

  // The check: one ballot per voter, none lost, none doubled; then the count.
  t0 = performance.now();
  const stored = Number(
    (
      await database.db
        .selectFrom('deliberation.ballots')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('vote_id', '=', voteId)
        .executeTakeFirstOrThrow()
    ).n,
  );
  const services = createServices(loadConfig({ ...process.env, ...prepared.env, LOG_LEVEL: 'silent' }), database);
  await database.db.updateTable('deliberation.votes').set({ closes_at: new Date() }).where('id', '=', voteId).execute();
  await services.deliberation.countClosedVotes(new Date(Date.now() + 1000));
  const counted = await database.db
    .selectFrom('deliberation.votes')
    .select(['status', 'result'])
    .where('id', '=', voteId)
    .executeTakeFirstOrThrow();
  const countMs = Math.round(performance.now() - t0);
  const result = counted.result as {
    tallies: Array<{ key: string; ballots: number }>;
    reckoning: { rule: string; passed?: boolean };
  } | null;
  await database.close();
  await prepared.drop();

  const rows = [cast, replays, fastify, sqlMeasure];
  const report = [
    `## Ballots on ${kind} (${new Date().toISOString().slice(0, 10)})`,
    '',
    `A burst of ${o.voters} ballots, one from each owner on the roll of an owners' vote (art. 278, special matter), ${o.burstConcurrency} requests in flight, over HTTP to the API in its own process; the same burst to a bare Fastify POST route, and ${o.voters} bare inserts of a ballot-shaped row with the same primary key, at the same concurrency.`,
    '',
    '| what | total ms | per s | p50 ms | p99 ms | unexpected answers |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${Math.round((r.total / r.requestsPerSecond) * 1000)} | ${r.requestsPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} |`,
    ),
    '',
    `Ballots per second as a share of the baselines: **${(cast.requestsPerSecond / fastify.requestsPerSecond).toFixed(3)} × bare Fastify**, **${(cast.requestsPerSecond / sqlMeasure.requestsPerSecond).toFixed(3)} × bare insert**.`,
    '',
    `Checked after the bursts: ${stored} ballots stored for ${o.voters} voters (${stored === o.voters ? 'none lost, none doubled' : 'MISMATCH'}); the ${replayCount} second ballots were ${replays.errors === 0 ? 'all refused with 409' : `${replays.errors} not refused`}; counted in ${countMs} ms: ${result ? `${result.tallies.map((x) => `${x.key} ${x.ballots}`).join(', ')}, rule ${result.reckoning.rule}, ${result.reckoning.passed ? 'passed' : 'not passed'}` : 'NOT COUNTED'}.`,
  ].join('\n');
  console.log(`\n${report}\n`);
  writeResult('ballots', kind, report);
  if (stored !== o.voters || replays.errors !== 0 || cast.errors !== 0 || !result)
    throw new Error('ballots lost, doubled or not counted under load');
}

/** Sends `count` requests with at most `concurrency` in flight; answers other than `expect` count as errors. */
async function burst(
  name: string,
  count: number,
  concurrency: number,
  send: (i: number) => Promise<unknown>,
  expect?: number,
): Promise<Measurement> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        try {
          const answer = await send(i);
          if (expect !== undefined && answer instanceof Response) {
            if (answer.status !== expect) errors++;
            await answer.arrayBuffer();
          }
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0) * 100) / 100;
  return {
    name,
    requestsPerSecond: Math.round(count / seconds),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    errors,
    total: count,
  };
}
