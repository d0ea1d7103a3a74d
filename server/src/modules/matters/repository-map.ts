import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { inScope, isEmptyScope } from '../../platform/access.ts';
import { MAP_RESOLUTIONS, type MapResolution } from './map-cells.ts';
import { departmentParts, inReach, type MatterReach, openStatus } from './repository.ts';

/**
 * The matters map's SQL: the per-cell counts kept as matters open and close
 * (matters.cell_counts), read summed over the caller's reach, and the matters themselves close in.
 */

/** The view's box, and optionally one area of the reach (the communities under it, or one grid). */
export interface MapWhere {
  south: number;
  west: number;
  north: number;
  east: number;
  divisionIds?: readonly number[] | undefined;
  gridId?: number | undefined;
}

/** Adds a matter to (or takes it from) the per-cell counts. */
export async function bumpCellCounts(db: Executor, matter: CountedMatter, delta: { open: number; total: number }) {
  await cellCountsBump(db, matter, delta)?.execute();
}

type CountedMatter = {
  h3_r5: string | null;
  h3_r7: string | null;
  h3_r9: string | null;
  division_id: number;
  grid_id: number | null;
  lat: number | null;
  lng: number | null;
};

/** bumpCellCounts as a statement not yet run (null: an unplaced matter counts nowhere), for a caller's CTE. */
export function cellCountsBump(db: Executor, matter: CountedMatter, delta: { open: number; total: number }) {
  if (!matter.h3_r9 || matter.lat === null || matter.lng === null) return null;
  const cells = { 5: matter.h3_r5!, 7: matter.h3_r7!, 9: matter.h3_r9 };
  return db
    .insertInto('matters.cell_counts')
    .values(
      MAP_RESOLUTIONS.map((res) => ({
        res,
        cell: cells[res],
        division_id: matter.division_id,
        grid_id: matter.grid_id ?? 0,
        open_count: delta.open,
        total_count: delta.total,
        lat_sum: delta.total * matter.lat!,
        lng_sum: delta.total * matter.lng!,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['res', 'division_id', 'grid_id', 'cell']).doUpdateSet((eb) => ({
        open_count: sql`${eb.ref('matters.cell_counts.open_count')} + ${delta.open}`,
        total_count: sql`${eb.ref('matters.cell_counts.total_count')} + ${delta.total}`,
        lat_sum: sql`${eb.ref('matters.cell_counts.lat_sum')} + ${delta.total * matter.lat!}`,
        lng_sum: sql`${eb.ref('matters.cell_counts.lng_sum')} + ${delta.total * matter.lng!}`,
      })),
    );
}

/** Cells whose matters' centre lies in the view, summed over the divisions and grids of the reach's area. */
export function cellClusters(db: Executor, reach: MatterReach, res: MapResolution, onlyOpen: boolean, where: MapWhere) {
  const { divisionIds, gridId } = where;
  return db
    .selectFrom('matters.cell_counts as c')
    .select(['c.cell'])
    .select((eb) => [
      eb.fn.sum<number>('c.open_count').as('open'),
      eb.fn.sum<number>('c.total_count').as('total'),
      eb.fn.sum<number>('c.lat_sum').as('lat_sum'),
      eb.fn.sum<number>('c.lng_sum').as('lng_sum'),
    ])
    .where('c.res', '=', res)
    .where((eb) => inScope(eb, reach.area, { division: 'c.division_id', grid: 'c.grid_id' }))
    .$if(divisionIds !== undefined, (q) => q.where('c.division_id', 'in', divisionIds?.length ? divisionIds : [-1]))
    .$if(gridId !== undefined, (q) => q.where('c.grid_id', '=', gridId!))
    .$if(onlyOpen, (q) => q.where('c.open_count', '>', 0))
    .groupBy('c.cell')
    .having(sql<SqlBool>`sum(c.total_count) > 0`)
    .having(sql<SqlBool>`sum(c.lat_sum) / sum(c.total_count) between ${where.south} and ${where.north}`)
    .having(sql<SqlBool>`sum(c.lng_sum) / sum(c.total_count) between ${where.west} and ${where.east}`)
    .execute();
}

/**
 * The same clusters for a reach's department matters outside its area, counted from the
 * matters themselves: the per-cell counts are kept by area, not by department, and a
 * department's matters are few.
 */
export function departmentCellClusters(
  db: Executor,
  reach: MatterReach,
  res: MapResolution,
  onlyOpen: boolean,
  where: MapWhere,
) {
  if (reach.departments.length === 0) return Promise.resolve([]);
  const { divisionIds, gridId } = where;
  const cell = sql.ref(`m.h3_r${res}`);
  const open = sql<SqlBool>`m.status not in ('closed', 'rejected', 'duplicate')`;
  return db
    .selectFrom('matters.matters as m')
    .select([
      sql<string>`${cell}`.as('cell'),
      sql<number>`count(*) filter (where ${open})`.as('open'),
      sql<number>`count(*)`.as('total'),
      sql<number>`sum(m.lat)`.as('lat_sum'),
      sql<number>`sum(m.lng)`.as('lng_sum'),
    ])
    .where('m.h3_r9', 'is not', null)
    .where((eb) => {
      const mine = eb.or(departmentParts(eb, reach.departments));
      return isEmptyScope(reach.area)
        ? mine
        : eb.and([mine, eb.not(inScope(eb, reach.area, { division: 'm.division_id', grid: 'm.grid_id' }))]);
    })
    .$if(divisionIds !== undefined, (q) => q.where('m.division_id', 'in', divisionIds?.length ? divisionIds : [-1]))
    .$if(gridId !== undefined, (q) => q.where('m.grid_id', '=', gridId!))
    .$if(onlyOpen, (q) => q.where(open))
    .groupBy(cell)
    .having(sql<SqlBool>`avg(m.lat) between ${where.south} and ${where.north}`)
    .having(sql<SqlBool>`avg(m.lng) between ${where.west} and ${where.east}`)
    .execute();
}

/** Open matters with a location in the given cells, for the map close up. */
export function openMattersInCellsForMap(
  db: Executor,
  reach: MatterReach,
  cells: readonly string[],
  limit: number,
  area: Pick<MapWhere, 'divisionIds' | 'gridId'> = {},
) {
  if (cells.length === 0) return Promise.resolve([]);
  const { divisionIds, gridId } = area;
  return db
    .selectFrom('matters.matters as m')
    .select(['m.id', 'm.code', 'm.status', 'm.kind', 'm.urgency', 'm.lat', 'm.lng', 'm.category_id', 'm.overdue'])
    .where('m.h3_r9', 'in', [...cells])
    .where((eb) => eb.and([inReach(eb, reach), openStatus(eb)]))
    .$if(divisionIds !== undefined, (q) => q.where('m.division_id', 'in', divisionIds?.length ? divisionIds : [-1]))
    .$if(gridId !== undefined, (q) => q.where('m.grid_id', '=', gridId!))
    .limit(limit)
    .execute();
}
