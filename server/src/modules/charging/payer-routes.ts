import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import * as S from './schema.ts';
import type { ChargingService } from './service.ts';

const tags = ['charging'];

/**
 * Charging as a person (我的充电): a signed-in resident or courier scans a port's code,
 * charges, and pays from a prepaid balance. Only their own sessions and balance are reachable
 * here; receipts are GET /api/charging/sessions/:id/receipt(.html), open to the payer.
 */
export function chargingPayerRoutes(app: FastifyInstance, charging: ChargingService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const conflict = {
    409: ErrorBody.describe(
      'Not possible now (port busy or closed, a session of mine still running or unpaid, balance too low or over the cap, paid already, not billed yet)',
    ),
  };
  const me = '/api/charging/me';

  r.get(
    '/api/charging/ports/by-code/:code',
    {
      schema: {
        tags,
        summary:
          'The port behind a QR code: its station, the prices in force, whether it is free, and my session on it',
        params: S.PortCodeParams,
        response: { 200: S.ChargePortView, ...errorResponses },
      },
    },
    (req) => charging.chargePort(req.ctx, req.params.code),
  );
  r.post(
    `${me}/sessions`,
    {
      schema: {
        tags,
        summary: "Start charging on a scanned port, me the payer, from the charger's last meter reading",
        body: S.ScanStartBody,
        response: { 201: S.MySessionView, ...conflict, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await charging.startMine(req.ctx, req.body)),
  );
  r.get(
    `${me}/sessions`,
    {
      schema: {
        tags,
        summary: 'My charging sessions, newest first',
        querystring: S.MySessionListQuery,
        response: { 200: S.MySessionList, ...errorResponses },
      },
    },
    (req) => charging.mySessions(req.ctx, req.query),
  );
  r.get(
    `${me}/sessions/:id`,
    {
      schema: {
        tags,
        summary: 'My session; while charging, its live energy, minutes and running amount',
        params: S.IdParams,
        response: { 200: S.MySessionView, ...errorResponses },
      },
    },
    (req) => charging.mySession(req.ctx, req.params.id),
  );
  r.post(
    `${me}/sessions/:id/stop`,
    {
      schema: {
        tags,
        summary: 'Stop my session where the meter stands and bill it (electricity by band + service fee, to the fen)',
        params: S.IdParams,
        response: { 200: S.MySessionView, ...conflict, ...errorResponses },
      },
    },
    (req) => charging.stopMine(req.ctx, req.params.id),
  );
  r.post(
    `${me}/sessions/:id/pay`,
    {
      schema: {
        tags,
        summary: 'Pay my billed session from my balance, the itemised total to the fen; once only',
        params: S.IdParams,
        response: { 200: S.MySessionView, ...conflict, ...errorResponses },
      },
    },
    (req) => charging.pay(req.ctx, req.params.id),
  );
  r.get(
    `${me}/wallet`,
    {
      schema: {
        tags,
        summary: 'My prepaid charging balance and its latest entries',
        response: { 200: S.WalletView, ...errorResponses },
      },
    },
    (req) => charging.wallet(req.ctx),
  );
  r.post(
    `${me}/wallet/top-ups`,
    {
      schema: {
        tags,
        summary: 'Top up my balance through the payment provider',
        body: S.TopUpBody,
        response: { 200: S.WalletView, ...conflict, ...errorResponses },
      },
    },
    (req) => charging.topUp(req.ctx, req.body),
  );
  r.post(
    `${me}/wallet/refund`,
    {
      schema: {
        tags,
        summary: 'Refund what is left on my balance through the payment provider',
        response: { 200: S.WalletView, ...conflict, ...errorResponses },
      },
    },
    (req) => charging.refund(req.ctx),
  );
  r.get(
    `${me}/statement`,
    {
      schema: {
        tags,
        summary: 'My monthly statement (local month): sessions, energy, fees, paid, topped up, refunded',
        querystring: S.StatementQuery,
        response: { 200: S.StatementView, ...errorResponses },
      },
    },
    (req) => charging.myStatement(req.ctx, req.query),
  );
}
