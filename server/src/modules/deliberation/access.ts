import { covers, scopeFor, type Actor, type OrgPlace } from '../../platform/access.ts';
import type { TopicStatus } from './tables.ts';

/**
 * Who may see and do what in deliberation. One takes part in one's own community (and
 * those below it, for a street); staff with deliberation.manage run their area's. Which
 * communities one takes part in needs the org tree, so the service works that out
 * (Communities.of) and these rules take it as given.
 */

export function placeOf(communityId: number): OrgPlace {
  return { divisionId: communityId, gridId: null };
}

/** Staff who run the community's deliberation. */
export function manages(actor: Actor | null, communityId: number): boolean {
  return covers(scopeFor(actor, 'deliberation.manage'), placeOf(communityId));
}

/** The communities one runs as staff. */
export function managedCommunities(actor: Actor): readonly number[] {
  return scopeFor(actor, 'deliberation.manage').divisionIds;
}

/** A user named by staff (invited, present, hosting a desk) belongs to the community: living or working there, or staff above it. */
export function belongsTo(user: Actor | null, communityId: number): boolean {
  return (
    user !== null &&
    (user.home?.divisionId === communityId || user.grants.some((g) => g.divisionIds.includes(communityId)))
  );
}

export type TopicAction = 'agenda' | 'reject' | 'withdraw';

/** Staff put a topic onto the agenda or reject it; its author or staff withdraw it. */
export function mayActOnTopic(
  actor: Actor,
  t: { community_id: number; author_user_id: number },
  action: TopicAction,
): boolean {
  const staff = manages(actor, t.community_id);
  return action === 'withdraw' ? staff || t.author_user_id === actor.userId : staff;
}

/** The statuses a topic may be in for each action. */
export const TOPIC_ACTION_FROM: Record<TopicAction, readonly TopicStatus[]> = {
  agenda: ['open'],
  reject: ['open', 'on_agenda'],
  withdraw: ['open', 'on_agenda'],
};

/** A desk's slots and bookings are run by its host and the community's staff. */
export function runsDesk(actor: Actor, d: { community_id: number; host_user_id: number | null }): boolean {
  return d.host_user_id === actor.userId || manages(actor, d.community_id);
}

/** A booking is cancelled by the one who booked, the desk's host or staff. */
export function mayCancelBooking(
  actor: Actor,
  b: { user_id: number; community_id: number; host_user_id: number | null },
): boolean {
  return b.user_id === actor.userId || runsDesk(actor, b);
}
