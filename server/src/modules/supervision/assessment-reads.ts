import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../../db/connection.ts';

/**
 * What assessment (考核) reads of supervision, so that it never reads these tables itself:
 * the cards given in a period, one per order — red if it turned red in the period, else
 * yellow — with the unit answerable and the matter it is on.
 */
export async function cardsGivenFor(db: Executor, divisionIds: readonly number[], from: Date, to: Date) {
  if (divisionIds.length === 0) return [];
  const rows = await db
    .selectFrom('supervision.card_changes as c')
    .innerJoin('supervision.orders as o', 'o.id', 'c.order_id')
    .select([
      'o.id',
      'o.matter_id',
      'o.unit_kind',
      'o.department',
      'o.division_id',
      sql<boolean>`bool_or(c.to_card = 'red')`.as('red'),
    ])
    .where('c.to_card', 'in', ['yellow', 'red'])
    .where(sql<SqlBool>`c.at >= ${from}::timestamptz and c.at < ${to}::timestamptz`)
    .where('o.division_id', 'in', [...divisionIds])
    .groupBy(['o.id', 'o.matter_id', 'o.unit_kind', 'o.department', 'o.division_id'])
    .orderBy('o.id')
    .execute();
  return rows.map((r) => ({
    orderId: r.id,
    matterId: r.matter_id,
    unitKind: r.unit_kind,
    department: r.department,
    divisionId: r.division_id,
    card: (r.red ? 'red' : 'yellow') as 'red' | 'yellow',
  }));
}
