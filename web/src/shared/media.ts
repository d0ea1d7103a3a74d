import { ApiError } from './api.ts';
import { i18n } from './i18n/index.ts';
import type { MediaUpload } from './types.ts';
import { accountCalls } from './query/account.ts';

/** Photos only; the server re-encodes them and refuses anything else (415) or too big (413). */
export const PHOTO_ACCEPT = 'image/*';
export const MAX_PHOTOS = 6;

/** Uploads one photo; the answer's token goes into a matter's photos. */
export async function uploadPhoto(file: File): Promise<MediaUpload> {
  const form = new FormData();
  form.append('file', file, file.name);
  try {
    return await accountCalls.uploadPhoto(form);
  } catch (error) {
    throw new Error(uploadErrorMessage(error));
  }
}

/** Why an upload failed, in words a resident understands. */
export function uploadErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 415) return i18n.t('media.notImage');
    if (error.status === 413) return i18n.t('media.tooLarge', { message: error.message });
    return error.describe();
  }
  return error instanceof Error ? error.message : String(error);
}
