import { sql, type Insertable, type Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { inScope, type Scope } from '../../platform/access.ts';
import type { CursorKey } from '../../platform/pagination.ts';
import { escapeLike } from '../../platform/sql.ts';
import type { AssignmentKind, AssignmentTable, BuildingTable } from './tables.ts';

// The org's SQL of buildings, units and households, and of assignments (exported from repository.ts).

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
