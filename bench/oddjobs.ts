/**
 * The odd-job market benchmark (零工市场): 10,000 open postings and 100,000 seekers over a box of
 * about 28 × 34 km (杭州's main urban area), skills from a vocabulary of 40, some postings asking
 * for a certificate. Times a seeker's match list through OddjobsService.matches (the seeker's
 * profile, the match statement, the postings and employers read back, the exposures written, the
 * why-lines) for random seekers, one at a time, against the bare match statement alone in the same
 * run; and the reverse match that picks whom to tell of a new posting. Goal: p99 under 100 ms.
 */
import os from 'node:os';
import { cellAt } from '../server/src/platform/geo.ts';
import { systemContext, type RequestContext } from '../server/src/platform/context.ts';
import { createServices } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { cellsWithin, MATCH_RES } from '../server/src/modules/oddjobs/matching.ts';
import * as repo from '../server/src/modules/oddjobs/repository.ts';
import { seekerFacts } from '../server/src/modules/oddjobs/service.ts';
import { kindOf, prepareDatabase, writeResult, type BenchOptions } from './lib.ts';

function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BOX = { south: 30.15, north: 30.4, west: 120.0, east: 120.35 };
const SKILLS = Array.from({ length: 40 }, (_, i) => `技能${i}`);
const CERTS = ['电工证', '健康证', '叉车证', '焊工证', '驾驶证'];
const SEEKER_BASE_USER = 1_000_000;

interface Timing {
  name: string;
  runs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

async function repeat(name: string, runs: number, once: (i: number) => Promise<unknown>): Promise<Timing> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await once(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))]! * 10) / 10;
  return { name, runs, p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99), maxMs: at(1) };
}

const pick = <T>(rnd: () => number, from: readonly T[], n: number): T[] => {
  const out = new Set<T>();
  while (out.size < n) out.add(from[Math.floor(rnd() * from.length)]!);
  return [...out];
};
const arr = (values: readonly string[]) => `'{${values.join(',')}}'`;

export async function runOddjobs(o: BenchOptions & { postings: number; seekers: number; runs: number }) {
  const kind = kindOf(o);
  console.log(`\n== odd-job matching on ${kind}: ${o.postings} postings, ${o.seekers} seekers, ${o.runs} runs`);
  const prepared = await prepareDatabase(o, 'oddjobs', async (database) => {
    const rnd = random(17);
    const stamp = new Date().toISOString();
    const community = (
      await database.db
        .selectFrom('org.divisions')
        .select('id')
        .where('level', '=', 'community')
        .orderBy('id')
        .executeTakeFirstOrThrow()
    ).id;
    await database.exec(`insert into oddjobs.employers (user_id, name, credit_code, community_id, contact_name, contact_phone, status, created_at, updated_at)
      values (999999, '压测用工单位', '91350100M000100Y43', ${community}, '压测', '13900000000', 'approved', '${stamp}', '${stamp}')`);
    let t0 = performance.now();
    // Open for a year from the fill, so that the clock of the measurement finds them open.
    const starts = new Date(Date.now() + 3_600_000).toISOString();
    const ends = new Date(Date.now() + 365 * 86_400_000).toISOString();
    for (let from = 0; from < o.postings; from += 2000) {
      const values: string[] = [];
      for (let i = from; i < Math.min(o.postings, from + 2000); i++) {
        const lat = BOX.south + rnd() * (BOX.north - BOX.south);
        const lng = BOX.west + rnd() * (BOX.east - BOX.west);
        const skills = rnd() < 0.1 ? [] : pick(rnd, SKILLS, 1 + Math.floor(rnd() * 3));
        const certs = rnd() < 0.2 ? pick(rnd, CERTS, 1) : [];
        const hourly = 2200 + Math.floor(rnd() * 4000);
        values.push(
          `(1, ${community}, '压测岗位${i}', '压测', 'odd_job', ${hourly}, 'hour', ${hourly}, '杭州市', 2200, ${lat}, ${lng}, '${cellAt(lat, lng, MATCH_RES)}', '压测地点', '${starts}', '${ends}', ${1 + (i % 7)}, ${arr(skills)}, ${arr(certs)}, 3, '${stamp}', '${stamp}')`,
        );
      }
      await database.exec(`insert into oddjobs.postings (employer_id, community_id, title, description, kind, wage_fen, wage_unit, hourly_fen, city, minimum_fen, lat, lng, cell7, place_name, starts_at, ends_at, weekday, skills, certificates, headcount, created_at, updated_at)
        values ${values.join(',')}`);
    }
    console.log(`  ${o.postings} postings in ${Math.round(performance.now() - t0)} ms`);
    t0 = performance.now();
    for (let from = 0; from < o.seekers; from += 5000) {
      const values: string[] = [];
      for (let i = from; i < Math.min(o.seekers, from + 5000); i++) {
        const lat = BOX.south + rnd() * (BOX.north - BOX.south);
        const lng = BOX.west + rnd() * (BOX.east - BOX.west);
        const skills = pick(rnd, SKILLS, 2 + Math.floor(rnd() * 4));
        const certs = pick(rnd, CERTS, Math.floor(rnd() * 3));
        const radius = [1000, 3000, 3000, 3000, 5000][Math.floor(rnd() * 5)]!;
        const expected = rnd() < 0.3 ? 0 : 2200 + Math.floor(rnd() * 2500);
        values.push(
          `(${SEEKER_BASE_USER + i}, ${community}, ${arr(skills)}, ${arr(certs)}, ${lat}, ${lng}, '${cellAt(lat, lng, MATCH_RES)}', ${radius}, ${expected}, ${1 + Math.floor(rnd() * 127)}, '${stamp}', '${stamp}')`,
        );
      }
      await database.exec(`insert into oddjobs.seekers (user_id, community_id, skills, certificates, lat, lng, cell7, radius_m, expected_hourly_fen, weekdays, created_at, updated_at)
        values ${values.join(',')}`);
    }
    await database.exec('analyze');
    console.log(`  ${o.seekers} seekers in ${Math.round(performance.now() - t0)} ms`);
  });

  const database = await prepared.open();
  const config = loadConfig({ ...process.env, DATABASE_URL: undefined });
  const services = createServices(config, database);
  const market = services.oddjobs;
  const seekerIds = (await database.db.selectFrom('oddjobs.seekers').select(['id', 'user_id']).execute()).map((s) => s);
  const rnd = random(99);
  const sample = Array.from({ length: o.runs }, () => seekerIds[Math.floor(rnd() * seekerIds.length)]!);
  const ctxOf = (userId: number): RequestContext => ({
    ...systemContext(),
    actor: { userId, username: `seeker${userId}`, displayName: '压测', locale: 'zh-CN', personId: null, grants: [] },
  });
  // Warm up: plans and caches, as a running server has them.
  for (const s of sample.slice(0, 50)) await market.matches(ctxOf(s.user_id), { limit: 20 });
  let found = 0;
  const service = await repeat(
    'OddjobsService.matches (profile, match with its postings, exposures, why-lines)',
    o.runs,
    async (i) => {
      found += (await market.matches(ctxOf(sample[i]!.user_id), { limit: 20 })).items.length;
    },
  );
  const rows = await database.db
    .selectFrom('oddjobs.seekers')
    .selectAll()
    .where(
      'id',
      'in',
      sample.map((s) => s.id),
    )
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const now = new Date();
  const day = now.toISOString().slice(0, 10);
  const compiled = sample.map((s) => {
    const seeker = byId.get(s.id)!;
    return repo
      .matchQuery(seekerFacts(seeker), {
        cells: cellsWithin(seeker.lat, seeker.lng, seeker.radius_m),
        now,
        day,
        cap: config.ODDJOBS_EXPOSURE_CAP,
        limit: 20,
      })
      .compile(database.db);
  });
  const bare = await repeat('bare SQL: the match statement alone', o.runs, (i) =>
    database.runner.executeSql(compiled[i]!.sql, compiled[i]!.parameters as unknown[]),
  );
  const postings = await database.db.selectFrom('oddjobs.postings').selectAll().limit(200).execute();
  const reverse = await repeat(
    'reverse match: whom to tell of a new posting (10 km of cells)',
    postings.length,
    (i) => {
      const p = postings[i]!;
      return repo.seekersFor(database.db, p, { cells: cellsWithin(p.lat, p.lng, 10_000), limit: 50 });
    },
  );
  await database.close();
  await prepared.drop();

  const row = (t: Timing) =>
    `| ${t.name} | ${t.runs} | ${t.p50Ms} | ${t.p95Ms} | ${t.p99Ms} | ${t.maxMs} | ${(t.p99Ms / Math.max(0.1, bare.p99Ms)).toFixed(1)} |`;
  const report = [
    `### odd-job matching on ${kind} — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} CPUs, ${o.postings} open postings, ${o.seekers} seekers, one request at a time, ${(found / o.runs).toFixed(1)} matches per list on average`,
    '',
    '| what | runs | p50 ms | p95 ms | p99 ms | max ms | × bare SQL (p99) |',
    '|---|---:|---:|---:|---:|---:|---:|',
    row(service),
    row(bare),
    row(reverse),
    '',
    `Goal: a seeker's match list under 100 ms at p99 (${service.p99Ms < 100 ? 'met' : 'NOT MET'}).`,
  ].join('\n');
  console.log(`\n${report}\n`);
  writeResult('oddjobs', kind, report);
}
