import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import type { FollowUps } from './follow-ups.ts';
import * as S from './schema-follow-ups.ts';

const tags = ['matters'];

/** Satisfaction follow-ups (回访) of closed matters: the staff's queue and calls, the reporter's form. */
export function matterFollowUpRoutes(app: FastifyInstance, followUps: FollowUps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/matters/follow-ups',
    {
      schema: {
        tags,
        summary: 'Follow-ups (待回访) of closed matters of my area, by due time; not done unless a state is asked',
        querystring: S.FollowUpListQuery,
        response: { 200: S.FollowUpList, ...errorResponses },
      },
    },
    (req) => followUps.list(req.ctx, req.query),
  );
  r.post(
    '/api/matters/follow-ups/:id/calls',
    {
      schema: {
        tags,
        summary: "Staff (matters.handle): record a follow-up call — not reached, or reached with the reporter's rating",
        params: S.FollowUpIdParams,
        body: S.CallBody,
        response: { 200: S.FollowUpView, 409: ErrorBody.describe('Followed up already'), ...errorResponses },
      },
    },
    (req) => followUps.recordCall(req.ctx, req.params.id, req.body),
  );
  r.get(
    '/api/matters/:id/follow-up',
    {
      schema: {
        tags,
        summary: "The reporter: the follow-up of one's closed matter",
        params: S.MatterIdParams,
        response: { 200: S.MyFollowUpView, ...errorResponses },
      },
    },
    (req) => followUps.mine(req.ctx, req.params.id),
  );
  r.post(
    '/api/matters/:id/follow-up',
    {
      schema: {
        tags,
        summary: 'The reporter answers the follow-up: rating 1–5, resolved or not, a comment',
        params: S.MatterIdParams,
        body: S.AnswerBody,
        response: { 200: S.MyFollowUpView, 409: ErrorBody.describe('Answered already'), ...errorResponses },
      },
    },
    (req) => followUps.answer(req.ctx, req.params.id, req.body),
  );
}
