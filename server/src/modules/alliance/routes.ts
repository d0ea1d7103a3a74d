import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import * as S from './schema.ts';
import type { AllianceService } from './service.ts';

const tags = ['alliance'];

export function allianceRoutes(app: FastifyInstance, alliance: AllianceService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/alliance/units';
  const conflict = { 409: ErrorBody.describe('Credit code taken, unit inactive, or already claimed') };

  r.get(
    base,
    {
      schema: {
        tags,
        summary: 'Alliance units (联建单位: 红色蜂巢, 零工市场联盟, 党建联建) of my area; search and filters',
        querystring: S.UnitListQuery,
        response: { 200: S.UnitList, ...errorResponses },
      },
    },
    (req) => alliance.listUnits(req.ctx, req.query),
  );
  r.post(
    base,
    {
      schema: {
        tags,
        summary: 'Register a unit (alliance.manage); the credit code is checked with its check character',
        body: S.UnitBody,
        response: { 201: S.UnitView, ...conflict, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await alliance.createUnit(req.ctx, req.body)),
  );
  r.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'A unit with its members (phones masked) and the wishes and projects it claimed',
        params: S.IdParams,
        response: { 200: S.UnitView, ...errorResponses },
      },
    },
    (req) => alliance.getUnit(req.ctx, req.params.id),
  );
  r.patch(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Change a unit, or make it inactive',
        params: S.IdParams,
        body: S.UnitPatch,
        response: { 200: S.UnitView, ...conflict, ...errorResponses },
      },
    },
    (req) => alliance.updateUnit(req.ctx, req.params.id, req.body),
  );
  r.post(
    `${base}/:id/members`,
    {
      schema: {
        tags,
        summary: 'Add a member or contact (a registry person or a named contact) with role and phone',
        params: S.IdParams,
        body: S.MemberBody,
        response: { 200: S.UnitView, ...errorResponses },
      },
    },
    (req) => alliance.addMember(req.ctx, req.params.id, req.body),
  );
  r.delete(
    `${base}/:id/members/:memberId`,
    {
      schema: {
        tags,
        summary: 'Remove a member',
        params: S.MemberParams,
        response: { 200: S.UnitView, ...errorResponses },
      },
    },
    (req) => alliance.removeMember(req.ctx, req.params.id, req.params.memberId),
  );
  r.get(
    `${base}/:id/members/:memberId/phone`,
    {
      schema: {
        tags,
        summary: "A member's whole phone number (alliance.reveal); each read is audited",
        params: S.MemberParams,
        response: { 200: S.PhoneView, ...errorResponses },
      },
    },
    (req) => alliance.revealPhone(req.ctx, req.params.id, req.params.memberId),
  );
  r.post(
    `${base}/:id/claims`,
    {
      schema: {
        tags,
        summary: 'The unit claims a micro-wish (微心愿) or takes on a key small matter (先锋领办)',
        params: S.IdParams,
        body: S.ClaimBody,
        response: { 200: S.UnitView, ...conflict, ...errorResponses },
      },
    },
    (req) => alliance.claim(req.ctx, req.params.id, req.body),
  );
}
