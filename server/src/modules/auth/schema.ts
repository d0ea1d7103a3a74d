import { z } from 'zod';
import { DEPARTMENTS } from '../../enums.ts';
import { PERMISSIONS, ROLES } from '../../platform/access.ts';
import { PageQuery, pageOf } from '../../platform/pagination.ts';

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
  roles: z.array(
    z.object({
      role: z.enum(ROLES),
      divisionId: z.number().nullable(),
      gridId: z.number().nullable(),
      department: z.string().nullable().describe('For department staff: the department (urban_management, fire …)'),
    }),
  ),
  permissions: z.array(z.enum(PERMISSIONS)),
  csrfToken: z.string().describe('Send back in the X-CSRF-Token header on every POST, PUT, PATCH and DELETE'),
  mustChangePassword: z
    .boolean()
    .describe('The password was set by someone else (new account, reset): every other route answers 403 until changed'),
  hasPassword: z
    .boolean()
    .describe(
      'False for an account made by phone sign-in that has not set a password: the first one needs no current one',
    ),
});
export type MeView = z.infer<typeof MeView>;

export const ChangePasswordBody = z.object({
  currentPassword: z
    .string()
    .min(1)
    .max(256)
    .optional()
    .describe('Needed once the account has a password (me.hasPassword); not for setting the first one'),
  newPassword: z
    .string()
    .min(1)
    .max(256)
    .describe('At least 8 characters with letters and digits, not containing the username'),
});

export const OkView = z.object({ ok: z.literal(true) });

// ---------- user administration ----------

const id = z.coerce.number().int().positive();

export const GrantBody = z
  .object({
    role: z.enum(ROLES),
    divisionId: id.optional().describe('The division the role is held over (community, street, district)'),
    gridId: id.optional().describe('The grid the role is held over (grid workers, couriers of a mobile grid)'),
    department: z
      .enum(DEPARTMENTS)
      .optional()
      .describe('For department staff (dept_staff): the department whose queue they work'),
  })
  .refine((g) => (g.divisionId === undefined) !== (g.gridId === undefined), {
    message: 'Give either divisionId or gridId',
    path: ['divisionId'],
  });
export type GrantBody = z.infer<typeof GrantBody>;

const Phone = z
  .string()
  .trim()
  .regex(/^1\d{10}$/, 'an 11-digit mainland mobile number')
  .describe('Mainland mobile number, 11 digits');

export const CreateUserBody = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z][A-Za-z0-9_.-]{2,31}$/, '3–32 letters, digits, _ . -, starting with a letter')
    .describe('Sign-in name: 3–32 letters, digits, _ . -, starting with a letter'),
  displayName: z.string().trim().min(1).max(40).describe('The name people know them by'),
  phone: Phone.optional(),
  grants: z.array(GrantBody).min(1).max(20),
});

export const UpdateUserBody = z
  .object({ displayName: z.string().trim().min(1).max(40), phone: Phone.nullable() })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'Nothing to change' });

export const UserListQuery = PageQuery.extend({
  q: z.string().trim().max(40).optional().describe('Name or username contains, or a whole phone number'),
  role: z.enum(ROLES).optional(),
  status: z.enum(['active', 'disabled']).optional(),
  divisionId: id.optional().describe('Only people with a role in this division or below it'),
  withTotal: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});

export const GrantView = z.object({
  id: z.number(),
  role: z.enum(ROLES),
  divisionId: z.number().nullable(),
  gridId: z.number().nullable(),
  department: z.string().nullable(),
  unitName: z.string().describe('The division or grid by name'),
});

export const UserView = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  phone: z.string().nullable().describe('Masked (138****5678)'),
  status: z.enum(['active', 'disabled']),
  mustChangePassword: z.boolean(),
  locked: z.boolean().describe('Some source is locked out after failed sign-ins; unlock clears it'),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  grants: z.array(GrantView),
  manageable: z
    .boolean()
    .describe('Whether the caller may change this account (every role of it is within their reach)'),
});
export type UserView = z.infer<typeof UserView>;

export const UserPage = pageOf(UserView);

export const ResetPasswordBody = z
  .object({
    via: z
      .enum(['screen', 'sms'])
      .default('screen')
      .describe("screen: answered once, to give by hand; sms: sent to the account's phone, never shown"),
  })
  // A POST without a body arrives as null.
  .nullish();

export const InitialPasswordView = z.object({
  user: UserView,
  initialPassword: z.string().describe('Shown once: give it to the person; it must be changed at the first sign-in'),
});

export const ResetPasswordView = z.object({
  user: UserView,
  initialPassword: z
    .string()
    .nullable()
    .describe('Shown once: give it to the person; it must be changed at the first sign-in (null when sent by SMS)'),
  sentTo: z.string().nullable().describe('The masked phone the password was sent to, when sent by SMS'),
});

export const GrantableView = z.object({
  roles: z.array(
    z.object({
      role: z.enum(ROLES),
      levels: z.array(z.string()).describe('Division levels the role is granted over'),
      gridKinds: z.array(z.string()).describe('Grid kinds the role is granted over'),
      needsDepartment: z.boolean(),
    }),
  ),
  departments: z.array(z.enum(DEPARTMENTS)),
});

export const SetupStateView = z.object({
  needed: z.boolean().describe('No account exists yet: the first administrator is to be created'),
});

export const SetupBody = z.object({
  token: z.string().min(20).max(200).describe('The one-time token of the setup link the server printed'),
  username: CreateUserBody.shape.username,
  displayName: CreateUserBody.shape.displayName,
  phone: Phone.optional(),
  password: z.string().min(1).max(256).describe('At least 8 characters with letters and digits'),
  district: z.object({
    name: z.string().trim().min(1).max(60).describe('The district (区/县) the administrator governs'),
    code: z
      .string()
      .trim()
      .regex(/^\d{6}(\d{6})?$/, '6 or 12 digits')
      .describe('Its statistical division code (统计用区划代码): 6 or 12 digits'),
  }),
});
