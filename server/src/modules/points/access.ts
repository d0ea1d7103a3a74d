import { covers, requirePermission, scopeFor, type Actor } from '../../platform/access.ts';
import { AppError } from '../../platform/errors.ts';

/**
 * Who may see and change what in the points module. Staff act in their area by the
 * permissions points.read and points.manage; a person reads their own account; a
 * merchant's own user runs it. What is out of reach answers "not found" to readers.
 */

const place = (communityId: number) => ({ divisionId: communityId, gridId: null });

/** Staff with the permission in the community's area. */
export function isStaffOf(actor: Actor | null, permission: 'points.read' | 'points.manage', communityId: number) {
  return covers(scopeFor(actor, permission), place(communityId));
}

/** Changes to a community's points (rules, corrections, honours, merchants) are for its managing staff. */
export function assertManages(actor: Actor | null, communityId: number) {
  const scope = requirePermission(actor, 'points.manage');
  if (!covers(scope, place(communityId))) throw new AppError('forbidden');
}

/** The communities a staff read covers: the one asked for (if in the area), or all of the area. */
export function communitiesToRead(actor: Actor | null, communityId: number | undefined): number[] {
  const scope = requirePermission(actor, 'points.read');
  if (communityId === undefined) return [...scope.divisionIds];
  if (!covers(scope, place(communityId))) throw new AppError('not_found');
  return [communityId];
}

/**
 * Another's statement: read by the merchant who runs the account, or by staff of the
 * area — people by their home community, issuing accounts by theirs, merchants by theirs.
 */
export function mayReadStatement(
  actor: Actor,
  account: { user_id: number | null; community_id: number | null },
  merchant: { user_id: number | null; community_id: number } | undefined,
) {
  if (account.user_id === actor.userId) return true;
  if (merchant && merchant.user_id === actor.userId) return true;
  const communityId = account.community_id ?? merchant?.community_id ?? null;
  return communityId !== null && isStaffOf(actor, 'points.read', communityId);
}

/** A merchant is read and changed by its own user, or by staff of its community (read or manage). */
export function mayUseMerchant(
  actor: Actor,
  merchant: { user_id: number | null; community_id: number },
  write: boolean,
) {
  return (
    merchant.user_id === actor.userId ||
    isStaffOf(actor, write ? 'points.manage' : 'points.read', merchant.community_id)
  );
}

/** A merchant edits its own details; credit score and standing are for staff. */
export function mayChangeStanding(actor: Actor, merchant: { community_id: number }) {
  return isStaffOf(actor, 'points.manage', merchant.community_id);
}

/**
 * The communities whose public lists (leaderboard, honours) one may see: those asked
 * for if one's own, of one's street, or of one's staff area; else all of these.
 * `communitiesUnder` gives a division's communities (a street's, or a community itself).
 */
export async function readableCommunities(
  actor: Actor,
  communityId: number | undefined,
  communitiesUnder: (divisionId: number) => Promise<number[] | undefined>,
): Promise<number[]> {
  const staff = scopeFor(actor, 'points.read');
  const home = actor.home?.divisionId ?? null;
  if (communityId !== undefined) {
    if (communityId === home || covers(staff, place(communityId))) return [communityId];
    // A resident whose home is a street sees its communities too.
    if (home !== null && (await communitiesUnder(home))?.includes(communityId)) return [communityId];
    throw new AppError('not_found');
  }
  if (staff.divisionIds.length) return [...staff.divisionIds];
  if (home !== null) return (await communitiesUnder(home)) ?? [home];
  return [];
}
