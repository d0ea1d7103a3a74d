import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../../db/connection.ts';

/**
 * What assessment (考核) reads of the org, so that it never reads these tables itself: the
 * grids of some communities with their kind, residents, households and buildings (for
 * workload per 1,000 residents and peer groups by kind and size), and the people of some
 * grids carrying tags that call for visits.
 */

export async function gridProfilesFor(db: Executor, communityIds: readonly number[]) {
  if (communityIds.length === 0) return [];
  const grids = await db
    .selectFrom('org.grids as g')
    .select([
      'g.id',
      'g.name',
      'g.kind',
      'g.community_id',
      (eb) =>
        eb
          .selectFrom('org.persons as p')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('p.grid_id', '=', 'g.id')
          .as('residents'),
      (eb) =>
        eb
          .selectFrom('org.households as h')
          .innerJoin('org.buildings as b', 'b.id', 'h.building_id')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('b.grid_id', '=', 'g.id')
          .as('households'),
    ])
    .where('g.community_id', 'in', [...communityIds])
    .orderBy('g.id')
    .execute();
  const buildings =
    grids.length === 0
      ? []
      : await db
          .selectFrom('org.buildings')
          .select(['id', 'grid_id'])
          .where(
            'grid_id',
            'in',
            grids.map((g) => g.id),
          )
          .orderBy('id')
          .execute();
  return grids.map((g) => ({
    id: g.id,
    name: g.name,
    kind: g.kind,
    communityId: g.community_id,
    residents: Number(g.residents ?? 0),
    households: Number(g.households ?? 0),
    buildingIds: buildings.filter((b) => b.grid_id === g.id).map((b) => b.id),
  }));
}

export async function taggedPersonsInGridsFor(db: Executor, gridIds: readonly number[], tags: readonly string[]) {
  if (gridIds.length === 0 || tags.length === 0) return [];
  const rows = await db
    .selectFrom('org.persons as p')
    .select(['p.id', 'p.grid_id', 'p.community_id', 'p.tags'])
    .where('p.grid_id', 'in', [...gridIds])
    .where(sql<SqlBool>`p.tags && ${sql.val([...tags])}::text[]`)
    .orderBy('p.id')
    .execute();
  return rows.map((r) => ({ id: r.id, gridId: r.grid_id!, communityId: r.community_id, tags: r.tags }));
}
