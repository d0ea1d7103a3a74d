import { around, distance } from 'geokdbush';
import KDBush from 'kdbush';
import { SERVICE_KINDS, type ServiceKind } from '../matters/tables.ts';

/**
 * The 15-minute life circle (GB 50180-2018: 5-, 10- and 15-minute circles), worked out
 * without a road graph: walking minutes are the great-circle distance times a detour
 * factor (路网绕行系数, about 1.3) over a walking speed. Pure: no database, no clock.
 */

export const LEVELS = [5, 10, 15] as const;
export type Level = (typeof LEVELS)[number];
/** The farthest a station is looked for: the widest circle. */
export const REACH_MINUTES = 15;

export interface Walking {
  detour: number;
  metresPerMinute: number;
}

export interface MapBuilding {
  id: number;
  name: string;
  communityId: number;
  gridId: number | null;
  lat: number;
  lng: number;
  residents: number;
}

export interface MapStation {
  id: number;
  name: string;
  kind: string;
  services: readonly ServiceKind[];
  lat: number;
  lng: number;
}

export interface Nearest {
  station: MapStation;
  minutes: number;
}

/** Nearest station of each service kind (SERVICE_KINDS order) within REACH_MINUTES; null when none. */
export type Reach = ReadonlyArray<Nearest | null>;

export function walkingMinutes(km: number, walking: Walking): number {
  return (km * 1000 * walking.detour) / walking.metresPerMinute;
}

/** The straight-line metres a walk of so many minutes covers. */
export function straightMetres(minutes: number, walking: Walking): number {
  return (minutes * walking.metresPerMinute) / walking.detour;
}

/** Per service kind, a static kd-tree (kdbush) of the stations offering it, searched geodesically (geokdbush). */
export class StationIndex {
  private readonly byKind = new Map<ServiceKind, { tree: KDBush; stations: MapStation[] }>();

  constructor(
    stations: readonly MapStation[],
    private readonly walking: Walking,
  ) {
    for (const kind of SERVICE_KINDS) {
      const offering = stations.filter((s) => s.services.includes(kind));
      if (offering.length === 0) continue;
      const tree = new KDBush(offering.length);
      for (const s of offering) tree.add(s.lng, s.lat);
      this.byKind.set(kind, { tree: tree.finish(), stations: offering });
    }
  }

  nearest(kind: ServiceKind, lat: number, lng: number): Nearest | null {
    const entry = this.byKind.get(kind);
    if (!entry) return null;
    const [i] = around(entry.tree, lng, lat, 1, straightMetres(REACH_MINUTES, this.walking) / 1000);
    if (i === undefined) return null;
    const station = entry.stations[i]!;
    return { station, minutes: walkingMinutes(distance(lng, lat, station.lng, station.lat), this.walking) };
  }

  reachOf(b: { lat: number; lng: number }): Reach {
    return SERVICE_KINDS.map((kind) => this.nearest(kind, b.lat, b.lng));
  }
}

export function covered(reach: Reach, kind: ServiceKind, level: number): boolean {
  const nearest = reach[SERVICE_KINDS.indexOf(kind)];
  return nearest !== null && nearest !== undefined && nearest.minutes <= level;
}

export interface LevelFigures {
  minutes: Level;
  residents: number;
  buildings: number;
  residentsShare: number;
  buildingsShare: number;
}

export interface Coverage {
  residents: number;
  buildings: number;
  kinds: Array<{ kind: ServiceKind; levels: LevelFigures[] }>;
}

/** Residents and buildings within each level of each kind, and their shares (0 when there are none). */
export function coverageOf(buildings: readonly MapBuilding[], reaches: readonly Reach[]): Coverage {
  const residents = buildings.reduce((sum, b) => sum + b.residents, 0);
  const kinds = SERVICE_KINDS.map((kind, k) => ({
    kind,
    levels: LEVELS.map((level) => {
      let people = 0;
      let count = 0;
      buildings.forEach((b, i) => {
        const nearest = reaches[i]![k];
        if (nearest && nearest.minutes <= level) {
          people += b.residents;
          count++;
        }
      });
      return {
        minutes: level,
        residents: people,
        buildings: count,
        residentsShare: residents ? people / residents : 0,
        buildingsShare: buildings.length ? count / buildings.length : 0,
      };
    }),
  }));
  return { residents, buildings: buildings.length, kinds };
}

/** The kinds with no station within the widest circle of any of these buildings. */
export function missingKinds(reaches: readonly Reach[]): ServiceKind[] {
  return SERVICE_KINDS.filter((_kind, k) => !reaches.some((reach) => reach[k] !== null));
}
