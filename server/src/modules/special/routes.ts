import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../../platform/http.ts';
import * as S from './schema.ts';
import type { SpecialService } from './service.ts';

const tags = ['special'];
const only = 'Only with special.read (safety officers, 综治专干); to anyone else 404, as if it did not exist';

export function specialRoutes(app: FastifyInstance, special: SpecialService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/special';

  r.get(
    `${base}/categories`,
    {
      schema: {
        tags,
        summary: `The categories of people who need special attention (重点人群), with their fields and visit intervals. ${only}`,
        querystring: S.CategoryQuery,
        response: { 200: S.CategoryList, ...errorResponses },
      },
    },
    (req) => special.categories(req.ctx, req.query),
  );
  r.post(
    `${base}/categories`,
    {
      schema: {
        tags,
        summary: 'Add a category (special.manage): the fields it needs and its visit interval; audited',
        body: S.CategoryBody,
        response: { 201: S.Category, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await special.createCategory(req.ctx, req.body)),
  );
  r.patch(
    `${base}/categories/:id`,
    {
      schema: {
        tags,
        summary:
          'Change a category (special.manage): names, fields, visit interval, or switch it off (no new entries); audited',
        params: S.IdParams,
        body: S.CategoryPatch,
        response: { 200: S.Category, ...errorResponses },
      },
    },
    (req) => special.updateCategory(req.ctx, req.params.id, req.body),
  );
  r.get(
    `${base}/entries`,
    {
      schema: {
        tags,
        summary: `The register of my area, newest first; each list is audited. ${only}`,
        querystring: S.EntryQuery,
        response: { 200: S.EntryList, ...errorResponses },
      },
    },
    (req) => special.list(req.ctx, req.query),
  );
  r.post(
    `${base}/entries`,
    {
      schema: {
        tags,
        summary: 'Register a person of the people registry under a category (special.manage), with its fields only',
        body: S.EntryBody,
        response: { 201: S.EntryDetail, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await special.create(req.ctx, req.body)),
  );
  r.get(
    `${base}/entries/:id`,
    {
      schema: {
        tags,
        summary: `An entry with its visits; each read is audited. ${only}`,
        params: S.IdParams,
        response: { 200: S.EntryDetail, ...errorResponses },
      },
    },
    (req) => special.get(req.ctx, req.params.id),
  );
  r.post(
    `${base}/entries/:id/visits`,
    {
      schema: {
        tags,
        summary: 'Record a visit to a registered person (special.manage): the next one falls due after the interval',
        params: S.IdParams,
        body: S.VisitBody,
        response: { 201: S.EntryDetail, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await special.recordVisit(req.ctx, req.params.id, req.body)),
  );
  r.post(
    `${base}/entries/:id/close`,
    {
      schema: {
        tags,
        summary: 'End an entry (special.manage): no more visits fall due; the record is kept',
        params: S.IdParams,
        body: S.CloseBody,
        response: { 200: S.EntryDetail, ...errorResponses },
      },
    },
    (req) => special.close(req.ctx, req.params.id, req.body),
  );
}
