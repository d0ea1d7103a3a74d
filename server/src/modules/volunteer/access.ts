import { covers, requirePermission, scopeFor, type Actor } from '../../platform/access.ts';
import { AppError } from '../../platform/errors.ts';

/**
 * Who may see and change what in volunteering. One sees the public volunteering of
 * one's own area (home community, or a street's communities) and staff of theirs;
 * staff with volunteer.manage run their communities; a team's leaders run its
 * activities. Out of reach reads answer "not found" (the services decide the answer).
 */

/** Staff who run volunteering in the community. */
export function manages(actor: Actor | null, communityId: number) {
  return covers(scopeFor(actor, 'volunteer.manage'), { divisionId: communityId, gridId: null });
}

/** The communities staff count in their stats: the one asked for (if in the area), or all of the area. */
export function communitiesToCount(actor: Actor | null, communityId: number | undefined): number[] {
  const scope = requirePermission(actor, 'volunteer.manage');
  if (communityId === undefined) return [...scope.divisionIds];
  if (!covers(scope, { divisionId: communityId, gridId: null })) throw new AppError('not_found');
  return [communityId];
}

/** The communities of a person's area, for volunteering (communitiesOf with the org's divisions). */
export type AreaOf = (actor: Actor) => Promise<number[]>;

/** The communities whose volunteering one sees: one's area (home and below), and staff their area. `communitiesUnder` expands a division. */
export async function communitiesOf(
  actor: Actor,
  communitiesUnder: (divisionId: number) => Promise<number[] | undefined>,
): Promise<number[]> {
  const staff = scopeFor(actor, 'volunteer.manage').divisionIds;
  const home = actor.home?.divisionId ?? null;
  const below = home !== null ? ((await communitiesUnder(home)) ?? [home]) : [];
  return [...new Set([...staff, ...below])];
}

/** A team's leader, or staff of its community, runs its activities and approves hours. */
export function leads(actor: Actor, membership: { role: 'leader' | 'member' } | undefined, communityId: number) {
  return membership?.role === 'leader' || manages(actor, communityId);
}

/** One joins a team oneself as a member; adding others, or making leaders, is for staff. */
export function maySetMember(actor: Actor, communityId: number, userId: number | undefined, role: 'leader' | 'member') {
  const self = userId === undefined || userId === actor.userId;
  return (self && role !== 'leader') || manages(actor, communityId);
}

/** One leaves a team oneself; staff remove others. */
export function mayRemoveMember(actor: Actor, communityId: number, userId: number) {
  return userId === actor.userId || manages(actor, communityId);
}

/** Verified deeds are the community's 好人榜; reports awaiting a decision only staff and their reporter see. */
export function seesGoodDeed(actor: Actor, deed: { status: string; reporter_user_id: number; community_id: number }) {
  return (
    deed.status === 'verified' ||
    deed.reporter_user_id === actor.userId ||
    scopeFor(actor, 'volunteer.manage').divisionIds.includes(deed.community_id)
  );
}

export type WishAction = 'claim' | 'fulfil' | 'thank' | 'cancel';

/**
 * Moving a wish on: anyone of the area claims it (staff also on behalf of a unit),
 * the claimer or staff fulfil it, its poster or staff thank, staff cancel.
 */
export function mayMoveWish(
  actor: Actor,
  wish: { community_id: number; claimed_by_user_id: number | null; posted_by: number },
  action: WishAction,
  forUnit: boolean,
) {
  const staff = manages(actor, wish.community_id);
  switch (action) {
    case 'claim':
      return !forUnit || staff;
    case 'fulfil':
      return wish.claimed_by_user_id === actor.userId || staff;
    case 'thank':
      return staff || wish.posted_by === actor.userId;
    case 'cancel':
      return staff;
  }
}
