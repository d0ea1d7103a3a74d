import { sql } from 'kysely';
import type { Executor } from '../../db/connection.ts';

export type EntryRow = Awaited<ReturnType<typeof entryById>> & {};
export type CategoryRow = Awaited<ReturnType<typeof categoryById>> & {};

const entryColumns = (db: Executor) =>
  db
    .selectFrom('special.entries as e')
    .innerJoin('special.categories as c', 'c.id', 'e.category_id')
    .innerJoin('org.persons as p', 'p.id', 'e.person_id')
    .selectAll('e')
    .select(['c.code', 'c.name_zh', 'c.name_en', 'c.visit_days', 'p.name as person_name']);

export const categories = (db: Executor, all = false) => {
  const query = db.selectFrom('special.categories').selectAll();
  return (all ? query : query.where('active', '=', true)).orderBy('id').execute();
};

export const categoryById = (db: Executor, id: number) =>
  db.selectFrom('special.categories').selectAll().where('id', '=', id).executeTakeFirst();

export const entryById = (db: Executor, id: number) => entryColumns(db).where('e.id', '=', id).executeTakeFirst();

export function entries(
  db: Executor,
  f: {
    divisionIds: readonly number[];
    categoryId?: number | undefined;
    communityId?: number | undefined;
    q?: string | undefined;
    overdueBefore?: string | undefined;
    afterId?: number | undefined;
    limit: number;
  },
) {
  let query = entryColumns(db).where('e.community_id', 'in', f.divisionIds.length ? f.divisionIds : [-1]);
  if (f.categoryId) query = query.where('e.category_id', '=', f.categoryId);
  if (f.communityId) query = query.where('e.community_id', '=', f.communityId);
  if (f.q) query = query.where('p.name', 'like', `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (f.overdueBefore)
    query = query
      .where('e.status', '=', 'active')
      .where(
        sql<string>`(coalesce(e.last_visit_on, e.starts_on) + c.visit_days)`,
        '<',
        sql<string>`${f.overdueBefore}::date`,
      );
  if (f.afterId) query = query.where('e.id', '<', f.afterId);
  return query
    .orderBy('e.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

/** Active entries whose next visit (last visit, else start, plus the interval) is before the day. */
export const overdueEntries = (db: Executor, day: string) =>
  entryColumns(db)
    .where('e.status', '=', 'active')
    .where(sql<string>`(coalesce(e.last_visit_on, e.starts_on) + c.visit_days)`, '<', sql<string>`${day}::date`)
    .orderBy('e.id')
    .execute();

export const visitsOf = (db: Executor, entryId: number) =>
  db
    .selectFrom('special.visits')
    .selectAll()
    .where('entry_id', '=', entryId)
    .orderBy('visited_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
