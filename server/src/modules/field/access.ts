import type { Executor } from '../../db/connection.ts';
import { covers, requireActor, scopeFor } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './repository.ts';

/** Where a patrol lies for scope: where its worker works. */
export const patrolPlace = (p: repo.PatrolRow) => ({ divisionId: p.division_id, gridId: p.grid_id });

/**
 * A patrol for what the caller needs: its worker reads and acts on it; staff whose
 * field.read reaches its place read it. Out of reach answers 404, the same as missing; a
 * patrol seen but not the caller's to change answers 403.
 */
export async function patrolFor(db: Executor, ctx: RequestContext, id: number, need: 'read' | 'act') {
  const actor = requireActor(ctx.actor);
  const patrol = await repo.patrolById(db, id);
  if (!patrol) throw new AppError('not_found');
  const own = patrol.user_id === actor.userId;
  if (!own && !covers(scopeFor(actor, 'field.read'), patrolPlace(patrol))) throw new AppError('not_found');
  if (need === 'act' && !own) throw new AppError('forbidden');
  return { patrol, actor, own };
}
