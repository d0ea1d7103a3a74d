import type { Permission } from '../../platform/roles.ts';

/**
 * The indicator catalogue (指标目录): one definition from which every cockpit is drawn, for a
 * district, a street, a community or a grid, on the console, the wall screen and the phone.
 * Each indicator names the module permission it reads with (a tile is left out for a caller
 * without it), its unit, and where it has one its target and red/amber/green thresholds.
 */
export const GROUPS = ['matters', 'safety', 'care', 'participation'] as const;
export const UNITS = ['count', 'rate', 'hours', 'points'] as const;

export type Group = (typeof GROUPS)[number];
export type Unit = (typeof UNITS)[number];
export type Rag = 'red' | 'amber' | 'green';

/**
 * Thresholds: for `higher` (a rate to keep up) green at or above `green`, amber at or above
 * `amber`, else red; for `lower` (a count to keep down) green at or below `green`, amber at or
 * below `amber`, else red.
 */
export interface Thresholds {
  direction: 'higher' | 'lower';
  green: number;
  amber: number;
}

export interface Indicator {
  group: Group;
  unit: Unit;
  permission: Permission;
  target?: number;
  thresholds?: Thresholds;
}

export const INDICATORS = {
  'matters.today': { group: 'matters', unit: 'count', permission: 'matters.read' },
  'matters.inHand': { group: 'matters', unit: 'count', permission: 'matters.read' },
  // The 12345 assessments' usual bar: nine in ten on time and satisfied, eight an amber.
  'matters.onTimeRate': {
    group: 'matters',
    unit: 'rate',
    permission: 'matters.read',
    target: 0.9,
    thresholds: { direction: 'higher', green: 0.9, amber: 0.8 },
  },
  'matters.satisfactionRate': {
    group: 'matters',
    unit: 'rate',
    permission: 'matters.read',
    target: 0.9,
    thresholds: { direction: 'higher', green: 0.9, amber: 0.8 },
  },
  'matters.overdue': {
    group: 'matters',
    unit: 'count',
    permission: 'matters.read',
    target: 0,
    thresholds: { direction: 'lower', green: 0, amber: 5 },
  },
  'alarms.active': {
    group: 'safety',
    unit: 'count',
    permission: 'devices.read',
    target: 0,
    thresholds: { direction: 'lower', green: 0, amber: 3 },
  },
  'care.checksDone': { group: 'care', unit: 'count', permission: 'care.read' },
  // A missed check is an elder nobody has heard from today: one is already amber.
  'care.checksMissed': {
    group: 'care',
    unit: 'count',
    permission: 'care.read',
    target: 0,
    thresholds: { direction: 'lower', green: 0, amber: 2 },
  },
  'care.targets': { group: 'care', unit: 'count', permission: 'care.read' },
  'mediation.open': { group: 'safety', unit: 'count', permission: 'mediation.read' },
  'warnings.open': { group: 'safety', unit: 'count', permission: 'warnings.read' },
  'deliberation.votesOpen': { group: 'participation', unit: 'count', permission: 'deliberation.manage' },
  'volunteer.hoursMonth': { group: 'participation', unit: 'hours', permission: 'volunteer.manage' },
  'points.earnedMonth': { group: 'participation', unit: 'points', permission: 'points.read' },
} as const satisfies Record<string, Indicator>;

export type TileId = keyof typeof INDICATORS;
export const TILE_IDS = Object.keys(INDICATORS) as [TileId, ...TileId[]];

export function ragOf(value: number | null, thresholds: Thresholds | undefined): Rag | null {
  if (value === null || thresholds === undefined) return null;
  const { direction, green, amber } = thresholds;
  if (direction === 'higher') return value >= green ? 'green' : value >= amber ? 'amber' : 'red';
  return value <= green ? 'green' : value <= amber ? 'amber' : 'red';
}
