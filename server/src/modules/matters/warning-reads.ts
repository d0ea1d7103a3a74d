import { sql } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { distanceMeters } from '../../platform/geo.ts';

/**
 * What early warning (预警) reads of matters, so that it never reads these tables itself.
 * Warnings' own matters (kind `warning`) are never counted: a warning must not feed itself.
 * Days are local dates in the given time zone.
 */

/** Matters per grid, top-level category and local day reported, from `from` to before `to`. */
export async function countsByGridCategoryDay(db: Executor, from: Date, to: Date, timeZone: string) {
  const rows = await sql<{ grid_id: number; community_id: number; category_id: number; day: string; n: number }>`
    select m.grid_id, m.division_id as community_id, coalesce(c.parent_id, c.id) as category_id,
           to_char(m.created_at at time zone ${timeZone}, 'YYYY-MM-DD') as day, count(*)::int as n
    from matters.matters m join matters.categories c on c.id = m.category_id
    where m.created_at >= ${from} and m.created_at < ${to} and m.kind <> 'warning' and m.grid_id is not null
    group by 1, 2, 3, 4`.execute(db);
  return rows.rows;
}

/** Matters per H3 cell (resolution 9) and local day reported: the space-time scan's cases. */
export async function countsByCellDay(db: Executor, from: Date, to: Date, timeZone: string) {
  const rows = await sql<{ cell: string; day: string; n: number }>`
    select m.h3_r9 as cell, to_char(m.created_at at time zone ${timeZone}, 'YYYY-MM-DD') as day, count(*)::int as n
    from matters.matters m
    where m.created_at >= ${from} and m.created_at < ${to} and m.kind <> 'warning' and m.h3_r9 is not null
    group by 1, 2`.execute(db);
  return rows.rows;
}

export interface WarningCase {
  id: number;
  code: string;
  communityId: number;
  gridId: number | null;
  categoryId: number;
  source: string;
  description: string;
  lat: number | null;
  lng: number | null;
  createdAt: Date;
}

/**
 * The matters a signal counts, oldest first: of a grid and top-level category, or in some
 * H3 cells (resolution 9), or within `metres` of a point, reported from `from` to before `to`.
 */
/** Matters by id (a warning's sample cases), in the order given; ids not found are left out. */
export async function casesByIds(db: Executor, ids: readonly number[]): Promise<WarningCase[]> {
  if (ids.length === 0) return [];
  const rows = await caseQuery(db)
    .where('m.id', 'in', [...ids])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, present(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

function caseQuery(db: Executor) {
  return db
    .selectFrom('matters.matters as m')
    .innerJoin('matters.categories as c', 'c.id', 'm.category_id')
    .select([
      'm.id',
      'm.code',
      'm.division_id',
      'm.grid_id',
      sql<number>`coalesce(c.parent_id, c.id)`.as('category_id'),
      'm.source',
      'm.description',
      'm.lat',
      'm.lng',
      'm.created_at',
    ]);
}

type CaseRow = Awaited<ReturnType<ReturnType<typeof caseQuery>['execute']>>[number];

function present(r: CaseRow): WarningCase {
  return {
    id: r.id,
    code: r.code,
    communityId: r.division_id,
    gridId: r.grid_id,
    categoryId: r.category_id,
    source: r.source,
    description: r.description,
    lat: r.lat,
    lng: r.lng,
    createdAt: r.created_at,
  };
}

export async function casesOf(
  db: Executor,
  where:
    | { gridId: number; categoryId: number }
    | { cells: readonly string[] }
    | { lat: number; lng: number; metres: number },
  from: Date,
  to: Date,
): Promise<WarningCase[]> {
  let q = caseQuery(db)
    .where('m.created_at', '>=', from)
    .where('m.created_at', '<', to)
    .where('m.kind', '<>', 'warning')
    .orderBy('m.created_at')
    .orderBy('m.id');
  if ('gridId' in where)
    q = q.where('m.grid_id', '=', where.gridId).where(sql<boolean>`coalesce(c.parent_id, c.id) = ${where.categoryId}`);
  else if ('cells' in where) q = q.where('m.h3_r9', 'in', where.cells.length ? [...where.cells] : ['-']);
  else {
    // A box first (index-friendly), then the distance on the sphere.
    const dLat = where.metres / 111_320;
    const dLng = where.metres / (111_320 * Math.cos((where.lat * Math.PI) / 180));
    q = q
      .where('m.lat', '>=', where.lat - dLat)
      .where('m.lat', '<=', where.lat + dLat)
      .where('m.lng', '>=', where.lng - dLng)
      .where('m.lng', '<=', where.lng + dLng)
      .where('m.kind', 'in', ['report', 'help', 'suggestion']);
  }
  let rows = await q.execute();
  if ('metres' in where)
    rows = rows.filter(
      (r) => r.lat !== null && r.lng !== null && distanceMeters(where.lat, where.lng, r.lat, r.lng) <= where.metres,
    );
  return rows.map(present);
}
