import { LRUCache } from 'lru-cache';
import type { Executor } from '../../db/connection.ts';
import type { OrgPlace } from '../../platform/access.ts';
import { gridPlace } from './access.ts';
import { containsPoint } from './geo.ts';
import * as repo from './repository.ts';
import type { OrgDeps } from './service.ts';
import type { GridGeometry, GridKind } from './tables.ts';

// What other modules ask of the org: where things are, their names, who lives there.
// These take the caller's transaction when called inside one: on the embedded
// database there is one connection, and a query outside the transaction would wait
// for it to end.

const KIND_PRIORITY = { special: 0, resident: 1, mobile: 2 } as const;

type GridName = { name: string; kind: GridKind; communityId: number };

/** Names of divisions ('d' + id) and grids ('g' + id), kept a minute. */
export type NameCache = LRUCache<string, string | GridName>;

export function newNameCache(): NameCache {
  return new LRUCache<string, string | GridName>({ max: 50_000, ttl: 60_000 });
}

/** Drops a renamed division or grid from the cache of this process. */
export function forgetName(cache: NameCache, kind: 'division' | 'grid', id: number) {
  cache.delete(`${kind === 'division' ? 'd' : 'g'}${id}`);
}

/** For each given division, its id and the ids of all divisions below it. */
export async function expandDivisions(
  deps: OrgDeps,
  rootIds: readonly number[],
  db: Executor = deps.db,
): Promise<Map<number, number[]>> {
  const rows = await repo.descendantsOf(db, [...new Set(rootIds)]);
  const map = new Map<number, number[]>();
  for (const r of rows) {
    const list = map.get(r.root_id) ?? [];
    list.push(r.id);
    map.set(r.root_id, list);
  }
  return map;
}

/** The grids (most specific first) and divisions that hold a point; null when none does. */
export async function locatePoint(deps: OrgDeps, lat: number, lng: number, db: Executor = deps.db) {
  // One query: the candidate grids, each with its community and the divisions above it.
  const candidates = await repo.gridsWithBoxAroundPlaced(db, lat, lng);
  const inside = candidates.filter((g) => g.polygon && containsPoint(g.polygon as GridGeometry, lat, lng));
  // A special grid (a mall, a garage) wins over the resident grid around it, but only
  // within that grid's own community.
  const resident = inside.find((g) => g.kind === 'resident');
  const hits = inside
    .filter((g) => !resident || g.community_id === resident.community_id || g.kind === 'resident')
    .sort((a, b) => KIND_PRIORITY[a.kind] - KIND_PRIORITY[b.kind] || a.id - b.id);
  const grid = hits[0];
  if (!grid) return null;
  if (grid.c_id === null) return null;
  const community = { id: grid.c_id, name: grid.c_name!, code: grid.c_code! };
  const ancestors = grid.ancestors;
  const at = (level: string) => {
    const found = ancestors.find((a) => a.level === level);
    return found ? { id: found.id, name: found.name, code: found.code } : null;
  };
  const brief = (g: (typeof hits)[number]) => ({ id: g.id, code: g.code, name: g.name, kind: g.kind });
  return {
    grid: brief(grid),
    otherGrids: hits.slice(1).map(brief),
    community: { id: community.id, name: community.name, code: community.code },
    street: at('street'),
    district: at('district'),
  };
}

/**
 * Names of divisions and grids by id, for modules that show where their records sit.
 * Every list of matters asks for them, and they change rarely: they are kept a minute.
 */
export async function names(
  deps: OrgDeps,
  ids: { divisionIds?: readonly number[]; gridIds?: readonly number[] },
  db: Executor = deps.db,
) {
  const divisions = new Map<number, string>();
  const grids = new Map<number, { name: string; kind: GridKind; communityId: number }>();
  const missingDivisions = [...new Set(ids.divisionIds ?? [])].filter((id) => {
    const cached = deps.nameCache.get(`d${id}`) as string | undefined;
    if (cached !== undefined) divisions.set(id, cached);
    return cached === undefined;
  });
  const missingGrids = [...new Set(ids.gridIds ?? [])].filter((id) => {
    const cached = deps.nameCache.get(`g${id}`) as { name: string; kind: GridKind; communityId: number } | undefined;
    if (cached !== undefined) grids.set(id, cached);
    return cached === undefined;
  });
  for (const d of await repo.divisionsByIds(db, missingDivisions)) {
    divisions.set(d.id, d.name);
    deps.nameCache.set(`d${d.id}`, d.name);
  }
  for (const g of await repo.gridsByIds(db, missingGrids)) {
    const entry = { name: g.name, kind: g.kind, communityId: g.community_id };
    grids.set(g.id, entry);
    deps.nameCache.set(`g${g.id}`, entry);
  }
  return { divisions, grids };
}

/**
 * Who may vote in a place on a day: its adult residents, each with household, owner
 * flag and floor area (m², as a string to keep the cents exact). For the deliberation
 * module, which keeps its own snapshot of an electorate.
 */
export async function electorateOf(
  deps: OrgDeps,
  place: { communityId: number; buildingIds?: readonly number[]; gridId?: number },
  on: string,
  db: Executor = deps.db,
) {
  const rows = await repo.peopleOfPlace(db, place, on);
  return rows.map((r) => ({
    personId: r.person_id,
    householdId: r.household_id,
    isOwner: r.is_owner,
    floorAreaM2: r.floor_area_m2 === null ? null : String(r.floor_area_m2),
    buildingId: r.building_id,
  }));
}

/** Whether the buildings and the grid named all lie in the community (for other modules' scopes). */
export async function liesIn(
  deps: OrgDeps,
  communityId: number,
  place: { buildingIds?: readonly number[]; gridId?: number | undefined },
  db: Executor = deps.db,
) {
  if (place.buildingIds?.length) {
    const rows = await repo.communitiesOfBuildings(db, place.buildingIds);
    if (rows.length !== new Set(place.buildingIds).size || rows.some((r) => r.community_id !== communityId))
      return false;
  }
  if (place.gridId !== undefined) {
    const grid = await repo.gridById(db, place.gridId);
    if (!grid || grid.community_id !== communityId) return false;
  }
  return true;
}

/** The street and district above a community (or any division). */
export async function ancestorsOf(deps: OrgDeps, divisionId: number, db: Executor = deps.db) {
  const division = await repo.divisionById(db, divisionId);
  if (!division) return { street: null, district: null };
  const ancestors = await repo.divisionsByIds(db, division.path.split('/').filter(Boolean).map(Number));
  const at = (level: string) => ancestors.find((a) => a.level === level) ?? null;
  return { street: at('street')?.id ?? null, district: at('district')?.id ?? null };
}

/**
 * For each division, the division at `level` it lies in (itself if it is one), with that
 * division's name; absent when it lies in none. For other modules' statistics by street or district.
 */
export async function enclosingAt(
  deps: OrgDeps,
  ids: readonly number[],
  level: 'street' | 'district',
  db: Executor = deps.db,
): Promise<Map<number, { id: number; name: string }>> {
  const rows = await repo.enclosingOfLevel(db, ids, level);
  return new Map(rows.map((r) => [r.divisionId, { id: r.id, name: r.name }]));
}

/**
 * Each division's centre and the city it lies in, for modules that measure how far apart two
 * communities are (the points mall offers a resident the merchants near home first).
 */
export async function divisionPlaces(deps: OrgDeps, ids: readonly number[], db: Executor = deps.db) {
  const divisions = await repo.divisionsByIds(db, ids);
  const ancestorIds = new Set(divisions.flatMap((d) => d.path.split('/').filter(Boolean).map(Number)));
  const ancestors = new Map((await repo.divisionsByIds(db, [...ancestorIds])).map((a) => [a.id, a]));
  const places = new Map<number, { lat: number | null; lng: number | null; cityId: number | null }>();
  for (const d of divisions) {
    const chain = d.path.split('/').filter(Boolean).map(Number);
    const city = chain.map((id) => ancestors.get(id)).find((a) => a?.level === 'city');
    places.set(d.id, { lat: d.lat, lng: d.lng, cityId: city?.id ?? (d.level === 'city' ? d.id : null) });
  }
  return places;
}

/** Where a grid sits, for modules that file records under it. */
export async function placeOfGrid(deps: OrgDeps, gridId: number, db: Executor = deps.db): Promise<OrgPlace | null> {
  const grid = await repo.gridById(db, gridId);
  return gridPlace(grid) ?? null;
}

/**
 * Where a building or a household sits (community, grid, location, address), for modules
 * that file records under one (devices); null when there is no such place.
 */
export async function placeOfBuilding(deps: OrgDeps, buildingId: number, db: Executor = deps.db) {
  const b = await repo.buildingById(db, buildingId);
  return b
    ? {
        buildingId: b.id,
        householdId: null as number | null,
        communityId: b.community_id,
        gridId: b.grid_id,
        lat: b.lat,
        lng: b.lng,
        name: b.name,
        address: b.address,
      }
    : null;
}

export async function placeOfHousehold(deps: OrgDeps, householdId: number, db: Executor = deps.db) {
  const h = await repo.householdById(db, householdId);
  const b = h ? await placeOfBuilding(deps, h.building_id, db) : null;
  return h && b
    ? {
        ...b,
        householdId: h.id,
        name: `${b.name}${h.unit_name ?? ''}${h.room}`,
        address: `${b.address}${h.unit_name ?? ''}${h.room}`,
      }
    : null;
}

export interface GrantableDivision {
  id: number;
  level: string;
  name: string;
  /** The division and every division above it, root first. */
  chain: number[];
}

export interface GrantableGrid {
  id: number;
  name: string;
  kind: GridKind;
  communityId: number;
  /** The grid's community and every division above it, root first. */
  chain: number[];
}

/**
 * Divisions and grids as units a role is granted over, with the divisions that hold each,
 * for the auth module to decide who may grant what where.
 */
export async function grantableUnits(
  deps: OrgDeps,
  ids: { divisionIds?: readonly number[]; gridIds?: readonly number[] },
  db: Executor = deps.db,
) {
  const grids = await repo.gridsByIds(db, [...new Set(ids.gridIds ?? [])]);
  const divisionIds = new Set([...(ids.divisionIds ?? []), ...grids.map((g) => g.community_id)]);
  const divisions = await repo.divisionsByIds(db, [...divisionIds]);
  const chainOf = (path: string) => path.split('/').filter(Boolean).map(Number);
  const divisionMap = new Map<number, GrantableDivision>(
    divisions.map((d) => [d.id, { id: d.id, level: d.level, name: d.name, chain: chainOf(d.path) }]),
  );
  const gridMap = new Map<number, GrantableGrid>();
  for (const g of grids) {
    const community = divisionMap.get(g.community_id);
    if (community)
      gridMap.set(g.id, { id: g.id, name: g.name, kind: g.kind, communityId: g.community_id, chain: community.chain });
  }
  return { divisions: divisionMap, grids: gridMap };
}

/** The grids of the given communities (for listing what lies within an area). */
export async function gridIdsIn(deps: OrgDeps, communityIds: readonly number[], db: Executor = deps.db) {
  if (communityIds.length === 0) return [];
  return (await repo.gridIdsOfCommunities(db, communityIds)).map((g) => g.id);
}
