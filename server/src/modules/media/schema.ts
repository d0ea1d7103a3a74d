import { z } from 'zod';

export const MediaView = z.object({
  token: z.string().describe('Attach to a matter by listing it in photos'),
  url: z.string(),
  thumbnailUrl: z.string(),
  contentType: z.string(),
  bytes: z.number(),
  width: z.number().nullable(),
  height: z.number().nullable(),
});
export type MediaView = z.infer<typeof MediaView>;

export const MediaParams = z.object({ token: z.string().regex(/^[\w-]{16,64}$/) });

export const MediaReadQuery = z.object({ thumbnail: z.enum(['true', 'false']).optional() });
