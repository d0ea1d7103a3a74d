import { covers, requirePermission, scopeFor, type Actor, type OrgPlace, type Scope } from '../../platform/access.ts';
import { AppError } from '../../platform/errors.ts';

// The org module's own access rules. Reads and writes of one record go through the
// platform's assertCanRead / assertCanWrite with the record's place from here; what
// is particular to the org (whole numbers, where a person may be filed, the tree, own
// imports) is decided below.

/** Where a division sits, for the scope checks; undefined when there is none. */
export function divisionPlace(d: { id: number } | undefined): OrgPlace | undefined {
  return d ? { divisionId: d.id, gridId: null } : undefined;
}

export function gridPlace(g: { id: number; community_id: number } | undefined): OrgPlace | undefined {
  return g ? { divisionId: g.community_id, gridId: g.id } : undefined;
}

/** A building, a person or an assignment: filed under its community and, if any, its grid. */
export function filedPlace(r: { community_id: number; grid_id: number | null } | undefined): OrgPlace | undefined {
  return r ? { divisionId: r.community_id, gridId: r.grid_id } : undefined;
}

export const buildingPlace = filedPlace;
export const personPlace = filedPlace;
export const assignmentPlace = filedPlace;

/** What the org tree shows a caller: what they may read, and the boards they may see. */
export function treeReach(actor: Actor) {
  const scope = scopeFor(actor, 'org.read');
  const boardScope = scopeFor(actor, 'org.board.read');
  return {
    scope,
    gridIds: [...new Set([...scope.gridIds, ...boardScope.gridIds])],
    divisionIds: new Set([...scope.divisionIds, ...boardScope.divisionIds]),
  };
}

/**
 * Looking people up by a whole phone or ID number is a read of that number: only for
 * those who may see numbers whole, within that reach (else the four masked digits could
 * be found by trying). The caller audits it.
 */
export function personSearchScope(actor: Actor | null, numberSearch: boolean): Scope {
  const scope = requirePermission(actor, 'org.person.read');
  return numberSearch ? requirePermission(actor, 'org.person.reveal') : scope;
}

/** A grid worker registers people in their own grid, admins anywhere in their area; a person is never moved out of reach. */
export function assertMayFilePerson(actor: Actor | null, place: OrgPlace): void {
  if (!covers(scopeFor(actor, 'org.person.write'), place)) throw new AppError('forbidden');
}

/** Whole ID and phone numbers only for those who may reveal them where the person lives. */
export function assertMayReveal(actor: Actor | null, place: OrgPlace): void {
  if (!covers(scopeFor(actor, 'org.person.reveal'), place)) throw new AppError('forbidden');
}

/** Each importer sees their own imports; anyone else's answer "not found". */
export function assertOwnImport(actor: Actor, job: { created_by: number } | undefined): void {
  if (!job || job.created_by !== actor.userId) throw new AppError('not_found');
}
