import type { MediaView } from './schema.ts';

export const mediaUrl = (token: string) => `/api/media/${token}`;

/** A stored photo as the API shows it: where to fetch it and its thumbnail. */
export function presentMedia(row: {
  token: string;
  content_type: string;
  bytes: number;
  width: number | null;
  height: number | null;
}): MediaView {
  return {
    token: row.token,
    url: mediaUrl(row.token),
    thumbnailUrl: `${mediaUrl(row.token)}?thumbnail=true`,
    contentType: row.content_type,
    bytes: row.bytes,
    width: row.width,
    height: row.height,
  };
}
