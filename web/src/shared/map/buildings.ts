/**
 * Buildings on a map without tiles: when to draw them, which part of the map to ask for, and
 * which labels fit without covering each other. Pure, so that the rules can be tested alone.
 */

/** From this zoom buildings are drawn as points (about a community fills the map). */
export const BUILDING_POINTS_MIN_ZOOM = 15;
/** From this zoom their names are written beside them (streets a few hundred metres across). */
export const BUILDING_LABELS_MIN_ZOOM = 17;
/** Grid names are written from this zoom (when the grid is also wide enough to hold its name). */
export const GRID_LABELS_MIN_ZOOM = 13;

export type BuildingMode = 'hidden' | 'points' | 'labels';

export function buildingMode(zoom: number): BuildingMode {
  if (zoom >= BUILDING_LABELS_MIN_ZOOM) return 'labels';
  if (zoom >= BUILDING_POINTS_MIN_ZOOM) return 'points';
  return 'hidden';
}

export interface Box {
  south: number;
  west: number;
  north: number;
  east: number;
}

/**
 * The box to ask the server for: the view grown by half on each side and snapped outwards to
 * a step of the view's size, so that small pans ask for the same box (one cached answer).
 */
export function fetchBox(view: Box): Box {
  const height = Math.max(view.north - view.south, 1e-6);
  const width = Math.max(view.east - view.west, 1e-6);
  const step = 10 ** Math.floor(Math.log10(Math.max(height, width)));
  const down = (v: number) => Math.floor(v / step) * step;
  const up = (v: number) => Math.ceil(v / step) * step;
  const round = (v: number) => Number(v.toFixed(6));
  return {
    south: round(Math.max(-90, down(view.south - height / 2))),
    west: round(Math.max(-180, down(view.west - width / 2))),
    north: round(Math.min(90, up(view.north + height / 2))),
    east: round(Math.min(180, up(view.east + width / 2))),
  };
}

export interface LabelCandidate {
  id: number;
  text: string;
  /** Where the label's point is on screen, in pixels. */
  x: number;
  y: number;
}

/** The width a label of this text takes on screen, for 12px CJK text with padding. */
export function labelWidth(text: string): number {
  return text.length * 12 + 8;
}

const LABEL_HEIGHT = 18;

/**
 * The labels that can be written without covering one another nor the reserved ones (grid
 * names, centred on their point): each is a box to the right of its point; first come, first
 * kept (the caller orders them, e.g. by id, so the choice is stable).
 */
export function declutter(candidates: readonly LabelCandidate[], reserved: readonly LabelCandidate[] = []): number[] {
  // Boxes already taken, e.g. by grid names, which are centred on their point.
  const kept: Array<{ left: number; right: number; top: number; bottom: number }> = reserved.map((r) => ({
    left: r.x - labelWidth(r.text) / 2,
    right: r.x + labelWidth(r.text) / 2,
    top: r.y - LABEL_HEIGHT / 2,
    bottom: r.y + LABEL_HEIGHT / 2,
  }));
  const ids: number[] = [];
  for (const c of candidates) {
    const box = {
      left: c.x + 6,
      right: c.x + 6 + labelWidth(c.text),
      top: c.y - LABEL_HEIGHT / 2,
      bottom: c.y + LABEL_HEIGHT / 2,
    };
    const overlaps = kept.some(
      (k) => box.left < k.right && k.left < box.right && box.top < k.bottom && k.top < box.bottom,
    );
    if (overlaps) continue;
    kept.push(box);
    ids.push(c.id);
  }
  return ids;
}

/** Coordinates as people write them, for a tooltip beside a place's name. */
export function formatCoords(point: { lat: number; lng: number }, digits = 5): string {
  return `${point.lat.toFixed(digits)}, ${point.lng.toFixed(digits)}`;
}

/** Within this distance a point is said to be at the building rather than near it. */
export const AT_BUILDING_METERS = 30;

export type PlaceWords = { kind: 'at' | 'near'; name: string; address: string; meters: number } | { kind: 'none' };

/** How to name a point by its nearest building: at it (a few metres off), near it, or no building near. */
export function placeWords(nearest: {
  building: { name: string; address: string } | null;
  distanceMeters: number | null;
}): PlaceWords {
  if (!nearest.building || nearest.distanceMeters === null) return { kind: 'none' };
  return {
    kind: nearest.distanceMeters <= AT_BUILDING_METERS ? 'at' : 'near',
    name: nearest.building.name,
    address: nearest.building.address,
    meters: nearest.distanceMeters,
  };
}
