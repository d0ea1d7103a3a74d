import { sql, type Expression, type ExpressionBuilder, type Insertable, type SqlBool, type Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { inScope, type Scope } from '../../platform/access.ts';
import type { CursorKey } from '../../platform/pagination.ts';
import { escapeLike } from '../../platform/sql.ts';
import type { PersonTable } from './tables.ts';

// ---------- persons ----------

const personColumns = [
  'p.id',
  'p.community_id',
  'p.grid_id',
  'p.building_id',
  'p.household_id',
  'p.name',
  'p.gender',
  'p.birth_date',
  'p.id_number',
  'p.phone',
  'p.tags',
  'p.is_owner',
  'p.address',
  'p.note',
  'p.created_at',
  'p.updated_at',
] as const;

/**
 * People with the names of where they live. The names come from scalar subqueries
 * rather than five joins: PostgreSQL plans a six-table join in ~6 ms, longer than the
 * query runs; these plan in a fraction of that (see docs/PERFORMANCE.md).
 */
function personQuery(db: Executor) {
  return db
    .selectFrom('org.persons as p')
    .leftJoin('org.households as h', 'h.id', 'p.household_id')
    .select(personColumns)
    .select('h.room')
    .select((eb) => [
      eb
        .selectFrom('org.divisions as c')
        .select('c.name')
        .whereRef('c.id', '=', 'p.community_id')
        .$asScalar()
        .$notNull()
        .as('community_name'),
      eb.selectFrom('org.grids as g').select('g.name').whereRef('g.id', '=', 'p.grid_id').$asScalar().as('grid_name'),
      eb
        .selectFrom('org.buildings as b')
        .select('b.name')
        .whereRef('b.id', '=', 'p.building_id')
        .$asScalar()
        .as('building_name'),
      eb.selectFrom('org.units as u').select('u.name').whereRef('u.id', '=', 'h.unit_id').$asScalar().as('unit_name'),
    ]);
}

export type PersonRow = Awaited<ReturnType<typeof personById>> & {};

/**
 * The people of a place, for an electorate: adults (18 or over on `on`, or of unknown
 * age) living in a community, some of its buildings, or a grid, with their household,
 * whether they own it, and its floor area.
 */
export function peopleOfPlace(
  db: Executor,
  place: { communityId: number; buildingIds?: readonly number[]; gridId?: number },
  on: string,
) {
  let q = db
    .selectFrom('org.persons as p')
    .leftJoin('org.households as h', 'h.id', 'p.household_id')
    .select(['p.id as person_id', 'p.household_id', 'p.is_owner', 'h.floor_area_m2', 'h.building_id'])
    .where('p.community_id', '=', place.communityId)
    .where((eb) =>
      eb.or([
        eb('p.birth_date', 'is', null),
        eb('p.birth_date', '<=', sql<string>`(${on}::date - interval '18 years')::date`),
      ]),
    )
    .orderBy('p.id');
  if (place.buildingIds?.length) q = q.where('p.building_id', 'in', [...place.buildingIds]);
  if (place.gridId !== undefined) q = q.where('p.grid_id', '=', place.gridId);
  return q.execute();
}

export function personsByIds(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return personQuery(db).where('p.id', 'in', ids).execute();
}

export function personById(db: Executor, id: number) {
  return personQuery(db).where('p.id', '=', id).executeTakeFirst();
}

/** People of a scope who carry any of the tags (those to be visited), by name search, at most `cap`. */
export function personsWithAnyTag(
  db: Executor,
  scope: Scope,
  tags: readonly string[],
  filter: { communityId?: number | undefined; gridId?: number | undefined; q?: string | undefined },
  cap: number,
) {
  if (tags.length === 0) return Promise.resolve([]);
  let q = personQuery(db)
    .where((eb) => inScope(eb, scope, { division: 'p.community_id', grid: 'p.grid_id' }))
    .where(sql<SqlBool>`p.tags && ${sql.val([...tags])}::text[]`)
    .orderBy('p.id')
    .limit(cap);
  if (filter.communityId !== undefined) q = q.where('p.community_id', '=', filter.communityId);
  if (filter.gridId !== undefined) q = q.where('p.grid_id', '=', filter.gridId);
  if (filter.q) q = q.where('p.name', 'ilike', `%${escapeLike(filter.q.trim())}%`);
  return q.execute();
}

/** A search text that is a whole phone or ID number rather than a name. */
export const isNumberSearch = (q: string) => /^[0-9xX]{11,18}$/.test(q.trim());

export interface PersonFilter {
  q?: string | undefined;
  tags?: string[] | undefined;
  communityId?: number | undefined;
  gridId?: number | undefined;
  buildingId?: number | undefined;
  householdId?: number | undefined;
  gender?: 'male' | 'female' | 'unknown' | undefined;
}

// biome-ignore lint/suspicious/noExplicitAny: the filter applies to the people table under any alias of a join
function personWhere(eb: ExpressionBuilder<any, any>, scope: Scope, filter: PersonFilter): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [inScope(eb, scope, { division: 'p.community_id', grid: 'p.grid_id' })];
  if (filter.communityId !== undefined) parts.push(eb('p.community_id', '=', filter.communityId));
  if (filter.gridId !== undefined) parts.push(eb('p.grid_id', '=', filter.gridId));
  if (filter.buildingId !== undefined) parts.push(eb('p.building_id', '=', filter.buildingId));
  if (filter.householdId !== undefined) parts.push(eb('p.household_id', '=', filter.householdId));
  if (filter.gender) parts.push(eb('p.gender', '=', filter.gender));
  if (filter.tags && filter.tags.length > 0) parts.push(sql<SqlBool>`p.tags @> ${sql.val(filter.tags)}::text[]`);
  if (filter.q) {
    const text = filter.q.trim();
    // Digits search the numbers exactly (whole phone or ID number); anything else the name.
    if (isNumberSearch(text)) {
      parts.push(eb.or([eb('p.phone', '=', text), eb('p.id_number', '=', text.toUpperCase())]));
    } else {
      parts.push(eb('p.name', 'ilike', `%${escapeLike(text)}%`));
    }
  }
  return eb.and(parts);
}

export function listPersons(db: Executor, scope: Scope, filter: PersonFilter, after: CursorKey | null, limit: number) {
  let q = personQuery(db)
    .where((eb) => personWhere(eb, scope, filter))
    .orderBy('p.id')
    .limit(limit + 1);
  if (after) q = q.where('p.id', '>', after.id);
  return q.execute();
}

export async function countPersons(db: Executor, scope: Scope, filter: PersonFilter) {
  const row = await db
    .selectFrom('org.persons as p')
    .where((eb) => personWhere(eb, scope, filter))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function tagCounts(db: Executor, scope: Scope) {
  return db
    .selectFrom(
      sql<{ tag: string }>`(select unnest(p.tags) as tag from org.persons p where ${inScopeRaw(scope)})`.as('t'),
    )
    .select(['t.tag'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy('t.tag')
    .orderBy('n', 'desc')
    .execute();
}

function inScopeRaw(scope: Scope) {
  const parts = [];
  if (scope.divisionIds.length) parts.push(sql`p.community_id = any(${sql.val([...scope.divisionIds])}::int[])`);
  if (scope.gridIds.length) parts.push(sql`p.grid_id = any(${sql.val([...scope.gridIds])}::int[])`);
  return parts.length ? sql.join(parts, sql` or `) : sql`false`;
}

export async function insertPerson(db: Executor, row: Insertable<PersonTable>) {
  return (await db.insertInto('org.persons').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertPersons(db: Executor, rows: Insertable<PersonTable>[]) {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('org.persons')
      .values(rows.slice(i, i + 1000))
      .execute();
  }
}

export async function updatePerson(db: Executor, id: number, patch: Updateable<PersonTable>, now: Date) {
  await db
    .updateTable('org.persons')
    .set({ ...patch, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function deletePerson(db: Executor, id: number) {
  await db.deleteFrom('org.persons').where('id', '=', id).execute();
}

export function personsByIdNumbers(db: Executor, idNumbers: readonly string[]) {
  if (idNumbers.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('org.persons')
    .select(['id', 'id_number', 'community_id', 'grid_id'])
    .where('id_number', '=', sql<string>`any(${sql.val([...idNumbers])}::text[])`)
    .execute();
}

/** The people registered under a name and ID number (real-name binding of an account). */
export function personsByIdentity(db: Executor, name: string, idNumber: string) {
  return db
    .selectFrom('org.persons')
    .select(['id', 'community_id', 'grid_id'])
    .where('id_number', '=', idNumber)
    .where('name', '=', name)
    .execute();
}
