import { z } from 'zod';
import { id } from '../../platform/input.ts';
import { mapCellResolution } from './map-cells.ts';
import { MATTER_KINDS, MATTER_STATUSES, URGENCIES } from './tables.ts';

/** The matters map (事项地图) and the cockpit's map tile: counts per H3 cell, or the matters close in. */

const lat = z.coerce.number().min(-90).max(90).describe('Latitude, WGS-84');
const lng = z.coerce.number().min(-180).max(180).describe('Longitude, WGS-84');

export const MapCell = z
  .string()
  .trim()
  .toLowerCase()
  .refine((cell) => mapCellResolution(cell) !== null, {
    message: 'an H3 cell at resolution 5, 7 or 9 (15 hex digits)',
  })
  .describe('An H3 cell index at resolution 5, 7 or 9, as GET /api/matters/map gives it');

export const ClustersQuery = z
  .object({
    south: lat,
    west: lng,
    north: lat,
    east: lng,
    zoom: z.coerce.number().int().min(1).max(20),
    onlyOpen: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    areaId: id.optional().describe('Only a district, street or community of my area (as the matter list filters)'),
    gridId: id.optional().describe('Only a grid of my area'),
  })
  .refine((q) => q.areaId === undefined || q.gridId === undefined, {
    path: ['gridId'],
    message: 'an area or a grid, not both',
  });

export const ClusterView = z.object({
  clusters: z
    .array(z.object({ cell: z.string(), lat: z.number(), lng: z.number(), count: z.number(), open: z.number() }))
    .describe(
      'One per cell; count is what GET /api/matters lists with h3=cell and the same area (queue=grid when only open)',
    ),
  points: z.array(
    z.object({
      id: z.number(),
      code: z.string(),
      status: z.enum(MATTER_STATUSES),
      kind: z.enum(MATTER_KINDS),
      urgency: z.enum(URGENCIES),
      lat: z.number(),
      lng: z.number(),
      overdue: z.boolean(),
    }),
  ),
  resolution: z.number().describe('H3 resolution of the clusters; points are given when zoomed in close'),
});
