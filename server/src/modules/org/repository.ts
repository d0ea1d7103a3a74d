import { sql, type Expression, type ExpressionBuilder, type Insertable, type SqlBool, type Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { inScope, type Scope } from '../../platform/access.ts';
import type { CursorKey } from '../../platform/pagination.ts';
import type {
  AssignmentTable,
  BuildingTable,
  DivisionTable,
  GridTable,
  HouseholdTable,
  ImportJobTable,
  ImportRowError,
  ImportStatus,
  PersonTable,
} from './tables.ts';
import { escapeLike } from '../../platform/sql.ts';

// ---------- divisions ----------

export function divisionsByIds(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('org.divisions').selectAll().where('id', 'in', [...ids]).execute();
}

export function divisionById(db: Executor, id: number) {
  return db.selectFrom('org.divisions').selectAll().where('id', '=', id).executeTakeFirst();
}

export function divisionsByCodes(db: Executor, codes: readonly string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db.selectFrom('org.divisions').selectAll().where('code', 'in', [...codes]).execute();
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
  await db.updateTable('org.divisions').set({ ...patch, updated_at: now }).where('id', '=', id).execute();
}

// ---------- grids ----------

export function gridById(db: Executor, id: number) {
  return db.selectFrom('org.grids').selectAll().where('id', '=', id).executeTakeFirst();
}

export function gridsByIds(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('org.grids').selectAll().where('id', 'in', [...ids]).execute();
}

export function gridsByCodes(db: Executor, codes: readonly string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db.selectFrom('org.grids').select(['id', 'code', 'community_id']).where('code', 'in', [...codes]).execute();
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
      eb.selectFrom('org.persons as p').whereRef('p.grid_id', '=', 'g.id').select(eb.fn.countAll<number>().as('n')).as('person_count'),
      eb.selectFrom('org.buildings as b').whereRef('b.grid_id', '=', 'g.id').select(eb.fn.countAll<number>().as('n')).as('building_count'),
    ])
    .$if(withPolygon, (qb) => qb.select('g.polygon'));
}

export type GridRow = Awaited<ReturnType<typeof gridDetail>> & {};

export function gridDetail(db: Executor, id: number) {
  return gridQuery(db, true).where('g.id', '=', id).executeTakeFirst();
}

export async function countGrids(db: Executor, scope: Scope, filter: GridFilter) {
  let q = db.selectFrom('org.grids as g').select((eb) => eb.fn.countAll<number>().as('n')).where((eb) => inScope(eb, scope, { division: 'g.community_id', grid: 'g.id' }));
  if (filter.communityId !== undefined) q = q.where('g.community_id', '=', filter.communityId);
  if (filter.kind) q = q.where('g.kind', '=', filter.kind);
  if (filter.q) q = q.where((eb) => eb.or([eb('g.name', 'ilike', `%${escapeLike(filter.q!)}%`), eb('g.code', '=', filter.q!)]));
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export function listGrids(db: Executor, scope: Scope, filter: GridFilter, after: CursorKey | null, limit: number, withPolygon = false) {
  let q = gridQuery(db, withPolygon)
    .where((eb) => inScope(eb, scope, { division: 'g.community_id', grid: 'g.id' }))
    .orderBy('g.id')
    .limit(limit + 1);
  if (filter.communityId !== undefined) q = q.where('g.community_id', '=', filter.communityId);
  if (filter.kind) q = q.where('g.kind', '=', filter.kind);
  if (filter.q) q = q.where((eb) => eb.or([eb('g.name', 'ilike', `%${escapeLike(filter.q!)}%`), eb('g.code', '=', filter.q!)]));
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
  await db.updateTable('org.grids').set({ ...patch, updated_at: now }).where('id', '=', id).execute();
}

// ---------- buildings, units, households ----------

export function communitiesOfBuildings(db: Executor, ids: readonly number[]) {
  return db.selectFrom('org.buildings').select(['id', 'community_id']).where('id', 'in', ids.length ? [...ids] : [-1]).execute();
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

export function listBuildings(db: Executor, scope: Scope, filter: BuildingFilter, after: CursorKey | null, limit: number) {
  let q = db
    .selectFrom('org.buildings as b')
    .leftJoin('org.grids as g', 'g.id', 'b.grid_id')
    .innerJoin('org.divisions as c', 'c.id', 'b.community_id')
    .selectAll('b')
    .select(['g.name as grid_name', 'c.name as community_name'])
    .select((eb) => [
      eb.selectFrom('org.households as h').whereRef('h.building_id', '=', 'b.id').select(eb.fn.countAll<number>().as('n')).as('household_count'),
      eb.selectFrom('org.persons as p').whereRef('p.building_id', '=', 'b.id').select(eb.fn.countAll<number>().as('n')).as('person_count'),
    ])
    .where((eb) => inScope(eb, scope, { division: 'b.community_id', grid: 'b.grid_id' }))
    .orderBy('b.id')
    .limit(limit + 1);
  if (filter.communityId !== undefined) q = q.where('b.community_id', '=', filter.communityId);
  if (filter.gridId !== undefined) q = q.where('b.grid_id', '=', filter.gridId);
  if (filter.q) {
    const like = `%${escapeLike(filter.q)}%`;
    q = q.where((eb) => eb.or([eb('b.name', 'ilike', like), eb('b.address', 'ilike', like), eb('b.code', '=', filter.q!)]));
  }
  if (after) q = q.where('b.id', '>', after.id);
  return q.execute();
}

export async function countBuildings(db: Executor, scope: Scope, filter: BuildingFilter) {
  let q = db.selectFrom('org.buildings as b').select((eb) => eb.fn.countAll<number>().as('n')).where((eb) => inScope(eb, scope, { division: 'b.community_id', grid: 'b.grid_id' }));
  if (filter.communityId !== undefined) q = q.where('b.community_id', '=', filter.communityId);
  if (filter.gridId !== undefined) q = q.where('b.grid_id', '=', filter.gridId);
  if (filter.q) {
    const like = `%${escapeLike(filter.q)}%`;
    q = q.where((eb) => eb.or([eb('b.name', 'ilike', like), eb('b.address', 'ilike', like), eb('b.code', '=', filter.q!)]));
  }
  return Number((await q.executeTakeFirstOrThrow()).n);
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
    .select((eb) => eb.fn.sum<number>(eb.selectFrom('org.households as h').whereRef('h.building_id', '=', 'b.id').select(eb.fn.countAll<number>().as('c'))).as('households'))
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
  await db.updateTable('org.buildings').set({ ...patch, updated_at: now }).where('id', '=', id).execute();
}

export function householdsOfBuilding(db: Executor, buildingId: number) {
  return db
    .selectFrom('org.households as h')
    .leftJoin('org.units as u', 'u.id', 'h.unit_id')
    .select(['h.id', 'h.building_id', 'h.unit_id', 'u.name as unit_name', 'h.room', 'h.floor_area_m2'])
    .select((eb) => [
      eb.selectFrom('org.persons as p').whereRef('p.household_id', '=', 'h.id').select(eb.fn.countAll<number>().as('n')).as('person_count'),
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
    .select(['h.id', 'h.building_id', 'h.unit_id', 'u.name as unit_name', 'h.room', 'h.floor_area_m2', 'b.community_id', 'b.grid_id'])
    .where('h.id', '=', id)
    .executeTakeFirst();
}

/** Finds or creates a unit and a household; used by forms and by imports. */
export async function ensureHousehold(db: Executor, buildingId: number, unitName: string | null, room: string, floorArea: number | null, now: Date) {
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
  const unitKeys = [...new Map(keys.filter((k) => k.unitName).map((k) => [`${k.buildingId}|${k.unitName}`, k])).values()];
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
        return [`${k.buildingId}|${unitId ?? ''}|${k.room}`, { building_id: k.buildingId, unit_id: unitId, room: k.room, key: k }];
      }),
    ).values(),
  ];
  for (let i = 0; i < households.length; i += 1000) {
    const chunk = households.slice(i, i + 1000);
    const rows = await db
      .insertInto('org.households')
      .values(chunk.map(({ building_id, unit_id, room }) => ({ building_id, unit_id, room, created_at: now })))
      .onConflict((oc) => oc.columns(['building_id', 'unit_id', 'room']).doUpdateSet((eb) => ({ room: eb.ref('excluded.room') })))
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

export const householdKey = (buildingId: number, unitName: string | null, room: string) => `${buildingId}|${unitName ?? ''}|${room}`;

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
      eb.selectFrom('org.divisions as c').select('c.name').whereRef('c.id', '=', 'p.community_id').$asScalar().$notNull().as('community_name'),
      eb.selectFrom('org.grids as g').select('g.name').whereRef('g.id', '=', 'p.grid_id').$asScalar().as('grid_name'),
      eb.selectFrom('org.buildings as b').select('b.name').whereRef('b.id', '=', 'p.building_id').$asScalar().as('building_name'),
      eb.selectFrom('org.units as u').select('u.name').whereRef('u.id', '=', 'h.unit_id').$asScalar().as('unit_name'),
    ]);
}

export type PersonRow = Awaited<ReturnType<typeof personById>> & {};

/**
 * The people of a place, for an electorate: adults (18 or over on `on`, or of unknown
 * age) living in a community, some of its buildings, or a grid, with their household,
 * whether they own it, and its floor area.
 */
export function peopleOfPlace(db: Executor, place: { communityId: number; buildingIds?: readonly number[]; gridId?: number }, on: string) {
  let q = db
    .selectFrom('org.persons as p')
    .leftJoin('org.households as h', 'h.id', 'p.household_id')
    .select(['p.id as person_id', 'p.household_id', 'p.is_owner', 'h.floor_area_m2'])
    .where('p.community_id', '=', place.communityId)
    .where((eb) => eb.or([eb('p.birth_date', 'is', null), eb('p.birth_date', '<=', sql<string>`(${on}::date - interval '18 years')::date`)]))
    .orderBy('p.id');
  if (place.buildingIds?.length) q = q.where('p.building_id', 'in', [...place.buildingIds]);
  if (place.gridId !== undefined) q = q.where('p.grid_id', '=', place.gridId);
  return q.execute();
}

export function personById(db: Executor, id: number) {
  return personQuery(db).where('p.id', '=', id).executeTakeFirst();
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
  let q = personQuery(db).where((eb) => personWhere(eb, scope, filter)).orderBy('p.id').limit(limit + 1);
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
    .selectFrom(sql<{ tag: string }>`(select unnest(p.tags) as tag from org.persons p where ${inScopeRaw(scope)})`.as('t'))
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
    await db.insertInto('org.persons').values(rows.slice(i, i + 1000)).execute();
  }
}

export async function updatePerson(db: Executor, id: number, patch: Updateable<PersonTable>, now: Date) {
  await db.updateTable('org.persons').set({ ...patch, updated_at: now }).where('id', '=', id).execute();
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

// ---------- assignments ----------

export function assignmentsFor(db: Executor, target: { gridIds?: number[]; buildingIds?: number[]; buildingsOfGridIds?: number[]; communityId?: number }) {
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

// ---------- imports ----------

export async function insertImportJob(db: Executor, row: Insertable<ImportJobTable>) {
  return (await db.insertInto('org.import_jobs').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function importJobById(db: Executor, id: number) {
  return db.selectFrom('org.import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listImportJobs(db: Executor, createdBy: number | null, after: CursorKey | null, limit: number) {
  let q = db
    .selectFrom('org.import_jobs')
    .select([
      'id',
      'kind',
      'status',
      'file_name',
      'total_rows',
      'processed_rows',
      'inserted_rows',
      'updated_rows',
      'row_errors',
      'error_count',
      'failure',
      'created_by',
      'created_at',
      'started_at',
      'finished_at',
    ])
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (createdBy !== null) q = q.where('created_by', '=', createdBy);
  if (after) q = q.where('id', '<', after.id);
  return q.execute();
}

export async function updateImportJob(
  db: Executor,
  id: number,
  patch: Partial<{
    status: ImportStatus;
    total_rows: number;
    processed_rows: number;
    inserted_rows: number;
    updated_rows: number;
    row_errors: ImportRowError[];
    error_count: number;
    failure: string | null;
    content: string | null;
    started_at: Date;
    finished_at: Date;
    lease_until: Date | null;
  }>,
) {
  const { row_errors, ...rest } = patch;
  await db
    .updateTable('org.import_jobs')
    .set({ ...rest, ...(row_errors ? { row_errors: JSON.stringify(row_errors) } : {}) })
    .where('id', '=', id)
    .execute();
}

/** Columns an import changes for someone already registered; null keeps what is stored. */
export interface PersonImportPatch {
  community_id: number;
  grid_id: number | null;
  building_id: number | null;
  name: string;
  gender: 'male' | 'female' | 'unknown' | null;
  birth_date: string | null;
  phone: string | null;
  tags: string[] | null;
  is_owner: boolean | null;
  address: string | null;
  note: string | null;
}

/** Updates many people in one statement per thousand, from the rows of an import. */
export async function patchPersonsFromImport(db: Executor, rows: Array<PersonImportPatch & { id: number; household_id: number | null }>, now: Date) {
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await sql`update org.persons p set
        community_id = v.community_id,
        grid_id = coalesce(v.grid_id, p.grid_id),
        building_id = coalesce(v.building_id, p.building_id),
        household_id = coalesce(v.household_id, p.household_id),
        name = v.name,
        gender = coalesce(v.gender, p.gender),
        birth_date = coalesce(v.birth_date, p.birth_date),
        phone = coalesce(v.phone, p.phone),
        tags = coalesce(v.tags, p.tags),
        is_owner = coalesce(v.is_owner, p.is_owner),
        address = coalesce(v.address, p.address),
        note = coalesce(v.note, p.note),
        updated_at = ${now}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as v(id int, community_id int, grid_id int, building_id int,
        household_id int, name text, gender text, birth_date date, phone text, tags text[], is_owner boolean, address text, note text)
      where p.id = v.id`.execute(db);
  }
}

export async function setHouseholdAreas(db: Executor, areas: Array<{ id: number; area: number }>) {
  for (let i = 0; i < areas.length; i += 1000) {
    await sql`update org.households h set floor_area_m2 = v.area
      from jsonb_to_recordset(${JSON.stringify(areas.slice(i, i + 1000))}::jsonb) as v(id int, area numeric)
      where h.id = v.id`.execute(db);
  }
}

/** Takes an import for a while. 'done' if it has ended; 'busy' if another worker holds it. */
export async function claimImportJob(db: Executor, id: number, now: Date, leaseUntil: Date) {
  const row = await db
    .updateTable('org.import_jobs')
    .set({ status: 'validating', lease_until: leaseUntil, started_at: now, processed_rows: 0 })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'validating', 'writing'])
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .returningAll()
    .executeTakeFirst();
  if (row) return row;
  const current = await importJobById(db, id);
  return !current || current.status === 'succeeded' || current.status === 'failed' ? ('done' as const) : ('busy' as const);
}

/** A community among the given divisions, with one of its buildings; for filling an example. */
export function exampleCommunityAndBuilding(db: Executor, divisionIds: readonly number[]) {
  if (divisionIds.length === 0) return Promise.resolve(undefined);
  return db
    .selectFrom('org.divisions as c')
    .leftJoin('org.buildings as b', 'b.community_id', 'c.id')
    .select(['c.code', 'b.name as building_name'])
    .where('c.level', '=', 'community')
    .where('c.id', 'in', [...divisionIds])
    .orderBy('c.id')
    .orderBy('b.id')
    .limit(1)
    .executeTakeFirst();
}

export function buildingCodesTaken(db: Executor, codes: readonly string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db.selectFrom('org.buildings').select(['code', 'community_id', 'name']).where('code', 'in', [...codes]).execute();
}

export function gridShapesOfCommunities(db: Executor, communityIds: readonly number[]) {
  if (communityIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('org.grids')
    .select(['id', 'community_id', 'kind', 'polygon'])
    .where('community_id', 'in', [...communityIds])
    .execute();
}
