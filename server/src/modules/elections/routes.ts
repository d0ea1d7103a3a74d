import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import * as S from './schema.ts';
import type { ElectionsService } from './service.ts';

const tags = ['elections'];

export function electionsRoutes(app: FastifyInstance, elections: ElectionsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/elections';

  r.get(
    base,
    {
      schema: {
        tags,
        summary: "Owners' committee elections (业委会选举) of my community, or of my area for staff; latest first",
        querystring: S.ElectionListQuery,
        response: { 200: S.ElectionList, ...errorResponses },
      },
    },
    (req) => elections.list(req.ctx, req.query),
  );
  r.post(
    base,
    {
      schema: {
        tags,
        summary:
          'Staff (deliberation.manage): open an election with its seats, windows and tie rule; the electorate of owner households is fixed now',
        body: S.ElectionBody,
        response: { 201: S.ElectionView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await elections.create(req.ctx, req.body)),
  );
  r.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'An election with its candidates, my ballot, and the result once voting has closed',
        params: S.IdParams,
        response: { 200: S.ElectionView, ...errorResponses },
      },
    },
    (req) => elections.get(req.ctx, req.params.id),
  );
  r.post(
    `${base}/:id/candidates`,
    {
      schema: {
        tags,
        summary:
          'Nominate a candidate: an owner themselves (自荐) or another owner while nominations are open; staff until voting opens',
        params: S.IdParams,
        body: S.NominationBody,
        response: {
          201: S.ElectionView,
          409: ErrorBody.describe('Nominations closed, or already a candidate'),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await elections.nominate(req.ctx, req.params.id, req.body)),
  );
  r.post(
    `${base}/candidates/:id/review`,
    {
      schema: {
        tags,
        summary: 'Staff: approve or reject (with the reason) a nomination, before voting opens',
        params: S.IdParams,
        body: S.ReviewBody,
        response: { 200: S.ElectionView, 409: ErrorBody.describe('Voting has opened'), ...errorResponses },
      },
    },
    (req) => elections.review(req.ctx, req.params.id, req.body),
  );
  r.post(
    `${base}/:id/ballot`,
    {
      schema: {
        tags,
        summary:
          "My household's ballot: up to `seats` approved candidates (none for a blank ballot); once per household",
        params: S.IdParams,
        body: S.BallotBody,
        response: {
          200: S.ElectionView,
          409: ErrorBody.describe('Voting is not open, or the household has voted'),
          ...errorResponses,
        },
      },
    },
    (req) => elections.cast(req.ctx, req.params.id, req.body),
  );
  r.post(
    `${base}/:id/paper-ballots`,
    {
      schema: {
        tags,
        summary: "Staff: enter a household's paper ballot (audited), while voting is open or before the count",
        params: S.IdParams,
        body: S.PaperBallotBody,
        response: {
          200: S.ElectionView,
          409: ErrorBody.describe('Counted already, or the household has voted'),
          ...errorResponses,
        },
      },
    },
    (req) => elections.castPaper(req.ctx, req.params.id, req.body),
  );
  r.get(
    `${base}/:id/owners`,
    {
      schema: {
        tags,
        summary: "Staff: the electorate's owner households (names masked), with whether each has voted",
        params: S.IdParams,
        querystring: S.OwnersQuery,
        response: { 200: S.OwnerList, ...errorResponses },
      },
    },
    (req) => elections.owners(req.ctx, req.params.id, req.query),
  );
  r.post(
    `${base}/:id/count`,
    {
      schema: {
        tags,
        summary:
          'Staff: count once voting has closed — art. 278 quorum, more than half by count and area to be eligible, seats by ballots, ties by the rule',
        params: S.IdParams,
        response: { 200: S.ElectionView, 409: ErrorBody.describe('Still open, or already counted'), ...errorResponses },
      },
    },
    (req) => elections.count(req.ctx, req.params.id),
  );
  r.post(
    `${base}/:id/lot`,
    {
      schema: {
        tags,
        summary: "Staff: record the drawing's (抽签) outcome for a tie at the last seat under the lot rule (audited)",
        params: S.IdParams,
        body: S.LotBody,
        response: { 200: S.ElectionView, 409: ErrorBody.describe('No drawing is awaited'), ...errorResponses },
      },
    },
    (req) => elections.recordLot(req.ctx, req.params.id, req.body),
  );
}
