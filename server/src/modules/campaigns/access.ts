import type { Executor } from '../../db/connection.ts';
import { covers, type Actor, requireActor, scopeFor } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './repository.ts';

export const placeOf = (c: { division_id: number }) => ({ divisionId: c.division_id, gridId: null });

export function isManager(actor: Actor, c: repo.CampaignRow) {
  return covers(scopeFor(actor, 'campaigns.manage'), placeOf(c));
}

function canRead(actor: Actor, c: repo.CampaignRow) {
  return c.member_ids.includes(actor.userId) || covers(scopeFor(actor, 'campaigns.read'), placeOf(c));
}

/** A campaign the actor may read: its managers (campaigns.read) and its task force; to others it does not exist. */
export async function readable(db: Executor, ctx: RequestContext, id: number) {
  const actor = requireActor(ctx.actor);
  const c = await repo.campaignById(db, id);
  if (!c || !canRead(actor, c)) throw new AppError('not_found');
  return { actor, c };
}

/** Recording (findings, re-checks): the task force and the campaign's managers; others who may read get 403. */
export async function recordable(db: Executor, ctx: RequestContext, id: number) {
  const { actor, c } = await readable(db, ctx, id);
  if (!c.member_ids.includes(actor.userId) && !isManager(actor, c)) throw new AppError('forbidden');
  if (c.status !== 'active') throw new AppError('conflict', {}, [{ key: 'campaigns.closed' }]);
  return { actor, c };
}
