import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import * as S from './schema.ts';
import type { DevicesService } from './service.ts';

const tags = ['devices'];

export function devicesRoutes(app: FastifyInstance, devices: DevicesService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const conflict = { 409: ErrorBody.describe("Taken (device code), or not possible in the alarm's current state") };

  // Telemetry leaves nothing in memory when the server stops.
  app.addHook('onClose', async () => {
    await devices.shutdown();
  });

  // ----- devices -----
  r.get(
    '/api/devices',
    {
      schema: {
        tags,
        summary:
          'Devices of my area (烟感, 热成像, 电表箱, 门磁, 窗帘, 水表, 充电桩, 门禁), with their latest values; filters and search',
        querystring: S.DeviceListQuery,
        response: { 200: S.DeviceList, ...errorResponses },
      },
    },
    (req) => devices.listDevices(req.ctx, req.query),
  );
  r.post(
    '/api/devices',
    {
      schema: {
        tags,
        summary: 'Register a device in a building, household or grid; answers its secret once',
        body: S.CreateDeviceBody,
        response: { 201: S.DeviceWithSecret, ...conflict, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await devices.createDevice(req.ctx, req.body)),
  );
  r.get(
    '/api/devices/latest',
    {
      schema: {
        tags,
        summary: 'Latest value of each metric, for a dashboard: given devices, or those of an area',
        querystring: S.LatestQuery,
        response: { 200: S.LatestView, ...errorResponses },
      },
    },
    (req) => devices.latest(req.ctx, req.query),
  );
  r.get(
    '/api/devices/gateway/stats',
    {
      schema: {
        tags,
        summary:
          'The device gateway: MQTT mode and connections, messages stored, batches, refused telemetry by reason (unknown devices included), partitions',
        response: { 200: S.GatewayStats, ...errorResponses },
      },
    },
    (req) => devices.gatewayStats(req.ctx),
  );
  r.get(
    '/api/devices/:id',
    {
      schema: {
        tags,
        summary: 'A device: place, status, latest values, refused telemetry by reason, active alarms, topic',
        params: S.IdParams,
        response: { 200: S.DeviceDetail, ...errorResponses },
      },
    },
    (req) => devices.getDevice(req.ctx, req.params.id),
  );
  r.patch(
    '/api/devices/:id',
    {
      schema: {
        tags,
        summary: 'Change a device: name, place, care target; retire it (active: false)',
        params: S.IdParams,
        body: S.UpdateDeviceBody,
        response: { 200: S.DeviceDetail, ...errorResponses },
      },
    },
    (req) => devices.updateDevice(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/devices/:id/secret',
    {
      schema: {
        tags,
        summary: 'Rotate the device secret: the new one is shown once, the old one stops working',
        params: S.IdParams,
        response: { 200: S.DeviceWithSecret, ...errorResponses },
      },
    },
    (req) => devices.rotateSecret(req.ctx, req.params.id),
  );
  r.get(
    '/api/devices/:id/readings',
    {
      schema: {
        tags,
        summary: 'Stored readings of one metric, newest first (default: the last 24 hours)',
        params: S.IdParams,
        querystring: S.ReadingsQuery,
        response: { 200: S.ReadingsView, ...errorResponses },
      },
    },
    (req) => devices.readings(req.ctx, req.params.id, req.query),
  );

  // ----- ingest over HTTP (devices, not people) -----
  r.post(
    '/api/ingest/readings',
    {
      bodyLimit: 2 * 1024 * 1024,
      // A device's own token (code:secret), not a person's session.
      config: { csrfExempt: true, public: true },
      schema: {
        tags,
        summary:
          'A device sends up to 1,000 readings or events at once (as on MQTT), with Authorization: Bearer <code>:<secret>',
        description:
          'Each item is {ts, metrics} or {ts, event, data}. Items that fail their check are refused one by one and counted; the others are stored before the answer. More than 1,000 items: 400 and nothing is stored.',
        security: [{ deviceToken: [] }],
        body: S.IngestBody,
        response: { 200: S.IngestResult, ...errorResponses },
      },
    },
    (req) => devices.ingestHttp(req.headers.authorization, req.body.readings),
  );

  // ----- rules -----
  r.get(
    '/api/devices/rules',
    {
      schema: {
        tags,
        summary: 'Alarm rules: per device type, and per device of my area',
        querystring: S.RuleListQuery,
        response: { 200: S.RuleList, ...errorResponses },
      },
    },
    (req) => devices.listRules(req.ctx, req.query),
  );
  r.post(
    '/api/devices/rules',
    {
      schema: {
        tags,
        summary:
          'Add a rule (threshold, rate of rise, absence, event) for a device type (district admins) or one device',
        body: S.RuleBody,
        response: { 201: S.RuleView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await devices.createRule(req.ctx, req.body)),
  );
  r.patch(
    '/api/devices/rules/:id',
    {
      schema: {
        tags,
        summary: 'Change a rule; takes effect at once',
        params: S.IdParams,
        body: S.RulePatch,
        response: { 200: S.RuleView, ...errorResponses },
      },
    },
    (req) => devices.updateRule(req.ctx, req.params.id, req.body),
  );
  r.delete(
    '/api/devices/rules/:id',
    { schema: { tags, summary: 'Remove a rule', params: S.IdParams, response: { 204: z.null(), ...errorResponses } } },
    async (req, reply) => {
      await devices.deleteRule(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );

  // ----- alarms -----
  r.get(
    '/api/alarms',
    {
      schema: {
        tags: ['alarms'],
        summary:
          'Alarms of my area, newest first: filter by status (several), severity, type, device code, community, grid, building, time',
        querystring: S.AlarmListQuery,
        response: { 200: S.AlarmList, ...errorResponses },
      },
    },
    (req) => devices.listAlarms(req.ctx, req.query),
  );
  r.get(
    '/api/alarms/:id',
    {
      schema: {
        tags: ['alarms'],
        summary: 'An alarm with its device, place and matter',
        params: S.IdParams,
        response: { 200: S.AlarmView, ...errorResponses },
      },
    },
    (req) => devices.getAlarm(req.ctx, req.params.id),
  );
  r.post(
    '/api/alarms/:id/ack',
    {
      schema: {
        tags: ['alarms'],
        summary: 'Acknowledge an alarm (确认): active_unack → active_ack, cleared_unack → cleared_ack',
        params: S.IdParams,
        body: S.AlarmActionBody,
        response: { 200: S.AlarmView, ...conflict, ...errorResponses },
      },
    },
    (req) => devices.ack(req.ctx, req.params.id, req.body?.note),
  );
  r.post(
    '/api/alarms/:id/clear',
    {
      schema: {
        tags: ['alarms'],
        summary: 'Clear an active alarm by hand (解除); its matter is resolved with it',
        params: S.IdParams,
        body: S.AlarmActionBody,
        response: { 200: S.AlarmView, ...conflict, ...errorResponses },
      },
    },
    (req) => devices.clear(req.ctx, req.params.id, req.body?.note),
  );
}
