import type { Generated } from 'kysely';
import type { Role } from '../../platform/access.ts';

export interface UserTable {
  id: Generated<number>;
  username: string;
  phone: string | null;
  display_name: string;
  password_hash: string;
  person_id: number | null;
  locale: Generated<'zh-CN' | 'en'>;
  status: Generated<'active' | 'disabled'>;
  /** Set on new accounts and after a reset: every route but the password change answers 403 until it is changed. */
  must_change_password: Generated<boolean>;
  /** False while the account has no password of its own (made by phone sign-in): the first one needs no current one. */
  password_set: Generated<boolean>;
  password_changed_at: Date;
  last_login_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface RoleGrantTable {
  id: Generated<number>;
  user_id: number;
  role: Role;
  division_id: number | null;
  grid_id: number | null;
  department: string | null;
  created_at: Date;
}

export interface SessionTable {
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: Date;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
}

/** Failed sign-ins under a key: an account and a source address, or an account from anywhere (hashed). */
export interface LoginFailureTable {
  key: string;
  /** The account counted, when it exists (an administrator's unlock clears its rows); null for unknown names. */
  user_id: number | null;
  failed_logins: number;
  locked_until: Date | null;
  last_failed_at: Date | null;
  updated_at: Date;
}

/** One-time links that create the first administrator of an install without accounts (SHA-256 kept only). */
export interface SetupTokenTable {
  token_hash: string;
  created_at: Date;
  used_at: Date | null;
}

/** A one-time code sent to a phone (sign-in by phone, change of phone); only hashes kept. */
export interface PhoneCodeTable {
  id: Generated<number>;
  phone_key: string;
  purpose: 'login' | 'change_phone';
  code_hash: string;
  ip: string | null;
  attempts: Generated<number>;
  expires_at: Date;
  used_at: Date | null;
  created_at: Date;
}

/** A person's request to delete their account, and the staff decision on it. */
export interface DeletionRequestTable {
  id: Generated<number>;
  user_id: number;
  reason: Generated<string>;
  status: Generated<'requested' | 'approved' | 'rejected' | 'withdrawn'>;
  requested_at: Date;
  decided_at: Date | null;
  decided_by: number | null;
  note: Generated<string>;
}

export type InvitationKind = 'person' | 'mobile_grid' | 'merchant';

/**
 * A code staff hand out (printed, as a QR): it binds an account to a registered person,
 * makes it a courier of a mobile grid, or links it to a merchant. Only the hash is kept.
 */
export interface InvitationTable {
  id: Generated<number>;
  kind: InvitationKind;
  /** The person, the mobile grid or the merchant. */
  target_id: number;
  /** The community the target belongs to (scope). */
  division_id: number;
  /** The mobile grid, for a grid's invitation (scope of those who administer the grid). */
  grid_id: number | null;
  code_hash: string;
  expires_at: Date;
  max_uses: number;
  uses: Generated<number>;
  revoked_at: Date | null;
  revoked_by: number | null;
  created_by: number;
  created_at: Date;
}

export interface AuthTables {
  'auth.invitations': InvitationTable;
  'auth.deletion_requests': DeletionRequestTable;
  'auth.phone_codes': PhoneCodeTable;
  'auth.setup_tokens': SetupTokenTable;
  'auth.login_failures': LoginFailureTable;
  'auth.users': UserTable;
  'auth.role_grants': RoleGrantTable;
  'auth.sessions': SessionTable;
}
