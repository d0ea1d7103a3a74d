import { sql, type Insertable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type { CursorKey } from '../../platform/pagination.ts';
import type { ImportJobTable, ImportRowError, ImportStatus } from './tables.ts';

// ---------- imports ----------

export async function insertImportJob(db: Executor, row: Insertable<ImportJobTable>) {
  return (await db.insertInto('org.import_jobs').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function importJobById(db: Executor, id: number) {
  return db.selectFrom('org.import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listImportJobs(db: Executor, createdBy: number | null, after: CursorKey | null, limit: number) {
  let q = db
    .selectFrom('org.import_jobs')
    .select([
      'id',
      'kind',
      'status',
      'file_name',
      'total_rows',
      'processed_rows',
      'inserted_rows',
      'updated_rows',
      'row_errors',
      'error_count',
      'failure',
      'created_by',
      'created_at',
      'started_at',
      'finished_at',
    ])
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (createdBy !== null) q = q.where('created_by', '=', createdBy);
  if (after) q = q.where('id', '<', after.id);
  return q.execute();
}

export async function updateImportJob(
  db: Executor,
  id: number,
  patch: Partial<{
    status: ImportStatus;
    total_rows: number;
    processed_rows: number;
    inserted_rows: number;
    updated_rows: number;
    row_errors: ImportRowError[];
    error_count: number;
    failure: string | null;
    content: string | null;
    started_at: Date;
    finished_at: Date;
    lease_until: Date | null;
  }>,
) {
  const { row_errors, ...rest } = patch;
  await db
    .updateTable('org.import_jobs')
    .set({ ...rest, ...(row_errors ? { row_errors: JSON.stringify(row_errors) } : {}) })
    .where('id', '=', id)
    .execute();
}

/** Columns an import changes for someone already registered; null keeps what is stored. */
export interface PersonImportPatch {
  community_id: number;
  grid_id: number | null;
  building_id: number | null;
  name: string;
  gender: 'male' | 'female' | 'unknown' | null;
  birth_date: string | null;
  phone: string | null;
  tags: string[] | null;
  is_owner: boolean | null;
  address: string | null;
  note: string | null;
}

/** Updates many people in one statement per thousand, from the rows of an import. */
export async function patchPersonsFromImport(
  db: Executor,
  rows: Array<PersonImportPatch & { id: number; household_id: number | null }>,
  now: Date,
) {
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await sql`update org.persons p set
        community_id = v.community_id,
        grid_id = coalesce(v.grid_id, p.grid_id),
        building_id = coalesce(v.building_id, p.building_id),
        household_id = coalesce(v.household_id, p.household_id),
        name = v.name,
        gender = coalesce(v.gender, p.gender),
        birth_date = coalesce(v.birth_date, p.birth_date),
        phone = coalesce(v.phone, p.phone),
        tags = coalesce(v.tags, p.tags),
        is_owner = coalesce(v.is_owner, p.is_owner),
        address = coalesce(v.address, p.address),
        note = coalesce(v.note, p.note),
        updated_at = ${now}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as v(id int, community_id int, grid_id int, building_id int,
        household_id int, name text, gender text, birth_date date, phone text, tags text[], is_owner boolean, address text, note text)
      where p.id = v.id`.execute(db);
  }
}

export async function setHouseholdAreas(db: Executor, areas: Array<{ id: number; area: number }>) {
  for (let i = 0; i < areas.length; i += 1000) {
    await sql`update org.households h set floor_area_m2 = v.area
      from jsonb_to_recordset(${JSON.stringify(areas.slice(i, i + 1000))}::jsonb) as v(id int, area numeric)
      where h.id = v.id`.execute(db);
  }
}

/** Takes an import for a while. 'done' if it has ended; 'busy' if another worker holds it. */
export async function claimImportJob(db: Executor, id: number, now: Date, leaseUntil: Date) {
  const row = await db
    .updateTable('org.import_jobs')
    .set({ status: 'validating', lease_until: leaseUntil, started_at: now, processed_rows: 0 })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'validating', 'writing'])
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .returningAll()
    .executeTakeFirst();
  if (row) return row;
  const current = await importJobById(db, id);
  return !current || current.status === 'succeeded' || current.status === 'failed'
    ? ('done' as const)
    : ('busy' as const);
}

/** A community among the given divisions, with one of its buildings; for filling an example. */
export function exampleCommunityAndBuilding(db: Executor, divisionIds: readonly number[]) {
  if (divisionIds.length === 0) return Promise.resolve(undefined);
  return db
    .selectFrom('org.divisions as c')
    .leftJoin('org.buildings as b', 'b.community_id', 'c.id')
    .select(['c.code', 'b.name as building_name'])
    .where('c.level', '=', 'community')
    .where('c.id', 'in', [...divisionIds])
    .orderBy('c.id')
    .orderBy('b.id')
    .limit(1)
    .executeTakeFirst();
}

export function buildingCodesTaken(db: Executor, codes: readonly string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('org.buildings')
    .select(['code', 'community_id', 'name'])
    .where('code', 'in', [...codes])
    .execute();
}

export function gridShapesOfCommunities(db: Executor, communityIds: readonly number[]) {
  if (communityIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('org.grids')
    .select(['id', 'community_id', 'kind', 'polygon'])
    .where('community_id', 'in', [...communityIds])
    .execute();
}
