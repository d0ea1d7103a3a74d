import type { z } from 'zod';
import {
  covers,
  ROLE_PERMISSIONS,
  scopeFor,
  STAFF_ROLES,
  type Actor,
  type OrgPlace,
  type Scope,
} from '../../platform/access.ts';
import type { CaseRow } from './repository.ts';
import type * as S from './schema.ts';
import { isOpen, transition, UNDER_MEDIATION, type CaseAction } from './workflow.ts';

/**
 * Who may see and do what in mediation. Pure: the service looks up the facts that need
 * the database (is the caller on the task force, a member of the studio) and passes them in.
 */

export type Viewer = 'manager' | 'handler' | 'reader';
export type Allowed = z.infer<typeof S.CaseAllowed>;

export interface CaseAccess {
  viewer: Viewer | null;
  /** Acts on the case: the admins of its area, its mediator and its task force. */
  handle: boolean;
  manage: boolean;
  studioMember: boolean;
}

/** The access of one who sees the case. */
export type SeenCase = CaseAccess & { viewer: Viewer };

export function placeOf(c: { community_id: number; grid_id: number | null }): OrgPlace {
  return { divisionId: c.community_id, gridId: c.grid_id };
}

/** A studio's place: its division, no grid. */
export function studioPlace(divisionId: number): OrgPlace {
  return { divisionId, gridId: null };
}

/**
 * The area whose cases one reads as staff: grants with mediation.read other than the
 * mediator's. A mediator sees the cases of their studios and those assigned to them.
 */
export function areaScope(actor: Actor): Scope {
  const divisionIds = new Set<number>();
  const gridIds = new Set<number>();
  for (const g of actor.grants) {
    if (g.role === 'mediator' || !ROLE_PERMISSIONS[g.role].includes('mediation.read')) continue;
    for (const id of g.divisionIds) divisionIds.add(id);
    if (g.gridId !== null) gridIds.add(g.gridId);
  }
  return { divisionIds: [...divisionIds], gridIds: [...gridIds] };
}

/** The divisions whose studios one reads: one's area and one's mediation.read grants. */
export function readableDivisions(actor: Actor): number[] {
  return [...new Set([...areaScope(actor).divisionIds, ...scopeFor(actor, 'mediation.read').divisionIds])];
}

export function managesPlace(actor: Actor, place: OrgPlace): boolean {
  return covers(scopeFor(actor, 'mediation.manage'), place);
}

export function handlesPlace(actor: Actor, place: OrgPlace): boolean {
  return covers(scopeFor(actor, 'mediation.handle'), place);
}

/** A user holding a staff role (mediators are users with the mediator role, or staff). */
export function isStaff(user: Actor): boolean {
  return user.grants.some((g) => STAFF_ROLES.includes(g.role));
}

/** One's access to a case, given whether one is assigned to it (mediator or task force) and a member of its studio. */
export function caseAccess(actor: Actor, c: CaseRow, facts: { assigned: boolean; studioMember: boolean }): CaseAccess {
  const place = placeOf(c);
  const manage = managesPlace(actor, place);
  const reads = covers(areaScope(actor), place) || facts.studioMember;
  const viewer: Viewer | null = manage ? 'manager' : facts.assigned ? 'handler' : reads ? 'reader' : null;
  return { viewer, handle: manage || facts.assigned, manage, studioMember: facts.studioMember };
}

/** What the caller may do with the case now, for the console's buttons. */
export function allowedActions(c: CaseRow, access: CaseAccess, agreement: { unpaid: boolean } | null): Allowed[] {
  const out: Allowed[] = [];
  const can = (action: CaseAction) => transition(action, c.status) !== null;
  const open = isOpen(c.status);
  if (access.handle && open) out.push('edit', 'party', 'session');
  if (open && c.mediator_user_id === null && (access.manage || access.studioMember)) out.push('take');
  if (access.manage && open) out.push('assign');
  if (access.manage && UNDER_MEDIATION.includes(c.status)) out.push('extend');
  if (!access.handle) return out;
  if (can('investigate')) out.push('investigate');
  if (can('mediate')) out.push('mediate');
  if (can('agree')) out.push('agree');
  if (can('perform') && agreement?.unpaid) out.push('pay');
  if (can('perform') && c.performed_at === null && !agreement?.unpaid) out.push('perform');
  if (can('close')) out.push('follow_up');
  if (can('close') && c.performed_at !== null) out.push('close');
  if (can('fail')) out.push('fail');
  if (can('withdraw')) out.push('withdraw');
  if (open && c.group_dispute) out.push('claim');
  out.push('reveal');
  return out;
}
