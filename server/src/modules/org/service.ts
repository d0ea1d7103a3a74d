import type { Kysely } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Executor } from '../../db/connection.ts';
import {
  assertCanRead,
  assertCanWrite,
  covers,
  requireActor,
  requirePermission,
  scopeFor,
  type OrgPlace,
} from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { localParts } from '../../platform/local-time.ts';
import { AppError, isUniqueViolation, type ErrorDetail } from '../../platform/errors.ts';
import { decodeCursor, toPage, type Page } from '../../platform/pagination.ts';
import {
  birthDateFromIdNumber,
  genderFromIdNumber,
  maskIdNumber,
  maskPhone,
  normalizeIdNumber,
  normalizePhone,
} from '../../platform/personal-data.ts';
import type { AuditService } from '../audit/service.ts';
import { boxLiteral, centroid, containsPoint, geometryProblems, sharedArea, withinChina } from './geo.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { DivisionLevel, GridGeometry, GridKind } from './tables.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

const KIND_PRIORITY = { special: 0, resident: 1, mobile: 2 } as const;

/** Age in whole years on the local day of `now`: birthdays turn over at local midnight, not in UTC. */
export function ageOn(birthDate: string | null, now: Date, timeZone: string): number | null {
  if (!birthDate) return null;
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = localParts(now, timeZone).date.split('-').map(Number) as [number, number, number];
  let age = ty - y;
  if (tm < m || (tm === m && td < d)) age--;
  return age;
}

export class OrgService {
  private readonly nameCache = new LRUCache<string, string | { name: string; kind: GridKind; communityId: number }>({ max: 50_000, ttl: 60_000 });

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly options: { timeZone: string },
  ) {}

  /** Today's local date ('YYYY-MM-DD') by the clock, in the TIME_ZONE setting. */
  private today() {
    return localParts(this.clock.now(), this.options.timeZone).date;
  }

  // ---------- for other modules ----------
  // These take the caller's transaction when called inside one: on the embedded
  // database there is one connection, and a query outside the transaction would wait
  // for it to end.

  /** For each given division, its id and the ids of all divisions below it. */
  async expandDivisions(rootIds: readonly number[], db: Executor = this.db): Promise<Map<number, number[]>> {
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
  async locatePoint(lat: number, lng: number, db: Executor = this.db) {
    const candidates = await repo.gridsWithBoxAround(db, lat, lng);
    const inside = candidates.filter((g) => g.polygon && containsPoint(g.polygon as GridGeometry, lat, lng));
    // A special grid (a mall, a garage) wins over the resident grid around it, but only
    // within that grid's own community.
    const resident = inside.find((g) => g.kind === 'resident');
    const hits = inside
      .filter((g) => !resident || g.community_id === resident.community_id || g.kind === 'resident')
      .sort((a, b) => KIND_PRIORITY[a.kind] - KIND_PRIORITY[b.kind] || a.id - b.id);
    const grid = hits[0];
    if (!grid) return null;
    const community = await repo.divisionById(db, grid.community_id);
    if (!community) return null;
    const ancestorIds = community.path.split('/').filter(Boolean).map(Number);
    const ancestors = await repo.divisionsByIds(db, ancestorIds);
    const at = (level: string) => {
      const d = ancestors.find((a) => a.level === level);
      return d ? { id: d.id, name: d.name, code: d.code } : null;
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
  async names(ids: { divisionIds?: readonly number[]; gridIds?: readonly number[] }, db: Executor = this.db) {
    const divisions = new Map<number, string>();
    const grids = new Map<number, { name: string; kind: GridKind; communityId: number }>();
    const missingDivisions = [...new Set(ids.divisionIds ?? [])].filter((id) => {
      const cached = this.nameCache.get(`d${id}`) as string | undefined;
      if (cached !== undefined) divisions.set(id, cached);
      return cached === undefined;
    });
    const missingGrids = [...new Set(ids.gridIds ?? [])].filter((id) => {
      const cached = this.nameCache.get(`g${id}`) as { name: string; kind: GridKind; communityId: number } | undefined;
      if (cached !== undefined) grids.set(id, cached);
      return cached === undefined;
    });
    for (const d of await repo.divisionsByIds(db, missingDivisions)) {
      divisions.set(d.id, d.name);
      this.nameCache.set(`d${d.id}`, d.name);
    }
    for (const g of await repo.gridsByIds(db, missingGrids)) {
      const entry = { name: g.name, kind: g.kind, communityId: g.community_id };
      grids.set(g.id, entry);
      this.nameCache.set(`g${g.id}`, entry);
    }
    return { divisions, grids };
  }

  /**
   * Who may vote in a place on a day: its adult residents, each with household, owner
   * flag and floor area (m², as a string to keep the cents exact). For the deliberation
   * module, which keeps its own snapshot of an electorate.
   */
  async electorateOf(place: { communityId: number; buildingIds?: readonly number[]; gridId?: number }, on: string, db: Executor = this.db) {
    const rows = await repo.peopleOfPlace(db, place, on);
    return rows.map((r) => ({ personId: r.person_id, householdId: r.household_id, isOwner: r.is_owner, floorAreaM2: r.floor_area_m2 === null ? null : String(r.floor_area_m2) }));
  }

  /** Whether the buildings and the grid named all lie in the community (for other modules' scopes). */
  async liesIn(communityId: number, place: { buildingIds?: readonly number[]; gridId?: number | undefined }, db: Executor = this.db) {
    if (place.buildingIds?.length) {
      const rows = await repo.communitiesOfBuildings(db, place.buildingIds);
      if (rows.length !== new Set(place.buildingIds).size || rows.some((r) => r.community_id !== communityId)) return false;
    }
    if (place.gridId !== undefined) {
      const grid = await repo.gridById(db, place.gridId);
      if (!grid || grid.community_id !== communityId) return false;
    }
    return true;
  }

  /** The street and district above a community (or any division). */
  async ancestorsOf(divisionId: number, db: Executor = this.db) {
    const d = await repo.divisionById(db, divisionId);
    if (!d) return { street: null, district: null };
    const ancestors = await repo.divisionsByIds(db, d.path.split('/').filter(Boolean).map(Number));
    const at = (level: string) => ancestors.find((a) => a.level === level) ?? null;
    return { street: at('street')?.id ?? null, district: at('district')?.id ?? null };
  }

  /** Where a grid sits, for modules that file records under it. */
  async placeOfGrid(gridId: number, db: Executor = this.db): Promise<OrgPlace | null> {
    const grid = await repo.gridById(db, gridId);
    return grid ? { divisionId: grid.community_id, gridId: grid.id } : null;
  }

  /**
   * Where a building or a household sits (community, grid, location, address), for modules
   * that file records under one (devices); null when there is no such place.
   */
  async placeOfBuilding(buildingId: number, db: Executor = this.db) {
    const b = await repo.buildingById(db, buildingId);
    return b ? { buildingId: b.id, householdId: null as number | null, communityId: b.community_id, gridId: b.grid_id, lat: b.lat, lng: b.lng, name: b.name, address: b.address } : null;
  }

  async placeOfHousehold(householdId: number, db: Executor = this.db) {
    const h = await repo.householdById(db, householdId);
    const b = h ? await this.placeOfBuilding(h.building_id, db) : null;
    return h && b ? { ...b, householdId: h.id, name: `${b.name}${h.unit_name ?? ''}${h.room}`, address: `${b.address}${h.unit_name ?? ''}${h.room}` } : null;
  }

  /** How many people, buildings, households and grids each community and grid of the caller's holds. */
  async stats(ctx: RequestContext): Promise<View<typeof S.OrgStats>> {
    const scope = requirePermission(ctx.actor, 'org.read');
    const { persons, buildings, grids } = await repo.orgCounts(this.db, scope);
    const communities = new Map<number, { id: number; name: string; persons: number; buildings: number; households: number; grids: number }>();
    const byGrid = new Map<number, { id: number; name: string; communityId: number; persons: number; buildings: number; households: number }>();
    for (const g of grids) {
      const c = communities.get(g.community_id) ?? { id: g.community_id, name: g.community_name, persons: 0, buildings: 0, households: 0, grids: 0 };
      c.grids++;
      communities.set(g.community_id, c);
      byGrid.set(g.id, { id: g.id, name: g.name, communityId: g.community_id, persons: 0, buildings: 0, households: 0 });
    }
    const names = new Map((await repo.divisionsByIds(this.db, [...new Set([...persons, ...buildings].map((r) => r.community_id))])).map((d) => [d.id, d.name]));
    const community = (id: number) => {
      let c = communities.get(id);
      if (!c) communities.set(id, (c = { id, name: names.get(id) ?? '', persons: 0, buildings: 0, households: 0, grids: 0 }));
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
      totals: { persons: sum('persons'), buildings: sum('buildings'), households: sum('households'), grids: sum('grids') },
      byCommunity: list,
      byGrid: [...byGrid.values()],
    };
  }

  // ---------- divisions and the tree ----------

  async tree(ctx: RequestContext): Promise<View<typeof S.OrgTree>> {
    const actor = requireActor(ctx.actor);
    const scope = scopeFor(actor, 'org.read');
    const boardScope = scopeFor(actor, 'org.board.read');
    const gridIds = [...new Set([...scope.gridIds, ...boardScope.gridIds])];
    const grids = await repo.gridsByIds(this.db, gridIds);
    const visible = new Set([...scope.divisionIds, ...boardScope.divisionIds]);
    // Place the caller's units under their ancestors so the tree reads as a path.
    const context = new Set<number>();
    const own = await repo.divisionsByIds(this.db, [...new Set([...visible, ...grids.map((g) => g.community_id)])]);
    for (const d of own) for (const a of d.path.split('/').filter(Boolean).map(Number)) if (!visible.has(a)) context.add(a);
    const divisions = await repo.divisionsUnder(this.db, [...visible, ...context]);
    const communityIds = divisions.filter((d) => d.level === 'community' && scope.divisionIds.includes(d.id)).map((d) => d.id);
    const gridRows = communityIds.length
      ? await repo.listGrids(this.db, { divisionIds: communityIds, gridIds: [] }, {}, null, 10_000)
      : [];
    const allGrids = new Map<number, { id: number; communityId: number; code: string; name: string; kind: 'resident' | 'special' | 'mobile' }>();
    for (const g of gridRows) allGrids.set(g.id, { id: g.id, communityId: g.community_id, code: g.code, name: g.name, kind: g.kind });
    for (const g of grids) allGrids.set(g.id, { id: g.id, communityId: g.community_id, code: g.code, name: g.name, kind: g.kind });
    return {
      divisions: divisions.map((d) => ({ ...presentDivision(d), inScope: visible.has(d.id) })),
      grids: [...allGrids.values()].sort((a, b) => a.communityId - b.communityId || a.code.localeCompare(b.code)),
    };
  }

  async getDivision(ctx: RequestContext, id: number) {
    const d = await repo.divisionById(this.db, id);
    assertCanRead(ctx.actor, 'org.read', d ? { divisionId: d.id, gridId: null } : undefined);
    return presentDivision(d!);
  }

  async createDivision(ctx: RequestContext, body: z.infer<typeof S.CreateDivisionBody>) {
    const parent = await repo.divisionById(this.db, body.parentId);
    assertCanWrite(ctx.actor, 'org.division.write', parent ? { divisionId: parent.id, gridId: null } : undefined);
    const expectedParent = body.level === 'community' ? 'street' : 'district';
    if (parent!.level !== expectedParent) {
      throw new AppError('validation_failed', {}, [{ path: 'body.parentId', key: 'org.parent_level', params: { level: body.level, parent: expectedParent } }]);
    }
    const now = this.clock.now();
    try {
      return await this.db.transaction().execute(async (trx) => {
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
        await this.audit.record(trx, ctx, {
          action: 'org.division.create',
          entityType: 'division',
          entityId: id,
          place: { divisionId: id, gridId: null },
          details: { name: body.name, code: body.code, level: body.level },
        });
        return presentDivision((await repo.divisionById(trx, id))!);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('conflict', { reason: `code ${body.code}` });
      throw e;
    }
  }

  async updateDivision(ctx: RequestContext, id: number, body: z.infer<typeof S.UpdateDivisionBody>) {
    const d = await repo.divisionById(this.db, id);
    assertCanWrite(ctx.actor, 'org.division.write', d ? { divisionId: d.id, gridId: null } : undefined);
    return this.db.transaction().execute(async (trx) => {
      await repo.updateDivision(trx, id, { name: body.name, lat: body.lat, lng: body.lng }, this.clock.now());
      this.nameCache.delete(`d${id}`);
      await this.audit.record(trx, ctx, {
        action: 'org.division.update',
        entityType: 'division',
        entityId: id,
        place: { divisionId: id, gridId: null },
        details: { before: { name: d!.name, lat: d!.lat, lng: d!.lng }, after: body },
      });
      return presentDivision((await repo.divisionById(trx, id))!);
    });
  }

  // ---------- grids ----------

  async listGrids(ctx: RequestContext, query: z.infer<typeof S.GridListQuery>): Promise<Page<View<typeof S.GridView>>> {
    const scope = requirePermission(ctx.actor, 'org.read');
    const rows = await repo.listGrids(this.db, scope, query, decodeCursor(query.cursor), query.limit);
    const page: Page<View<typeof S.GridView>> = toPage(rows, query.limit, (r) => presentGrid(r), (r) => ({ sort: null, id: r.id }));
    if (query.withTotal) page.total = await repo.countGrids(this.db, scope, query);
    return page;
  }

  async gridsGeoJson(ctx: RequestContext, query: z.infer<typeof S.GridGeoJsonQuery>): Promise<View<typeof S.GridFeatureCollection>> {
    const scope = requirePermission(ctx.actor, 'org.read');
    const rows = await repo.listGrids(this.db, scope, query, null, 50_000, true);
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

  async getGrid(ctx: RequestContext, id: number) {
    const grid = await repo.gridDetail(this.db, id);
    assertCanRead(ctx.actor, 'org.read', grid ? { divisionId: grid.community_id, gridId: grid.id } : undefined);
    return presentGrid(grid!, true);
  }

  /**
   * A boundary must be well formed and must not reach into another community's grids
   * (else reports there would be routed to the wrong people).
   */
  private async checkGeometry(kind: string, polygon: GridGeometry | null | undefined, communityId: number, exceptGridId?: number): Promise<ErrorDetail[]> {
    if (!polygon) return kind === 'mobile' ? [] : [{ path: 'body.polygon', key: 'org.polygon_required' }];
    const problems: ErrorDetail[] = geometryProblems(polygon).map((reason) => ({ path: 'body.polygon', key: 'org.polygon_invalid' as const, params: { reason } }));
    if (problems.length) return problems;
    for (const other of await repo.gridsOfOtherCommunitiesNear(this.db, communityId, boxLiteral(polygon), exceptGridId)) {
      // Boundaries drawn by hand may overlap by a sliver; more than 10 m² is a real overlap.
      if (other.polygon && sharedArea(polygon, other.polygon as GridGeometry) > 10) {
        problems.push({ path: 'body.polygon', key: 'org.polygon_overlaps', params: { grid: other.name, community: other.community_name } });
      }
    }
    return problems;
  }

  async createGrid(ctx: RequestContext, body: z.infer<typeof S.CreateGridBody>) {
    const community = await repo.divisionById(this.db, body.communityId);
    assertCanWrite(ctx.actor, 'org.structure.write', community ? { divisionId: community.id, gridId: null } : undefined);
    if (community!.level !== 'community') {
      throw new AppError('validation_failed', {}, [{ path: 'body.communityId', key: 'org.not_community' }]);
    }
    const problems = await this.checkGeometry(body.kind, body.polygon, community!.id);
    if (problems.length) throw new AppError('validation_failed', {}, problems);
    const polygon = body.polygon ?? null;
    const center = polygon ? centroid(polygon) : null;
    const now = this.clock.now();
    try {
      return await this.db.transaction().execute(async (trx) => {
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
        await this.audit.record(trx, ctx, {
          action: 'org.grid.create',
          entityType: 'grid',
          entityId: id,
          place: { divisionId: community!.id, gridId: id },
          details: { code: body.code, name: body.name, kind: body.kind },
        });
        return id;
      }).then((id) => this.getGrid(ctx, id));
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('conflict', { reason: `code ${body.code}` });
      throw e;
    }
  }

  async updateGrid(ctx: RequestContext, id: number, body: z.infer<typeof S.UpdateGridBody>) {
    const grid = await repo.gridById(this.db, id);
    assertCanWrite(ctx.actor, 'org.structure.write', grid ? { divisionId: grid.community_id, gridId: grid.id } : undefined);
    const kind = body.kind ?? grid!.kind;
    const polygon = body.polygon === undefined ? (grid!.polygon as GridGeometry | null) : body.polygon;
    const problems = body.polygon === undefined ? [] : await this.checkGeometry(kind, polygon, grid!.community_id, grid!.id);
    if (problems.length) throw new AppError('validation_failed', {}, problems);
    const center = polygon ? centroid(polygon) : null;
    await this.db.transaction().execute(async (trx) => {
      this.nameCache.delete(`g${id}`);
      await repo.updateGrid(trx, id, {
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
      }, this.clock.now());
      await this.audit.record(trx, ctx, {
        action: 'org.grid.update',
        entityType: 'grid',
        entityId: id,
        place: { divisionId: grid!.community_id, gridId: id },
        details: { fields: Object.keys(body) },
      });
    });
    return this.getGrid(ctx, id);
  }

  async locate(ctx: RequestContext, lat: number, lng: number) {
    requireActor(ctx.actor);
    if (!withinChina(lat, lng)) {
      throw new AppError('validation_failed', {}, [{ path: 'query', key: 'org.outside_china' }]);
    }
    const found = await this.locatePoint(lat, lng);
    if (!found) throw new AppError('not_found');
    return found;
  }

  // ---------- buildings and households ----------

  async listBuildings(ctx: RequestContext, query: z.infer<typeof S.BuildingListQuery>) {
    const scope = requirePermission(ctx.actor, 'org.read');
    const rows = await repo.listBuildings(this.db, scope, query, decodeCursor(query.cursor), query.limit);
    const page: Page<View<typeof S.BuildingView>> = toPage(rows, query.limit, presentBuilding, (r) => ({ sort: null, id: r.id }));
    if (query.withTotal) page.total = await repo.countBuildings(this.db, scope, query);
    return page;
  }

  async getBuilding(ctx: RequestContext, id: number) {
    const b = await repo.buildingById(this.db, id);
    assertCanRead(ctx.actor, 'org.read', b ? { divisionId: b.community_id, gridId: b.grid_id } : undefined);
    return presentBuilding(b!);
  }

  private async gridFor(communityId: number, gridId: number | null | undefined, lat: number | null | undefined, lng: number | null | undefined) {
    if (gridId) {
      const grid = await repo.gridById(this.db, gridId);
      if (!grid || grid.community_id !== communityId) {
        throw new AppError('validation_failed', {}, [{ path: 'body.gridId', key: 'org.grid_not_in_community' }]);
      }
      return grid.id;
    }
    if (gridId === null) return null;
    if (lat != null && lng != null) {
      const found = await this.locatePoint(lat, lng);
      if (found && found.community.id === communityId) return found.grid.id;
    }
    return null;
  }

  async createBuilding(ctx: RequestContext, body: z.infer<typeof S.CreateBuildingBody>) {
    const community = await repo.divisionById(this.db, body.communityId);
    assertCanWrite(ctx.actor, 'org.structure.write', community ? { divisionId: community.id, gridId: null } : undefined);
    if (community!.level !== 'community') {
      throw new AppError('validation_failed', {}, [{ path: 'body.communityId', key: 'org.not_community' }]);
    }
    if ((body.lat == null) !== (body.lng == null) || (body.lat != null && !withinChina(body.lat, body.lng!))) {
      throw new AppError('validation_failed', {}, [{ path: 'body.lat', key: 'org.lat_lng_pair' }]);
    }
    const gridId = await this.gridFor(community!.id, body.gridId, body.lat, body.lng);
    const now = this.clock.now();
    try {
      const id = await this.db.transaction().execute(async (trx) => {
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
        await this.audit.record(trx, ctx, {
          action: 'org.building.create',
          entityType: 'building',
          entityId: row!.id,
          place: { divisionId: community!.id, gridId },
          details: { name: body.name },
        });
        return row!.id;
      });
      return this.getBuilding(ctx, id);
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('conflict', { reason: body.name });
      throw e;
    }
  }

  async updateBuilding(ctx: RequestContext, id: number, body: z.infer<typeof S.UpdateBuildingBody>) {
    const b = await repo.buildingById(this.db, id);
    assertCanWrite(ctx.actor, 'org.structure.write', b ? { divisionId: b.community_id, gridId: b.grid_id } : undefined);
    const gridId = body.gridId !== undefined ? await this.gridFor(b!.community_id, body.gridId, body.lat, body.lng) : undefined;
    try {
      await this.db.transaction().execute(async (trx) => {
        await repo.updateBuilding(trx, id, {
          name: body.name,
          address: body.address,
          kind: body.kind,
          floors: body.floors,
          lat: body.lat,
          lng: body.lng,
          grid_id: gridId,
        }, this.clock.now());
        await this.audit.record(trx, ctx, {
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
    return this.getBuilding(ctx, id);
  }

  async listHouseholds(ctx: RequestContext, buildingId: number) {
    const b = await repo.buildingById(this.db, buildingId);
    assertCanRead(ctx.actor, 'org.read', b ? { divisionId: b.community_id, gridId: b.grid_id } : undefined);
    const rows = await repo.householdsOfBuilding(this.db, buildingId);
    return { items: rows.map(presentHousehold) };
  }

  async createHousehold(ctx: RequestContext, buildingId: number, body: z.infer<typeof S.CreateHouseholdBody>) {
    const b = await repo.buildingById(this.db, buildingId);
    assertCanWrite(ctx.actor, 'org.structure.write', b ? { divisionId: b.community_id, gridId: b.grid_id } : undefined);
    const id = await this.db.transaction().execute(async (trx) => {
      const householdId = await repo.ensureHousehold(trx, buildingId, body.unitName ?? null, body.room, body.floorAreaM2 ?? null, this.clock.now());
      await this.audit.record(trx, ctx, {
        action: 'org.household.create',
        entityType: 'household',
        entityId: householdId,
        place: { divisionId: b!.community_id, gridId: b!.grid_id },
        details: { buildingId, unit: body.unitName ?? null, room: body.room },
      });
      return householdId;
    });
    const rows = await repo.householdsOfBuilding(this.db, buildingId);
    return presentHousehold(rows.find((r) => r.id === id)!);
  }

  // ---------- persons ----------

  async listPersons(ctx: RequestContext, query: z.infer<typeof S.PersonListQuery>) {
    let scope = requirePermission(ctx.actor, 'org.person.read');
    const filter = { ...query, tags: query.tag };
    // Looking people up by a whole phone or ID number is a read of that number: only for
    // those who may see numbers whole, within that reach, and audited (else the four
    // masked digits could be found by trying).
    if (query.q && repo.isNumberSearch(query.q)) {
      scope = requirePermission(ctx.actor, 'org.person.reveal');
      await this.db.transaction().execute((trx) =>
        this.audit.record(trx, ctx, { action: 'org.person.search_number', entityType: 'person', details: { number: maskPhone(query.q!.trim()) } }),
      );
    }
    const rows = await repo.listPersons(this.db, scope, filter, decodeCursor(query.cursor), query.limit);
    const page: Page<View<typeof S.PersonView>> = toPage(rows, query.limit, (r) => this.presentPerson(r), (r) => ({ sort: null, id: r.id }));
    if (query.withTotal) page.total = await repo.countPersons(this.db, scope, filter);
    return page;
  }

  async getPerson(ctx: RequestContext, id: number) {
    const p = await repo.personById(this.db, id);
    assertCanRead(ctx.actor, 'org.person.read', p ? { divisionId: p.community_id, gridId: p.grid_id } : undefined);
    return this.presentPerson(p!);
  }

  /** The whole ID and phone numbers; each call leaves an audit record. */
  async revealPerson(ctx: RequestContext, id: number) {
    const p = await repo.personById(this.db, id);
    const place = p ? { divisionId: p.community_id, gridId: p.grid_id } : undefined;
    assertCanRead(ctx.actor, 'org.person.read', place);
    if (!covers(scopeFor(ctx.actor, 'org.person.reveal'), place!)) throw new AppError('forbidden');
    await this.db.transaction().execute((trx) =>
      this.audit.record(trx, ctx, {
        action: 'org.person.reveal',
        entityType: 'person',
        entityId: id,
        place,
        details: { fields: ['idNumber', 'phone'] },
      }),
    );
    return { idNumber: p!.id_number, phone: p!.phone };
  }

  async tags(ctx: RequestContext) {
    const scope = requirePermission(ctx.actor, 'org.person.read');
    const rows = await repo.tagCounts(this.db, scope);
    return { items: rows.map((r) => ({ tag: r.tag, count: Number(r.n) })) };
  }

  /** Checks the links and numbers of a person; returns the columns to store. */
  private async personColumns(
    communityId: number,
    body: z.infer<typeof S.UpdatePersonBody>,
    existing?: { id: number; grid_id: number | null; building_id: number | null; household_id: number | null },
  ) {
    const problems: ErrorDetail[] = [];
    const out: Record<string, unknown> = {};
    let gridId = body.gridId === undefined ? existing?.grid_id ?? null : body.gridId;
    let buildingId = body.buildingId === undefined ? existing?.building_id ?? null : body.buildingId;
    const householdId = body.householdId === undefined ? existing?.household_id ?? null : body.householdId;
    if (householdId) {
      const h = await repo.householdById(this.db, householdId);
      if (!h || h.community_id !== communityId) problems.push({ path: 'body.householdId', key: 'org.household_not_in_community' });
      else {
        if (buildingId && buildingId !== h.building_id) problems.push({ path: 'body.householdId', key: 'org.household_not_in_building' });
        buildingId = h.building_id;
      }
    }
    if (buildingId) {
      const b = await repo.buildingById(this.db, buildingId);
      if (!b || b.community_id !== communityId) problems.push({ path: 'body.buildingId', key: 'org.building_not_in_community' });
      else if (body.gridId === undefined && b.grid_id) gridId = b.grid_id;
    }
    if (gridId) {
      const g = await repo.gridById(this.db, gridId);
      if (!g || g.community_id !== communityId) problems.push({ path: 'body.gridId', key: 'org.grid_not_in_community' });
    }
    out.grid_id = gridId;
    out.building_id = buildingId;
    out.household_id = householdId;
    if (body.idNumber !== undefined) {
      if (body.idNumber === null || body.idNumber === '') out.id_number = null;
      else {
        const idNumber = normalizeIdNumber(body.idNumber, this.today());
        if (!idNumber) problems.push({ path: 'body.idNumber', key: 'org.bad_id_number' });
        else {
          out.id_number = idNumber;
          if (!body.birthDate) out.birth_date = birthDateFromIdNumber(idNumber);
          if (!body.gender) out.gender = genderFromIdNumber(idNumber);
        }
      }
    }
    if (body.phone !== undefined) {
      if (body.phone === null || body.phone === '') out.phone = null;
      else {
        const phone = normalizePhone(body.phone);
        if (!phone) problems.push({ path: 'body.phone', key: 'org.bad_phone' });
        else out.phone = phone;
      }
    }
    if (body.birthDate !== undefined) out.birth_date = body.birthDate;
    if (body.birthDate && body.birthDate > this.today()) {
      problems.push({ path: 'body.birthDate', key: 'org.birth_in_future' });
    }
    for (const [key, column] of [
      ['name', 'name'],
      ['gender', 'gender'],
      ['isOwner', 'is_owner'],
      ['address', 'address'],
      ['note', 'note'],
    ] as const) {
      if (body[key] !== undefined) out[column] = body[key];
    }
    if (body.tags !== undefined) out.tags = [...new Set(body.tags)];
    if (problems.length) throw new AppError('validation_failed', {}, problems);
    return out;
  }

  async createPerson(ctx: RequestContext, body: z.infer<typeof S.CreatePersonBody>) {
    const community = await repo.divisionById(this.db, body.communityId);
    const place = community ? { divisionId: community.id, gridId: body.gridId ?? null } : undefined;
    const scope = scopeFor(requireActor(ctx.actor), 'org.person.write');
    // A grid worker registers people in their own grid; admins anywhere in their area.
    if (!place) throw new AppError('not_found');
    if (community!.level !== 'community') {
      throw new AppError('validation_failed', {}, [{ path: 'body.communityId', key: 'org.not_community' }]);
    }
    const columns = await this.personColumns(community!.id, body);
    if (!covers(scope, { divisionId: community!.id, gridId: (columns.grid_id as number | null) ?? null })) throw new AppError('forbidden');
    try {
      const id = await this.db.transaction().execute(async (trx) => {
        const now = this.clock.now();
        const personId = await repo.insertPerson(trx, { community_id: community!.id, name: body.name, ...columns, created_at: now, updated_at: now } as never);
        await this.audit.record(trx, ctx, {
          action: 'org.person.create',
          entityType: 'person',
          entityId: personId,
          place: { divisionId: community!.id, gridId: (columns.grid_id as number | null) ?? null },
          details: { name: body.name },
        });
        return personId;
      });
      return this.getPerson(ctx, id);
    } catch (e) {
      if (isUniqueViolation(e, 'persons_id_number')) {
        throw new AppError('conflict', { reason: ctx.locale === 'en' ? 'ID number already registered' : '身份证号码已登记' });
      }
      throw e;
    }
  }

  async updatePerson(ctx: RequestContext, id: number, body: z.infer<typeof S.UpdatePersonBody>) {
    const p = await repo.personById(this.db, id);
    const place = p ? { divisionId: p.community_id, gridId: p.grid_id } : undefined;
    assertCanWrite(ctx.actor, 'org.person.write', place);
    const columns = await this.personColumns(p!.community_id, body, p!);
    // Moving someone to a grid the caller does not hold is not allowed either.
    if (!covers(scopeFor(ctx.actor, 'org.person.write'), { divisionId: p!.community_id, gridId: (columns.grid_id as number | null) ?? null })) {
      throw new AppError('forbidden');
    }
    try {
      await this.db.transaction().execute(async (trx) => {
        await repo.updatePerson(trx, id, columns as never, this.clock.now());
        await this.audit.record(trx, ctx, {
          action: 'org.person.update',
          entityType: 'person',
          entityId: id,
          place,
          details: { fields: Object.keys(body) },
        });
      });
    } catch (e) {
      if (isUniqueViolation(e, 'persons_id_number')) {
        throw new AppError('conflict', { reason: ctx.locale === 'en' ? 'ID number already registered' : '身份证号码已登记' });
      }
      throw e;
    }
    return this.getPerson(ctx, id);
  }

  async deletePerson(ctx: RequestContext, id: number) {
    const p = await repo.personById(this.db, id);
    const place = p ? { divisionId: p.community_id, gridId: p.grid_id } : undefined;
    assertCanWrite(ctx.actor, 'org.person.write', place);
    await this.db.transaction().execute(async (trx) => {
      await repo.deletePerson(trx, id);
      await this.audit.record(trx, ctx, {
        action: 'org.person.delete',
        entityType: 'person',
        entityId: id,
        place,
        details: { name: p!.name },
      });
    });
  }

  presentPerson(r: repo.PersonRow): View<typeof S.PersonView> {
    return {
      id: r.id,
      name: r.name,
      gender: r.gender,
      birthDate: r.birth_date,
      age: ageOn(r.birth_date, this.clock.now(), this.options.timeZone),
      idNumber: maskIdNumber(r.id_number),
      phone: maskPhone(r.phone),
      tags: r.tags,
      isOwner: r.is_owner,
      address: r.address,
      note: r.note,
      communityId: r.community_id,
      communityName: r.community_name,
      gridId: r.grid_id,
      gridName: r.grid_name,
      buildingId: r.building_id,
      buildingName: r.building_name,
      householdId: r.household_id,
      unitName: r.unit_name,
      room: r.room,
      updatedAt: r.updated_at.toISOString(),
    };
  }

  // ---------- assignments and the public board ----------

  async listAssignments(ctx: RequestContext, query: z.infer<typeof S.AssignmentListQuery>) {
    const scope = requirePermission(ctx.actor, 'org.read');
    const rows = await repo.assignmentsFor(this.db, {
      gridIds: query.gridId ? [query.gridId] : [],
      buildingIds: query.buildingId ? [query.buildingId] : [],
      buildingsOfGridIds: query.gridId && query.includeBuildings ? [query.gridId] : [],
      ...(query.communityId ? { communityId: query.communityId } : {}),
    });
    return { items: rows.filter((r) => covers(scope, { divisionId: r.community_id, gridId: r.grid_id })).map(presentAssignment) };
  }

  async createAssignment(ctx: RequestContext, body: z.infer<typeof S.CreateAssignmentBody>) {
    let place: OrgPlace | undefined;
    if (body.gridId) {
      const g = await repo.gridById(this.db, body.gridId);
      place = g ? { divisionId: g.community_id, gridId: g.id } : undefined;
    } else {
      const b = await repo.buildingById(this.db, body.buildingId!);
      place = b ? { divisionId: b.community_id, gridId: b.grid_id } : undefined;
    }
    assertCanWrite(ctx.actor, 'org.assignment.write', place);
    if (body.contactPhone && !normalizePhone(body.contactPhone)) {
      throw new AppError('validation_failed', {}, [{ path: 'body.contactPhone', key: 'org.bad_phone' }]);
    }
    if (body.personId) {
      const person = await repo.personById(this.db, body.personId);
      if (!person || person.community_id !== place!.divisionId) {
        throw new AppError('validation_failed', {}, [{ path: 'body.personId', key: 'org.person_not_in_community' }]);
      }
    }
    const id = await this.db.transaction().execute(async (trx) => {
      const assignmentId = await repo.insertAssignment(trx, {
        kind: body.kind,
        community_id: place!.divisionId!,
        grid_id: body.gridId ?? null,
        building_id: body.buildingId ?? null,
        person_id: body.personId ?? null,
        user_id: null,
        name: body.name,
        contact_phone: body.contactPhone ? normalizePhone(body.contactPhone)! : '',
        duty: body.duty,
        pledge: body.pledge,
        photo_url: body.photoUrl,
        created_at: this.clock.now(),
      });
      await this.audit.record(trx, ctx, {
        action: 'org.assignment.create',
        entityType: 'assignment',
        entityId: assignmentId,
        place,
        details: { kind: body.kind, name: body.name },
      });
      return assignmentId;
    });
    const rows = await repo.assignmentsFor(this.db, body.gridId ? { gridIds: [body.gridId] } : { buildingIds: [body.buildingId!] });
    return presentAssignment(rows.find((r) => r.id === id)!);
  }

  async deleteAssignment(ctx: RequestContext, id: number) {
    const a = await repo.assignmentById(this.db, id);
    const place = a ? { divisionId: a.community_id, gridId: a.grid_id } : undefined;
    assertCanWrite(ctx.actor, 'org.assignment.write', place);
    await this.db.transaction().execute(async (trx) => {
      await repo.deleteAssignment(trx, id);
      await this.audit.record(trx, ctx, { action: 'org.assignment.delete', entityType: 'assignment', entityId: id, place, details: { name: a!.name } });
    });
  }

  /**
   * The public board (三亮一做) for a building, a grid or — for a resident who
   * names none — their own home. Shows who answers for it and how to reach them.
   */
  async board(ctx: RequestContext, query: z.infer<typeof S.BoardQuery>): Promise<View<typeof S.BoardView>> {
    const actor = requireActor(ctx.actor);
    let { buildingId, gridId } = query;
    let communityId = query.communityId;
    if (!buildingId && !gridId && !communityId) {
      const home = actor.personId ? await repo.personById(this.db, actor.personId) : undefined;
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
      building = await repo.buildingById(this.db, buildingId);
      if (!building) throw new AppError('not_found');
      gridId = building.grid_id ?? undefined;
      communityId = building.community_id;
    }
    let grid: Awaited<ReturnType<typeof repo.gridById>>;
    if (gridId) {
      grid = await repo.gridById(this.db, gridId);
      if (!grid) throw new AppError('not_found');
      communityId = grid.community_id;
    }
    if (!communityId && !query.buildingId && !query.gridId && !query.communityId) {
      throw new AppError('not_found', {}, [{ key: 'org.no_home' }]);
    }
    const community = communityId ? await repo.divisionById(this.db, communityId) : undefined;
    if (!community || community.level !== 'community') throw new AppError('not_found');
    assertCanRead(ctx.actor, 'org.board.read', { divisionId: community.id, gridId: grid?.id ?? null });
    const rows = await repo.assignmentsFor(this.db, {
      gridIds: grid ? [grid.id] : [],
      buildingIds: building ? [building.id] : [],
      ...(grid || building ? {} : { communityId: community.id }),
    });
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
          contactPhone: r.contact_phone,
          duty: r.duty,
          pledge: r.pledge,
          photoUrl: r.photo_url,
        })),
    };
  }

}

function presentDivision(d: { id: number; parent_id: number | null; level: DivisionLevel; code: string; code_official: boolean; name: string; lat: number | null; lng: number | null }) {
  return {
    id: d.id,
    parentId: d.parent_id,
    level: d.level,
    code: d.code,
    codeOfficial: d.code_official,
    name: d.name,
    lat: d.lat,
    lng: d.lng,
  };
}

function presentGrid(r: Omit<repo.GridRow, 'polygon'> & { polygon?: unknown }, withPolygon = false): View<typeof S.GridView> {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    communityId: r.community_id,
    communityName: r.community_name,
    center: r.center_lat !== null && r.center_lng !== null ? { lat: r.center_lat, lng: r.center_lng } : null,
    description: r.description,
    personCount: Number(r.person_count ?? 0),
    buildingCount: Number(r.building_count ?? 0),
    ...(withPolygon ? { polygon: (r.polygon as GridGeometry | null) ?? null } : {}),
  };
}

function presentBuilding(r: NonNullable<Awaited<ReturnType<typeof repo.buildingById>>> & { household_count?: unknown; person_count?: unknown }): View<typeof S.BuildingView> {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    address: r.address,
    kind: r.kind,
    floors: r.floors,
    lat: r.lat,
    lng: r.lng,
    communityId: r.community_id,
    communityName: r.community_name,
    gridId: r.grid_id,
    gridName: r.grid_name ?? null,
    ...(r.household_count !== undefined ? { householdCount: Number(r.household_count) } : {}),
    ...(r.person_count !== undefined ? { personCount: Number(r.person_count) } : {}),
  };
}

function presentHousehold(r: Awaited<ReturnType<typeof repo.householdsOfBuilding>>[number]): View<typeof S.HouseholdView> {
  return {
    id: r.id,
    buildingId: r.building_id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    room: r.room,
    floorAreaM2: r.floor_area_m2 === null ? null : Number(r.floor_area_m2),
    personCount: Number(r.person_count ?? 0),
  };
}

function presentAssignment(r: Awaited<ReturnType<typeof repo.assignmentsFor>>[number]): View<typeof S.AssignmentView> {
  return {
    id: r.id,
    kind: r.kind,
    communityId: r.community_id,
    gridId: r.grid_id,
    gridName: r.grid_name,
    buildingId: r.building_id,
    buildingName: r.building_name,
    personId: r.person_id,
    userId: r.user_id,
    name: r.name,
    contactPhone: r.contact_phone,
    duty: r.duty,
    pledge: r.pledge,
    photoUrl: r.photo_url,
  };
}
