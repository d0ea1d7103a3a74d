import { z } from 'zod';
import { PERMISSIONS, ROLES } from '../../platform/access.ts';

export const LoginBody = z.object({
  username: z.string().trim().min(1).max(64).describe('Username or mobile phone number'),
  password: z.string().min(1).max(256),
});

export const MeView = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  locale: z.enum(['zh-CN', 'en']),
  personId: z.number().nullable(),
  roles: z.array(z.object({ role: z.enum(ROLES), divisionId: z.number().nullable(), gridId: z.number().nullable() })),
  permissions: z.array(z.enum(PERMISSIONS)),
  csrfToken: z.string().describe('Send back in the X-CSRF-Token header on every POST, PUT, PATCH and DELETE'),
});
export type MeView = z.infer<typeof MeView>;

export const ChangePasswordBody = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z
    .string()
    .min(1)
    .max(256)
    .describe('At least 8 characters with letters and digits, not containing the username'),
});

export const OkView = z.object({ ok: z.literal(true) });
