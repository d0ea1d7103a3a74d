import { sql, type Insertable, type SqlBool, type Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { inScope, type Scope } from '../../platform/access.ts';
import type { CursorKey } from '../../platform/pagination.ts';
import { escapeLike } from '../../platform/sql.ts';
import type { AssignmentKind, AssignmentTable, BuildingTable, DivisionTable, GridTable } from './tables.ts';

// The org's SQL: divisions, grids, buildings and households, assignments; people and
// imports in their own files, exported from here too.
export * from './repository-persons.ts';
export * from './repository-imports.ts';

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

// ---------- buildings, units, households ----------

export function communitiesOfBuildings(db: Executor, ids: readonly number[]) {
  return db
    .selectFrom('org.buildings')
    .select(['id', 'community_id'])
    .where('id', 'in', ids.length ? [...ids] : [-1])
    .execute();
}

export function buildingById(db: Executor, id: number) {
  return db
    .selectFrom('org.buildings as b')
    .leftJoin('org.grids as g', 'g.id', 'b.grid_id')
    .innerJoin('org.divisions as c', 'c.id', 'b.community_id')
    .selectAll('b')
    .select(['g.name as grid_name', 'c.name as community_name'])
    .where('b.id', '=', id)
    .executeTakeFirst();
}

export interface BuildingFilter {
  communityId?: number | undefined;
  gridId?: number | undefined;
  q?: string | undefined;
}

export function listBuildings(
  db: Executor,
  scope: Scope,
  filter: BuildingFilter,
  after: CursorKey | null,
  limit: number,
) {
  let q = db
    .selectFrom('org.buildings as b')
    .leftJoin('org.grids as g', 'g.id', 'b.grid_id')
    .innerJoin('org.divisions as c', 'c.id', 'b.community_id')
    .selectAll('b')
    .select(['g.name as grid_name', 'c.name as community_name'])
    .select((eb) => [
      eb
        .selectFrom('org.households as h')
        .whereRef('h.building_id', '=', 'b.id')
        .select(eb.fn.countAll<number>().as('n'))
        .as('household_count'),
      eb
        .selectFrom('org.persons as p')
        .whereRef('p.building_id', '=', 'b.id')
        .select(eb.fn.countAll<number>().as('n'))
        .as('person_count'),
    ])
    .where((eb) => inScope(eb, scope, { division: 'b.community_id', grid: 'b.grid_id' }))
    .orderBy('b.id')
    .limit(limit + 1);
  if (filter.communityId !== undefined) q = q.where('b.community_id', '=', filter.communityId);
  if (filter.gridId !== undefined) q = q.where('b.grid_id', '=', filter.gridId);
  if (filter.q) {
    const like = `%${escapeLike(filter.q)}%`;
    q = q.where((eb) =>
      eb.or([eb('b.name', 'ilike', like), eb('b.address', 'ilike', like), eb('b.code', '=', filter.q!)]),
    );
  }
  if (after) q = q.where('b.id', '>', after.id);
  return q.execute();
}

export async function countBuildings(db: Executor, scope: Scope, filter: BuildingFilter) {
  let q = db
    .selectFrom('org.buildings as b')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => inScope(eb, scope, { division: 'b.community_id', grid: 'b.grid_id' }));
  if (filter.communityId !== undefined) q = q.where('b.community_id', '=', filter.communityId);
  if (filter.gridId !== undefined) q = q.where('b.grid_id', '=', filter.gridId);
  if (filter.q) {
    const like = `%${escapeLike(filter.q)}%`;
    q = q.where((eb) =>
      eb.or([eb('b.name', 'ilike', like), eb('b.address', 'ilike', like), eb('b.code', '=', filter.q!)]),
    );
  }
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export interface Box {
  south: number;
  west: number;
  north: number;
  east: number;
}

/**
 * Buildings with a position inside a box, within a scope: a range on the (lat, lng) index.
 * Ordered by id so that a truncated answer is the same on every call.
 */
export function buildingsInBox(db: Executor, scope: Scope, box: Box, communityId: number | undefined, limit: number) {
  let q = db
    .selectFrom('org.buildings as b')
    .innerJoin('org.divisions as c', 'c.id', 'b.community_id')
    .leftJoin('org.grids as g', 'g.id', 'b.grid_id')
    .select([
      'b.id',
      'b.name',
      'b.address',
      'b.kind',
      'b.community_id',
      'b.grid_id',
      'b.lat',
      'b.lng',
      'c.name as community_name',
      'g.name as grid_name',
    ])
    .where('b.lat', 'is not', null)
    .where('b.lat', '>=', box.south)
    .where('b.lat', '<=', box.north)
    .where('b.lng', '>=', box.west)
    .where('b.lng', '<=', box.east)
    .where((eb) => inScope(eb, scope, { division: 'b.community_id', grid: 'b.grid_id' }))
    .orderBy('b.id')
    .limit(limit);
  if (communityId !== undefined) q = q.where('b.community_id', '=', communityId);
  return q;
}

/**
 * The buildings inside a box closest to a point, nearest first, by the flat-earth distance
 * (longitude scaled by the cosine of the latitude): the box keeps it on the index, and over a
 * few kilometres the order is the great-circle order. The caller measures the exact distance.
 */
export function buildingsNear(db: Executor, scope: Scope, at: { lat: number; lng: number }, box: Box, limit: number) {
  const k = Math.cos((at.lat * Math.PI) / 180);
  return buildingsInBox(db, scope, box, undefined, limit)
    .clearOrderBy()
    .orderBy(sql`(b.lat - ${at.lat}) * (b.lat - ${at.lat}) + (b.lng - ${at.lng}) * (b.lng - ${at.lng}) * ${k * k}`)
    .orderBy('b.id');
}

/** Counts of people, buildings, households and grids per community and per grid, within a scope. */
export async function orgCounts(db: Executor, scope: Scope) {
  const persons = await db
    .selectFrom('org.persons as p')
    .select(['p.community_id', 'p.grid_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where((eb) => inScope(eb, scope, { division: 'p.community_id', grid: 'p.grid_id' }))
    .groupBy(['p.community_id', 'p.grid_id'])
    .execute();
  const buildings = await db
    .selectFrom('org.buildings as b')
    .select(['b.community_id', 'b.grid_id', (eb) => eb.fn.countAll<number>().as('n')])
    .select((eb) =>
      eb.fn
        .sum<number>(
          eb
            .selectFrom('org.households as h')
            .whereRef('h.building_id', '=', 'b.id')
            .select(eb.fn.countAll<number>().as('c')),
        )
        .as('households'),
    )
    .where((eb) => inScope(eb, scope, { division: 'b.community_id', grid: 'b.grid_id' }))
    .groupBy(['b.community_id', 'b.grid_id'])
    .execute();
  const grids = await db
    .selectFrom('org.grids as g')
    .innerJoin('org.divisions as c', 'c.id', 'g.community_id')
    .select(['g.id', 'g.name', 'g.community_id', 'c.name as community_name'])
    .where((eb) => inScope(eb, scope, { division: 'g.community_id', grid: 'g.id' }))
    .orderBy('g.id')
    .execute();
  return { persons, buildings, grids };
}

export function buildingsOfCommunities(db: Executor, communityIds: readonly number[]) {
  if (communityIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('org.buildings')
    .select(['id', 'community_id', 'grid_id', 'name', 'code'])
    .where('community_id', 'in', [...communityIds])
    .execute();
}

export async function insertBuildings(db: Executor, rows: Insertable<BuildingTable>[]) {
  if (rows.length === 0) return [];
  return db.insertInto('org.buildings').values(rows).returning(['id', 'community_id', 'name']).execute();
}

export async function updateBuilding(db: Executor, id: number, patch: Updateable<BuildingTable>, now: Date) {
  await db
    .updateTable('org.buildings')
    .set({ ...patch, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export function householdsOfBuilding(db: Executor, buildingId: number) {
  return db
    .selectFrom('org.households as h')
    .leftJoin('org.units as u', 'u.id', 'h.unit_id')
    .select(['h.id', 'h.building_id', 'h.unit_id', 'u.name as unit_name', 'h.room', 'h.floor_area_m2'])
    .select((eb) => [
      eb
        .selectFrom('org.persons as p')
        .whereRef('p.household_id', '=', 'h.id')
        .select(eb.fn.countAll<number>().as('n'))
        .as('person_count'),
    ])
    .where('h.building_id', '=', buildingId)
    .orderBy('u.name')
    .orderBy('h.room')
    .execute();
}

export function householdById(db: Executor, id: number) {
  return db
    .selectFrom('org.households as h')
    .innerJoin('org.buildings as b', 'b.id', 'h.building_id')
    .leftJoin('org.units as u', 'u.id', 'h.unit_id')
    .select([
      'h.id',
      'h.building_id',
      'h.unit_id',
      'u.name as unit_name',
      'h.room',
      'h.floor_area_m2',
      'b.community_id',
      'b.grid_id',
    ])
    .where('h.id', '=', id)
    .executeTakeFirst();
}

/** Finds or creates a unit and a household; used by forms and by imports. */
export async function ensureHousehold(
  db: Executor,
  buildingId: number,
  unitName: string | null,
  room: string,
  floorArea: number | null,
  now: Date,
) {
  let unitId: number | null = null;
  if (unitName) {
    const unit = await db
      .insertInto('org.units')
      .values({ building_id: buildingId, name: unitName })
      .onConflict((oc) => oc.columns(['building_id', 'name']).doUpdateSet({ name: unitName }))
      .returning('id')
      .executeTakeFirstOrThrow();
    unitId = unit.id;
  }
  const household = await db
    .insertInto('org.households')
    .values({ building_id: buildingId, unit_id: unitId, room, floor_area_m2: floorArea, created_at: now })
    .onConflict((oc) =>
      oc.columns(['building_id', 'unit_id', 'room']).doUpdateSet((eb) => ({
        floor_area_m2: sql`coalesce(${eb.ref('excluded.floor_area_m2')}, org.households.floor_area_m2)`,
      })),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return household.id;
}

export async function bulkEnsureHouseholds(
  db: Executor,
  keys: Array<{ buildingId: number; unitName: string | null; room: string }>,
  now: Date,
): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  if (keys.length === 0) return result;
  const unitKeys = [
    ...new Map(keys.filter((k) => k.unitName).map((k) => [`${k.buildingId}|${k.unitName}`, k])).values(),
  ];
  const unitIds = new Map<string, number>();
  for (let i = 0; i < unitKeys.length; i += 1000) {
    const chunk = unitKeys.slice(i, i + 1000);
    const rows = await db
      .insertInto('org.units')
      .values(chunk.map((k) => ({ building_id: k.buildingId, name: k.unitName! })))
      .onConflict((oc) => oc.columns(['building_id', 'name']).doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })))
      .returning(['id', 'building_id', 'name'])
      .execute();
    for (const r of rows) unitIds.set(`${r.building_id}|${r.name}`, r.id);
  }
  const households = [
    ...new Map(
      keys.map((k) => {
        const unitId = k.unitName ? unitIds.get(`${k.buildingId}|${k.unitName}`)! : null;
        return [
          `${k.buildingId}|${unitId ?? ''}|${k.room}`,
          { building_id: k.buildingId, unit_id: unitId, room: k.room, key: k },
        ];
      }),
    ).values(),
  ];
  for (let i = 0; i < households.length; i += 1000) {
    const chunk = households.slice(i, i + 1000);
    const rows = await db
      .insertInto('org.households')
      .values(chunk.map(({ building_id, unit_id, room }) => ({ building_id, unit_id, room, created_at: now })))
      .onConflict((oc) =>
        oc.columns(['building_id', 'unit_id', 'room']).doUpdateSet((eb) => ({ room: eb.ref('excluded.room') })),
      )
      .returning(['id', 'building_id', 'unit_id', 'room'])
      .execute();
    for (const r of rows) result.set(`${r.building_id}|${r.unit_id ?? ''}|${r.room}`, r.id);
  }
  const byKey = new Map<string, number>();
  for (const k of keys) {
    const unitId = k.unitName ? unitIds.get(`${k.buildingId}|${k.unitName}`)! : null;
    byKey.set(householdKey(k.buildingId, k.unitName, k.room), result.get(`${k.buildingId}|${unitId ?? ''}|${k.room}`)!);
  }
  return byKey;
}

export const householdKey = (buildingId: number, unitName: string | null, room: string) =>
  `${buildingId}|${unitName ?? ''}|${room}`;

// ---------- assignments ----------

export function assignmentsFor(
  db: Executor,
  target: { gridIds?: number[]; buildingIds?: number[]; buildingsOfGridIds?: number[]; communityId?: number },
) {
  return db
    .selectFrom('org.assignments as a')
    .leftJoin('org.grids as g', 'g.id', 'a.grid_id')
    .leftJoin('org.buildings as b', 'b.id', 'a.building_id')
    .selectAll('a')
    .select(['g.name as grid_name', 'b.name as building_name'])
    .where((eb) => {
      const parts = [];
      if (target.gridIds?.length) parts.push(eb('a.grid_id', 'in', target.gridIds));
      if (target.buildingIds?.length) parts.push(eb('a.building_id', 'in', target.buildingIds));
      if (target.buildingsOfGridIds?.length) parts.push(eb('b.grid_id', 'in', target.buildingsOfGridIds));
      if (target.communityId !== undefined) parts.push(eb('a.community_id', '=', target.communityId));
      return parts.length ? eb.or(parts) : sql<boolean>`false`;
    })
    .orderBy('a.grid_id')
    .orderBy('a.building_id')
    .orderBy('a.id')
    .execute();
}

export function assignmentById(db: Executor, id: number) {
  return db.selectFrom('org.assignments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertAssignment(db: Executor, row: Insertable<AssignmentTable>) {
  return (await db.insertInto('org.assignments').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function deleteAssignment(db: Executor, id: number) {
  await db.deleteFrom('org.assignments').where('id', '=', id).execute();
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

/** Who holds an assignment of a kind on a building: an account, or a registered person. */
export function buildingAssignees(db: Executor, buildingId: number, kind: AssignmentKind) {
  return db
    .selectFrom('org.assignments')
    .select(['user_id', 'person_id'])
    .where('building_id', '=', buildingId)
    .where('kind', '=', kind)
    .orderBy('id')
    .execute();
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
