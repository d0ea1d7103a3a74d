import { sql, type Kysely } from 'kysely';

/**
 * Supervision (督办) counts among a matter's statistics: when a matter was first put under
 * supervision and the worst card (三色) it has had there. Matters keep both in their own row,
 * kept from supervision's events (`supervision.order_opened`, `supervision.card_changed`), so
 * that the count and the matter list it opens read one column. Orders opened before this
 * migration are copied once here, at the moment the fact moves into the matters' own table.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table matters.matters
    add column supervised_at timestamptz,
    add column supervision_card text check (supervision_card in ('green', 'yellow', 'red'))`.execute(db);
  await sql`create index matters_supervised_at on matters.matters (supervised_at) where supervised_at is not null`.execute(
    db,
  );
  await sql`update matters.matters m set supervised_at = o.first_at, supervision_card = o.worst
    from (select matter_id, min(created_at) as first_at,
            (array['green', 'yellow', 'red'])[max(array_position(array['green', 'yellow', 'red'], worst_card))] as worst
          from supervision.orders where matter_id is not null group by matter_id) o
    where o.matter_id = m.id`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table matters.matters drop column supervised_at, drop column supervision_card`.execute(db);
}
