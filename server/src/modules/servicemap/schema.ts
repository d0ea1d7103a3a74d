import { z } from 'zod';
import { id } from '../../platform/input.ts';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { ServiceKind, StationView } from '../matters/schema.ts';
import { LEVELS, type Level as LevelMinutes } from './reach.ts';

const areaId = id.optional().describe('A district, street or community in my area; my whole area when left out');
const Level = z
  .union([z.literal(5), z.literal(10), z.literal(15)])
  .describe('A life circle: 5, 10 or 15 minutes on foot');

export const LevelFigures = z.object({
  minutes: Level,
  residents: z.number().int().describe('Residents of the buildings with the service within this walk'),
  buildings: z.number().int().describe('Buildings with the service within this walk'),
  residentsShare: z.number().describe('residents / all residents (0 when there are none): coverage weighted by people'),
  buildingsShare: z.number().describe('buildings / all buildings (0 when there are none)'),
});
export const KindCoverage = z.object({ kind: ServiceKind, levels: z.array(LevelFigures).length(LEVELS.length) });
const Totals = {
  residents: z.number().int().describe('People registered as living in the located buildings'),
  buildings: z.number().int().describe('Buildings with a location (those without one cannot be placed)'),
  kinds: z.array(KindCoverage),
};

export const CoverageQuery = z.object({ areaId });
export const CoverageView = z.object({
  areaId: z.number().nullable(),
  walking: z.object({
    detour: z.number().describe('Walking distance as a multiple of the straight line (SERVICE_MAP_DETOUR)'),
    metresPerMinute: z.number().describe('SERVICE_MAP_WALK_METRES_PER_MINUTE'),
  }),
  ...Totals,
  communities: z.array(
    z.object({
      communityId: z.number(),
      name: z.string(),
      ...Totals,
      missingKinds: z.array(ServiceKind).describe('Kinds with no station within 15 minutes of any of its buildings'),
    }),
  ),
  computedMs: z.number().describe('How long reading and computing took on the server'),
});

const NearestStation = z
  .object({
    station: z.object({ id: z.number(), name: z.string(), kind: z.string(), lat: z.number(), lng: z.number() }),
    minutes: z.number().describe('Walking minutes, one decimal'),
  })
  .nullable()
  .describe('The nearest active station of the kind within 15 minutes; null when none');

export const GapsQuery = PageQuery.extend({
  areaId,
  kind: ServiceKind,
  level: z
    .enum(['5', '10', '15'])
    .default('15')
    .transform((v) => Number(v) as LevelMinutes)
    .describe('The life circle: 5, 10 or 15 minutes on foot'),
});
export const GapView = z.object({
  buildingId: z.number(),
  name: z.string(),
  communityId: z.number(),
  gridId: z.number().nullable(),
  lat: z.number(),
  lng: z.number(),
  residents: z.number().int(),
  nearest: NearestStation,
});
export const GapList = pageOf(GapView).describe('Buildings without the kind within the walk, most residents first');

export const BuildingReach = z.object({
  buildingId: z.number(),
  name: z.string(),
  communityId: z.number(),
  residents: z.number().int(),
  lat: z.number(),
  lng: z.number(),
  kinds: z.array(z.object({ kind: ServiceKind, nearest: NearestStation })),
});

export const WhatIfBody = z.object({
  areaId,
  stations: z
    .array(
      z.object({
        lat: z.number().min(-90).max(90).describe('Latitude, WGS-84'),
        lng: z.number().min(-180).max(180).describe('Longitude, WGS-84'),
        services: z.array(ServiceKind).min(1).max(9),
      }),
    )
    .min(1)
    .max(20)
    .describe('Candidate stations to add (nothing is saved)'),
});
export const WhatIfView = z.object({
  areaId: z.number().nullable(),
  residents: z.number().int(),
  buildings: z.number().int(),
  before: z.array(KindCoverage),
  after: z.array(KindCoverage),
  change: z
    .array(
      z.object({
        kind: ServiceKind,
        levels: z.array(
          z.object({
            minutes: Level,
            residents: z.number().int().describe('Residents newly within this walk'),
            buildings: z.number().int(),
            residentsShare: z.number().describe('after − before'),
          }),
        ),
      }),
    )
    .describe('After minus before, per kind and level'),
  newlyCovered: z
    .array(
      z.object({
        buildingId: z.number(),
        name: z.string(),
        residents: z.number().int(),
        gains: z
          .array(z.object({ kind: ServiceKind, minutes: Level }))
          .describe('Each kind and level it reaches now and did not before'),
      }),
    )
    .describe('Buildings that gain a kind at some level, most residents first'),
  computedMs: z.number(),
});
export const IdParams = z.object({ id });

export const NearbyQuery = z
  .object({
    lat: z.coerce.number().min(-90).max(90).optional().describe('Latitude, WGS-84; with lng'),
    lng: z.coerce.number().min(-180).max(180).optional().describe('Longitude, WGS-84; with lat'),
    kind: ServiceKind.optional().describe('Only stations offering this service'),
  })
  .refine((q) => (q.lat === undefined) === (q.lng === undefined), {
    path: ['lat'],
    message: 'lat and lng go together',
  });
export const NearbyView = z.object({
  origin: z
    .object({
      lat: z.number(),
      lng: z.number(),
      from: z.enum(['point', 'home']).describe('The point asked for, or the caller’s home building'),
      name: z.string().describe('The home building’s name; empty for a point'),
    })
    .nullable()
    .describe('Where walks are measured from; null when no point was given and the home building has no location'),
  walking: z.object({ detour: z.number(), metresPerMinute: z.number() }),
  reachMinutes: z.number().describe('The widest life circle: stations farther than this walk are left out'),
  kinds: z
    .array(z.object({ kind: ServiceKind, nearest: NearestStation }))
    .describe('Each of the nine services: its nearest station within the widest circle'),
  stations: z
    .array(StationView.extend({ minutes: z.number().describe('Walking minutes, one decimal') }))
    .describe('Active stations offering a service (the asked one) within the widest circle, nearest first; at most 20'),
});
