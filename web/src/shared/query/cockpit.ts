import { queryOptions } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api } from '../api.ts';
import type { CockpitDrill, CockpitGroup, CockpitTile, CockpitTileId, CockpitView, MatterMap } from '../types.ts';

/** The unit the cockpit shows: the caller's whole area, a division below it, or one grid. */
export interface CockpitUnitQuery {
  areaId?: number;
  gridId?: number;
}

/** 数字驾驶舱: GET /api/cockpit. Live matter and alarm events make it stale (LiveInvalidation). */
export const cockpitKeys = {
  all: ['cockpit'] as const,
  view: (unit: CockpitUnitQuery) => [...cockpitKeys.all, unit.areaId ?? null, unit.gridId ?? null] as const,
};

/** The part of the map in view (WGS-84, rounded) and its zoom, which picks the cells' resolution. */
export interface CockpitMapView {
  south: string;
  west: string;
  north: string;
  east: string;
  zoom: number;
}

export const cockpitQueries = {
  view: (unit: CockpitUnitQuery) =>
    queryOptions({
      queryKey: cockpitKeys.view(unit),
      queryFn: ({ signal }) => api.get<CockpitView>('/api/cockpit', { ...unit }, signal),
    }),
  /**
   * The map tile: open matters per H3 cell of the unit, its own request beside the cockpit's
   * (GET /api/matters/map), so the cockpit's load stays within its statements. Under the
   * cockpit's key, so the same live events make it stale.
   */
  map: (unit: CockpitUnitQuery, view: CockpitMapView) =>
    queryOptions({
      queryKey: [...cockpitKeys.view(unit), 'map', view] as const,
      queryFn: ({ signal }) => api.get<MatterMap>('/api/matters/map', { ...unit, ...view, onlyOpen: 'true' }, signal),
    }),
};

/** The matter list of exactly the open matters a map cell counts (its total is the cell's count). */
export function cellListHref(unit: CockpitUnitQuery, cell: string): string {
  const params = new URLSearchParams({ queue: 'grid', h3: cell });
  if (unit.gridId) params.set('gridId', String(unit.gridId));
  else if (unit.areaId) params.set('areaId', String(unit.areaId));
  return `/matters?${params}`;
}

/** The unit of an address (?areaId= or ?gridId=); a grid wins over an area. */
export function cockpitUnitFromParams(params: URLSearchParams): CockpitUnitQuery {
  const positive = (name: string) => {
    const n = Number(params.get(name));
    return Number.isInteger(n) && n > 0 ? n : undefined;
  };
  const gridId = positive('gridId');
  if (gridId) return { gridId };
  const areaId = positive('areaId');
  return areaId ? { areaId } : {};
}

/** The address's query string of a unit ('' for the caller's whole area). */
export function cockpitUnitSearch(unit: CockpitUnitQuery): string {
  const params = new URLSearchParams();
  if (unit.gridId) params.set('gridId', String(unit.gridId));
  else if (unit.areaId) params.set('areaId', String(unit.areaId));
  const search = params.toString();
  return search ? `?${search}` : '';
}

export const COCKPIT_GROUPS: readonly CockpitGroup[] = ['matters', 'safety', 'care', 'participation'];

/** The tiles of a group, in the order the server sent them. */
export function tilesOf(view: CockpitView, group: CockpitGroup): CockpitTile[] {
  return view.tiles.filter((tile) => tile.group === group);
}

/** Where a figure's list is in the console (a path under /admin with its query; an array repeats the parameter). */
export function drillHref(drill: CockpitDrill): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(drill.query))
    for (const item of Array.isArray(value) ? value : [value]) params.append(name, item);
  const search = params.toString();
  return search ? `${drill.path}?${search}` : drill.path;
}

/** Per cent with at most one decimal: 92.3, 90, 100. */
const perCent = (rate: number) => (rate * 100).toFixed(1).replace(/\.0$/, '');

/** A figure as shown: a rate in per cent, hours with one decimal, counts and points grouped by thousands; '—' for none. */
export function formatFigure(value: number | null, unit: CockpitTile['unit'], locale: string): string {
  if (value === null) return '—';
  switch (unit) {
    case 'rate':
      return `${perCent(value)}%`;
    case 'hours':
      return value.toLocaleString(locale, { maximumFractionDigits: 1 });
    default:
      return value.toLocaleString(locale, { maximumFractionDigits: 0 });
  }
}

/** Figures compared with last month; the rest with yesterday. */
const MONTHLY: ReadonlySet<CockpitTileId> = new Set([
  'matters.onTimeRate',
  'matters.satisfactionRate',
  'matters.overdue',
  'volunteer.hoursMonth',
  'points.earnedMonth',
]);
/** Figures where a rise is bad news (red when up). */
const WORSE_WHEN_UP: ReadonlySet<CockpitTileId> = new Set(['matters.overdue', 'alarms.active', 'care.checksMissed']);
/** Figures where a rise is good news (green when up); the others are neither. */
const BETTER_WHEN_UP: ReadonlySet<CockpitTileId> = new Set([
  'matters.onTimeRate',
  'matters.satisfactionRate',
  'care.checksDone',
  'volunteer.hoursMonth',
  'points.earnedMonth',
]);

export interface TileMove {
  direction: 'up' | 'down' | 'flat';
  /** The difference as shown: per cent points for a rate (without a sign), else the figure's own unit. */
  amount: string;
  /** A rate's amount is in percentage points. */
  points: boolean;
  tone: 'good' | 'bad' | 'neutral';
  period: 'day' | 'month';
}

/** How a tile moved against the period before; null when either figure is missing. */
export function tileMove(tile: CockpitTile, locale: string): TileMove | null {
  if (tile.value === null || tile.previous === null) return null;
  const diff = tile.value - tile.previous;
  const direction = diff > 0 ? 'up' : diff < 0 ? 'down' : 'flat';
  const points = tile.unit === 'rate';
  const amount = points ? perCent(Math.abs(diff)) : formatFigure(Math.abs(diff), tile.unit, locale);
  const better = BETTER_WHEN_UP.has(tile.id) ? 1 : WORSE_WHEN_UP.has(tile.id) ? -1 : 0;
  const sign = Math.sign(diff) * better;
  const tone = sign > 0 ? 'good' : sign < 0 ? 'bad' : 'neutral';
  return { direction, amount, points, tone, period: MONTHLY.has(tile.id) ? 'month' : 'day' };
}

/** "较昨日 ↑ 3", "较上月 ↓ 1.2 个百分点", "较昨日 持平". */
export function describeMove(move: TileMove, t: TFunction): string {
  const period = t(`cockpit.previous.${move.period}`);
  if (move.direction === 'flat') return `${period} ${t('cockpit.flat')}`;
  const amount = move.points ? t('cockpit.percentPoints', { value: move.amount }) : move.amount;
  return `${period} ${move.direction === 'up' ? '↑' : '↓'} ${amount}`;
}
