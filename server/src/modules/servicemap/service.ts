import { performance } from 'node:perf_hooks';
import type { z } from 'zod';
import { requireActor, requirePermission } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import type { MattersService } from '../matters/service.ts';
import { SERVICE_KINDS, type ServiceKind } from '../matters/tables.ts';
import type { OrgService } from '../org/service.ts';
import {
  coverageOf,
  covered,
  LEVELS,
  type MapStation,
  missingKinds,
  type Nearest,
  type Reach,
  StationIndex,
  straightMetres,
  REACH_MINUTES,
  type Walking,
  walkingMinutes,
} from './reach.ts';
import type * as S from './schema.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/** The most stations the nearby list shows (nearest first). */
const NEARBY_LIMIT = 20;

/** Metres in a degree of latitude (a degree of longitude is this times cos(latitude)). */
const metresPerDegreeLat = 111_320;

/**
 * The service map (党群服务一张图): for every building of an area, the walk to the nearest
 * station of each of the nine services, coverage weighted by residents, the gaps, and what
 * candidate stations would change. It owns no tables: buildings and residents come from
 * the org, stations from matters.
 */
export class ServiceMapService {
  constructor(
    private readonly org: OrgService,
    private readonly matters: MattersService,
    private readonly walking: Walking,
  ) {}

  /**
   * The communities (and streets, districts) an area takes in: the asked one if it is in the
   * caller's reach (404 otherwise, like any read out of scope), else all the caller reaches.
   * A grid worker reaches the communities of their grids.
   */
  private async divisionsOf(ctx: RequestContext, areaId: number | undefined): Promise<number[]> {
    const scope = requirePermission(ctx.actor, 'servicemap.read');
    const reach = new Set(scope.divisionIds);
    for (const gridId of scope.gridIds) {
      const place = await this.org.placeOfGrid(gridId);
      if (place?.divisionId != null) reach.add(place.divisionId);
    }
    if (areaId === undefined) return [...reach];
    if (!reach.has(areaId)) throw new AppError('not_found');
    return this.org.divisionsUnder(areaId);
  }

  /** Active stations offering any service, around the buildings (or a point) as far as the widest circle reaches. */
  private async stationsAround(buildings: ReadonlyArray<{ lat: number; lng: number }>): Promise<MapStation[]> {
    if (buildings.length === 0) return [];
    let south = Infinity;
    let north = -Infinity;
    let west = Infinity;
    let east = -Infinity;
    for (const b of buildings) {
      south = Math.min(south, b.lat);
      north = Math.max(north, b.lat);
      west = Math.min(west, b.lng);
      east = Math.max(east, b.lng);
    }
    const margin = straightMetres(REACH_MINUTES, this.walking);
    const dLat = margin / metresPerDegreeLat;
    const widestLat = Math.min(89, Math.max(Math.abs(south), Math.abs(north)) + dLat);
    const dLng = margin / (metresPerDegreeLat * Math.cos((widestLat * Math.PI) / 180));
    const rows = await this.matters.activeStationsInBox({
      south: south - dLat,
      north: north + dLat,
      west: west - dLng,
      east: east + dLng,
    });
    return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, services: r.services, lat: r.lat, lng: r.lng }));
  }

  /** The area's located buildings with their residents, the stations around, and each building's reach. */
  private async load(ctx: RequestContext, areaId: number | undefined) {
    const communityIds = await this.divisionsOf(ctx, areaId);
    const buildings = await this.org.buildingsWithResidents({ communityIds });
    const stations = await this.stationsAround(buildings);
    const index = new StationIndex(stations, this.walking);
    return { buildings, stations, reaches: buildings.map((b) => index.reachOf(b)) };
  }

  async coverage(ctx: RequestContext, q: View<typeof S.CoverageQuery>): Promise<View<typeof S.CoverageView>> {
    const started = performance.now();
    const { buildings, reaches } = await this.load(ctx, q.areaId);
    const byCommunity = new Map<number, number[]>();
    buildings.forEach((b, i) => {
      const list = byCommunity.get(b.communityId) ?? [];
      list.push(i);
      byCommunity.set(b.communityId, list);
    });
    const names = (await this.org.names({ divisionIds: [...byCommunity.keys()] })).divisions;
    const communities = [...byCommunity.entries()]
      .map(([communityId, at]) => {
        const own = at.map((i) => reaches[i]!);
        return {
          communityId,
          name: names.get(communityId) ?? '',
          ...coverageOf(
            at.map((i) => buildings[i]!),
            own,
          ),
          missingKinds: missingKinds(own),
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.communityId - b.communityId);
    return {
      areaId: q.areaId ?? null,
      walking: { ...this.walking },
      ...coverageOf(buildings, reaches),
      communities,
      computedMs: Math.round(performance.now() - started),
    };
  }

  /** Buildings without the kind within the walk, most residents first (then by id), a page at a time. */
  async gaps(ctx: RequestContext, q: View<typeof S.GapsQuery>) {
    const { buildings, reaches } = await this.load(ctx, q.areaId);
    const k = SERVICE_KINDS.indexOf(q.kind);
    const after = decodeCursor(q.cursor);
    const gaps = buildings
      .map((b, i) => ({ b, reach: reaches[i]! }))
      .filter(({ reach }) => !covered(reach, q.kind, q.level))
      .sort((x, y) => y.b.residents - x.b.residents || x.b.id - y.b.id)
      .filter(
        ({ b }) =>
          !after || b.residents < Number(after.sort) || (b.residents === Number(after.sort) && b.id > after.id),
      );
    return toPage(
      gaps.slice(0, q.limit + 1),
      q.limit,
      ({ b, reach }) => ({
        buildingId: b.id,
        name: b.name,
        communityId: b.communityId,
        gridId: b.gridId,
        lat: b.lat,
        lng: b.lng,
        residents: b.residents,
        nearest: presentNearest(reach[k] ?? null),
      }),
      ({ b }) => ({ sort: b.residents, id: b.id }),
    );
  }

  async building(ctx: RequestContext, buildingId: number): Promise<View<typeof S.BuildingReach>> {
    const reach = await this.divisionsOf(ctx, undefined);
    const [b] = await this.org.buildingsWithResidents({ buildingIds: [buildingId] });
    if (!b || !reach.includes(b.communityId)) throw new AppError('not_found');
    const nearest = new StationIndex(await this.stationsAround([b]), this.walking).reachOf(b);
    return {
      buildingId: b.id,
      name: b.name,
      communityId: b.communityId,
      residents: b.residents,
      lat: b.lat,
      lng: b.lng,
      kinds: SERVICE_KINDS.map((kind, k) => ({ kind, nearest: presentNearest(nearest[k] ?? null) })),
    };
  }

  /**
   * Services near a point or the caller's home (附近服务): any signed-in user may ask, as
   * stations are public places; the home is read only for the caller themselves.
   */
  async nearby(ctx: RequestContext, q: View<typeof S.NearbyQuery>): Promise<View<typeof S.NearbyView>> {
    const actor = requireActor(ctx.actor);
    const origin =
      q.lat !== undefined && q.lng !== undefined
        ? { lat: q.lat, lng: q.lng, from: 'point' as const, name: '' }
        : await this.homeOf(actor.personId);
    const walking = { ...this.walking };
    if (!origin) return { origin: null, walking, reachMinutes: REACH_MINUTES, kinds: [], stations: [] };
    const [around, nearest] = await Promise.all([
      this.stationsAround([origin]),
      this.matters.nearestStations(origin.lat, origin.lng, { service: q.kind, openNow: false, limit: NEARBY_LIMIT }),
    ]);
    const reach = new StationIndex(around, this.walking).reachOf(origin);
    const stations = nearest
      .filter((s) => s.services.length > 0)
      .map((s) => ({
        ...s,
        minutes: Math.round(walkingMinutes((s.distanceMeters ?? 0) / 1000, this.walking) * 10) / 10,
      }))
      .filter((s) => s.minutes <= REACH_MINUTES);
    return {
      origin,
      walking,
      reachMinutes: REACH_MINUTES,
      kinds: SERVICE_KINDS.map((kind, k) => ({ kind, nearest: presentNearest(reach[k] ?? null) })),
      stations,
    };
  }

  /** The caller's home building, if it has a location. */
  private async homeOf(personId: number | null) {
    const person = personId === null ? null : await this.org.personPlace(personId);
    if (!person?.buildingId) return null;
    const [b] = await this.org.buildingsWithResidents({ buildingIds: [person.buildingId] });
    return b ? { lat: b.lat, lng: b.lng, from: 'home' as const, name: b.name } : null;
  }

  /** Coverage before and after adding candidate stations; nothing is saved. */
  async whatIf(ctx: RequestContext, body: View<typeof S.WhatIfBody>): Promise<View<typeof S.WhatIfView>> {
    const started = performance.now();
    const { buildings, stations, reaches } = await this.load(ctx, body.areaId);
    // Candidates take ids below zero: they are not stations and are never shown as one.
    const candidates: MapStation[] = body.stations.map((s, i) => ({
      id: -(i + 1),
      name: '',
      kind: 'candidate',
      services: s.services,
      lat: s.lat,
      lng: s.lng,
    }));
    const withCandidates = new StationIndex([...stations, ...candidates], this.walking);
    const afterReaches: Reach[] = buildings.map((b) => withCandidates.reachOf(b));
    const before = coverageOf(buildings, reaches);
    const after = coverageOf(buildings, afterReaches);
    const newlyCovered = buildings
      .map((b, i) => ({
        buildingId: b.id,
        name: b.name,
        residents: b.residents,
        gains: SERVICE_KINDS.flatMap((kind: ServiceKind) =>
          LEVELS.filter((level) => covered(afterReaches[i]!, kind, level) && !covered(reaches[i]!, kind, level)).map(
            (level) => ({ kind, minutes: level }),
          ),
        ),
      }))
      .filter((b) => b.gains.length > 0)
      .sort((x, y) => y.residents - x.residents || x.buildingId - y.buildingId);
    return {
      areaId: body.areaId ?? null,
      residents: before.residents,
      buildings: before.buildings,
      before: before.kinds,
      after: after.kinds,
      change: after.kinds.map((a, k) => ({
        kind: a.kind,
        levels: a.levels.map((l, j) => {
          const was = before.kinds[k]!.levels[j]!;
          return {
            minutes: l.minutes,
            residents: l.residents - was.residents,
            buildings: l.buildings - was.buildings,
            residentsShare: l.residentsShare - was.residentsShare,
          };
        }),
      })),
      newlyCovered,
      computedMs: Math.round(performance.now() - started),
    };
  }
}

function presentNearest(nearest: Nearest | null) {
  if (!nearest) return null;
  const { station, minutes } = nearest;
  return {
    station: { id: station.id, name: station.name, kind: station.kind, lat: station.lat, lng: station.lng },
    minutes: Math.round(minutes * 10) / 10,
  };
}
