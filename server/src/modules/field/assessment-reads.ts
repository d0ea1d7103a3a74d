import type { Executor } from '../../db/connection.ts';
import { visitRulesOf } from './repository.ts';
import { DEFAULT_VISIT_DAYS } from './visits.ts';

/**
 * What assessment (考核) reads of the field record, so that it never reads these tables
 * itself: visits and patrol check-ins made in a period in some communities, and how often
 * each kind of person is to be visited there (a community's own rules, else the defaults).
 */

export async function visitsInFor(db: Executor, communityIds: readonly number[], from: Date, to: Date) {
  if (communityIds.length === 0) return [];
  const rows = await db
    .selectFrom('field.visits')
    .select(['id', 'person_id', 'household_id', 'community_id', 'grid_id', 'visitor_user_id', 'visited_at'])
    .where('community_id', 'in', [...communityIds])
    .where('visited_at', '>=', from)
    .where('visited_at', '<', to)
    .orderBy('visited_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    personId: r.person_id,
    householdId: r.household_id,
    communityId: r.community_id,
    gridId: r.grid_id,
    visitorUserId: r.visitor_user_id,
    visitedAt: r.visited_at,
  }));
}

export async function checkInsInFor(db: Executor, communityIds: readonly number[], from: Date, to: Date) {
  if (communityIds.length === 0) return [];
  const rows = await db
    .selectFrom('field.check_ins as c')
    .innerJoin('field.patrols as p', 'p.id', 'c.patrol_id')
    .select(['c.id', 'c.patrol_id', 'c.building_id', 'c.community_id', 'c.grid_id', 'p.user_id', 'c.at'])
    .where('c.community_id', 'in', [...communityIds])
    .where('c.at', '>=', from)
    .where('c.at', '<', to)
    .orderBy('c.at')
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    patrolId: r.patrol_id,
    buildingId: r.building_id,
    communityId: r.community_id,
    gridId: r.grid_id,
    userId: r.user_id,
  }));
}

/** Per community, tag → days between visits: the community's own rules over the defaults. */
export async function visitIntervalsFor(db: Executor, communityIds: readonly number[]) {
  const own = await visitRulesOf(db, communityIds);
  const out = new Map<number, Record<string, number>>();
  for (const c of communityIds) out.set(c, { ...DEFAULT_VISIT_DAYS });
  for (const r of own) out.get(r.community_id)![r.tag] = r.every_days;
  return out;
}
