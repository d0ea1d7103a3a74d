/** Mediation's SQL, continued: time limits and statistics. */
import { sql } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { UNDER_MEDIATION } from './workflow.ts';

// ---------- time limits ----------

/** Cases under mediation past their time limit and not yet flagged. */
export function pastDue(db: Executor, now: Date, limit: number) {
  return db
    .selectFrom('mediation.cases')
    .select('id')
    .where('overdue', '=', false)
    .where('status', 'in', [...UNDER_MEDIATION])
    .where('due_at', '<', now)
    .orderBy('due_at')
    .limit(limit)
    .execute();
}

/** Agreed cases whose follow-up visit has fallen due, not yet reminded. */
export function followUpsDue(db: Executor, today: string, limit: number) {
  return db
    .selectFrom('mediation.cases')
    .select('id')
    .where('follow_up_reminded', '=', false)
    .where('status', 'in', ['agreed', 'performing'])
    .where('follow_up_due_on', '<=', today)
    .orderBy('follow_up_due_on')
    .limit(limit)
    .execute();
}

// ---------- statistics ----------

export interface StatsFilter {
  communityIds: readonly number[];
  studioId?: number | undefined;
  from: Date;
  to: Date;
}

/** An id list for `in`, never empty (an empty `in` is invalid SQL). */
const ids = (list: readonly number[]) => (list.length ? [...list] : [-1]);

function scoped(db: Executor, f: Pick<StatsFilter, 'communityIds' | 'studioId'>) {
  let q = db.selectFrom('mediation.cases as c').where('c.community_id', 'in', ids(f.communityIds));
  if (f.studioId !== undefined) q = q.where('c.studio_id', '=', f.studioId);
  return q;
}

/**
 * Accepted, agreed and failed counts in the period, grouped by a column: each measure
 * counts the cases whose own moment (acceptance, agreement, failure) falls in the period.
 */
async function tallies(db: Executor, f: StatsFilter, by: 'category' | 'studio_id' | 'mediator_user_id') {
  const inPeriod = (column: 'accepted_at' | 'agreed_at' | 'ended_at') =>
    sql<boolean>`${sql.ref(`c.${column}`)} >= ${f.from} and ${sql.ref(`c.${column}`)} < ${f.to}`;
  const rows = await scoped(db, f)
    .select([
      sql.ref<string | number | null>(`c.${by}`).as('key'),
      sql<number>`count(*) filter (where ${inPeriod('accepted_at')})`.as('accepted'),
      sql<number>`count(*) filter (where c.agreed_at is not null and ${inPeriod('agreed_at')})`.as('agreed'),
      sql<number>`count(*) filter (where c.status = 'failed' and ${inPeriod('ended_at')})`.as('failed'),
      sql<number>`count(*) filter (where c.status = 'withdrawn' and ${inPeriod('ended_at')})`.as('withdrawn'),
      sql<number>`coalesce(sum(c.amount_fen) filter (where ${inPeriod('accepted_at')}), 0)`.as('amount'),
      sql<string | null>`max(c.mediator_name)`.as('mediator_name'),
    ])
    .where((eb) =>
      eb.or([
        eb.and([eb('c.accepted_at', '>=', f.from), eb('c.accepted_at', '<', f.to)]),
        eb.and([eb('c.agreed_at', '>=', f.from), eb('c.agreed_at', '<', f.to)]),
        eb.and([eb('c.ended_at', '>=', f.from), eb('c.ended_at', '<', f.to)]),
      ]),
    )
    .groupBy(sql.ref(`c.${by}`))
    .execute();
  return rows.map((r) => ({
    key: r.key,
    accepted: Number(r.accepted),
    agreed: Number(r.agreed),
    failed: Number(r.failed),
    withdrawn: Number(r.withdrawn),
    amountFen: Number(r.amount),
    mediatorName: r.mediator_name,
  }));
}

export const tallyByCategory = (db: Executor, f: StatsFilter) => tallies(db, f, 'category');
export const tallyByStudio = (db: Executor, f: StatsFilter) => tallies(db, f, 'studio_id');
export const tallyByMediator = (db: Executor, f: StatsFilter) => tallies(db, f, 'mediator_user_id');

/** Days from acceptance to agreement of the cases agreed in the period. */
export async function daysToAgreement(db: Executor, f: StatsFilter) {
  const row = await scoped(db, f)
    .select([
      sql<number>`count(*)`.as('n'),
      sql<number | null>`avg(extract(epoch from (c.agreed_at - c.accepted_at)) / 86400)`.as('mean'),
      sql<
        number | null
      >`percentile_cont(0.5) within group (order by extract(epoch from (c.agreed_at - c.accepted_at)) / 86400)`.as(
        'median',
      ),
    ])
    .where('c.agreed_at', '>=', f.from)
    .where('c.agreed_at', '<', f.to)
    .executeTakeFirstOrThrow();
  return {
    count: Number(row.n),
    mean: row.mean === null ? null : Number(row.mean),
    median: row.median === null ? null : Number(row.median),
  };
}

/** Cases accepted per month (China time) between two moments. */
export async function acceptedByMonth(db: Executor, f: StatsFilter, timeZone: string) {
  const month = sql<string>`to_char(c.accepted_at at time zone ${timeZone}, 'YYYY-MM')`;
  const rows = await scoped(db, f)
    .select([month.as('month'), sql<number>`count(*)`.as('n')])
    .where('c.accepted_at', '>=', f.from)
    .where('c.accepted_at', '<', f.to)
    // By position: the month expression holds a parameter, which GROUP BY cannot match by text.
    .groupBy(sql`1`)
    .execute();
  return new Map(rows.map((r) => [r.month, Number(r.n)]));
}

export async function overdueOpen(db: Executor, f: StatsFilter, now: Date) {
  const row = await scoped(db, f)
    .select(sql<number>`count(*)`.as('n'))
    .where('c.status', 'in', [...UNDER_MEDIATION])
    .where((eb) => eb.or([eb('c.overdue', '=', true), eb('c.due_at', '<', now)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
