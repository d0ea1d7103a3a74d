import type { z } from 'zod';
import {
  assertCanRead,
  assertCanWrite,
  covers,
  requireActor,
  requirePermission,
  type OrgPlace,
} from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { normalizePhone } from '../../platform/personal-data.ts';
import { assignmentPlace, buildingPlace, gridPlace } from './access.ts';
import { boardPhone, presentAssignment } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { OrgDeps } from './service.ts';

// Assignments (包联: who answers for a grid or a building) and the public board (三亮一做).

type View<T extends z.ZodTypeAny> = z.infer<T>;

export async function listAssignments(
  deps: OrgDeps,
  ctx: RequestContext,
  query: z.infer<typeof S.AssignmentListQuery>,
) {
  const scope = requirePermission(ctx.actor, 'org.read');
  const rows = await repo.assignmentsFor(deps.db, {
    gridIds: query.gridId ? [query.gridId] : [],
    buildingIds: query.buildingId ? [query.buildingId] : [],
    buildingsOfGridIds: query.gridId && query.includeBuildings ? [query.gridId] : [],
    ...(query.communityId ? { communityId: query.communityId } : {}),
  });
  return { items: rows.filter((r) => covers(scope, assignmentPlace(r)!)).map(presentAssignment) };
}

export async function createAssignment(
  deps: OrgDeps,
  ctx: RequestContext,
  body: z.infer<typeof S.CreateAssignmentBody>,
) {
  let place: OrgPlace | undefined;
  if (body.gridId) {
    const g = await repo.gridById(deps.db, body.gridId);
    place = gridPlace(g);
  } else {
    const b = await repo.buildingById(deps.db, body.buildingId!);
    place = buildingPlace(b);
  }
  assertCanWrite(ctx.actor, 'org.assignment.write', place);
  if (body.contactPhone && !normalizePhone(body.contactPhone)) {
    throw new AppError('validation_failed', {}, [{ path: 'body.contactPhone', key: 'org.bad_phone' }]);
  }
  if (body.personId) {
    const person = await repo.personById(deps.db, body.personId);
    if (!person || person.community_id !== place!.divisionId) {
      throw new AppError('validation_failed', {}, [{ path: 'body.personId', key: 'org.person_not_in_community' }]);
    }
  }
  const id = await deps.db.transaction().execute(async (trx) => {
    const assignmentId = await repo.insertAssignment(trx, {
      kind: body.kind,
      community_id: place!.divisionId!,
      grid_id: body.gridId ?? null,
      building_id: body.buildingId ?? null,
      person_id: body.personId ?? null,
      user_id: null,
      name: body.name,
      contact_phone: body.contactPhone ? normalizePhone(body.contactPhone)! : '',
      phone_published: body.publishPhone && Boolean(body.contactPhone),
      phone_consent_at: body.publishPhone && body.contactPhone ? deps.clock.now() : null,
      phone_consent_by: body.publishPhone && body.contactPhone ? ctx.actor!.userId : null,
      duty: body.duty,
      pledge: body.pledge,
      photo_url: body.photoUrl,
      created_at: deps.clock.now(),
    });
    await deps.audit.record(trx, ctx, {
      action: 'org.assignment.create',
      entityType: 'assignment',
      entityId: assignmentId,
      place,
      details: { kind: body.kind, name: body.name },
    });
    return assignmentId;
  });
  const rows = await repo.assignmentsFor(
    deps.db,
    body.gridId ? { gridIds: [body.gridId] } : { buildingIds: [body.buildingId!] },
  );
  return presentAssignment(rows.find((r) => r.id === id)!);
}

export async function deleteAssignment(deps: OrgDeps, ctx: RequestContext, id: number) {
  const a = await repo.assignmentById(deps.db, id);
  const place = assignmentPlace(a);
  assertCanWrite(ctx.actor, 'org.assignment.write', place);
  await deps.db.transaction().execute(async (trx) => {
    await repo.deleteAssignment(trx, id);
    await deps.audit.record(trx, ctx, {
      action: 'org.assignment.delete',
      entityType: 'assignment',
      entityId: id,
      place,
      details: { name: a!.name },
    });
  });
}

/**
 * The public board (三亮一做) for a building, a grid or — for a resident who
 * names none — their own home. Shows who answers for it and how to reach them.
 */
export async function board(
  deps: OrgDeps,
  ctx: RequestContext,
  query: z.infer<typeof S.BoardQuery>,
): Promise<View<typeof S.BoardView>> {
  const actor = requireActor(ctx.actor);
  let { buildingId, gridId } = query;
  let communityId = query.communityId;
  if (!buildingId && !gridId && !communityId) {
    const home = actor.personId ? await repo.personById(deps.db, actor.personId) : undefined;
    if (home) {
      buildingId = home.building_id ?? undefined;
      gridId = home.grid_id ?? undefined;
      communityId = home.community_id;
    } else {
      const grant = actor.grants.find((g) => g.divisionId !== null || g.gridId !== null);
      if (grant?.gridId) gridId = grant.gridId;
      else if (grant?.divisionId) communityId = grant.divisionId;
    }
  }
  let building: Awaited<ReturnType<typeof repo.buildingById>>;
  if (buildingId) {
    building = await repo.buildingById(deps.db, buildingId);
    if (!building) throw new AppError('not_found');
    gridId = building.grid_id ?? undefined;
    communityId = building.community_id;
  }
  let grid: Awaited<ReturnType<typeof repo.gridById>>;
  if (gridId) {
    grid = await repo.gridById(deps.db, gridId);
    if (!grid) throw new AppError('not_found');
    communityId = grid.community_id;
  }
  if (!communityId && !query.buildingId && !query.gridId && !query.communityId) {
    throw new AppError('not_found', {}, [{ key: 'org.no_home' }]);
  }
  const community = communityId ? await repo.divisionById(deps.db, communityId) : undefined;
  if (community?.level !== 'community') throw new AppError('not_found');
  assertCanRead(ctx.actor, 'org.board.read', { divisionId: community.id, gridId: grid?.id ?? null });
  const rows = await repo.assignmentsFor(deps.db, {
    gridIds: grid ? [grid.id] : [],
    buildingIds: building ? [building.id] : [],
    ...(grid || building ? {} : { communityId: community.id }),
  });
  const centerHouseholds = building && deps.centerHouseholds ? await deps.centerHouseholds(building.id) : [];
  return {
    community: { id: community.id, name: community.name },
    grid: grid ? { id: grid.id, name: grid.name, kind: grid.kind } : null,
    building: building ? { id: building.id, name: building.name, address: building.address } : null,
    entries: rows
      .sort((a, b) => Number(b.building_id !== null) - Number(a.building_id !== null))
      .map((r) => ({
        kind: r.kind,
        scope: r.building_id ? ('building' as const) : ('grid' as const),
        scopeName: r.building_name ?? r.grid_name ?? '',
        name: r.name,
        ...boardPhone(r),
        duty: r.duty,
        pledge: r.pledge,
        photoUrl: r.photo_url,
      })),
    centerHouseholds,
  };
}
