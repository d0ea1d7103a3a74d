import { covers, requireActor, scopeFor, type Actor, type OrgPlace } from '../../platform/access.ts';
import { AppError } from '../../platform/errors.ts';

/**
 * Who may do what with charging: staff of the area read stations and sessions
 * (charging.read) and manage stations, ports, tariffs and sessions by hand (charging.manage).
 * A station or session out of sight does not exist for the caller (404); one seen but not
 * managed is forbidden (403).
 */

export const placeOf = (s: { community_id: number; grid_id: number | null }): OrgPlace => ({
  divisionId: s.community_id,
  gridId: s.grid_id,
});

/** 404 unless the caller reads charging where the record sits. */
export function assertReadable(actor: Actor | null, record: { community_id: number; grid_id: number | null }) {
  if (!covers(scopeFor(requireActor(actor), 'charging.read'), placeOf(record))) throw new AppError('not_found');
}

/** 404 if out of sight, 403 if seen but not managed. */
export function assertManageable(actor: Actor | null, record: { community_id: number; grid_id: number | null }) {
  const a = requireActor(actor);
  if (covers(scopeFor(a, 'charging.manage'), placeOf(record))) return;
  throw new AppError(covers(scopeFor(a, 'charging.read'), placeOf(record)) ? 'forbidden' : 'not_found');
}
