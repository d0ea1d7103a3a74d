import { z } from 'zod';
import { PageQuery, pageOf } from '../../platform/pagination.ts';

export const INVITATION_KINDS = ['person', 'mobile_grid', 'merchant'] as const;
export const INVITATION_STATUSES = ['open', 'used', 'expired', 'revoked'] as const;

/** Uses a mobile grid's code allows when staff do not say (the couriers of one station). */
export const MOBILE_GRID_DEFAULT_USES = 200;

const id = z.coerce.number().int().positive();

export const IssueInvitationBody = z
  .object({
    kind: z
      .enum(INVITATION_KINDS)
      .describe(
        'person: binds an account to a registered resident (代办注册); mobile_grid: makes it a courier of a mobile grid (骑手入网码); merchant: links it to a merchant (商户绑定码)',
      ),
    targetId: id.describe('The person, the mobile grid or the merchant'),
    maxUses: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .optional()
      .describe(
        `For a mobile grid only: how many couriers may join with the code (default ${MOBILE_GRID_DEFAULT_USES})`,
      ),
  })
  .refine((b) => b.kind === 'mobile_grid' || b.maxUses === undefined, {
    message: 'A person’s or a merchant’s invitation is used once',
    path: ['maxUses'],
  });

export const InvitationView = z.object({
  id: z.number(),
  kind: z.enum(INVITATION_KINDS),
  targetId: z.number(),
  targetName: z.string().describe('The person (masked: 林*梅), the grid or the merchant'),
  communityId: z.number(),
  communityName: z.string(),
  gridId: z.number().nullable(),
  status: z.enum(INVITATION_STATUSES),
  uses: z.number(),
  maxUses: z.number(),
  expiresAt: z.string(),
  createdAt: z.string(),
  createdByName: z.string(),
  revokedAt: z.string().nullable(),
});
export type InvitationView = z.infer<typeof InvitationView>;

export const IssuedInvitationView = z.object({
  invitation: InvitationView,
  code: z.string().describe('Shown once: 8 letters and digits without 0, O, 1 or I; only its hash is kept'),
  joinUrl: z.string().describe('Where a phone opens the code (/h5/join?code=…), for the QR'),
});

export const InvitationListQuery = PageQuery.extend({
  kind: z.enum(INVITATION_KINDS).optional(),
  status: z.enum(INVITATION_STATUSES).optional(),
  targetId: id.optional().describe('Only the invitations of this person, grid or merchant (with kind)'),
});

export const InvitationPage = pageOf(InvitationView);

export const RedeemInvitationBody = z.object({
  code: z.string().trim().min(1).max(20).describe('The code from the printed invitation or the QR'),
});

export const RedeemedInvitationView = z.object({
  kind: z.enum(INVITATION_KINDS),
  communityName: z.string().describe('The community the account now belongs to'),
  targetName: z.string().describe('The person’s own name, the mobile grid or the merchant'),
});
