import type { Executor } from '../../db/connection.ts';
import { type Actor, covers, requireActor, scopeFor } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './repository.ts';

/**
 * Who may do what with a care target: staff of its area read it (care.read) or manage it
 * (care.manage); its helpers read it and act on its checks (confirm, acknowledge, visit).
 */
export async function accessTo(actor: Actor, t: repo.TargetRow, db: Executor) {
  const place = { divisionId: t.community_id, gridId: t.grid_id };
  const manage = covers(scopeFor(actor, 'care.manage'), place);
  const read = manage || covers(scopeFor(actor, 'care.read'), place);
  const position = await repo.helperPosition(db, t.id, actor.userId);
  return { manage, read: read || position !== null, helper: position !== null, act: manage || position !== null };
}

/** A target for what the caller needs: 404 if missing or out of reach, 403 if seen but not to be changed so. */
export async function targetFor(db: Executor, ctx: RequestContext, id: number, need: 'read' | 'act' | 'manage') {
  const actor = requireActor(ctx.actor);
  const t = await repo.targetById(db, id);
  if (!t) throw new AppError('not_found');
  const access = await accessTo(actor, t, db);
  if (!access.read) throw new AppError('not_found');
  if (!access[need]) throw new AppError('forbidden');
  return { t, access, actor };
}
