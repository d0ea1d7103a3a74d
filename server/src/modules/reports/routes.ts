import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import { attachment } from '../exports/routes.ts';
import * as S from './schema.ts';
import type { ReportsService } from './service.ts';

const tags = ['reports'];
const PDF = 'application/pdf';
/** The report's own page: its styles inline, nothing fetched, no script; the console may frame it. */
const HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

export function reportsRoutes(app: FastifyInstance, reports: ReportsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/reports';
  const notReady = { 409: ErrorBody.describe('Not generated yet, failed, or (PDF) made without a CJK font') };

  r.get(
    `${base}/units`,
    {
      schema: {
        tags,
        summary: 'The streets and districts whose monthly reports (月度通报) I read, and whether I may generate them',
        response: { 200: S.ReportUnits, ...errorResponses },
      },
    },
    (req) => reports.units(req.ctx),
  );
  r.get(
    base,
    {
      schema: {
        tags,
        summary:
          'Monthly reports of my area’s streets and districts, and of those it lies in; newest month first, the latest version of each unless allVersions',
        querystring: S.ReportListQuery,
        response: { 200: S.ReportList, ...errorResponses },
      },
    },
    (req) => reports.list(req.ctx, req.query),
  );
  r.post(
    base,
    {
      schema: {
        tags,
        summary:
          'Generate a street’s or district’s report of an ended month now (again: a new version; the earlier is kept). Runs in the background: follow GET /api/reports/{id}',
        body: S.GenerateReportBody,
        response: {
          202: S.ReportView,
          409: ErrorBody.describe('A generation of this unit and month is already under way'),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(202).send(await reports.generate(req.ctx, req.body)),
  );
  r.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'A monthly report: its status, headline figures with 环比, sizes of its files',
        params: S.IdParams,
        response: { 200: S.ReportView, ...errorResponses },
      },
    },
    (req) => reports.get(req.ctx, req.params.id),
  );
  r.get(
    `${base}/:id/html`,
    {
      schema: {
        tags,
        summary: 'The report as a printable HTML document (A4, charts inline as SVG); the read is audited',
        params: S.IdParams,
        produces: ['text/html'],
        response: { 200: z.string().describe('HTML document'), ...notReady, ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await reports.file(req.ctx, req.params.id, 'html');
      reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .header('content-security-policy', HTML_POLICY)
        .header('x-frame-options', 'SAMEORIGIN')
        .serializer((v: unknown) => String(v));
      return file.content.toString('utf8');
    },
  );
  r.get(
    `${base}/:id/pdf`,
    {
      schema: {
        tags,
        summary: 'Download the report as PDF (A4, Chinese font embedded); the download is audited',
        params: S.IdParams,
        produces: [PDF],
        response: { 200: z.any().describe('PDF document'), ...notReady, ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await reports.file(req.ctx, req.params.id, 'pdf');
      reply
        .type(PDF)
        .header('cache-control', 'private, no-store')
        .header('content-disposition', attachment(file.fileName, file.asciiName))
        .header('content-length', file.content.length);
      return reply.send(file.content);
    },
  );
}
