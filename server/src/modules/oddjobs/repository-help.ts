import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type { SeekerRow } from './repository.ts';
import type { HelpActionTable, SeekerTable } from './tables.ts';
import type { HelpReason } from './help-rules.ts';

/** The help queue's and the monthly figures' SQL (重点帮扶, 月度统计). */

export type HelpActionRow = Selectable<HelpActionTable>;

/** Statuses that mean the seeker was hired (hired_at is set on them). */
export const HIRED_STATUSES = ['hired', 'checked_in', 'checked_out', 'paid'] as const;

export interface QueueFilter {
  communityIds: readonly number[];
  reason?: HelpReason | undefined;
  /** Only seekers whose follow-up date lies before this local date. */
  overdueBefore?: string | undefined;
  /** Registered at or before this instant counts as long waiting (with no hire). */
  waitingSince: Date;
  /** Born in or before this year counts as older. */
  olderBornBy: number;
  afterId?: number;
  limit: number;
}

export type QueueRow = SeekerRow & { hired: boolean; last_kind: string | null; last_at: Date | null };

/**
 * Seekers of the communities who need a staff member's help, oldest registration first: waiting
 * long with no hire, older, disabled or low income; each with whether they were ever hired and
 * the latest help action.
 */
export async function queue(db: Executor, f: QueueFilter): Promise<QueueRow[]> {
  const waiting = sql`(s.created_at <= ${f.waitingSince} and not exists (
    select 1 from oddjobs.applications a where a.seeker_id = s.id and a.hired_at is not null))`;
  const older = sql`(s.flag_older or s.birth_year <= ${f.olderBornBy})`;
  const disabled = sql`(s.declared_disabled or s.flag_disabled)`;
  const lowIncome = sql`s.flag_low_income`;
  const byReason = { waiting, older, disabled, low_income: lowIncome } as const;
  const reasonFilter = f.reason ? byReason[f.reason] : sql`(${waiting} or ${older} or ${disabled} or ${lowIncome})`;
  const { rows } = await sql<QueueRow>`
    select s.*,
      exists (select 1 from oddjobs.applications a where a.seeker_id = s.id and a.hired_at is not null) as hired,
      h.kind as last_kind, h.created_at as last_at
    from oddjobs.seekers s
    left join lateral (select kind, created_at from oddjobs.help_actions
      where seeker_id = s.id order by id desc limit 1) h on true
    where s.community_id = any(${[...f.communityIds]}::int[])
      and ${reasonFilter}
      ${f.overdueBefore ? sql`and s.follow_up_on < ${f.overdueBefore}::date` : sql``}
      ${f.afterId !== undefined ? sql`and s.id > ${f.afterId}` : sql``}
    order by s.id
    limit ${f.limit + 1}`.execute(db);
  return rows;
}

export function seekerById(db: Executor, id: number): Promise<SeekerRow | undefined> {
  return db.selectFrom('oddjobs.seekers').selectAll().where('id', '=', id).executeTakeFirst();
}

export function seekerForUpdate(db: Executor, id: number): Promise<SeekerRow | undefined> {
  return db.selectFrom('oddjobs.seekers').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function updateSeeker(db: Executor, id: number, set: Updateable<SeekerTable>) {
  return db.updateTable('oddjobs.seekers').set(set).where('id', '=', id).execute();
}

export function insertHelpAction(db: Executor, row: Insertable<HelpActionTable>): Promise<HelpActionRow> {
  return db.insertInto('oddjobs.help_actions').values(row).returningAll().executeTakeFirstOrThrow();
}

export function helpActionsOf(db: Executor, seekerId: number): Promise<HelpActionRow[]> {
  return db
    .selectFrom('oddjobs.help_actions')
    .selectAll()
    .where('seeker_id', '=', seekerId)
    .orderBy('id', 'desc')
    .limit(100)
    .execute();
}

export interface MonthFigureRow {
  community_id: number;
  month: string;
  postings: number;
  positions: number;
  seekers: number;
  hires: number;
  disputes: number;
  median_fill_hours: number | null;
}

/**
 * The market's figures per community and local month between two instants: postings and their
 * headcount by the month they were created, seekers by the month they registered, hires (and
 * the unpaid-wage rights cases opened from them) by the month of the hire, and the median hours
 * from a posting's creation to its headcount filled, by the month it was filled.
 */
export async function monthFigures(
  db: Executor,
  f: { communityIds: readonly number[]; from: Date; to: Date; timeZone: string; whole?: boolean },
): Promise<MonthFigureRow[]> {
  const ids = sql`${[...f.communityIds]}::int[]`;
  // The whole area as one (community 0), for the totals: a median is not a sum of medians.
  const unit = (p: string) => (f.whole ? sql`0` : sql.ref(`${p}.community_id`));
  const month = (col: string) => sql<string>`to_char(${sql.ref(col)} at time zone ${f.timeZone}, 'YYYY-MM')`;
  const { rows } = await sql<MonthFigureRow>`
    with posted as (
      select ${unit('p')} as community_id, ${month('p.created_at')} as month, count(*)::int as postings, sum(headcount)::int as positions
      from oddjobs.postings p
      where p.community_id = any(${ids}) and created_at >= ${f.from} and created_at < ${f.to}
      group by 1, 2
    ), filled as (
      select ${unit('p')} as community_id, ${month('p.filled_at')} as month,
        percentile_cont(0.5) within group (order by extract(epoch from filled_at - created_at)::float8 / 3600) as median_fill_hours
      from oddjobs.postings p
      where p.community_id = any(${ids}) and filled_at >= ${f.from} and filled_at < ${f.to}
      group by 1, 2
    ), registered as (
      select ${unit('s')} as community_id, ${month('s.created_at')} as month, count(*)::int as seekers
      from oddjobs.seekers s
      where s.community_id = any(${ids}) and created_at >= ${f.from} and created_at < ${f.to}
      group by 1, 2
    ), hired as (
      select ${unit('p')} as community_id, ${month('a.hired_at')} as month, count(*)::int as hires,
        count(a.rights_case_id)::int as disputes
      from oddjobs.applications a join oddjobs.postings p on p.id = a.posting_id
      where p.community_id = any(${ids}) and a.hired_at >= ${f.from} and a.hired_at < ${f.to}
      group by 1, 2
    ), keys as (
      select community_id, month from posted union select community_id, month from filled
      union select community_id, month from registered union select community_id, month from hired
    )
    select k.community_id, k.month,
      coalesce(posted.postings, 0) as postings, coalesce(posted.positions, 0) as positions,
      coalesce(registered.seekers, 0) as seekers, coalesce(hired.hires, 0) as hires,
      coalesce(hired.disputes, 0) as disputes, filled.median_fill_hours
    from keys k
    left join posted using (community_id, month)
    left join filled using (community_id, month)
    left join registered using (community_id, month)
    left join hired using (community_id, month)
    order by k.month, k.community_id`.execute(db);
  return rows.map((r) => ({
    ...r,
    median_fill_hours: r.median_fill_hours === null ? null : Number(r.median_fill_hours),
  }));
}
