import type { Grant, ResolvedGrant, Role } from '../../platform/access.ts';
import { DEPARTMENTS } from '../../enums.ts';

// Who may grant which role over which org unit. The rule of the issue: nobody grants what
// they do not hold — an administrator grants roles at most as high as an administrator role
// they hold, only over units inside the division of that role.

/** How high a role stands: residents 0, field staff 1, then community, street, district. */
export const ROLE_RANK: Record<Role, number> = {
  resident: 0,
  courier: 0,
  merchant: 0,
  grid_worker: 1,
  mediator: 1,
  safety_officer: 1,
  dept_staff: 1,
  community_admin: 2,
  street_admin: 3,
  district_admin: 4,
};

const ADMIN_ROLES: readonly Role[] = ['community_admin', 'street_admin', 'district_admin'];

/** The kind of unit each role is granted over: divisions of these levels, or grids of these kinds. */
export const ROLE_UNITS: Record<Role, { levels: readonly string[]; gridKinds: readonly string[] }> = {
  resident: { levels: ['community'], gridKinds: [] },
  merchant: { levels: ['community'], gridKinds: [] },
  courier: { levels: ['street', 'community'], gridKinds: ['mobile'] },
  grid_worker: { levels: [], gridKinds: ['resident', 'special', 'mobile'] },
  mediator: { levels: ['community', 'street'], gridKinds: [] },
  safety_officer: { levels: ['community', 'street'], gridKinds: [] },
  dept_staff: { levels: ['street', 'district'], gridKinds: [] },
  community_admin: { levels: ['community'], gridKinds: [] },
  street_admin: { levels: ['street'], gridKinds: [] },
  district_admin: { levels: ['district'], gridKinds: [] },
};

/** A unit a grant is over, with the divisions holding it (root first, the unit's own division included). */
export interface UnitInfo {
  kind: 'division' | 'grid';
  level: string | null;
  gridKind: string | null;
  chain: readonly number[];
}

/** Why a grant cannot be given: a wrong unit for the role, or beyond the granter's reach. */
export type GrantRefusal = 'unit_kind' | 'department' | 'beyond_reach';

/** Whether the unit is the right kind for the role, and the department given where one is needed. */
export function unitProblem(grant: Grant, unit: UnitInfo | undefined): GrantRefusal | null {
  const fits = ROLE_UNITS[grant.role];
  if (!unit) return 'unit_kind';
  if (unit.kind === 'grid' ? !fits.gridKinds.includes(unit.gridKind ?? '') : !fits.levels.includes(unit.level ?? ''))
    return 'unit_kind';
  const needsDepartment = grant.role === 'dept_staff';
  if (needsDepartment !== Boolean(grant.department)) return 'department';
  if (grant.department && !(DEPARTMENTS as readonly string[]).includes(grant.department)) return 'department';
  return null;
}

/**
 * Whether the granter may give a role over a unit: one of the granter's administrator roles,
 * at least as high, is held over a division that holds the unit.
 */
export function mayGrant(granter: readonly ResolvedGrant[], role: Role, unit: UnitInfo): boolean {
  return granter.some(
    (g) =>
      ADMIN_ROLES.includes(g.role) &&
      ROLE_RANK[role] <= ROLE_RANK[g.role] &&
      g.divisionId !== null &&
      unit.chain.includes(g.divisionId),
  );
}

/** The roles the granter may give somewhere (for the form that grants them). */
export function grantableRoles(granter: readonly ResolvedGrant[]): Role[] {
  const top = Math.max(-1, ...granter.filter((g) => ADMIN_ROLES.includes(g.role)).map((g) => ROLE_RANK[g.role]));
  return (Object.keys(ROLE_RANK) as Role[]).filter((r) => ROLE_RANK[r] <= top);
}
