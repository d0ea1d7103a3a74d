import { timingSafeEqual } from 'node:crypto';
import { ROLE_PERMISSIONS, type Grant, type Permission } from '../../platform/access.ts';

// The auth module's own rules about who may do what: the permissions a user's grants
// give (the table itself is the platform's, in platform/access.ts), and the CSRF check
// of a state-changing request. Who may sign in is decided in the service (status,
// lockout after LOGIN_MAX_FAILURES).

/** Every permission the grants give, sorted. */
export function permissionsOf(grants: readonly Grant[]): Permission[] {
  const permissions = new Set<Permission>();
  for (const g of grants) for (const p of ROLE_PERMISSIONS[g.role]) permissions.add(p);
  return [...permissions].sort();
}

/** Whether the CSRF token a request presents is its session's, compared in constant time. */
export function csrfTokensMatch(expected: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
