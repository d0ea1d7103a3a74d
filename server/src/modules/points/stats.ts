import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import { withinArea } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { communitiesToRead } from './access.ts';
import { issuedOf, statsView } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';

/** Points issued, spent and expired, and vouchers, for the caller's area (or one community of it) in a period. */
export async function pointsStats(
  db: Executor,
  ctx: RequestContext,
  q: z.infer<typeof S.PointsStatsQuery>,
  area: readonly number[] | undefined,
) {
  const communityIds = withinArea(communitiesToRead(ctx.actor, q.communityId), area);
  const totals = await repo.communityTotals(db, communityIds, q.from, q.to);
  return statsView(totals, await repo.personBalances(db, communityIds));
}

/** Of the stats, only the points issued: one query, for a summary (the cockpit). */
export async function pointsIssued(
  db: Executor,
  ctx: RequestContext,
  q: z.infer<typeof S.PointsStatsQuery>,
  area: readonly number[] | undefined,
) {
  const communityIds = withinArea(communitiesToRead(ctx.actor, q.communityId), area);
  return issuedOf(await repo.postingsByKind(db, communityIds, q.from, q.to));
}
