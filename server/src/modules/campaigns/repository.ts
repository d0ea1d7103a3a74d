import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type { CampaignTable, CheckTable, ItemTable, NoticeTable, TargetTable } from './tables.ts';

export type CampaignRow = Selectable<CampaignTable>;
export type ItemRow = Selectable<ItemTable>;
export type TargetRow = Selectable<TargetTable>;
export type NoticeRow = Selectable<NoticeTable>;
export type CheckRow = Selectable<CheckTable>;

export function insertCampaign(db: Executor, row: Insertable<CampaignTable>) {
  return db.insertInto('campaigns.campaigns').values(row).returningAll().executeTakeFirstOrThrow();
}
export async function insertItems(db: Executor, rows: Insertable<ItemTable>[]) {
  await db.insertInto('campaigns.items').values(rows).execute();
}
export async function insertTargets(db: Executor, rows: Insertable<TargetTable>[]) {
  await db.insertInto('campaigns.targets').values(rows).execute();
}
export function campaignById(db: Executor, id: number) {
  return db.selectFrom('campaigns.campaigns').selectAll().where('id', '=', id).executeTakeFirst();
}
export function itemsOf(db: Executor, campaignId: number) {
  return db
    .selectFrom('campaigns.items')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .orderBy('position')
    .execute();
}
export function targetsOf(db: Executor, campaignId: number) {
  return db.selectFrom('campaigns.targets').selectAll().where('campaign_id', '=', campaignId).orderBy('id').execute();
}

const searchable = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function listCampaigns(
  db: Executor,
  f: {
    divisionIds: readonly number[];
    memberId: number;
    onlyMine: boolean;
    status?: 'active' | 'closed' | undefined;
    q?: string | undefined;
    afterId?: number | undefined;
    limit: number;
  },
) {
  let q = db.selectFrom('campaigns.campaigns').selectAll();
  q = q.where((eb) => {
    const mine = sql<boolean>`${f.memberId} = any(member_ids)`;
    if (f.onlyMine || f.divisionIds.length === 0) return mine;
    return eb.or([eb('division_id', 'in', [...f.divisionIds]), mine]);
  });
  if (f.status) q = q.where('status', '=', f.status);
  if (f.q) q = q.where('title', 'ilike', searchable(f.q));
  if (f.afterId !== undefined) q = q.where('id', '<', f.afterId);
  return q
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

/** The next notice number of a campaign's year: the counter row is locked by the update, so no gaps and no twins. */
export async function nextNoticeSeq(db: Executor, campaignId: number, year: number): Promise<number> {
  const row = await db
    .insertInto('campaigns.notice_counters')
    .values({ campaign_id: campaignId, year, last: 1 })
    .onConflict((oc) =>
      oc.columns(['campaign_id', 'year']).doUpdateSet({ last: sql`campaigns.notice_counters.last + 1` }),
    )
    .returning('last')
    .executeTakeFirstOrThrow();
  return row.last;
}

export function insertNotice(db: Executor, row: Insertable<NoticeTable>) {
  return db.insertInto('campaigns.notices').values(row).returningAll().executeTakeFirstOrThrow();
}
export function noticeById(db: Executor, id: number, lock = false) {
  const q = db.selectFrom('campaigns.notices').selectAll().where('id', '=', id);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}
export function noticesOf(db: Executor, campaignId: number) {
  return db.selectFrom('campaigns.notices').selectAll().where('campaign_id', '=', campaignId).orderBy('id').execute();
}
export async function updateNotice(db: Executor, id: number, set: Partial<Insertable<NoticeTable>>) {
  await db.updateTable('campaigns.notices').set(set).where('id', '=', id).execute();
}
/** Notices whose deadline passed and whose passing was not yet escalated. */
export function overdueNotices(db: Executor, now: Date) {
  return db
    .selectFrom('campaigns.notices')
    .selectAll()
    .where('status', '<>', 'closed')
    .where('deadline', '<', now)
    .where((eb) => eb.or([eb('escalated_deadline', 'is', null), eb('escalated_deadline', '<>', eb.ref('deadline'))]))
    .orderBy('id')
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function upsertCheck(db: Executor, row: Insertable<CheckTable>) {
  return db
    .insertInto('campaigns.checks')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['target_id', 'item_id']).doUpdateSet((eb) => ({
        result: eb.ref('excluded.result'),
        description: eb.ref('excluded.description'),
        photo_tokens: eb.ref('excluded.photo_tokens'),
        notice_id: eb.ref('excluded.notice_id'),
        checked_by: eb.ref('excluded.checked_by'),
        checked_at: eb.ref('excluded.checked_at'),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}
export function checksOf(db: Executor, campaignId: number) {
  return db.selectFrom('campaigns.checks').selectAll().where('campaign_id', '=', campaignId).execute();
}
export function checksOfNotice(db: Executor, noticeId: number) {
  return db.selectFrom('campaigns.checks').selectAll().where('notice_id', '=', noticeId).orderBy('item_id').execute();
}
export function checkById(db: Executor, id: number) {
  return db.selectFrom('campaigns.checks').selectAll().where('id', '=', id).executeTakeFirst();
}
export async function setCheckMatter(db: Executor, id: number, matterId: number) {
  await db.updateTable('campaigns.checks').set({ matter_id: matterId }).where('id', '=', id).execute();
}
export async function insertRecheck(
  db: Executor,
  row: {
    notice_id: number;
    passed: boolean;
    note: string;
    photo_tokens: string[];
    checked_by: number;
    checked_at: Date;
  },
) {
  await db.insertInto('campaigns.rechecks').values(row).execute();
}
export function rechecksOf(db: Executor, noticeId: number) {
  return db.selectFrom('campaigns.rechecks').selectAll().where('notice_id', '=', noticeId).orderBy('id').execute();
}
export async function updateCampaign(db: Executor, id: number, set: Partial<Insertable<CampaignTable>>) {
  await db.updateTable('campaigns.campaigns').set(set).where('id', '=', id).execute();
}
export async function maxItemPosition(db: Executor, campaignId: number) {
  const row = await db
    .selectFrom('campaigns.items')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('campaign_id', '=', campaignId)
    .executeTakeFirst();
  return row?.max ?? -1;
}

/** Notices of the campaigns one may read (in the divisions, or whose task force one is in), newest first. */
export function listNotices(
  db: Executor,
  f: {
    divisionIds: readonly number[];
    memberId: number;
    campaignId?: number | undefined;
    status?: NoticeRow['status'] | undefined;
    openOnly?: boolean | undefined;
    overdueAt?: Date | undefined;
    issuedBy?: number | undefined;
    q?: string | undefined;
    afterId?: number | undefined;
    limit: number;
  },
) {
  let q = db
    .selectFrom('campaigns.notices as n')
    .innerJoin('campaigns.campaigns as c', 'c.id', 'n.campaign_id')
    .innerJoin('campaigns.targets as t', 't.id', 'n.target_id')
    .selectAll('n');
  q = q.where((eb) => {
    const mine = sql<boolean>`${f.memberId} = any(c.member_ids)`;
    if (f.divisionIds.length === 0) return mine;
    return eb.or([eb('c.division_id', 'in', [...f.divisionIds]), mine]);
  });
  if (f.campaignId !== undefined) q = q.where('n.campaign_id', '=', f.campaignId);
  if (f.status) q = q.where('n.status', '=', f.status);
  if (f.openOnly) q = q.where('n.status', '<>', 'closed');
  if (f.overdueAt) q = q.where('n.status', '<>', 'closed').where('n.deadline', '<', f.overdueAt);
  if (f.issuedBy !== undefined) q = q.where('n.issued_by', '=', f.issuedBy);
  if (f.q) {
    const like = searchable(f.q);
    q = q.where((eb) => eb.or([eb('n.number', 'ilike', like), eb('t.name', 'ilike', like)]));
  }
  if (f.afterId !== undefined) q = q.where('n.id', '<', f.afterId);
  return q
    .orderBy('n.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}
