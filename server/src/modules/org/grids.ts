import type { z } from 'zod';
import { assertCanRead, assertCanWrite, requireActor, requirePermission } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, isUniqueViolation, type ErrorDetail } from '../../platform/errors.ts';
import { decodeCursor, toPage, type Page } from '../../platform/pagination.ts';
import { divisionPlace, gridPlace } from './access.ts';
import { boxLiteral, centroid, geometryProblems, sharedArea, withinChina } from './geo.ts';
import { buildingNamesPoint } from './buildings.ts';
import { forgetName, locatePoint } from './places.ts';
import { presentGrid } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { OrgDeps } from './service.ts';
import type { GridGeometry } from './tables.ts';

// Grids: their boundaries (checked against other communities'), the map, and which grid holds a point.

type View<T extends z.ZodTypeAny> = z.infer<T>;

export async function listGrids(
  deps: OrgDeps,
  ctx: RequestContext,
  query: z.infer<typeof S.GridListQuery>,
): Promise<Page<View<typeof S.GridView>>> {
  const scope = requirePermission(ctx.actor, 'org.read');
  const rows = await repo.listGrids(deps.db, scope, query, decodeCursor(query.cursor), query.limit);
  const page: Page<View<typeof S.GridView>> = toPage(
    rows,
    query.limit,
    (r) => presentGrid(r),
    (r) => ({ sort: null, id: r.id }),
  );
  if (query.withTotal) page.total = await repo.countGrids(deps.db, scope, query);
  return page;
}

export async function gridsGeoJson(
  deps: OrgDeps,
  ctx: RequestContext,
  query: z.infer<typeof S.GridGeoJsonQuery>,
): Promise<View<typeof S.GridFeatureCollection>> {
  const scope = requirePermission(ctx.actor, 'org.read');
  const rows = await repo.listGrids(deps.db, scope, query, null, 50_000, true);
  return {
    type: 'FeatureCollection',
    features: rows
      .filter((r) => r.polygon)
      .map((r) => ({
        type: 'Feature' as const,
        id: r.id,
        geometry: r.polygon as GridGeometry,
        properties: {
          id: r.id,
          code: r.code,
          name: r.name,
          kind: r.kind,
          communityId: r.community_id,
          communityName: r.community_name,
          personCount: Number(r.person_count ?? 0),
          buildingCount: Number(r.building_count ?? 0),
        },
      })),
  };
}

export async function getGrid(deps: OrgDeps, ctx: RequestContext, id: number) {
  const grid = await repo.gridDetail(deps.db, id);
  assertCanRead(ctx.actor, 'org.read', gridPlace(grid));
  return presentGrid(grid!, true);
}

/**
 * A boundary must be well formed and must not reach into another community's grids
 * (else reports there would be routed to the wrong people).
 */
async function checkGeometry(
  deps: OrgDeps,
  kind: string,
  polygon: GridGeometry | null | undefined,
  communityId: number,
  exceptGridId?: number,
): Promise<ErrorDetail[]> {
  if (!polygon) return kind === 'mobile' ? [] : [{ path: 'body.polygon', key: 'org.polygon_required' }];
  const problems: ErrorDetail[] = geometryProblems(polygon).map((reason) => ({
    path: 'body.polygon',
    key: 'org.polygon_invalid' as const,
    params: { reason },
  }));
  if (problems.length) return problems;
  for (const other of await repo.gridsOfOtherCommunitiesNear(deps.db, communityId, boxLiteral(polygon), exceptGridId)) {
    // Boundaries drawn by hand may overlap by a sliver; more than 10 m² is a real overlap.
    if (other.polygon && sharedArea(polygon, other.polygon as GridGeometry) > 10) {
      problems.push({
        path: 'body.polygon',
        key: 'org.polygon_overlaps',
        params: { grid: other.name, community: other.community_name },
      });
    }
  }
  return problems;
}

export async function createGrid(deps: OrgDeps, ctx: RequestContext, body: z.infer<typeof S.CreateGridBody>) {
  const community = await repo.divisionById(deps.db, body.communityId);
  assertCanWrite(ctx.actor, 'org.structure.write', divisionPlace(community));
  if (community!.level !== 'community') {
    throw new AppError('validation_failed', {}, [{ path: 'body.communityId', key: 'org.not_community' }]);
  }
  const problems = await checkGeometry(deps, body.kind, body.polygon, community!.id);
  if (problems.length) throw new AppError('validation_failed', {}, problems);
  const polygon = body.polygon ?? null;
  const center = polygon ? centroid(polygon) : null;
  const now = deps.clock.now();
  try {
    return await deps.db
      .transaction()
      .execute(async (trx) => {
        const id = await repo.insertGrid(trx, {
          community_id: community!.id,
          code: body.code,
          name: body.name,
          kind: body.kind,
          polygon: polygon ? JSON.stringify(polygon) : null,
          bbox: polygon ? boxLiteral(polygon) : null,
          center_lat: center?.lat ?? null,
          center_lng: center?.lng ?? null,
          description: body.description,
          created_at: now,
          updated_at: now,
        });
        await deps.audit.record(trx, ctx, {
          action: 'org.grid.create',
          entityType: 'grid',
          entityId: id,
          place: { divisionId: community!.id, gridId: id },
          details: { code: body.code, name: body.name, kind: body.kind },
        });
        return id;
      })
      .then((id) => getGrid(deps, ctx, id));
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('conflict', { reason: `code ${body.code}` });
    throw e;
  }
}

export async function updateGrid(
  deps: OrgDeps,
  ctx: RequestContext,
  id: number,
  body: z.infer<typeof S.UpdateGridBody>,
) {
  const grid = await repo.gridById(deps.db, id);
  assertCanWrite(ctx.actor, 'org.structure.write', gridPlace(grid));
  const kind = body.kind ?? grid!.kind;
  const polygon = body.polygon === undefined ? (grid!.polygon as GridGeometry | null) : body.polygon;
  const problems =
    body.polygon === undefined ? [] : await checkGeometry(deps, kind, polygon, grid!.community_id, grid!.id);
  if (problems.length) throw new AppError('validation_failed', {}, problems);
  const center = polygon ? centroid(polygon) : null;
  await deps.db.transaction().execute(async (trx) => {
    forgetName(deps.nameCache, 'grid', id);
    deps.tellOthers('org.name', { kind: 'grid', id });
    await repo.updateGrid(
      trx,
      id,
      {
        name: body.name,
        kind: body.kind,
        description: body.description,
        ...(body.polygon !== undefined
          ? {
              polygon: polygon ? JSON.stringify(polygon) : null,
              bbox: polygon ? boxLiteral(polygon) : null,
              center_lat: center?.lat ?? null,
              center_lng: center?.lng ?? null,
            }
          : {}),
      },
      deps.clock.now(),
    );
    await deps.audit.record(trx, ctx, {
      action: 'org.grid.update',
      entityType: 'grid',
      entityId: id,
      place: { divisionId: grid!.community_id, gridId: id },
      details: { fields: Object.keys(body) },
    });
  });
  return getGrid(deps, ctx, id);
}

export async function locate(deps: OrgDeps, ctx: RequestContext, lat: number, lng: number) {
  requireActor(ctx.actor);
  if (!withinChina(lat, lng)) {
    throw new AppError('validation_failed', {}, [{ path: 'query', key: 'org.outside_china' }]);
  }
  const found = await locatePoint(deps, lat, lng);
  if (!found) throw new AppError('not_found');
  return { ...found, nearestBuilding: await buildingNamesPoint(deps, found.community.id, lat, lng) };
}
