import { covers, scopeFor, type Actor, type OrgPlace } from '../../platform/access.ts';
import type { CaseRow } from './repository.ts';

/**
 * Who may do what with a rights case. Pure. The worker reads their own case; staff read the
 * cases of their area, masked, and reveal the worker's numbers only with rights.reveal.
 */
export function placeOf(c: { community_id: number; grid_id: number | null }): OrgPlace {
  return { divisionId: c.community_id, gridId: c.grid_id };
}

export function isOwnCase(actor: Actor, c: CaseRow): boolean {
  return c.worker_user_id !== null && c.worker_user_id === actor.userId;
}

export function mayReadCase(actor: Actor, c: CaseRow): boolean {
  return isOwnCase(actor, c) || covers(scopeFor(actor, 'rights.read'), placeOf(c));
}

export function mayHandle(actor: Actor, place: OrgPlace): boolean {
  return covers(scopeFor(actor, 'rights.handle'), place);
}

export function mayReveal(actor: Actor, place: OrgPlace): boolean {
  return covers(scopeFor(actor, 'rights.reveal'), place);
}

export function mayManageRota(actor: Actor, place: OrgPlace): boolean {
  return covers(scopeFor(actor, 'rights.manage'), place);
}
