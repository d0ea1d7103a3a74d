import { sql, type Insertable, type Selectable, type SqlBool, type Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { inScope, type Scope } from '../../platform/access.ts';
import type { NoticeTable, RecipientTable, VisitTaskTable } from './tables.ts';

export type NoticeRow = Selectable<NoticeTable>;
export type RecipientRow = Selectable<RecipientTable>;
export type TaskRow = Selectable<VisitTaskTable>;

const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const ints = (ids: readonly number[]) => sql`${sql.val([...ids])}::int[]`;

export function insertNotice(db: Executor, row: Insertable<NoticeTable>): Promise<NoticeRow> {
  return db.insertInto('notices.notices').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateNotice(db: Executor, id: number, set: Updateable<NoticeTable>) {
  return db.updateTable('notices.notices').set(set).where('id', '=', id).execute();
}

export function noticeById(db: Executor, id: number, lock = false): Promise<NoticeRow | undefined> {
  const q = db.selectFrom('notices.notices').selectAll().where('id', '=', id);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

export function noticesByIds(db: Executor, ids: readonly number[]): Promise<NoticeRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('notices.notices')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

/** Notices sent by a unit of the divisions, or addressed to one of them; newest first. */
export function listNotices(
  db: Executor,
  f: {
    divisionIds: readonly number[];
    topic?: string | undefined;
    current?: boolean | undefined;
    now: Date;
    q?: string | undefined;
    beforeId?: number | undefined;
    limit: number;
  },
): Promise<NoticeRow[]> {
  const ids = f.divisionIds.length ? f.divisionIds : [0];
  let q = db
    .selectFrom('notices.notices')
    .selectAll()
    .where((eb) => eb.or([eb('sender_division_id', 'in', [...ids]), sql<SqlBool>`area_division_ids && ${ints(ids)}`]));
  if (f.topic) q = q.where('topic', '=', f.topic as NoticeRow['topic']);
  if (f.current === true)
    q = q.where('superseded_by', 'is', null).where('msg_type', '!=', 'cancel').where('expires', '>', f.now);
  if (f.current === false)
    q = q.where((eb) =>
      eb.or([eb('superseded_by', 'is not', null), eb('msg_type', '=', 'cancel'), eb('expires', '<=', f.now)]),
    );
  if (f.q) q = q.where((eb) => eb.or([eb('headline', 'ilike', like(f.q!)), eb('identifier', 'ilike', like(f.q!))]));
  if (f.beforeId !== undefined) q = q.where('id', '<', f.beforeId);
  return q
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export async function insertRecipients(db: Executor, rows: Insertable<RecipientTable>[]): Promise<RecipientRow[]> {
  const out: RecipientRow[] = [];
  // In slices, so a street's notice to thousands stays within the parameters of one statement.
  for (let i = 0; i < rows.length; i += 500)
    out.push(
      ...(await db
        .insertInto('notices.recipients')
        .values(rows.slice(i, i + 500))
        .returningAll()
        .execute()),
    );
  return out;
}

export function updateRecipient(db: Executor, id: number, set: Updateable<RecipientTable>) {
  return db.updateTable('notices.recipients').set(set).where('id', '=', id).execute();
}

export function recipientById(db: Executor, id: number, lock = false): Promise<RecipientRow | undefined> {
  const q = db.selectFrom('notices.recipients').selectAll().where('id', '=', id);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

export function recipientsOf(
  db: Executor,
  noticeId: number,
  f: { state?: 'acknowledged' | 'unacknowledged' | undefined; afterId?: number | undefined; limit?: number },
): Promise<RecipientRow[]> {
  let q = db.selectFrom('notices.recipients').selectAll().where('notice_id', '=', noticeId);
  if (f.state === 'acknowledged') q = q.where('acknowledged_at', 'is not', null);
  if (f.state === 'unacknowledged') q = q.where('acknowledged_at', 'is', null);
  if (f.afterId !== undefined) q = q.where('id', '>', f.afterId);
  q = q.orderBy('id');
  return (f.limit === undefined ? q : q.limit(f.limit + 1)).execute();
}

/** Per notice: recipients, and how many were sent, delivered, read and acknowledged. */
export async function countsFor(db: Executor, noticeIds: readonly number[]) {
  if (noticeIds.length === 0) return new Map<number, Record<string, number>>();
  const rows = await db
    .selectFrom('notices.recipients')
    .select((eb) => [
      'notice_id',
      eb.fn.countAll<string>().as('recipients'),
      eb.fn.count<string>('sent_at').as('sent'),
      eb.fn.count<string>('delivered_at').as('delivered'),
      eb.fn.count<string>('read_at').as('read'),
      eb.fn.count<string>('acknowledged_at').as('acknowledged'),
    ])
    .where('notice_id', 'in', [...noticeIds])
    .groupBy('notice_id')
    .execute();
  return new Map(
    rows.map((r) => [
      r.notice_id,
      {
        recipients: Number(r.recipients),
        sent: Number(r.sent),
        delivered: Number(r.delivered),
        read: Number(r.read),
        acknowledged: Number(r.acknowledged),
      },
    ]),
  );
}

/** SMS recipients of a notice whose delivery is not yet known to have reached the provider. */
export function smsAwaitingDelivery(db: Executor, noticeId: number) {
  return db
    .selectFrom('notices.recipients')
    .select(['id', 'delivery_id'])
    .where('notice_id', '=', noticeId)
    .where('channel', '=', 'sms')
    .where('delivered_at', 'is', null)
    .where('delivery_id', 'is not', null)
    .execute();
}

/** The notices a user received, newest first, with their own row. */
export function noticesOfUser(db: Executor, userId: number, beforeId: number | undefined, limit: number) {
  let q = db
    .selectFrom('notices.recipients as r')
    .innerJoin('notices.notices as n', 'n.id', 'r.notice_id')
    .selectAll('n')
    .select(['r.id as recipient_id', 'r.read_at', 'r.acknowledged_at'])
    .where('r.user_id', '=', userId);
  if (beforeId !== undefined) q = q.where('n.id', '<', beforeId);
  return q
    .orderBy('n.id', 'desc')
    .limit(limit + 1)
    .execute();
}

export function recipientOfUser(db: Executor, noticeId: number, userId: number, lock = false) {
  const q = db
    .selectFrom('notices.recipients')
    .selectAll()
    .where('notice_id', '=', noticeId)
    .where('user_id', '=', userId);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

/**
 * Elders living alone, recipients of a current anti-fraud notice, who have not acknowledged it
 * within its hours and have no visit task for it yet.
 */
export function eldersDue(db: Executor, now: Date, tag: string) {
  return db
    .selectFrom('notices.recipients as r')
    .innerJoin('notices.notices as n', 'n.id', 'r.notice_id')
    .select(['r.id', 'r.notice_id', 'r.person_id', 'r.community_id', 'r.grid_id', 'n.sent', 'n.visit_after_hours'])
    .where('n.topic', '=', 'anti_fraud')
    .where('n.msg_type', '!=', 'cancel')
    .where('n.superseded_by', 'is', null)
    .where(sql<SqlBool>`n.sent + n.visit_after_hours * interval '1 hour' <= ${now}`)
    .where('r.person_id', 'is not', null)
    .where('r.community_id', 'is not', null)
    .where('r.acknowledged_at', 'is', null)
    .where(sql<SqlBool>`${tag} = any(r.tags)`)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('notices.visit_tasks as t')
            .select('t.id')
            .whereRef('t.notice_id', '=', 'r.notice_id')
            .whereRef('t.person_id', '=', 'r.person_id'),
        ),
      ),
    )
    .orderBy('r.id')
    .limit(1000)
    .execute();
}

export async function insertTask(db: Executor, row: Insertable<VisitTaskTable>): Promise<number | null> {
  const r = await db
    .insertInto('notices.visit_tasks')
    .values(row)
    .onConflict((oc) => oc.columns(['notice_id', 'person_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id ?? null;
}

export function taskById(db: Executor, id: number, lock = false): Promise<TaskRow | undefined> {
  const q = db.selectFrom('notices.visit_tasks').selectAll().where('id', '=', id);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

export function updateTask(db: Executor, id: number, set: Updateable<VisitTaskTable>) {
  return db.updateTable('notices.visit_tasks').set(set).where('id', '=', id).execute();
}

export function cancelOpenTasks(db: Executor, noticeId: number, now: Date) {
  return db
    .updateTable('notices.visit_tasks')
    .set({ status: 'cancelled', closed_at: now })
    .where('notice_id', '=', noticeId)
    .where('status', '=', 'open')
    .execute();
}

export function listTasks(
  db: Executor,
  scope: Scope,
  f: { status?: TaskRow['status'] | undefined; beforeId?: number | undefined; limit: number },
): Promise<TaskRow[]> {
  let q = db
    .selectFrom('notices.visit_tasks')
    .selectAll()
    .where((eb) => inScope(eb, scope, { division: 'community_id', grid: 'grid_id' }));
  if (f.status) q = q.where('status', '=', f.status);
  if (f.beforeId !== undefined) q = q.where('id', '<', f.beforeId);
  return q
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export function openTaskOf(db: Executor, noticeId: number, personId: number) {
  return db
    .selectFrom('notices.visit_tasks')
    .select('id')
    .where('notice_id', '=', noticeId)
    .where('person_id', '=', personId)
    .where('status', '=', 'open')
    .executeTakeFirst();
}
