import { sql } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type { CompoundKind } from './tables.ts';

export async function compoundById(db: Executor, id: number) {
  return db.selectFrom('compounds.compounds').selectAll().where('id', '=', id).executeTakeFirst();
}
export type CompoundRow = NonNullable<Awaited<ReturnType<typeof compoundById>>>;

export function list(
  db: Executor,
  f: {
    communityIds: readonly number[];
    kind?: CompoundKind | undefined;
    q?: string | undefined;
    afterId?: number | undefined;
    limit: number;
  },
) {
  let query = db
    .selectFrom('compounds.compounds')
    .selectAll()
    .where('community_id', '=', sql<number>`any(${sql.val([...f.communityIds])}::int[])`)
    .orderBy('id', 'desc')
    .limit(f.limit + 1);
  if (f.kind) query = query.where('kind', '=', f.kind);
  if (f.q) {
    const like = `%${f.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('name', 'ilike', like), eb('address', 'ilike', like)]));
  }
  if (f.afterId !== undefined) query = query.where('id', '<', f.afterId);
  return query.execute();
}

export async function buildingsOf(db: Executor, compoundIds: readonly number[]) {
  if (compoundIds.length === 0) return [];
  return db
    .selectFrom('compounds.buildings')
    .selectAll()
    .where('compound_id', 'in', [...compoundIds])
    .execute();
}

export async function buildingOwners(db: Executor, buildingIds: readonly number[]) {
  if (buildingIds.length === 0) return [];
  return db
    .selectFrom('compounds.buildings')
    .selectAll()
    .where('building_id', 'in', [...buildingIds])
    .execute();
}

export async function setBuildings(db: Executor, compoundId: number, buildingIds: readonly number[]) {
  await db.deleteFrom('compounds.buildings').where('compound_id', '=', compoundId).execute();
  if (buildingIds.length > 0)
    await db
      .insertInto('compounds.buildings')
      .values(buildingIds.map((b) => ({ building_id: b, compound_id: compoundId })))
      .execute();
}

export async function currentCompanies(db: Executor, compoundIds: readonly number[]) {
  if (compoundIds.length === 0) return new Map<number, string>();
  const rows = await db
    .selectFrom('compounds.property_contracts')
    .select(['compound_id', 'company_name'])
    .where('compound_id', 'in', [...compoundIds])
    .where('current', '=', true)
    .execute();
  return new Map(rows.map((r) => [r.compound_id, r.company_name]));
}

export function members(db: Executor, compoundId: number) {
  return db
    .selectFrom('compounds.committee_members')
    .selectAll()
    .where('compound_id', '=', compoundId)
    .orderBy(sql`case role when 'director' then 0 when 'deputy' then 1 else 2 end`)
    .orderBy('id')
    .execute();
}

export function contracts(db: Executor, compoundId: number) {
  return db
    .selectFrom('compounds.property_contracts')
    .selectAll()
    .where('compound_id', '=', compoundId)
    .orderBy('starts_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export function meetingIds(db: Executor, compoundId: number) {
  return db
    .selectFrom('compounds.meeting_links')
    .select('meeting_id')
    .where('compound_id', '=', compoundId)
    .orderBy('linked_at', 'desc')
    .execute();
}

export function history(db: Executor, compoundId: number) {
  return db
    .selectFrom('compounds.history')
    .selectAll()
    .where('compound_id', '=', compoundId)
    .orderBy('happened_on')
    .orderBy('id')
    .execute();
}

export function documents(db: Executor, compoundId: number) {
  return db
    .selectFrom('compounds.documents')
    .selectAll()
    .where('compound_id', '=', compoundId)
    .orderBy('id', 'desc')
    .execute();
}
