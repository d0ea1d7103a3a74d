/**
 * What the database must hold after the run: every acknowledged write, nothing twice, timed
 * jobs once per period, one alarm per triggered device.
 */
import pg from 'pg';
import type { HttpLoadResult, Outcome, Published } from './load.ts';

export interface KindCount {
  kind: string;
  sent: number;
  acknowledged: number;
  refused: number;
  inDoubt: number;
  stored: number;
  lost: number;
  doubled: number;
}

export interface JobCount {
  queue: string;
  runs: number;
  doubled: number;
  missed: number;
}

export interface CheckResult {
  kinds: KindCount[];
  jobs: JobCount[];
  alarms: { triggered: number; alarms: number; lost: number; doubled: number; openDuplicates: number };
  notes: string[];
}

const idOf = (o: Outcome) => (JSON.parse(o.body) as { id: number }).id;

export async function check(
  url: string,
  load: HttpLoadResult,
  readings: Published[],
  triggers: Array<{ code: string; ts: number }>,
  window: { from: Date; to: Date },
  voteId: number,
): Promise<CheckResult> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  const q = async <T>(text: string, values: unknown[] = []) => (await client.query(text, values)).rows as T[];
  const notes: string[] = [];
  const kinds: KindCount[] = [];
  const counts = (outcomes: Outcome[]) => ({
    sent: outcomes.length,
    acknowledged: outcomes.filter((o) => o.result === 'ack').length,
    refused: outcomes.filter((o) => o.result === 'refused').length,
    inDoubt: outcomes.filter((o) => o.result === 'doubt').length,
  });

  const doubts = [...load.matters, ...load.ballots, ...load.vouchers].filter((o) => o.result === 'doubt');
  if (doubts.length > 0) {
    const why = new Map<string, number>();
    for (const o of doubts) {
      const reason = o.body.includes('idempotency_in_progress') ? '409 idempotency_in_progress' : o.body;
      why.set(reason, (why.get(reason) ?? 0) + 1);
    }
    notes.push(
      `in doubt (no answer within the give-up time; last answer): ${[...why].map(([r, n]) => `${n} × ${r}`).join('; ')}`,
    );
  }

  // Matters: each report's description carries its key; the acknowledged ids must be there.
  {
    const acked = load.matters.filter((o) => o.result === 'ack');
    const rows = await q<{ key: string; n: number; ids: number[] }>(
      `select substr(description, 6) as key, count(*)::int as n, array_agg(id)::int[] as ids
         from matters.matters where description like '集群测试 %' group by 1`,
    );
    const byKey = new Map(rows.map((r) => [r.key, r]));
    const lost = acked.filter((o) => !byKey.get(o.key)?.ids.includes(idOf(o))).length;
    const doubled = rows.filter((r) => r.n > 1).length;
    kinds.push({ kind: 'matters (reports)', ...counts(load.matters), stored: rows.length, lost, doubled });
  }

  // Ballots: one per owner at most; every acknowledged one there.
  {
    const acked = load.ballots.filter((o) => o.result === 'ack');
    const rows = await q<{ user_id: number; n: number }>(
      `select cast_by as user_id, count(*)::int as n from deliberation.ballots
        where vote_id = $1 group by cast_by`,
      [voteId],
    );
    const perVoter = await q<{ n: number }>(
      `select count(*)::int as n from (select voter_key from deliberation.ballots where vote_id = $1
        group by voter_key having count(*) > 1) x`,
      [voteId],
    );
    const byUser = new Map(rows.map((r) => [r.user_id, r.n]));
    const lost = acked.filter((o) => !byUser.has(o.userId)).length;
    const doubled = rows.filter((r) => r.n > 1).length + perVoter[0]!.n;
    // A ballot refused as already cast was cast by an earlier attempt whose answer was lost.
    const already = load.ballots.filter((o) => o.result === 'refused' && o.body.includes('already_voted')).length;
    if (already > 0)
      notes.push(`${already} ballots answered "already voted" on a retry: an earlier attempt had been stored`);
    const others = load.ballots.filter((o) => o.result === 'refused' && !o.body.includes('already_voted'));
    if (others.length > 0)
      notes.push(
        `ballots refused: ${others
          .slice(0, 3)
          .map((o) => `${o.status} ${o.body.slice(0, 120)}`)
          .join(' | ')}`,
      );
    kinds.push({ kind: 'ballots', ...counts(load.ballots), stored: rows.reduce((s, r) => s + r.n, 0), lost, doubled });
  }

  // Vouchers: the exchange's key is kept on its posting; one voucher per key.
  {
    const acked = load.vouchers.filter((o) => o.result === 'ack');
    const ids = acked.map(idOf);
    const stored = await q<{ id: number }>('select id from points.vouchers where id = any($1::bigint[])', [ids]);
    const have = new Set(stored.map((r) => Number(r.id)));
    const lost = ids.filter((id) => !have.has(id)).length;
    // The ledger keeps the exchange's key on the hold posting as voucher:<user>:<key>; the
    // voucher points at its hold posting. Two vouchers for one key would be a doubled exchange.
    const keys = load.vouchers.map((o) => `voucher:${o.userId}:${o.key}`);
    const perKey = await q<{ key: string; n: number }>(
      `select p.idempotency_key as key, count(*)::int as n from points.vouchers v
         join points.postings p on p.id = v.hold_posting_id
        where p.idempotency_key = any($1::text[]) group by 1`,
      [keys],
    );
    const doubled = perKey.filter((r) => r.n > 1).length;
    const total = [{ n: perKey.reduce((s, r) => s + r.n, 0) }];
    kinds.push({ kind: 'vouchers (exchanges)', ...counts(load.vouchers), stored: total[0]!.n, lost, doubled });
    const dupIds = new Set<number>();
    for (const id of ids) {
      if (dupIds.has(id)) notes.push(`voucher ${id} was answered for two different keys`);
      dupIds.add(id);
    }
  }

  // Readings: every message the broker acknowledged, stored once per metric.
  {
    const rows = await q<{ code: string; ts: string; n: number }>(
      `select d.code, (extract(epoch from r.ts) * 1000)::bigint::text as ts, count(*)::int as n
         from devices.readings r join devices.devices d on d.id = r.device_id
         join devices.metrics m on m.id = r.metric_id
        where d.code like 'cluster-%' and m.code = 'smoke' group by 1, 2`,
    ).catch(async (e) => {
      notes.push(`readings query: ${(e as Error).message}`);
      return [] as Array<{ code: string; ts: string; n: number }>;
    });
    const have = new Map(rows.map((r) => [`${r.code}@${r.ts}`, r.n]));
    const lost = readings.filter((p) => !have.has(`${p.code}@${p.ts}`)).length;
    const doubled = rows.filter((r) => r.n > 1).length;
    kinds.push({
      kind: 'device readings (MQTT)',
      sent: readings.length,
      acknowledged: readings.length,
      refused: 0,
      inDoubt: 0,
      stored: rows.length,
      lost,
      doubled,
    });
  }

  // Alarms: each triggered device (one reading over the threshold) has exactly one alarm.
  const ackedTriggers = triggers.filter((t) => readings.some((r) => r.code === t.code && r.ts === t.ts));
  const alarmRows = await q<{ code: string; type: string; n: number }>(
    `select d.code, a.type, count(*)::int as n from devices.alarms a join devices.devices d on d.id = a.device_id
      where d.code like 'cluster-%' group by 1, 2`,
  );
  const alarmsOf = (code: string) => alarmRows.filter((r) => r.code === code).reduce((s, r) => s + r.n, 0);
  const openDuplicates = (
    await q<{ n: number }>(
      `select count(*)::int as n from (select device_id, type from devices.alarms
        where status in ('active_unack', 'active_ack') group by 1, 2 having count(*) > 1) x`,
    )
  )[0]!.n;
  const alarms = {
    triggered: ackedTriggers.length,
    alarms: alarmRows.reduce((s, r) => s + r.n, 0),
    lost: ackedTriggers.filter((t) => alarmsOf(t.code) === 0).length,
    doubled: alarmRows.filter((r) => r.n > 1).length,
    openDuplicates,
  };

  // Timed jobs: per-minute work run once a minute (no two runs under 30 s apart), none missed
  // (no gap over 90 s) between the first and last run in the window.
  const schedules = await q<{ name: string; cron: string }>('select name, cron from pgboss.schedule');
  const jobs: JobCount[] = [];
  for (const s of schedules.filter((s) => s.cron === '* * * * *')) {
    const runs = await q<{ created_on: Date; state: string }>(
      `select created_on, state from pgboss.job where name = $1 and created_on between $2 and $3
       union all
       select created_on, state from pgboss.archive where name = $1 and created_on between $2 and $3
       order by created_on`,
      [s.name, window.from, window.to],
    ).catch(() =>
      q<{ created_on: Date; state: string }>(
        'select created_on, state from pgboss.job where name = $1 and created_on between $2 and $3 order by created_on',
        [s.name, window.from, window.to],
      ),
    );
    // Each minute that began in the window (and ended before it did) had exactly one run created in it.
    let doubled = 0;
    let missed = 0;
    const first = Math.ceil(window.from.getTime() / 60_000) * 60_000;
    for (let b = first; b + 60_000 <= window.to.getTime(); b += 60_000) {
      const n = runs.filter((r) => r.created_on.getTime() >= b && r.created_on.getTime() < b + 60_000).length;
      if (n > 1) doubled += n - 1;
      if (n === 0) missed++;
    }
    const notDone = runs.filter((r) => r.state !== 'completed').length;
    if (notDone > 0)
      notes.push(`${s.name}: ${notDone} runs not completed (${[...new Set(runs.map((r) => r.state))].join(', ')})`);
    jobs.push({ queue: s.name, runs: runs.length, doubled, missed });
  }
  await client.end();
  return { kinds, jobs, alarms, notes };
}
