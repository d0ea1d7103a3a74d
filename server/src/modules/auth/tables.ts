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
  failed_logins: Generated<number>;
  locked_until: Date | null;
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

export interface UnknownLoginFailureTable {
  login_hash: string;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  updated_at: Date;
}

export interface AuthTables {
  'auth.unknown_login_failures': UnknownLoginFailureTable;
  'auth.users': UserTable;
  'auth.role_grants': RoleGrantTable;
  'auth.sessions': SessionTable;
}
