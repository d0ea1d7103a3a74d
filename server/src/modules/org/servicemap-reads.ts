import { sql } from 'kysely';
import type { Executor } from '../../db/connection.ts';

/**
 * What the service map (服务一张图) reads of the org, so that it never reads these tables
 * itself: the located buildings of some communities (or some buildings by id), each with
 * the number of people registered as living there.
 */
export async function buildingsWithResidentsFor(
  db: Executor,
  which: { communityIds: readonly number[] } | { buildingIds: readonly number[] },
) {
  const ids = 'communityIds' in which ? which.communityIds : which.buildingIds;
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('org.buildings as b')
    .select([
      'b.id',
      'b.name',
      'b.community_id',
      'b.grid_id',
      'b.lat',
      'b.lng',
      (eb) =>
        eb
          .selectFrom('org.persons as p')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('p.building_id', '=', 'b.id')
          .as('residents'),
    ])
    .where('communityIds' in which ? 'b.community_id' : 'b.id', 'in', [...ids])
    .where('b.lat', 'is not', null)
    .where('b.lng', 'is not', null)
    .orderBy('b.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    communityId: r.community_id,
    gridId: r.grid_id,
    lat: r.lat!,
    lng: r.lng!,
    residents: Number(r.residents ?? 0),
  }));
}
