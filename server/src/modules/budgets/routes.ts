import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import * as S from './schema.ts';
import type { BudgetsService } from './service.ts';

const tags = ['budgets'];

export function budgetsRoutes(app: FastifyInstance, budgets: BudgetsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/budgets';

  r.get(
    `${base}/rounds`,
    {
      schema: {
        tags,
        summary: 'Participatory budget rounds (微实事, 微创投) of my community, or of my area for staff; latest first',
        querystring: S.RoundListQuery,
        response: { 200: S.RoundList, ...errorResponses },
      },
    },
    (req) => budgets.rounds(req.ctx, req.query),
  );
  r.post(
    `${base}/rounds`,
    {
      schema: {
        tags,
        summary: 'Staff (budgets.manage): open a round with its budget, the end of proposals and the voting window',
        body: S.RoundBody,
        response: { 201: S.RoundView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await budgets.createRound(req.ctx, req.body)),
  );
  r.get(
    `${base}/rounds/:id`,
    {
      schema: {
        tags,
        summary: 'A round with its proposals; votes and funding once counted',
        params: S.IdParams,
        response: { 200: S.RoundView, ...errorResponses },
      },
    },
    (req) => budgets.round(req.ctx, req.params.id),
  );
  r.post(
    `${base}/rounds/:id/proposals`,
    {
      schema: {
        tags,
        summary: 'Propose a project with its cost (residents of the community and its staff, while proposals are open)',
        params: S.IdParams,
        body: S.ProposalBody,
        response: { 201: S.RoundView, 409: ErrorBody.describe('Proposals are closed'), ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await budgets.propose(req.ctx, req.params.id, req.body)),
  );
  r.post(
    `${base}/proposals/:id/review`,
    {
      schema: {
        tags,
        summary: 'Staff: judge a proposal feasible or not (with the reason), before voting opens',
        params: S.IdParams,
        body: S.ReviewBody,
        response: { 200: S.RoundView, 409: ErrorBody.describe('Voting has opened'), ...errorResponses },
      },
    },
    (req) => budgets.review(req.ctx, req.params.id, req.body),
  );
  r.put(
    `${base}/rounds/:id/ballot`,
    {
      schema: {
        tags,
        summary:
          'My knapsack ballot: feasible projects whose costs add up to no more than the budget; replaces my earlier ballot while voting is open',
        params: S.IdParams,
        body: S.BallotBody,
        response: { 200: S.BallotView, 409: ErrorBody.describe('Voting is not open'), ...errorResponses },
      },
    },
    (req) => budgets.castBallot(req.ctx, req.params.id, req.body),
  );
  r.get(
    `${base}/rounds/:id/ballot`,
    {
      schema: {
        tags,
        summary: 'My ballot in the round, or null',
        params: S.IdParams,
        response: { 200: S.BallotView.nullable(), ...errorResponses },
      },
    },
    (req) => budgets.myBallot(req.ctx, req.params.id),
  );
  r.post(
    `${base}/rounds/:id/count`,
    {
      schema: {
        tags,
        summary:
          'Staff: count once voting has closed — projects in order of votes, each funded if it fits what is left; funded ones become decisions',
        params: S.IdParams,
        response: { 200: S.RoundView, 409: ErrorBody.describe('Still open, or already counted'), ...errorResponses },
      },
    },
    (req) => budgets.count(req.ctx, req.params.id),
  );
  r.get(
    `${base}/proposals/:id/spending`,
    {
      schema: {
        tags,
        summary: 'What a funded project has spent',
        params: S.IdParams,
        response: { 200: S.SpendingList, ...errorResponses },
      },
    },
    (req) => budgets.spending(req.ctx, req.params.id),
  );
  r.post(
    `${base}/proposals/:id/spending`,
    {
      schema: {
        tags,
        summary: 'Staff: record money spent on a funded project',
        params: S.IdParams,
        body: S.SpendingBody,
        response: { 201: S.SpendingList, 409: ErrorBody.describe('Not funded'), ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await budgets.recordSpending(req.ctx, req.params.id, req.body)),
  );
}
