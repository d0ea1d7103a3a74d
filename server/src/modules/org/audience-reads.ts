import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../../db/connection.ts';

/** An audience as other modules name it (surveys): a community, maybe some of its grids or buildings, maybe tags. */
export interface Audience {
  communityId: number;
  gridIds: readonly number[];
  buildingIds: readonly number[];
  /** Any of these tags; none: everyone of the place. */
  tags: readonly string[];
}

/**
 * The people of an audience (surveys: who is asked), so that the surveys module never reads
 * the people table itself. Grids and buildings given together mean either.
 */
export function audienceFor(db: Executor, a: Audience, cap: number, onlyIds?: readonly number[]) {
  let q = db.selectFrom('org.persons as p').select(['p.id']).where('p.community_id', '=', a.communityId);
  if (a.gridIds.length || a.buildingIds.length)
    q = q.where((eb) =>
      eb.or([
        ...(a.gridIds.length ? [eb('p.grid_id', 'in', [...a.gridIds])] : []),
        ...(a.buildingIds.length ? [eb('p.building_id', 'in', [...a.buildingIds])] : []),
      ]),
    );
  if (a.tags.length) q = q.where(sql<SqlBool>`p.tags && ${sql.val([...a.tags])}::text[]`);
  if (onlyIds) q = q.where('p.id', 'in', onlyIds.length ? [...onlyIds] : [0]);
  return q.orderBy('p.id').limit(cap).execute();
}
