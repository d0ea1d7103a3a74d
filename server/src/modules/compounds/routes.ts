import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../../platform/http.ts';
import * as S from './schema.ts';
import type { CompoundsService } from './service.ts';

const tags = ['compounds'];

export function compoundsRoutes(app: FastifyInstance, compounds: CompoundsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/compounds';

  r.get(
    base,
    {
      schema: {
        tags,
        summary: 'Compounds (小区) of my area (compounds.read), by community, type and words',
        querystring: S.CompoundListQuery,
        response: { 200: S.CompoundList, ...errorResponses },
      },
    },
    (req) => compounds.list(req.ctx, req.query),
  );
  r.post(
    base,
    {
      schema: {
        tags,
        summary: 'Add a compound (compounds.manage) with its buildings and committee term',
        body: S.CompoundBody,
        response: { 201: S.CompoundView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await compounds.create(req.ctx, req.body)),
  );
  r.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary:
          "A compound's page (一小区一档案): buildings, owners' committee, property company, meetings, the community's matters",
        params: S.IdParams,
        response: { 200: S.CompoundView, ...errorResponses },
      },
    },
    (req) => compounds.get(req.ctx, req.params.id),
  );
  r.patch(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Change a compound (compounds.manage): name, type, address, buildings, committee term',
        params: S.IdParams,
        body: S.CompoundPatch,
        response: { 200: S.CompoundView, ...errorResponses },
      },
    },
    (req) => compounds.update(req.ctx, req.params.id, req.body),
  );
  r.post(
    `${base}/:id/members`,
    {
      schema: {
        tags,
        summary: "Add a member of the owners' committee (业委会)",
        params: S.IdParams,
        body: S.MemberBody,
        response: { 201: S.CompoundView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await compounds.addMember(req.ctx, req.params.id, req.body)),
  );
  r.delete(
    `${base}/:id/members/:memberId`,
    {
      schema: {
        tags,
        summary: "Remove a member of the owners' committee",
        params: S.MemberParams,
        response: { 200: S.CompoundView, ...errorResponses },
      },
    },
    (req) => compounds.removeMember(req.ctx, req.params.id, req.params.memberId),
  );
  r.post(
    `${base}/:id/contracts`,
    {
      schema: {
        tags,
        summary: 'A new contract with a property company (物业); it closes the current one',
        params: S.IdParams,
        body: S.ContractBody,
        response: { 201: S.CompoundView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await compounds.addContract(req.ctx, req.params.id, req.body)),
  );
  r.post(
    `${base}/:id/meetings`,
    {
      schema: {
        tags,
        summary: "Link a deliberation meeting (三方协调, 半月谈) of the compound's community",
        params: S.IdParams,
        body: S.MeetingLinkBody,
        response: { 201: S.CompoundView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await compounds.linkMeeting(req.ctx, req.params.id, req.body)),
  );
  r.post(
    `${base}/:id/history`,
    {
      schema: {
        tags,
        summary: "Add a dated event to the compound's history (建成, 交付, 首届业委会成立, 改造 …)",
        params: S.IdParams,
        body: S.HistoryBody,
        response: { 201: S.CompoundView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await compounds.addHistory(req.ctx, req.params.id, req.body)),
  );
  r.delete(
    `${base}/:id/history/:entryId`,
    {
      schema: {
        tags,
        summary: "Remove an event from the compound's history",
        params: S.HistoryParams,
        response: { 200: S.CompoundView, ...errorResponses },
      },
    },
    (req) => compounds.removeHistory(req.ctx, req.params.id, req.params.entryId),
  );
  r.post(
    `${base}/:id/documents`,
    {
      schema: {
        tags,
        summary: 'Keep a document of the compound (管理规约, 议事规则, 物业合同, 会议纪要 …) as photographed pages',
        params: S.IdParams,
        body: S.DocumentBody,
        response: { 201: S.CompoundView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await compounds.addDocument(req.ctx, req.params.id, req.body)),
  );
  r.delete(
    `${base}/:id/documents/:documentId`,
    {
      schema: {
        tags,
        summary: "Remove a document from the compound's file",
        params: S.DocumentParams,
        response: { 200: S.CompoundView, ...errorResponses },
      },
    },
    (req) => compounds.removeDocument(req.ctx, req.params.id, req.params.documentId),
  );
}
