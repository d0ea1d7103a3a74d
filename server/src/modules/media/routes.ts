import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import { MediaParams, MediaReadQuery, MediaView } from './schema.ts';
import type { MediaService } from './service.ts';

export function mediaRoutes(app: FastifyInstance, media: MediaService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['media'];

  r.post(
    '/api/media',
    {
      schema: {
        tags,
        summary: 'Upload a photo (multipart field "file"): checked, re-encoded as JPEG without EXIF, at most 2048 px',
        consumes: ['multipart/form-data'],
        response: {
          201: MediaView,
          413: ErrorBody.describe('Too large in bytes or pixels'),
          415: ErrorBody.describe('Not an image'),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw new AppError('unsupported_media_type');
      let bytes: Buffer | undefined;
      for await (const part of req.parts()) {
        if (part.type === 'file' && part.fieldname === 'file' && !bytes) bytes = await part.toBuffer();
        else if (part.type === 'file') part.file.resume();
      }
      if (!bytes || bytes.byteLength === 0)
        throw new AppError('validation_failed', {}, [{ path: 'body.file', key: 'media.file_required' }]);
      return reply.code(201).send(await media.upload(req.ctx, bytes));
    },
  );

  r.get(
    '/api/media/:token',
    {
      schema: {
        tags,
        summary: 'A photo, or its thumbnail',
        params: MediaParams,
        querystring: MediaReadQuery,
        produces: ['image/jpeg'],
        response: { 200: z.any().describe('JPEG image'), ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await media.read(req.ctx, req.params.token, req.query.thumbnail === 'true');
      reply.type(file.contentType).header('cache-control', 'private, max-age=86400, immutable');
      return reply.send(file.data);
    },
  );
}
