import { type RawBuilder, sql, type Insertable, type SqlBool, type Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { inScope, type Scope } from '../../platform/access.ts';
import type { CursorKey } from '../../platform/pagination.ts';
import { escapeLike } from '../../platform/sql.ts';
import type { DivisionTable, GridTable } from './tables.ts';

// The org's SQL: divisions and grids; buildings and households, assignments, people and
// imports in their own files, exported from here too.
export * from './repository-persons.ts';
export * from './repository-imports.ts';
export * from './repository-buildings.ts';

// ---------- divisions ----------

/** Each division's enclosing division of a level (itself if of that level), by its path: one query. */
export function enclosingOfLevel(db: Executor, ids: readonly number[], level: 'street' | 'district') {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('org.divisions as d')
    .innerJoin('org.divisions as a', (join) =>
      join.on('a.level', '=', level).on(sql<SqlBool>`(a.id = d.id or '/' || d.path || '/' like '%/' || a.id || '/%')`),
    )
    .select(['d.id as divisionId', 'a.id', 'a.name'])
    .where('d.id', 'in', [...ids])
    .execute();
}

export function divisionsByIds(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('org.divisions')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

export function divisionById(db: Executor, id: number) {
  return db.selectFrom('org.divisions').selectAll().where('id', '=', id).executeTakeFirst();
}

export function divisionsByCodes(db: Executor, codes: readonly string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('org.divisions')
    .selectAll()
    .where('code', 'in', [...codes])
    .execute();
}

/** Every division of the given levels (streets and districts for their monthly reports), by id. */
export function divisionsAtLevels(db: Executor, levels: readonly DivisionTable['level'][]) {
  if (levels.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('org.divisions')
    .select(['id', 'name', 'level'])
    .where('level', 'in', [...levels])
    .orderBy('id')
    .execute();
}

/** For each root, the root and every division below it. */
export async function descendantsOf(db: Executor, rootIds: readonly number[]) {
  if (rootIds.length === 0) return [];
  return db
    .selectFrom('org.divisions as root')
    .innerJoin('org.divisions as d', (join) => join.on(sql`d.path`, 'like', sql`root.path || '%'`))
    .select(['root.id as root_id', 'd.id as id'])
    .where('root.id', 'in', [...rootIds])
    .execute();
}

/**
 * The ids of a division and of every division under it, as one SQL expression over an id
 * expression of the caller's query (null: an empty array): what descendantsOf answers, for a
 * module that expands its ids in the same statement (the session lookup and its grants).
 */
export function divisionsBelowSql(divisionId: RawBuilder<number | null>): RawBuilder<number[]> {
  return sql<
    number[]
  >`array(select d.id from org.divisions root join org.divisions d on d.path like root.path || '%' where root.id = ${divisionId})`;
}

/** A grid's community, as one SQL expression over a grid id expression (null if no such grid): what placeOfGrid reads. */
export function communityOfGridSql(gridId: RawBuilder<number | null>): RawBuilder<number | null> {
  return sql<number | null>`(select community_id from org.grids where id = ${gridId})`;
}

export function divisionsUnder(db: Executor, divisionIds: readonly number[]) {
  if (divisionIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('org.divisions')
    .selectAll()
    .where('id', 'in', [...divisionIds])
    .orderBy('sort')
    .orderBy('id')
    .execute();
}

export async function insertDivision(db: Executor, row: Omit<Insertable<DivisionTable>, 'path'>, parentPath: string) {
  const inserted = await db
    .insertInto('org.divisions')
    .values({ ...row, path: '' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const path = `${parentPath}${inserted.id}/`;
  await db.updateTable('org.divisions').set({ path }).where('id', '=', inserted.id).execute();
  return { id: inserted.id, path };
}

export async function updateDivision(db: Executor, id: number, patch: Updateable<DivisionTable>, now: Date) {
  await db
    .updateTable('org.divisions')
    .set({ ...patch, updated_at: now })
    .where('id', '=', id)
    .execute();
}

// ---------- grids ----------

export function gridById(db: Executor, id: number) {
  return db.selectFrom('org.grids').selectAll().where('id', '=', id).executeTakeFirst();
}

export function gridIdsOfCommunities(db: Executor, communityIds: readonly number[]) {
  return db
    .selectFrom('org.grids')
    .select('id')
    .where('community_id', 'in', [...communityIds])
    .execute();
}

export function gridsByIds(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('org.grids')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

export function gridsByCodes(db: Executor, codes: readonly string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('org.grids')
    .select(['id', 'code', 'community_id'])
    .where('code', 'in', [...codes])
    .execute();
}

export interface GridFilter {
  communityId?: number | undefined;
  kind?: GridTable['kind'] | undefined;
  q?: string | undefined;
}

function gridQuery(db: Executor, withPolygon: boolean) {
  return db
    .selectFrom('org.grids as g')
    .innerJoin('org.divisions as c', 'c.id', 'g.community_id')
    .select([
      'g.id',
      'g.code',
      'g.name',
      'g.kind',
      'g.community_id',
      'c.name as community_name',
      'g.center_lat',
      'g.center_lng',
      'g.description',
    ])
    .select((eb) => [
      eb
        .selectFrom('org.persons as p')
        .whereRef('p.grid_id', '=', 'g.id')
        .select(eb.fn.countAll<number>().as('n'))
        .as('person_count'),
      eb
        .selectFrom('org.buildings as b')
        .whereRef('b.grid_id', '=', 'g.id')
        .select(eb.fn.countAll<number>().as('n'))
        .as('building_count'),
    ])
    .$if(withPolygon, (qb) => qb.select('g.polygon'));
}

export type GridRow = Awaited<ReturnType<typeof gridDetail>> & {};

export function gridDetail(db: Executor, id: number) {
  return gridQuery(db, true).where('g.id', '=', id).executeTakeFirst();
}

export async function countGrids(db: Executor, scope: Scope, filter: GridFilter) {
  let q = db
    .selectFrom('org.grids as g')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => inScope(eb, scope, { division: 'g.community_id', grid: 'g.id' }));
  if (filter.communityId !== undefined) q = q.where('g.community_id', '=', filter.communityId);
  if (filter.kind) q = q.where('g.kind', '=', filter.kind);
  if (filter.q)
    q = q.where((eb) => eb.or([eb('g.name', 'ilike', `%${escapeLike(filter.q!)}%`), eb('g.code', '=', filter.q!)]));
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export function listGrids(
  db: Executor,
  scope: Scope,
  filter: GridFilter,
  after: CursorKey | null,
  limit: number,
  withPolygon = false,
) {
  let q = gridQuery(db, withPolygon)
    .where((eb) => inScope(eb, scope, { division: 'g.community_id', grid: 'g.id' }))
    .orderBy('g.id')
    .limit(limit + 1);
  if (filter.communityId !== undefined) q = q.where('g.community_id', '=', filter.communityId);
  if (filter.kind) q = q.where('g.kind', '=', filter.kind);
  if (filter.q)
    q = q.where((eb) => eb.or([eb('g.name', 'ilike', `%${escapeLike(filter.q!)}%`), eb('g.code', '=', filter.q!)]));
  if (after) q = q.where('g.id', '>', after.id);
  return q.execute();
}

/** Grids whose bounding box holds the point; the exact polygon test is the caller's. */
export function gridsWithBoxAround(db: Executor, lat: number, lng: number) {
  return db
    .selectFrom('org.grids')
    .select(['id', 'code', 'name', 'kind', 'community_id', 'polygon'])
    .where(sql<boolean>`bbox && box(point(${lng}, ${lat}), point(${lng}, ${lat}))`)
    .execute();
}

/**
 * gridsWithBoxAround with each grid's community and the divisions on the community's path
 * (its street, its district), in one query: locating a point needs no second read.
 */
export function gridsWithBoxAroundPlaced(db: Executor, lat: number, lng: number) {
  return db
    .selectFrom('org.grids as g')
    .leftJoin('org.divisions as c', 'c.id', 'g.community_id')
    .select(['g.id', 'g.code', 'g.name', 'g.kind', 'g.community_id', 'g.polygon'])
    .select(['c.id as c_id', 'c.name as c_name', 'c.code as c_code'])
    .select(
      sql<Array<{ id: number; name: string; code: string; level: string }>>`(select coalesce(json_agg(json_build_object(
        'id', a.id, 'name', a.name, 'code', a.code, 'level', a.level)), '[]'::json)
        from org.divisions a where a.id = any(array_remove(string_to_array(c.path, '/'), '')::integer[]))`.as(
        'ancestors',
      ),
    )
    .where(sql<boolean>`g.bbox && box(point(${lng}, ${lat}), point(${lng}, ${lat}))`)
    .execute();
}

/** Grids of other communities whose bounding box overlaps the given one. */
export function gridsOfOtherCommunitiesNear(db: Executor, communityId: number, box: string, exceptGridId?: number) {
  let q = db
    .selectFrom('org.grids as g')
    .innerJoin('org.divisions as c', 'c.id', 'g.community_id')
    .select(['g.id', 'g.name', 'g.polygon', 'c.name as community_name'])
    .where('g.community_id', '<>', communityId)
    .where(sql<boolean>`g.bbox && ${box}::box`);
  if (exceptGridId !== undefined) q = q.where('g.id', '<>', exceptGridId);
  return q.execute();
}

export async function insertGrid(db: Executor, row: Insertable<GridTable>) {
  return (await db.insertInto('org.grids').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateGrid(db: Executor, id: number, patch: Updateable<GridTable>, now: Date) {
  await db
    .updateTable('org.grids')
    .set({ ...patch, updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** Communities by name, with their street, for a resident choosing where they live. */
export function communitiesNamed(db: Executor, q: string | undefined, limit: number) {
  let query = db
    .selectFrom('org.divisions as c')
    .leftJoin('org.divisions as s', 's.id', 'c.parent_id')
    .select(['c.id', 'c.name', 's.name as street_name'])
    .where('c.level', '=', 'community')
    .orderBy('c.name')
    .limit(limit);
  if (q) query = query.where('c.name', 'like', `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
  return query.execute();
}

/** The code of a district (区县) among the divisions, for the example row of the divisions template. */
export async function firstCountyCode(db: Executor, divisionIds: readonly number[]) {
  if (divisionIds.length === 0) return undefined;
  const row = await db
    .selectFrom('org.divisions')
    .select('code')
    .where('id', 'in', [...divisionIds])
    .where('level', '=', 'district')
    .orderBy('id')
    .executeTakeFirst();
  return row?.code;
}
