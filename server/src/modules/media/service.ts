import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import sharp from 'sharp';
import type { DB } from '../../db/schema.ts';
import { requireActor } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { AuditService } from '../audit/service.ts';
import { tokensNotOwnedBy } from './access.ts';
import { presentMedia } from './presenters.ts';
import * as repo from './repository.ts';
import type { MediaView } from './schema.ts';

/** Largest side of a stored photo, and of its thumbnail, in pixels. */
const MAX_SIDE = 2048;
const THUMB_SIDE = 320;
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'heif', 'gif', 'tiff']);

// Kept here for the modules that link to photos.
export { mediaUrl } from './presenters.ts';

/**
 * Photos for matters, good deeds, wishes. Each upload is decoded and re-encoded, so
 * what is stored is surely an image, has no EXIF (no GPS trail of the reporter), and
 * is at most 2048 px on a side. A decompression bomb stops at the pixel limit before
 * it is decoded.
 */
export class MediaService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly limits: { maxBytes: number; maxPixels: number },
  ) {}

  async upload(ctx: RequestContext, bytes: Buffer): Promise<MediaView> {
    const actor = requireActor(ctx.actor);
    if (bytes.byteLength > this.limits.maxBytes) {
      throw new AppError('payload_too_large', { limit: `${Math.round(this.limits.maxBytes / 1048576)} MB` });
    }
    let meta: sharp.Metadata;
    try {
      // The header alone, without decoding: the size it claims is checked before anything is decoded.
      meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    } catch {
      throw new AppError('unsupported_media_type');
    }
    if (!meta.format || !ACCEPTED_FORMATS.has(meta.format)) throw new AppError('unsupported_media_type');
    if (!meta.width || !meta.height || meta.width * meta.height > this.limits.maxPixels) {
      throw new AppError('payload_too_large', { limit: `${Math.round(this.limits.maxPixels / 1e6)} MP` });
    }
    let image: { data: Buffer; info: sharp.OutputInfo };
    let thumbnail: Buffer;
    try {
      const pipeline = sharp(bytes, { limitInputPixels: this.limits.maxPixels, failOn: 'error' }).rotate();
      image = await pipeline
        .clone()
        .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 82, mozjpeg: true })
        .toBuffer({ resolveWithObject: true });
      thumbnail = await pipeline
        .clone()
        .resize({ width: THUMB_SIDE, height: THUMB_SIDE, fit: 'cover' })
        .jpeg({ quality: 70 })
        .toBuffer();
    } catch (e) {
      if (/pixel limit/i.test(String((e as Error).message)))
        throw new AppError('payload_too_large', { limit: `${Math.round(this.limits.maxPixels / 1e6)} MP` });
      throw new AppError('unsupported_media_type');
    }
    const token = randomBytes(16).toString('base64url');
    const row = await this.db.transaction().execute(async (trx) => {
      const inserted = await repo.insertFile(trx, {
        token,
        owner_user_id: actor.userId,
        content_type: 'image/jpeg',
        bytes: image.data.byteLength,
        width: image.info.width,
        height: image.info.height,
        sha256: createHash('sha256').update(image.data).digest('hex'),
        data: image.data,
        thumbnail,
        created_at: this.clock.now(),
      });
      await this.audit.record(trx, ctx, {
        action: 'media.upload',
        entityType: 'media',
        entityId: inserted.id,
        details: { bytes: bytes.byteLength, format: meta.format },
      });
      return inserted;
    });
    return presentMedia(row);
  }

  /** An image by its token; the token is unguessable and given only to those who may see it. */
  async read(ctx: RequestContext, token: string, thumbnail: boolean) {
    requireActor(ctx.actor);
    const file = await repo.fileByToken(this.db, token);
    if (!file) throw new AppError('not_found');
    return { contentType: file.content_type, data: thumbnail && file.thumbnail ? file.thumbnail : file.data };
  }

  /** Checks that photos attached to something were uploaded by the one attaching them. */
  async assertOwned(userId: number, tokens: readonly string[]) {
    const unique = [...new Set(tokens)];
    const files = await repo.filesByTokens(this.db, unique);
    const missing = tokensNotOwnedBy(userId, unique, files);
    if (missing.length) {
      throw new AppError(
        'validation_failed',
        {},
        missing.map(() => ({ path: 'body.photos', key: 'media.unknown_photo' as const })),
      );
    }
  }
}
