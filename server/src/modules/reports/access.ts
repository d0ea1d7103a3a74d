import { ROLE_PERMISSIONS, scopeFor, type Actor, type Scope } from '../../platform/access.ts';

/**
 * Who may read and make monthly reports (月度通报). A report is about a street or district:
 * staff whose area covers it read it (the street's and the district's administrators), and so do
 * those working inside it — a 通报 is circulated down to the communities and streets it ranks —
 * but nobody reads the report of a unit they neither cover nor lie in. Making one (generating
 * again) is for those who hold reports.generate over the unit itself.
 */

/** The divisions granted with reports.read: their streets and districts are read too. */
export function readGrantDivisions(actor: Actor): number[] {
  return actor.grants
    .filter((g) => g.divisionId !== null && ROLE_PERMISSIONS[g.role].includes('reports.read'))
    .map((g) => g.divisionId!);
}

/** The units whose reports the caller reads: their area, and the streets and districts it lies in. */
export function readableUnits(scope: Scope, enclosing: Iterable<number>): number[] {
  return [...new Set([...scope.divisionIds, ...enclosing])];
}

export function mayGenerate(actor: Actor, unitId: number): boolean {
  return scopeFor(actor, 'reports.generate').divisionIds.includes(unitId);
}
