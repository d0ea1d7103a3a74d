import type { z } from 'zod';
import { assertCanRead, assertCanWrite, requirePermission } from '../../platform/access.ts';
import { distanceMeters } from '../../platform/geo.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, isUniqueViolation } from '../../platform/errors.ts';
import { decodeCursor, toPage, type Page } from '../../platform/pagination.ts';
import { buildingPlace, divisionPlace } from './access.ts';
import { boxAround, withinChina } from './geo.ts';
import { locatePoint } from './places.ts';
import { presentBuilding, presentHousehold } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { OrgDeps } from './service.ts';

// Buildings, their units and households.

type View<T extends z.ZodTypeAny> = z.infer<T>;

export async function listBuildings(deps: OrgDeps, ctx: RequestContext, query: z.infer<typeof S.BuildingListQuery>) {
  const scope = requirePermission(ctx.actor, 'org.read');
  const rows = await repo.listBuildings(deps.db, scope, query, decodeCursor(query.cursor), query.limit);
  const page: Page<View<typeof S.BuildingView>> = toPage(rows, query.limit, presentBuilding, (r) => ({
    sort: null,
    id: r.id,
  }));
  if (query.withTotal) page.total = await repo.countBuildings(deps.db, scope, query);
  return page;
}

export async function getBuilding(deps: OrgDeps, ctx: RequestContext, id: number) {
  const b = await repo.buildingById(deps.db, id);
  assertCanRead(ctx.actor, 'org.read', buildingPlace(b));
  return presentBuilding(b!);
}

/** Buildings with a position inside a box of the map, within the caller's area, as GeoJSON points. */
export async function buildingPoints(
  deps: OrgDeps,
  ctx: RequestContext,
  query: z.infer<typeof S.BuildingPointsQuery>,
): Promise<View<typeof S.BuildingFeatureCollection>> {
  const scope = requirePermission(ctx.actor, 'org.read');
  const rows = await repo.buildingsInBox(deps.db, scope, query, query.communityId, query.limit + 1).execute();
  return {
    type: 'FeatureCollection',
    features: rows.slice(0, query.limit).map((r) => ({
      type: 'Feature' as const,
      id: r.id,
      geometry: { type: 'Point' as const, coordinates: [r.lng!, r.lat!] as [number, number] },
      properties: {
        id: r.id,
        name: r.name,
        address: r.address,
        kind: r.kind,
        communityId: r.community_id,
        gridId: r.grid_id,
      },
    })),
    truncated: rows.length > query.limit,
  };
}

/** How many candidates the index hands over for the exact distance to pick from. */
const NEAREST_CANDIDATES = 16;

/**
 * The building of the caller's area nearest to a point, within a radius: a box on the
 * position index narrows the search, then the great-circle distance decides.
 */
export async function nearestBuilding(
  deps: OrgDeps,
  ctx: RequestContext,
  query: z.infer<typeof S.NearestBuildingQuery>,
): Promise<View<typeof S.NearestBuildingResult>> {
  const scope = requirePermission(ctx.actor, 'org.read');
  if (!withinChina(query.lat, query.lng)) {
    throw new AppError('validation_failed', {}, [{ path: 'query', key: 'org.outside_china' }]);
  }
  const box = boxAround(query.lat, query.lng, query.within);
  const rows = await repo.buildingsNear(deps.db, scope, query, box, NEAREST_CANDIDATES).execute();
  const best = rows
    .map((r) => ({ r, d: distanceMeters(query.lat, query.lng, r.lat!, r.lng!) }))
    .filter(({ d }) => d <= query.within)
    .sort((a, b) => a.d - b.d || a.r.id - b.r.id)[0];
  if (!best) return { building: null, distanceMeters: null };
  return {
    building: {
      id: best.r.id,
      name: best.r.name,
      address: best.r.address,
      communityName: best.r.community_name,
      gridName: best.r.grid_name,
      lat: best.r.lat!,
      lng: best.r.lng!,
    },
    distanceMeters: Math.round(best.d),
  };
}

/** How close a building must be to name a point (a reporter stands beside it, not streets away). */
const NAMING_RADIUS_M = 150;

/**
 * The building of a community nearest a point, by name and address, for anyone who may locate a
 * point (a resident reporting): buildings' names are what the public board shows, not personal data.
 */
export async function buildingNamesPoint(deps: OrgDeps, communityId: number, lat: number, lng: number) {
  const box = boxAround(lat, lng, NAMING_RADIUS_M);
  const scope = { divisionIds: [communityId], gridIds: [] };
  const rows = await repo.buildingsNear(deps.db, scope, { lat, lng }, box, NEAREST_CANDIDATES).execute();
  const best = rows
    .map((r) => ({ r, d: distanceMeters(lat, lng, r.lat!, r.lng!) }))
    .filter(({ d }) => d <= NAMING_RADIUS_M)
    .sort((a, b) => a.d - b.d || a.r.id - b.r.id)[0];
  return best ? { name: best.r.name, address: best.r.address, distanceMeters: Math.round(best.d) } : null;
}

async function gridFor(
  deps: OrgDeps,
  communityId: number,
  gridId: number | null | undefined,
  lat: number | null | undefined,
  lng: number | null | undefined,
) {
  if (gridId) {
    const grid = await repo.gridById(deps.db, gridId);
    if (!grid || grid.community_id !== communityId) {
      throw new AppError('validation_failed', {}, [{ path: 'body.gridId', key: 'org.grid_not_in_community' }]);
    }
    return grid.id;
  }
  if (gridId === null) return null;
  if (lat != null && lng != null) {
    const found = await locatePoint(deps, lat, lng);
    if (found && found.community.id === communityId) return found.grid.id;
  }
  return null;
}

export async function createBuilding(deps: OrgDeps, ctx: RequestContext, body: z.infer<typeof S.CreateBuildingBody>) {
  const community = await repo.divisionById(deps.db, body.communityId);
  assertCanWrite(ctx.actor, 'org.structure.write', divisionPlace(community));
  if (community!.level !== 'community') {
    throw new AppError('validation_failed', {}, [{ path: 'body.communityId', key: 'org.not_community' }]);
  }
  if ((body.lat == null) !== (body.lng == null) || (body.lat != null && !withinChina(body.lat, body.lng!))) {
    throw new AppError('validation_failed', {}, [{ path: 'body.lat', key: 'org.lat_lng_pair' }]);
  }
  const gridId = await gridFor(deps, community!.id, body.gridId, body.lat, body.lng);
  const now = deps.clock.now();
  try {
    const id = await deps.db.transaction().execute(async (trx) => {
      const [row] = await repo.insertBuildings(trx, [
        {
          community_id: community!.id,
          grid_id: gridId,
          code: body.code ?? `${community!.code}-B${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`,
          name: body.name,
          address: body.address,
          kind: body.kind,
          floors: body.floors ?? null,
          lat: body.lat ?? null,
          lng: body.lng ?? null,
          created_at: now,
          updated_at: now,
        },
      ]);
      await deps.audit.record(trx, ctx, {
        action: 'org.building.create',
        entityType: 'building',
        entityId: row!.id,
        place: { divisionId: community!.id, gridId },
        details: { name: body.name },
      });
      return row!.id;
    });
    return getBuilding(deps, ctx, id);
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('conflict', { reason: body.name });
    throw e;
  }
}

export async function updateBuilding(
  deps: OrgDeps,
  ctx: RequestContext,
  id: number,
  body: z.infer<typeof S.UpdateBuildingBody>,
) {
  const b = await repo.buildingById(deps.db, id);
  assertCanWrite(ctx.actor, 'org.structure.write', buildingPlace(b));
  const gridId =
    body.gridId !== undefined ? await gridFor(deps, b!.community_id, body.gridId, body.lat, body.lng) : undefined;
  try {
    await deps.db.transaction().execute(async (trx) => {
      await repo.updateBuilding(
        trx,
        id,
        {
          name: body.name,
          address: body.address,
          kind: body.kind,
          floors: body.floors,
          lat: body.lat,
          lng: body.lng,
          grid_id: gridId,
        },
        deps.clock.now(),
      );
      await deps.audit.record(trx, ctx, {
        action: 'org.building.update',
        entityType: 'building',
        entityId: id,
        place: { divisionId: b!.community_id, gridId: b!.grid_id },
        details: { fields: Object.keys(body) },
      });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('conflict', { reason: body.name ?? '' });
    throw e;
  }
  return getBuilding(deps, ctx, id);
}

export async function listHouseholds(deps: OrgDeps, ctx: RequestContext, buildingId: number) {
  const b = await repo.buildingById(deps.db, buildingId);
  assertCanRead(ctx.actor, 'org.read', buildingPlace(b));
  const rows = await repo.householdsOfBuilding(deps.db, buildingId);
  return { items: rows.map(presentHousehold) };
}

export async function createHousehold(
  deps: OrgDeps,
  ctx: RequestContext,
  buildingId: number,
  body: z.infer<typeof S.CreateHouseholdBody>,
) {
  const b = await repo.buildingById(deps.db, buildingId);
  assertCanWrite(ctx.actor, 'org.structure.write', buildingPlace(b));
  const id = await deps.db.transaction().execute(async (trx) => {
    const householdId = await repo.ensureHousehold(
      trx,
      buildingId,
      body.unitName ?? null,
      body.room,
      body.floorAreaM2 ?? null,
      deps.clock.now(),
    );
    await deps.audit.record(trx, ctx, {
      action: 'org.household.create',
      entityType: 'household',
      entityId: householdId,
      place: { divisionId: b!.community_id, gridId: b!.grid_id },
      details: { buildingId, unit: body.unitName ?? null, room: body.room },
    });
    return householdId;
  });
  const rows = await repo.householdsOfBuilding(deps.db, buildingId);
  return presentHousehold(rows.find((r) => r.id === id)!);
}
