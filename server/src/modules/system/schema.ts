import { z } from 'zod';

export const Health = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.object({
    ok: z.boolean(),
    kind: z.enum(['postgres', 'pglite']),
    latencyMs: z.number().nullable(),
    error: z.string().optional(),
  }),
  version: z.string(),
  uptimeSeconds: z.number(),
});
export type Health = z.infer<typeof Health>;

export const GatewayHolder = z.object({
  runsGateway: z.boolean().describe('Whether this server process runs the device gateway (holds its lease)'),
});

export const ClientConfig = z.object({
  defaultLocale: z.enum(['zh-CN', 'en']),
  timeZone: z.string(),
  map: z.object({
    tiles: z
      .array(
        z.object({
          url: z.string().describe('Leaflet URL template ({s}, {z}, {x}, {y})'),
          subdomains: z.string().describe('Letters or digits that {s} takes'),
        }),
      )
      .describe('Tile layers, bottom first; empty: draw on a blank canvas'),
    tileCoord: z.enum(['wgs84', 'gcj02']).describe('Coordinate system of the tiles'),
    attribution: z.string().describe('HTML attribution to show on maps (天地图 with its 审图号); may be empty'),
  }),
  version: z.string(),
});
export type ClientConfig = z.infer<typeof ClientConfig>;
