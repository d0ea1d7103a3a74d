import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import { PageQuery } from '../../platform/pagination.ts';
import * as S from './schema.ts';
import type { AccessService } from './service.ts';

const tags = ['access'];

export function accessRoutes(app: FastifyInstance, access: AccessService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/access';

  r.get(
    `${base}/public-key`,
    {
      schema: {
        tags,
        summary: 'The public key (JWK, Ed25519) gates check visitor passes with, offline; no sign-in needed',
        response: { 200: S.PublicKey },
      },
      config: { public: true },
    },
    () => access.publicKey(),
  );
  r.get(
    `${base}/compounds/:compoundId/people`,
    {
      schema: {
        tags,
        summary: 'Staff (access.read): the people registered at a compound’s gates, names masked, cards by last 4',
        params: S.CompoundParams,
        querystring: PageQuery,
        response: { 200: S.PersonList, ...errorResponses },
      },
    },
    (req) => access.people(req.ctx, req.params.compoundId, req.query),
  );
  r.post(
    `${base}/compounds/:compoundId/people`,
    {
      schema: {
        tags,
        summary:
          'Staff (access.manage): register an org person at the compound’s gates (resident, worker …), with a card',
        params: S.CompoundParams,
        body: S.PersonBody,
        response: { 201: S.PersonView, 409: ErrorBody.describe('Already registered here'), ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await access.addPerson(req.ctx, req.params.compoundId, req.body)),
  );
  r.patch(
    `${base}/people/:id`,
    {
      schema: {
        tags,
        summary: 'Staff (access.manage): change a registration: kind, card (or withdraw it), active',
        params: S.IdParams,
        body: S.PersonPatch,
        response: { 200: S.PersonView, ...errorResponses },
      },
    },
    (req) => access.updatePerson(req.ctx, req.params.id, req.body),
  );
  r.get(
    `${base}/compounds/:compoundId/vehicles`,
    {
      schema: {
        tags,
        summary: 'Staff (access.read): the vehicles registered at a compound’s gates',
        params: S.CompoundParams,
        querystring: PageQuery,
        response: { 200: S.VehicleList, ...errorResponses },
      },
    },
    (req) => access.vehicles(req.ctx, req.params.compoundId, req.query),
  );
  r.post(
    `${base}/compounds/:compoundId/vehicles`,
    {
      schema: {
        tags,
        summary: 'Staff (access.manage): register a vehicle by its plate (new-energy plates have 8 characters)',
        params: S.CompoundParams,
        body: S.VehicleBody,
        response: { 201: S.VehicleView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await access.addVehicle(req.ctx, req.params.compoundId, req.body)),
  );
  r.patch(
    `${base}/vehicles/:id`,
    {
      schema: {
        tags,
        summary: 'Staff (access.manage): switch a vehicle’s registration off or on',
        params: S.IdParams,
        body: S.VehiclePatch,
        response: { 200: S.VehicleView, ...errorResponses },
      },
    },
    (req) => access.updateVehicle(req.ctx, req.params.id, req.body),
  );
  r.post(
    `${base}/passes`,
    {
      schema: {
        tags,
        summary:
          'A resident of the compound (or staff) registers a visitor: a signed, time-limited QR pass gates check offline',
        body: S.PassBody,
        response: { 201: S.IssuedPass, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await access.issuePass(req.ctx, req.body)),
  );
  r.get(
    `${base}/passes`,
    {
      schema: {
        tags,
        summary: 'The passes I issued; staff (access.read): those of a compound',
        querystring: S.PassListQuery,
        response: { 200: S.PassList, ...errorResponses },
      },
    },
    (req) => access.passes(req.ctx, req.query),
  );
  r.get(
    `${base}/passes/compounds`,
    {
      schema: {
        tags,
        summary: 'The compounds I may issue visitor passes for, as a resident registered at their gates',
        response: { 200: S.MyCompounds, ...errorResponses },
      },
    },
    (req) => access.myCompounds(req.ctx),
  );
  r.post(
    `${base}/passes/:id/revoke`,
    {
      schema: {
        tags,
        summary: 'Revoke a pass (whoever issued it, or staff): gates refuse it from now on',
        params: S.IdParams,
        response: { 200: S.PassView, 409: ErrorBody.describe('Already revoked'), ...errorResponses },
      },
    },
    (req) => access.revokePass(req.ctx, req.params.id),
  );
  r.get(
    `${base}/entries`,
    {
      schema: {
        tags,
        summary:
          'Staff (access.read): search entries through the gates by compound, gate, method, plate, person and time; every search is audited',
        querystring: S.EntryQuery,
        response: { 200: S.EntryList, ...errorResponses },
      },
    },
    (req) => access.searchEntries(req.ctx, req.query),
  );
  r.get(
    `${base}/entries/hourly`,
    {
      schema: {
        tags,
        summary: 'Staff (access.read): entries per gate and hour, for a chart',
        querystring: S.HourlyQuery,
        response: { 200: S.Hourly, ...errorResponses },
      },
    },
    (req) => access.hourly(req.ctx, req.query),
  );
  r.get(
    `${base}/watch`,
    {
      schema: {
        tags,
        summary: 'Staff (access.read): the watch list (布控) of my area',
        querystring: S.WatchQuery,
        response: { 200: S.WatchList, ...errorResponses },
      },
    },
    (req) => access.watchList(req.ctx, req.query),
  );
  r.post(
    `${base}/watch`,
    {
      schema: {
        tags,
        summary: 'Staff (access.manage): watch for a person, a plate or a card (a missing elder, a wanted vehicle)',
        body: S.WatchBody,
        response: { 201: S.WatchView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await access.addWatch(req.ctx, req.body)),
  );
  r.post(
    `${base}/watch/:id/close`,
    {
      schema: {
        tags,
        summary: 'Staff (access.manage): close a watch-list entry',
        params: S.IdParams,
        response: { 200: S.WatchView, 409: ErrorBody.describe('Already closed'), ...errorResponses },
      },
    },
    (req) => access.closeWatch(req.ctx, req.params.id),
  );
  r.get(
    `${base}/alarms`,
    {
      schema: {
        tags,
        summary: 'Staff (access.read): access alarms (a watch-list match at a gate), with their matters',
        querystring: S.AlarmQuery,
        response: { 200: S.AlarmList, ...errorResponses },
      },
    },
    (req) => access.alarms(req.ctx, req.query),
  );
}
