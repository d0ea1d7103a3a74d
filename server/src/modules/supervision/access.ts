import { covers, requireActor, scopeFor, type Actor, type OrgPlace } from '../../platform/access.ts';
import { AppError } from '../../platform/errors.ts';
import type { OrderRow } from './repository.ts';

/** Where an order lies for scope: its division (the matter's community, the community, the department's area). */
export const orderPlace = (o: Pick<OrderRow, 'division_id'>): OrgPlace => ({ divisionId: o.division_id, gridId: null });

export const canManageAt = (actor: Actor, place: OrgPlace) => covers(scopeFor(actor, 'supervision.manage'), place);

/**
 * May the caller act (supervision.manage) on a place? Out of the caller's reading reach it
 * answers 404, the same as missing; seen but not the caller's to manage, 403.
 */
export function assertManage(actorOrNull: Actor | null, place: OrgPlace) {
  const actor = requireActor(actorOrNull);
  if (canManageAt(actor, place)) return actor;
  const readable = covers(scopeFor(actor, 'supervision.read'), place) || covers(scopeFor(actor, 'matters.read'), place);
  throw new AppError(readable ? 'forbidden' : 'not_found');
}

/** An order for reading: out of reach answers 404, the same as missing. */
export function assertRead(actorOrNull: Actor | null, order: OrderRow | undefined): asserts order is OrderRow {
  const actor = requireActor(actorOrNull);
  if (!order || !covers(scopeFor(actor, 'supervision.read'), orderPlace(order))) throw new AppError('not_found');
}
