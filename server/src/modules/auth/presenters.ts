import type { AuthenticatedSession } from '../../platform/http.ts';
import { maskPhone } from '../../platform/personal-data.ts';
import { permissionsOf } from './access.ts';
import type { MeView } from './schema.ts';

/** The signed-in user as the API shows them: roles, what they may do, and the CSRF token. */
export function presentMe(session: AuthenticatedSession): MeView {
  const { actor } = session;
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    locale: actor.locale,
    personId: actor.personId,
    roles: actor.grants.map((g) => ({
      role: g.role,
      divisionId: g.divisionId,
      gridId: g.gridId,
      department: g.department ?? null,
    })),
    permissions: permissionsOf(actor.grants),
    csrfToken: session.csrfToken,
    mustChangePassword: session.mustChangePassword,
    hasPassword: session.hasPassword,
  };
}

/** A login as it may go into the audit log: a phone number masked, a name cut short (it may be a mistyped password). */
export function maskLogin(login: string): string {
  if (/^1\d{10}$/.test(login)) return maskPhone(login)!;
  return login.length <= 3 ? `${login[0] ?? ''}**` : `${login.slice(0, 2)}***(${login.length})`;
}
