import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import * as S from './schema.ts';
import type { ChargingService } from './service.ts';

const tags = ['charging'];

export function chargingRoutes(app: FastifyInstance, charging: ChargingService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const conflict = {
    409: ErrorBody.describe('Not possible in the current state (port busy, session not charging, duplicate)'),
  };
  const base = '/api/charging';

  r.get(
    `${base}/stations`,
    {
      schema: {
        tags,
        summary: 'Charging stations of my area',
        querystring: S.StationListQuery,
        response: { 200: S.StationList, ...errorResponses },
      },
    },
    (req) => charging.listStations(req.ctx, req.query),
  );
  r.post(
    `${base}/stations`,
    {
      schema: {
        tags,
        summary: 'Set up a charging station in a community',
        body: S.StationBody,
        response: { 201: S.StationView, ...conflict, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await charging.createStation(req.ctx, req.body)),
  );
  r.get(
    `${base}/stations/:id`,
    {
      schema: {
        tags,
        summary: 'A station with its ports and tariff versions (the one in force marked)',
        params: S.IdParams,
        response: { 200: S.StationView, ...errorResponses },
      },
    },
    (req) => charging.getStation(req.ctx, req.params.id),
  );
  r.patch(
    `${base}/stations/:id`,
    {
      schema: {
        tags,
        summary: "Change a station's name, address, operator; close it (active: false)",
        params: S.IdParams,
        body: S.StationPatch,
        response: { 200: S.StationView, ...conflict, ...errorResponses },
      },
    },
    (req) => charging.updateStation(req.ctx, req.params.id, req.body),
  );
  r.patch(
    `${base}/stations/:id/ports/:portId`,
    {
      schema: {
        tags,
        summary: 'Relabel a port or take it out of use (active: false)',
        params: S.PortParams,
        body: S.PortPatch,
        response: { 200: S.StationView, ...conflict, ...errorResponses },
      },
    },
    (req) => charging.updatePort(req.ctx, req.params.id, req.params.portId, req.body),
  );
  r.post(
    `${base}/stations/:id/ports`,
    {
      schema: {
        tags,
        summary: 'Add a port: one plug of an ev_charger device',
        params: S.IdParams,
        body: S.PortBody,
        response: { 200: S.StationView, ...conflict, ...errorResponses },
      },
    },
    (req) => charging.addPort(req.ctx, req.params.id, req.body),
  );
  r.post(
    `${base}/stations/:id/tariffs`,
    {
      schema: {
        tags,
        summary:
          'Add a tariff version: time-of-use electricity bands (峰/平/谷, yuan per kWh to 4 decimals) and a service fee per kWh, from an effective time on',
        params: S.IdParams,
        body: S.TariffBody,
        response: { 200: S.StationView, ...conflict, ...errorResponses },
      },
    },
    (req) => charging.addTariff(req.ctx, req.params.id, req.body),
  );

  r.get(
    `${base}/sessions`,
    {
      schema: {
        tags,
        summary: 'Charging sessions of my area, newest first',
        querystring: S.SessionListQuery,
        response: { 200: S.SessionList, ...errorResponses },
      },
    },
    (req) => charging.listSessions(req.ctx, req.query),
  );
  r.post(
    `${base}/ports/:id/sessions`,
    {
      schema: {
        tags,
        summary: 'Start a session by hand (chargers start theirs with a charge_start event)',
        params: S.IdParams,
        body: S.StartBody,
        response: { 201: S.SessionView, ...conflict, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await charging.start(req.ctx, req.params.id, req.body)),
  );
  r.get(
    `${base}/sessions/:id`,
    {
      schema: {
        tags,
        summary: 'A session with its bill lines',
        params: S.IdParams,
        response: { 200: S.SessionView, ...errorResponses },
      },
    },
    (req) => charging.getSession(req.ctx, req.params.id),
  );
  r.post(
    `${base}/sessions/:id/stop`,
    {
      schema: {
        tags,
        summary:
          'Stop a session by hand and bill it; a meter reading below the start is refused (400) and nothing changes',
        params: S.IdParams,
        body: S.StopBody,
        response: { 200: S.SessionView, ...conflict, ...errorResponses },
      },
    },
    (req) => charging.stop(req.ctx, req.params.id, req.body),
  );
  r.get(
    `${base}/sessions/:id/receipt`,
    {
      schema: {
        tags,
        summary: 'The receipt: energy, electricity per band, service fee, total, and the rounding rule',
        params: S.IdParams,
        response: { 200: S.ReceiptView, ...conflict, ...errorResponses },
      },
    },
    (req) => charging.receipt(req.ctx, req.params.id),
  );
  r.get(
    `${base}/sessions/:id/receipt.html`,
    {
      schema: {
        tags,
        summary: 'The receipt as a printable HTML page',
        params: S.IdParams,
        produces: ['text/html'],
        response: { 200: z.string().describe('HTML page'), ...conflict, ...errorResponses },
      },
    },
    async (req, reply) => {
      const html = await charging.receiptPage(req.ctx, req.params.id);
      reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .serializer((v: unknown) => String(v));
      return html;
    },
  );
  r.get(
    `${base}/stats`,
    {
      schema: {
        tags,
        summary: 'Per station and month: sessions, energy, fees, average per kWh and per full charge',
        querystring: S.StatsQuery,
        response: { 200: S.StatsView, ...errorResponses },
      },
    },
    (req) => charging.stats(req.ctx, req.query),
  );
}
