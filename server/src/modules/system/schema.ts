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

export const ClientConfig = z.object({
  defaultLocale: z.enum(['zh-CN', 'en']),
  timeZone: z.string(),
  map: z.object({
    tileUrl: z.string().describe('Empty: draw on a blank canvas'),
    tileCoord: z.enum(['wgs84', 'gcj02']),
  }),
  version: z.string(),
});
export type ClientConfig = z.infer<typeof ClientConfig>;
