import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { inScope, type Scope } from '../../platform/access.ts';
import type { CursorKey } from '../../platform/pagination.ts';
import type { Card, CardChangeTable, OrderStatus, OrderTable, ReminderTable } from './tables.ts';

export type OrderRow = Selectable<OrderTable>;
export type CardChangeRow = Selectable<CardChangeTable>;
export type ReminderRow = Selectable<ReminderTable>;

export function insertOrder(db: Executor, row: Insertable<OrderTable>) {
  return db.insertInto('supervision.orders').values(row).returningAll().executeTakeFirstOrThrow();
}

export function orderById(db: Executor, id: number) {
  return db.selectFrom('supervision.orders').selectAll().where('id', '=', id).executeTakeFirst();
}

export function orderForUpdate(db: Executor, id: number) {
  return db.selectFrom('supervision.orders').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function updateOrder(db: Executor, id: number, set: Updateable<OrderTable>) {
  return db.updateTable('supervision.orders').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export function openOrderOfMatter(db: Executor, matterId: number) {
  return db
    .selectFrom('supervision.orders')
    .select(['id'])
    .where('matter_id', '=', matterId)
    .where('status', '=', 'open')
    .executeTakeFirst();
}

/** Open orders whose gap may have closed with a change to a matter: on it, or on its unit. */
export function openOrdersTouching(
  db: Executor,
  m: { id: number; divisionId: number; department: string | null },
): Promise<Array<{ id: number }>> {
  return db
    .selectFrom('supervision.orders')
    .select(['id'])
    .where('status', '=', 'open')
    .where((eb) =>
      eb.or([
        eb('matter_id', '=', m.id),
        eb.and([
          eb('target_kind', '=', 'unit'),
          eb('unit_kind', '=', 'community'),
          eb('unit_division_id', '=', m.divisionId),
        ]),
        ...(m.department
          ? [
              eb.and([
                eb('target_kind', '=', 'unit'),
                eb('unit_kind', '=', 'department'),
                eb('department', '=', m.department),
              ]),
            ]
          : []),
      ]),
    )
    .orderBy('id')
    .execute();
}

/** Open orders, oldest first, from an id on (the job walks them in batches). */
export function openOrdersAfter(db: Executor, afterId: number, limit: number) {
  return db
    .selectFrom('supervision.orders')
    .select(['id'])
    .where('status', '=', 'open')
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export interface OrderFilter {
  scope: Scope;
  status?: OrderStatus | undefined;
  card?: Card | undefined;
  listed?: boolean | undefined;
  targetKind?: 'matter' | 'unit' | undefined;
  department?: string | undefined;
  unitDivisionId?: number | undefined;
  q?: string | undefined;
}

function filtered(db: Executor, f: OrderFilter) {
  let q = db
    .selectFrom('supervision.orders')
    .where((eb) => inScope(eb, f.scope, { division: 'supervision.orders.division_id' }));
  if (f.status) q = q.where('status', '=', f.status);
  if (f.card) q = q.where('card', '=', f.card);
  if (f.listed !== undefined) q = q.where('listed', '=', f.listed);
  if (f.targetKind) q = q.where('target_kind', '=', f.targetKind);
  if (f.department) q = q.where('department', '=', f.department);
  if (f.unitDivisionId) q = q.where('unit_division_id', '=', f.unitDivisionId);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([eb('matter_code', 'ilike', like), eb('note', 'ilike', like), eb('unit_name', 'ilike', like)]),
    );
  }
  return q;
}

/** Orders newest first, one page (limit + 1 rows). */
export function listOrders(db: Executor, f: OrderFilter, after: CursorKey | null, limit: number) {
  let q = filtered(db, f).selectAll();
  if (after) q = q.where('id', '<', after.id);
  return q
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
}

export async function countOrders(db: Executor, f: OrderFilter) {
  const row = await filtered(db, f)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function insertCardChange(db: Executor, row: Insertable<CardChangeTable>) {
  return db.insertInto('supervision.card_changes').values(row).execute();
}

export function cardChangesOf(db: Executor, orderId: number) {
  return db
    .selectFrom('supervision.card_changes')
    .selectAll()
    .where('order_id', '=', orderId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

export function insertReminder(db: Executor, row: Insertable<ReminderTable>) {
  return db.insertInto('supervision.reminders').values(row).returningAll().executeTakeFirstOrThrow();
}

export function remindersOf(db: Executor, orderId: number) {
  return db
    .selectFrom('supervision.reminders')
    .selectAll()
    .where('order_id', '=', orderId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
}

/**
 * Per unit, the orders made in [from, to) in scope: how many, ended on time, worst card
 * yellow, worst card red, still open; and the cards given in [from, to) (the card history).
 */
export function countsPerUnit(db: Executor, scope: Scope, from: Date, to: Date) {
  return db
    .selectFrom('supervision.orders as o')
    .where((eb) => inScope(eb, scope, { division: 'o.division_id' }))
    .where('o.created_at', '>=', from)
    .where('o.created_at', '<', to)
    .select([
      'o.unit_kind',
      'o.department',
      'o.unit_division_id',
      sql<string>`max(o.unit_name)`.as('unit_name'),
      sql<string>`count(*)`.as('orders'),
      sql<string>`count(*) filter (where o.status <> 'open' and o.worst_card = 'green')`.as('on_time'),
      sql<string>`count(*) filter (where o.worst_card = 'yellow')`.as('yellow'),
      sql<string>`count(*) filter (where o.worst_card = 'red')`.as('red'),
      sql<string>`count(*) filter (where o.status = 'open')`.as('open'),
    ])
    .groupBy(['o.unit_kind', 'o.department', 'o.unit_division_id'])
    .orderBy(sql`count(*)`, 'desc')
    .execute();
}
