import type { z } from 'zod';
import { assertCanRead, assertCanWrite, requireActor, requirePermission } from '../../platform/access.ts';
import type { Executor } from '../../db/connection.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, isUniqueViolation } from '../../platform/errors.ts';
import { divisionPlace, treeReach } from './access.ts';
import { forgetName } from './places.ts';
import { presentDivision } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { OrgDeps } from './service.ts';

// Divisions (district, street, community), the tree a caller sees, and the counts of each.

type View<T extends z.ZodTypeAny> = z.infer<T>;

/** How many people, buildings, households and grids each community and grid of the caller's holds. */
export async function stats(deps: OrgDeps, ctx: RequestContext): Promise<View<typeof S.OrgStats>> {
  const scope = requirePermission(ctx.actor, 'org.read');
  const { persons, buildings, grids } = await repo.orgCounts(deps.db, scope);
  const communities = new Map<
    number,
    { id: number; name: string; persons: number; buildings: number; households: number; grids: number }
  >();
  const byGrid = new Map<
    number,
    { id: number; name: string; communityId: number; persons: number; buildings: number; households: number }
  >();
  for (const g of grids) {
    const c = communities.get(g.community_id) ?? {
      id: g.community_id,
      name: g.community_name,
      persons: 0,
      buildings: 0,
      households: 0,
      grids: 0,
    };
    c.grids++;
    communities.set(g.community_id, c);
    byGrid.set(g.id, { id: g.id, name: g.name, communityId: g.community_id, persons: 0, buildings: 0, households: 0 });
  }
  const names = new Map(
    (await repo.divisionsByIds(deps.db, [...new Set([...persons, ...buildings].map((r) => r.community_id))])).map(
      (d) => [d.id, d.name],
    ),
  );
  const community = (id: number) => {
    let c = communities.get(id);
    if (!c) c = { id, name: names.get(id) ?? '', persons: 0, buildings: 0, households: 0, grids: 0 };
    communities.set(id, c);
    return c;
  };
  for (const r of persons) {
    community(r.community_id).persons += Number(r.n);
    if (r.grid_id !== null && byGrid.has(r.grid_id)) byGrid.get(r.grid_id)!.persons += Number(r.n);
  }
  for (const r of buildings) {
    const c = community(r.community_id);
    c.buildings += Number(r.n);
    c.households += Number(r.households ?? 0);
    if (r.grid_id !== null && byGrid.has(r.grid_id)) {
      byGrid.get(r.grid_id)!.buildings += Number(r.n);
      byGrid.get(r.grid_id)!.households += Number(r.households ?? 0);
    }
  }
  const list = [...communities.values()].sort((a, b) => a.id - b.id);
  const sum = (key: 'persons' | 'buildings' | 'households' | 'grids') => list.reduce((acc, c) => acc + c[key], 0);
  return {
    totals: {
      persons: sum('persons'),
      buildings: sum('buildings'),
      households: sum('households'),
      grids: sum('grids'),
    },
    byCommunity: list,
    byGrid: [...byGrid.values()],
  };
}

export async function tree(deps: OrgDeps, ctx: RequestContext): Promise<View<typeof S.OrgTree>> {
  const { scope, gridIds, divisionIds: visible } = treeReach(requireActor(ctx.actor));
  const grids = await repo.gridsByIds(deps.db, gridIds);
  // Place the caller's units under their ancestors so the tree reads as a path.
  const context = new Set<number>();
  const own = await repo.divisionsByIds(deps.db, [...new Set([...visible, ...grids.map((g) => g.community_id)])]);
  for (const d of own)
    for (const a of d.path.split('/').filter(Boolean).map(Number)) if (!visible.has(a)) context.add(a);
  const divisions = await repo.divisionsUnder(deps.db, [...visible, ...context]);
  const communityIds = divisions
    .filter((d) => d.level === 'community' && scope.divisionIds.includes(d.id))
    .map((d) => d.id);
  const gridRows = communityIds.length
    ? await repo.listGrids(deps.db, { divisionIds: communityIds, gridIds: [] }, {}, null, 10_000)
    : [];
  const allGrids = new Map<
    number,
    { id: number; communityId: number; code: string; name: string; kind: 'resident' | 'special' | 'mobile' }
  >();
  for (const g of gridRows)
    allGrids.set(g.id, { id: g.id, communityId: g.community_id, code: g.code, name: g.name, kind: g.kind });
  for (const g of grids)
    allGrids.set(g.id, { id: g.id, communityId: g.community_id, code: g.code, name: g.name, kind: g.kind });
  return {
    divisions: divisions.map((d) => ({ ...presentDivision(d), inScope: visible.has(d.id) })),
    grids: [...allGrids.values()].sort((a, b) => a.communityId - b.communityId || a.code.localeCompare(b.code)),
  };
}

export async function getDivision(deps: OrgDeps, ctx: RequestContext, id: number) {
  const d = await repo.divisionById(deps.db, id);
  assertCanRead(ctx.actor, 'org.read', divisionPlace(d));
  return presentDivision(d!);
}

export async function createDivision(deps: OrgDeps, ctx: RequestContext, body: z.infer<typeof S.CreateDivisionBody>) {
  const parent = await repo.divisionById(deps.db, body.parentId);
  assertCanWrite(ctx.actor, 'org.division.write', divisionPlace(parent));
  const expectedParent = body.level === 'community' ? 'street' : 'district';
  if (parent!.level !== expectedParent) {
    throw new AppError('validation_failed', {}, [
      { path: 'body.parentId', key: 'org.parent_level', params: { level: body.level, parent: expectedParent } },
    ]);
  }
  const now = deps.clock.now();
  try {
    const created = await deps.db.transaction().execute(async (trx) => {
      const { id } = await repo.insertDivision(
        trx,
        {
          parent_id: parent!.id,
          level: body.level,
          name: body.name,
          code: body.code,
          code_official: body.codeOfficial,
          lat: body.lat ?? null,
          lng: body.lng ?? null,
          created_at: now,
          updated_at: now,
        },
        parent!.path,
      );
      await deps.audit.record(trx, ctx, {
        action: 'org.division.create',
        entityType: 'division',
        entityId: id,
        place: { divisionId: id, gridId: null },
        details: { name: body.name, code: body.code, level: body.level },
      });
      return presentDivision((await repo.divisionById(trx, id))!);
    });
    deps.structure.version++;
    deps.tellOthers('org.structure');
    return created;
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('conflict', { reason: `code ${body.code}` });
    throw e;
  }
}

/**
 * A division without a parent, for the setup of a fresh install (the caller checked the
 * one-time setup token and records the audit entry); a code in use is a conflict.
 */
export async function createRootDivision(
  deps: OrgDeps,
  trx: Executor,
  body: { name: string; code: string; level: 'district' | 'city' },
) {
  const now = deps.clock.now();
  try {
    const { id } = await repo.insertDivision(
      trx,
      {
        parent_id: null,
        level: body.level,
        name: body.name,
        code: body.code,
        // The 12-digit statistical code (统计用区划代码); shorter codes are the install's own.
        code_official: body.code.length === 12,
        lat: null,
        lng: null,
        created_at: now,
        updated_at: now,
      },
      '/',
    );
    deps.structure.version++;
    deps.tellOthers('org.structure');
    return { id };
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('conflict', { reason: `code ${body.code}` });
    throw e;
  }
}

export async function updateDivision(
  deps: OrgDeps,
  ctx: RequestContext,
  id: number,
  body: z.infer<typeof S.UpdateDivisionBody>,
) {
  const d = await repo.divisionById(deps.db, id);
  assertCanWrite(ctx.actor, 'org.division.write', divisionPlace(d));
  return deps.db.transaction().execute(async (trx) => {
    await repo.updateDivision(trx, id, { name: body.name, lat: body.lat, lng: body.lng }, deps.clock.now());
    forgetName(deps.nameCache, 'division', id);
    deps.tellOthers('org.name', { kind: 'division', id });
    await deps.audit.record(trx, ctx, {
      action: 'org.division.update',
      entityType: 'division',
      entityId: id,
      place: { divisionId: id, gridId: null },
      details: { before: { name: d!.name, lat: d!.lat, lng: d!.lng }, after: body },
    });
    return presentDivision((await repo.divisionById(trx, id))!);
  });
}
