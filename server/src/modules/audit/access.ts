import { requirePermission, type Actor, type OrgPlace, type Scope } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';

/**
 * Admins see the records of their area. Records with no place at all (sign-in attempts
 * under unknown names, system work) are kept for operators and not listed.
 */
export function auditReach(actor: Actor | null): Scope {
  return requirePermission(actor, 'audit.read');
}

/** A record without a place of its own is filed where the actor works (their first grant), so it shows to that area's admins only. */
export function placeOfRecord(ctx: RequestContext, place: OrgPlace | undefined): OrgPlace | undefined {
  return place ?? ctx.actor?.home ?? undefined;
}
