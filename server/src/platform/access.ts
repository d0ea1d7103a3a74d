import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { AppError } from './errors.ts';

export { PERMISSIONS, ROLES, STAFF_ROLES, type Permission, type Role } from './roles.ts';
import { PERMISSIONS, type Permission, type Role } from './roles.ts';

// The restricted register (重点人群) is held by safety officers only, never by administrators as such.
const RESTRICTED: readonly Permission[] = ['special.read', 'special.manage'];
const ADMIN: Permission[] = PERMISSIONS.filter((p) => !RESTRICTED.includes(p));

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  resident: ['org.board.read', 'matters.report'],
  courier: ['org.board.read', 'matters.report'],
  merchant: ['org.board.read', 'matters.report'],
  mediator: [
    'org.read',
    'org.board.read',
    'org.person.read',
    'matters.report',
    'matters.read',
    'mediation.read',
    'mediation.handle',
  ],
  // 综治专干: the restricted register of their community or street, and the people registry (masked) to find people in.
  safety_officer: [
    'org.read',
    'org.board.read',
    'org.person.read',
    'matters.report',
    'special.read',
    'special.manage',
    'legal.manage',
  ],
  dept_staff: [
    'org.read',
    'org.board.read',
    'matters.report',
    'matters.read',
    'matters.handle',
    'devices.read',
    'devices.handle',
    // The police station's anti-fraud team reads the reports of suspicious numbers it is sent.
    'legal.manage',
  ],
  grid_worker: [
    'org.read',
    'org.board.read',
    'org.person.read',
    'org.person.reveal',
    'org.person.write',
    'matters.report',
    'matters.read',
    'matters.handle',
    'care.read',
    'care.manage',
    'charging.read',
    'devices.read',
    'devices.handle',
    'field.patrol',
    'field.read',
    'servicemap.read',
    'cockpit.read',
    'compounds.read',
    // 智慧平安小区: the entries, passes and alarms of the compounds they can see.
    'access.read',
    // A warning in their grid comes to them as a matter: they read it and say what it was.
    'warnings.read',
    'warnings.judge',
    // Elders of their grid who did not acknowledge an anti-fraud alert come to them as visit tasks.
    'notices.visit',
  ],
  // Supervision (督办) is the street's and district's: a community reads the orders on it.
  // Assessment (考核): a community reads its scores; a street reviews appeals; the district sets schemes.
  community_admin: ADMIN.filter(
    (p) =>
      p !== 'org.division.write' &&
      p !== 'matters.configure' &&
      p !== 'supervision.manage' &&
      p !== 'reports.generate' &&
      p !== 'assessment.review' &&
      p !== 'assessment.configure',
  ),
  street_admin: ADMIN.filter((p) => p !== 'matters.configure' && p !== 'assessment.configure'),
  district_admin: ADMIN,
};

export interface Grant {
  role: Role;
  divisionId: number | null;
  gridId: number | null;
  /** For department staff: which department (城管, 消防, …) they work for. */
  department?: string | null;
}

/** A grant with the divisions it reaches resolved (the granted one and all below it). */
export interface ResolvedGrant extends Grant {
  divisionIds: readonly number[];
}

export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  locale: 'zh-CN' | 'en';
  personId: number | null;
  grants: readonly ResolvedGrant[];
  /** Where the actor works (their first grant, a grid with its community); audit records without a place of their own go here. */
  home?: OrgPlace | null;
}

/**
 * An administrator of exactly one unit (and the communities below it), for work the system
 * does on a unit's behalf with no user of its own: a monthly report's figures, the cockpit's
 * nightly red/amber/green. Its reads are what that unit's own administrator would read.
 */
export function unitAdministrator(unit: { id: number }, divisionIds: readonly number[], displayName: string): Actor {
  return {
    userId: 0,
    username: 'system',
    displayName,
    locale: 'zh-CN',
    personId: null,
    grants: [{ role: 'district_admin', divisionId: unit.id, gridId: null, department: null, divisionIds }],
    home: { divisionId: unit.id, gridId: null },
  };
}

/** The org units a permission reaches for an actor: whole divisions, and single grids. */
export interface Scope {
  divisionIds: readonly number[];
  gridIds: readonly number[];
}

export function scopeFor(actor: Actor | null, permission: Permission): Scope {
  if (!actor) return { divisionIds: [], gridIds: [] };
  const divisionIds = new Set<number>();
  const gridIds = new Set<number>();
  for (const grant of actor.grants) {
    if (!ROLE_PERMISSIONS[grant.role].includes(permission)) continue;
    for (const id of grant.divisionIds) divisionIds.add(id);
    if (grant.gridId !== null) gridIds.add(grant.gridId);
  }
  return { divisionIds: [...divisionIds], gridIds: [...gridIds] };
}

export function isEmptyScope(scope: Scope) {
  return scope.divisionIds.length === 0 && scope.gridIds.length === 0;
}

export function hasPermission(actor: Actor | null, permission: Permission) {
  return !isEmptyScope(scopeFor(actor, permission));
}

/** Where a record sits in the org: the division it belongs to and, if any, its grid. */
export interface OrgPlace {
  divisionId: number | null;
  gridId: number | null;
}

export function covers(scope: Scope, place: OrgPlace) {
  return (
    (place.divisionId !== null && scope.divisionIds.includes(place.divisionId)) ||
    (place.gridId !== null && scope.gridIds.includes(place.gridId))
  );
}

export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new AppError('unauthenticated');
  return actor;
}

/** For actions that touch no existing record (create, list): the permission anywhere. */
export function requirePermission(actor: Actor | null, permission: Permission): Scope {
  const scope = scopeFor(requireActor(actor), permission);
  if (isEmptyScope(scope)) throw new AppError('forbidden');
  return scope;
}

/**
 * Reads of a record out of reach answer "not found", the same as a missing one,
 * so that scope cannot be probed.
 */
export function assertCanRead(actor: Actor | null, permission: Permission, place: OrgPlace | undefined): void {
  const scope = scopeFor(requireActor(actor), permission);
  if (!place || !covers(scope, place)) throw new AppError('not_found');
}

/** Writes to a record out of reach answer 403; a missing record 404. */
export function assertCanWrite(actor: Actor | null, permission: Permission, place: OrgPlace | undefined): void {
  const scope = scopeFor(requireActor(actor), permission);
  if (!place) throw new AppError('not_found');
  if (!covers(scope, place)) throw new AppError('forbidden');
}

/**
 * A WHERE condition limiting rows to a scope, given the names of the row's
 * division and grid columns. An empty scope matches nothing.
 */
export function inScope<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  scope: Scope,
  columns: { division: string; grid?: string },
): Expression<SqlBool> {
  // One id is compared with =, so that an index on (column, id) can serve the ordered scan.
  const match = (column: string, ids: readonly number[]) =>
    ids.length === 1
      ? sql<SqlBool>`${sql.ref(column)} = ${ids[0]}`
      : sql<SqlBool>`${sql.ref(column)} = any(${sql.val([...ids])}::int[])`;
  const parts: Expression<SqlBool>[] = [];
  if (scope.divisionIds.length > 0) parts.push(match(columns.division, scope.divisionIds));
  if (columns.grid && scope.gridIds.length > 0) parts.push(match(columns.grid, scope.gridIds));
  if (parts.length === 0) return sql<SqlBool>`false`;
  return eb.or(parts);
}

/**
 * A part of the caller's scope that a summary (the cockpit) is narrowed to: some communities,
 * or one grid. A part left undefined does not narrow.
 */
export interface AreaFilter {
  communityIds?: readonly number[] | undefined;
  gridId?: number | undefined;
}

/** Communities one may count, narrowed to an area's divisions (OrgService.divisionsUnder) when one is asked for. */
export function withinArea(communityIds: readonly number[], area: readonly number[] | undefined): number[] {
  return area === undefined ? [...communityIds] : communityIds.filter((id) => area.includes(id));
}

/** A WHERE condition for an AreaFilter, given the row's community and grid columns. */
export function inArea<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  area: AreaFilter,
  columns: { community: string; grid: string },
): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [];
  if (area.communityIds !== undefined)
    parts.push(sql<SqlBool>`${sql.ref(columns.community)} = any(${sql.val([...area.communityIds])}::int[])`);
  if (area.gridId !== undefined) parts.push(sql<SqlBool>`${sql.ref(columns.grid)} = ${area.gridId}`);
  return parts.length === 0 ? sql<SqlBool>`true` : eb.and(parts);
}
