import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import * as S from './schema.ts';
import type { ExportsService } from './service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Content-Disposition for a file name that may be Chinese: an ASCII fallback for old clients
 * and the real name as UTF-8, percent-encoded (RFC 5987 / RFC 6266 filename*).
 */
export function attachment(fileName: string, fallback: string): string {
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export function exportsRoutes(app: FastifyInstance, exports: ExportsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['exports'];

  r.get(
    '/api/exports/kinds',
    {
      schema: {
        tags,
        summary: 'The lists that can be exported to Excel, with their columns',
        response: { 200: S.ExportKinds, ...errorResponses },
      },
    },
    (req) => exports.kinds(req.ctx),
  );

  r.post(
    '/api/exports',
    {
      schema: {
        tags,
        summary:
          'Export a list with its filters to Excel (导出): written in the background; poll GET /api/exports/{id}, then download its file. Personal data is masked as in the list; the export is audited',
        body: S.CreateExportBody,
        response: { 202: S.ExportView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(202).send(await exports.start(req.ctx, req.body)),
  );

  r.get(
    '/api/exports',
    {
      schema: {
        tags,
        summary: "The caller's own exports, newest first",
        querystring: S.ExportListQuery,
        response: { 200: S.ExportPage, ...errorResponses },
      },
    },
    (req) => exports.list(req.ctx, req.query.cursor, req.query.limit),
  );

  r.get(
    '/api/exports/:id',
    {
      schema: {
        tags,
        summary: 'One of the caller’s exports: its status and progress (rows written of the total)',
        params: S.ExportIdParams,
        response: { 200: S.ExportView, ...errorResponses },
      },
    },
    (req) => exports.get(req.ctx, req.params.id),
  );

  r.get(
    '/api/exports/:id/file',
    {
      schema: {
        tags,
        summary: "Download a finished export (.xlsx); only the caller's own; the download is audited",
        params: S.ExportIdParams,
        produces: [XLSX],
        response: {
          200: z.any().describe('.xlsx workbook'),
          ...errorResponses,
          409: ErrorBody.describe('Not written yet, or failed'),
        },
      },
    },
    async (req, reply) => {
      const file = await exports.file(req.ctx, req.params.id);
      reply.type(XLSX).header('content-disposition', attachment(file.fileName, `export-${req.params.id}.xlsx`));
      if (file.bytes !== null) reply.header('content-length', file.bytes);
      return reply.send(file.stream);
    },
  );
}
