import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import { PageQuery } from '../../platform/pagination.ts';
import * as S from './schema.ts';
import type { PointsService } from './service.ts';
import { id } from '../../platform/input.ts';

const tags = ['points'];

export function pointsRoutes(app: FastifyInstance, points: PointsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const conflict = {
    409: ErrorBody.describe('Not enough points, sold out, already redeemed, or a key reused for something else'),
  };

  r.get(
    '/api/points/me',
    {
      schema: {
        tags,
        summary: 'My points account: balance and points held by vouchers',
        response: { 200: S.AccountView, ...errorResponses },
      },
    },
    (req) => points.myAccount(req.ctx),
  );

  r.get(
    '/api/points/me/statement',
    {
      schema: {
        tags,
        summary: 'My postings, newest first, each with the balance after it',
        querystring: PageQuery,
        response: { 200: S.Statement, ...errorResponses },
      },
    },
    (req) => points.statement(req.ctx, 'me', req.query.cursor, req.query.limit),
  );

  r.get(
    '/api/points/accounts',
    {
      schema: {
        tags,
        summary: "People's accounts of the caller's area with their balances (staff), by name or user",
        querystring: S.PersonAccountQuery,
        response: { 200: S.PersonAccountList, ...errorResponses },
      },
    },
    (req) => points.listAccounts(req.ctx, req.query),
  );

  r.get(
    '/api/points/accounts/:id/statement',
    {
      schema: {
        tags,
        summary: "An account's postings (staff of its area, or its merchant)",
        params: S.IdParams,
        querystring: PageQuery,
        response: { 200: S.Statement, ...errorResponses },
      },
    },
    (req) => points.statement(req.ctx, req.params.id, req.query.cursor, req.query.limit),
  );

  r.get(
    '/api/points/rules',
    {
      schema: {
        tags,
        summary: "Earning rules of the caller's area, newest first per event",
        response: { 200: S.RuleList, ...errorResponses },
      },
    },
    (req) => points.listRules(req.ctx),
  );

  r.post(
    '/api/points/rules',
    {
      schema: {
        tags,
        summary:
          'Set an earning rule of a community from a date on (points per event or per hour, daily and monthly caps)',
        body: S.RuleBody,
        response: { 201: S.RuleView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await points.setRule(req.ctx, req.body)),
  );

  r.post(
    '/api/points/corrections',
    {
      schema: {
        tags,
        summary:
          'Give or take back points by a correcting posting (never an edit); above the approval limit it waits for a second member of staff',
        body: S.CorrectionBody,
        response: { 201: S.CorrectionView, ...conflict, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await points.correct(req.ctx, req.body)),
  );

  r.get(
    '/api/points/corrections',
    {
      schema: {
        tags,
        summary: "Corrections of the caller's area, newest first (status=pending: those waiting for approval)",
        querystring: S.CorrectionListQuery,
        response: { 200: S.CorrectionList, ...errorResponses },
      },
    },
    (req) => points.listCorrections(req.ctx, req.query),
  );

  for (const [action, approve] of [
    ['approve', true],
    ['reject', false],
  ] as const)
    r.post(
      `/api/points/corrections/:id/${action}`,
      {
        schema: {
          tags,
          summary: approve
            ? 'Approve (post) a waiting correction; not by the one who asked for it'
            : 'Reject a waiting correction; not by the one who asked for it',
          params: S.IdParams,
          body: S.CorrectionDecisionBody,
          response: { 200: S.CorrectionView, ...conflict, ...errorResponses },
        },
      },
      (req) => points.decideCorrection(req.ctx, req.params.id, approve, req.body.note),
    );

  r.get(
    '/api/points/leaderboard',
    {
      schema: {
        tags,
        summary: 'Who earned most in a community and period (积分榜)',
        querystring: S.LeaderboardQuery,
        response: { 200: S.Leaderboard, ...errorResponses },
      },
    },
    (req) => points.leaderboard(req.ctx, req.query),
  );

  r.get(
    '/api/points/honours',
    {
      schema: {
        tags,
        summary: 'Honours awarded (最美志愿者, 平安家庭)',
        querystring: z.object({ communityId: id.optional() }),
        response: { 200: S.HonourList, ...errorResponses },
      },
    },
    (req) => points.honours(req.ctx, req.query.communityId),
  );

  r.post(
    '/api/points/honours',
    {
      schema: {
        tags,
        summary: "Award an honour to the top of a period's leaderboard",
        body: S.HonourBody,
        response: { 201: S.HonourList, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await points.awardHonours(req.ctx, req.body)),
  );

  r.get(
    '/api/points/stats',
    {
      schema: {
        tags,
        summary: 'Points issued, held, redeemed, released and expired, and vouchers, for an area and period',
        querystring: S.PointsStatsQuery,
        response: { 200: S.PointsStats, ...errorResponses },
      },
    },
    (req) => points.stats(req.ctx, req.query),
  );

  // ----- merchants and goods -----
  r.get(
    '/api/points/merchants',
    {
      schema: {
        tags,
        summary: 'Merchants (爱心商户) where points are spent',
        querystring: S.MerchantListQuery,
        response: { 200: S.MerchantList, ...errorResponses },
      },
    },
    (req) => points.listMerchants(req.ctx, req.query),
  );
  r.get(
    '/api/points/merchants/mine',
    { schema: { tags, summary: 'The merchant the caller runs', response: { 200: S.MerchantView, ...errorResponses } } },
    (req) => points.myMerchant(req.ctx),
  );
  r.post(
    '/api/points/merchants',
    {
      schema: {
        tags,
        summary: 'Add a merchant',
        body: S.MerchantBody,
        response: { 201: S.MerchantView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await points.createMerchant(req.ctx, req.body)),
  );
  r.patch(
    '/api/points/merchants/:id',
    {
      schema: {
        tags,
        summary: 'Change a merchant (staff: also credit score and standing)',
        params: S.IdParams,
        body: S.UpdateMerchantBody,
        response: { 200: S.MerchantView, ...errorResponses },
      },
    },
    (req) => points.updateMerchant(req.ctx, req.params.id, req.body),
  );
  r.get(
    '/api/points/merchants/:id/settlement',
    {
      schema: {
        tags,
        summary: "A merchant's redemptions per day with totals in points and fen",
        params: S.IdParams,
        querystring: S.SettlementQuery,
        response: { 200: S.Settlement, ...errorResponses },
      },
    },
    (req) => points.settlement(req.ctx, req.params.id, req.query.from, req.query.to),
  );
  r.get(
    '/api/points/items',
    {
      schema: {
        tags,
        summary: 'Goods and services priced in points',
        querystring: S.ItemListQuery,
        response: { 200: S.ItemList, ...errorResponses },
      },
    },
    (req) => points.listItems(req.ctx, req.query),
  );
  r.post(
    '/api/points/merchants/:id/items',
    {
      schema: {
        tags,
        summary: 'Offer something for points',
        params: S.IdParams,
        body: S.ItemBody,
        response: { 201: S.ItemView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await points.createItem(req.ctx, req.params.id, req.body)),
  );
  r.patch(
    '/api/points/items/:id',
    {
      schema: {
        tags,
        summary: 'Change an offer',
        params: S.IdParams,
        body: S.UpdateItemBody,
        response: { 200: S.ItemView, ...errorResponses },
      },
    },
    (req) => points.updateItem(req.ctx, req.params.id, req.body),
  );

  // ----- vouchers -----
  r.post(
    '/api/points/vouchers',
    {
      schema: {
        tags,
        summary: 'Exchange points for a voucher (points are held until redeemed); retry-safe by idempotencyKey',
        body: S.ExchangeBody,
        response: { 201: S.VoucherView, ...conflict, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await points.exchange(req.ctx, req.body)),
  );
  r.get(
    '/api/points/vouchers',
    {
      schema: {
        tags,
        summary: 'My vouchers, newest first',
        querystring: PageQuery,
        response: { 200: S.VoucherList, ...errorResponses },
      },
    },
    (req) => points.myVouchers(req.ctx, req.query.cursor, req.query.limit),
  );
  r.post(
    '/api/points/vouchers/redeem',
    {
      schema: {
        tags,
        summary: 'The merchant redeems a voucher by its code or QR token: exactly once',
        body: S.RedeemBody,
        response: { 200: S.VoucherView, ...conflict, ...errorResponses },
      },
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
    },
    (req) => points.redeem(req.ctx, req.body.code),
  );
  r.post(
    '/api/points/vouchers/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Give a voucher back before it is used; the held points return',
        params: S.IdParams,
        response: { 200: S.VoucherView, ...conflict, ...errorResponses },
      },
    },
    (req) => points.cancelVoucher(req.ctx, req.params.id),
  );
}
