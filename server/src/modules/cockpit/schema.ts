import { z } from 'zod';
import { id } from '../../platform/input.ts';
import { GROUPS, TILE_IDS, UNITS } from './catalogue.ts';

export const CockpitQuery = z
  .object({
    areaId: id.optional().describe('A district, street or community in my area; my whole area when left out'),
    gridId: id.optional().describe('A grid in my area'),
  })
  .refine((q) => q.areaId === undefined || q.gridId === undefined, {
    path: ['gridId'],
    message: 'an area or a grid, not both',
  });

const AreaLevel = z.enum(['district', 'street', 'community', 'grid']);

export const Drill = z
  .object({
    path: z.string().describe('The console list, under /admin'),
    query: z
      .record(z.string(), z.union([z.string(), z.array(z.string())]))
      .describe('Its filters (an array: the parameter repeated); the list shows exactly the records counted'),
  })
  .nullable();

export const Tile = z.object({
  id: z.enum(TILE_IDS),
  group: z.enum(GROUPS),
  unit: z.enum(UNITS),
  value: z.number().nullable().describe('null when there is nothing to divide by (a rate)'),
  previous: z.number().nullable().describe('The period before: yesterday for a day, the days before for a month'),
  target: z.number().nullable(),
  rag: z
    .enum(['red', 'amber', 'green'])
    .nullable()
    .describe('Against the indicator’s thresholds; null when it has none'),
  drill: Drill,
  seriesKind: z.enum(['trend', 'breakdown']).nullable(),
  series: z.array(z.object({ key: z.string(), label: z.string(), value: z.number(), drill: Drill })),
});

export const CockpitView = z.object({
  at: z.string().describe('When the figures were taken'),
  day: z.string().describe('Today, local date (TIME_ZONE)'),
  monthFrom: z.string().describe('The first day of this month, local date'),
  area: z.object({
    level: z.enum(['all', ...AreaLevel.options]),
    id: z.number().nullable(),
    name: z.string(),
  }),
  children: z
    .array(z.object({ level: AreaLevel, id: z.number(), name: z.string() }))
    .describe('The units one level down, to open their cockpit'),
  tiles: z.array(Tile).describe('The indicators of the modules the caller reads, in catalogue order'),
});
