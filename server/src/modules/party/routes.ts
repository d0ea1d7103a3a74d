import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import * as S from './schema.ts';
import type { PartyService } from './service.ts';

const tags = ['party'];

export function partyRoutes(app: FastifyInstance, party: PartyService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/party';

  r.get(
    `${base}/orgs`,
    {
      schema: {
        tags,
        summary:
          'Staff (party.read): the party organisations of my area (社区党委 down to 党员中心户) with member counts',
        response: { 200: S.OrgList, ...errorResponses },
      },
    },
    (req) => party.orgs(req.ctx),
  );
  r.post(
    `${base}/orgs`,
    {
      schema: {
        tags,
        summary: 'Staff (party.manage): add an organisation bound to a community, grid, building or household',
        body: S.OrgBody,
        response: { 201: S.OrgView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await party.createOrg(req.ctx, req.body)),
  );
  r.patch(
    `${base}/orgs/:id`,
    {
      schema: {
        tags,
        summary: 'Staff (party.manage): rename an organisation, name its secretary (书记) or change its parent',
        params: S.IdParams,
        body: S.OrgPatch,
        response: { 200: S.OrgView, ...errorResponses },
      },
    },
    (req) => party.updateOrg(req.ctx, req.params.id, req.body),
  );
  r.delete(
    `${base}/orgs/:id`,
    {
      schema: {
        tags,
        summary: 'Staff (party.manage): remove an organisation with no members and none below it',
        params: S.IdParams,
        response: { 204: z.null(), 409: ErrorBody.describe('It has members or sub-organisations'), ...errorResponses },
      },
    },
    async (req, reply) => {
      await party.deleteOrg(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );
  r.get(
    `${base}/orgs/:id/members`,
    {
      schema: {
        tags,
        summary: 'Staff (party.read): the members of a branch, 流动党员 living there included',
        params: S.IdParams,
        querystring: S.MemberListQuery,
        response: { 200: S.MemberList, ...errorResponses },
      },
    },
    (req) => party.members(req.ctx, req.params.id, req.query),
  );
  r.post(
    `${base}/members`,
    {
      schema: {
        tags,
        summary: 'Staff (party.manage): register a person of the people registry as a member of a branch',
        body: S.MemberBody,
        response: { 201: S.MemberView, 409: ErrorBody.describe('Already a member'), ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await party.addMember(req.ctx, req.body)),
  );
  r.patch(
    `${base}/members/:id`,
    {
      schema: {
        tags,
        summary: 'Staff (party.manage): change a member’s kind, branch, residence branch or joining day',
        params: S.IdParams,
        body: S.MemberPatch,
        response: { 200: S.MemberView, ...errorResponses },
      },
    },
    (req) => party.updateMember(req.ctx, req.params.id, req.body),
  );
  r.delete(
    `${base}/members/:id`,
    {
      schema: {
        tags,
        summary: 'Staff (party.manage): end a member’s enrolment (their 报到 with it)',
        params: S.IdParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await party.removeMember(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );
  r.post(
    `${base}/members/:id/residence`,
    {
      schema: {
        tags,
        summary: 'Staff (party.manage): enrol a 流动党员 in the branch where they live as well',
        params: S.IdParams,
        body: S.ResidenceBody,
        response: { 200: S.MemberView, 409: ErrorBody.describe('Not a 流动党员'), ...errorResponses },
      },
    },
    (req) => party.enrolResidence(req.ctx, req.params.id, req.body),
  );
  r.get(
    `${base}/me`,
    {
      schema: {
        tags,
        summary: 'My membership, branches and 报到, and the community where I live',
        response: { 200: S.MyParty, ...errorResponses },
      },
    },
    (req) => party.me(req.ctx),
  );
  r.post(
    `${base}/me/report`,
    {
      schema: {
        tags,
        summary: 'A member reports (报到) to the community where they live, for staff to confirm',
        response: { 201: S.MyParty, 409: ErrorBody.describe('Not a member, or reported already'), ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await party.report(req.ctx)),
  );
  r.get(
    `${base}/reports`,
    {
      schema: {
        tags,
        summary: 'Staff (party.read): 报到 of members to the communities of my area',
        querystring: S.ReportListQuery,
        response: { 200: S.ReportList, ...errorResponses },
      },
    },
    (req) => party.reports(req.ctx, req.query),
  );
  r.post(
    `${base}/reports/:id/confirm`,
    {
      schema: {
        tags,
        summary: 'Staff (party.manage): confirm a member’s 报到',
        params: S.IdParams,
        response: { 200: S.ReportView, 409: ErrorBody.describe('Confirmed already'), ...errorResponses },
      },
    },
    (req) => party.confirmReport(req.ctx, req.params.id),
  );
  r.get(
    `${base}/stats`,
    {
      schema: {
        tags,
        summary: 'Staff (party.read): per organisation, members, 报到 confirmed, tasks claimed and done',
        response: { 200: S.BranchStats, ...errorResponses },
      },
    },
    (req) => party.stats(req.ctx),
  );
  r.get(
    `${base}/center-households`,
    {
      schema: {
        tags,
        summary: 'The 党员中心户 of a building, for the 三亮一做 board',
        querystring: S.BuildingQuery,
        response: { 200: S.CenterHouseholds, ...errorResponses },
      },
    },
    (req) => party.centerHouseholds(req.ctx, req.query.buildingId),
  );
}
