import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import type { InvitationsService } from './invitations.ts';
import {
  InvitationListQuery,
  InvitationPage,
  InvitationView,
  IssueInvitationBody,
  IssuedInvitationView,
  RedeemedInvitationView,
  RedeemInvitationBody,
} from './schema-invitations.ts';

const InvitationParams = z.object({ id: z.coerce.number().int().positive() });

export function invitationRoutes(app: FastifyInstance, invitations: InvitationsService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['invitations'];

  r.post(
    '/api/auth/invitations',
    {
      schema: {
        tags,
        summary:
          'Issue an invitation code: a resident’s (代办注册), a mobile grid’s (骑手入网码) or a merchant’s (商户绑定码)',
        description:
          'The code is answered once, with the /h5/join link for its QR. A person needs org.person.write over them (a new code revokes their open one); a mobile grid, the right to grant couriers over it; a merchant, points.manage over its community. 403 outside the caller’s area, 404 when the target does not exist, 409 when the person or the merchant has an account already.',
        body: IssueInvitationBody,
        response: { 200: IssuedInvitationView, ...errorResponses, 409: ErrorBody },
      },
    },
    (request) => invitations.issue(request.ctx, request.body),
  );

  r.get(
    '/api/auth/invitations',
    {
      schema: {
        tags,
        summary: 'Invitations issued in the caller’s area, newest first; people’s names masked',
        querystring: InvitationListQuery,
        response: { 200: InvitationPage, ...errorResponses },
      },
    },
    (request) => invitations.list(request.ctx, request.query),
  );

  r.post(
    '/api/auth/invitations/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke an invitation: its code stops working',
        params: InvitationParams,
        response: { 200: InvitationView, ...errorResponses, 409: ErrorBody },
      },
    },
    (request) => invitations.revoke(request.ctx, request.params.id),
  );

  r.post(
    '/api/auth/invitations/redeem',
    {
      schema: {
        tags,
        summary:
          'Redeem a code for the signed-in account: bind to the person, join the mobile grid, or run the merchant',
        description:
          'A wrong, expired, used-up or revoked code gets the same 400 on body.code; an account has BIND_ATTEMPTS_PER_HOUR tries an hour (429 after). 409 when the account is bound already, or the person or merchant has another account.',
        body: RedeemInvitationBody,
        response: { 200: RedeemedInvitationView, ...errorResponses, 409: ErrorBody, 429: ErrorBody },
      },
    },
    (request) => invitations.redeem(request.ctx, request.body),
  );
}
