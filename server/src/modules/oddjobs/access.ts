import { covers, scopeFor, type Actor } from '../../platform/access.ts';
import type { EmployerRow, PostingRow } from './repository.ts';

/**
 * Who may do what in the odd-job market. Pure. An employer acts on their own postings and their
 * applicants; a seeker on their own applications; staff read (oddjobs.read) and review employers
 * (oddjobs.review) of the communities in their scope. Anything else is refused.
 */
export const placeOf = (r: { community_id: number }) => ({ divisionId: r.community_id, gridId: null });

export function mayReadMarket(actor: Actor, r: { community_id: number }): boolean {
  return covers(scopeFor(actor, 'oddjobs.read'), placeOf(r));
}

export function mayReview(actor: Actor, e: EmployerRow): boolean {
  return covers(scopeFor(actor, 'oddjobs.review'), placeOf(e));
}

export function ownsEmployer(actor: Actor, e: EmployerRow): boolean {
  return e.user_id === actor.userId;
}

/** Open postings are public to signed-in users; others only to their employer and staff. */
export function mayReadPosting(actor: Actor, p: PostingRow, employer: EmployerRow): boolean {
  return p.status === 'open' || ownsEmployer(actor, employer) || mayReadMarket(actor, p);
}

/** Staff who review employers also help the hard to place (重点帮扶) of their communities. */
export function mayHelp(actor: Actor, r: { community_id: number }): boolean {
  return covers(scopeFor(actor, 'oddjobs.review'), placeOf(r));
}
