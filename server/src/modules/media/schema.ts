import { z } from 'zod';

/** An uploaded photo, re-encoded; its token attaches it to a record. */
export const MediaView = z.object({
  token: z.string().describe('Attach to a matter by listing it in photos'),
  url: z.string(),
  thumbnailUrl: z.string(),
  contentType: z.string(),
  bytes: z.number(),
  width: z.number().nullable(),
  height: z.number().nullable(),
});
