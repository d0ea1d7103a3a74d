import type { Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { PartyMemberTable, PartyOrgTable, ReportStatus } from './tables.ts';

type Executor = Kysely<DB> | Transaction<DB>;
export type OrgRow = Selectable<PartyOrgTable>;
export type MemberRow = Selectable<PartyMemberTable>;

export function orgsIn(db: Executor, communityIds: readonly number[]) {
  if (communityIds.length === 0) return Promise.resolve([] as OrgRow[]);
  return db
    .selectFrom('party.organizations')
    .selectAll()
    .where('community_id', 'in', [...communityIds])
    .orderBy('id')
    .execute();
}

export function orgById(db: Executor, id: number) {
  return db.selectFrom('party.organizations').selectAll().where('id', '=', id).executeTakeFirst();
}

export function orgsByIds(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([] as OrgRow[]);
  return db
    .selectFrom('party.organizations')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

export async function insertOrg(db: Executor, row: Insertable<PartyOrgTable>) {
  return (await db.insertInto('party.organizations').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function updateOrg(db: Executor, id: number, set: Updateable<PartyOrgTable>) {
  return db.updateTable('party.organizations').set(set).where('id', '=', id).execute();
}

/** Whether anything hangs on the organisation: a member enrolled in it, or an organisation below it. */
export async function orgInUse(db: Executor, id: number) {
  const child = await db.selectFrom('party.organizations').select('id').where('parent_id', '=', id).executeTakeFirst();
  const member = await db
    .selectFrom('party.members')
    .select('id')
    .where((eb) => eb.or([eb('primary_org_id', '=', id), eb('residence_org_id', '=', id)]))
    .executeTakeFirst();
  return Boolean(child || member);
}

export function deleteOrg(db: Executor, id: number) {
  return db.deleteFrom('party.organizations').where('id', '=', id).execute();
}

export function centerHouseholdsOfBuilding(db: Executor, buildingId: number) {
  return db
    .selectFrom('party.organizations')
    .select(['id', 'name', 'household_id', 'secretary'])
    .where('building_id', '=', buildingId)
    .where('kind', '=', 'center_household')
    .orderBy('id')
    .execute();
}

/** Members listed in any of these organisations, by their primary or residence enrolment. */
export function membersOf(db: Executor, orgIds: readonly number[]) {
  if (orgIds.length === 0) return Promise.resolve([] as MemberRow[]);
  return db
    .selectFrom('party.members')
    .selectAll()
    .where((eb) => eb.or([eb('primary_org_id', 'in', [...orgIds]), eb('residence_org_id', 'in', [...orgIds])]))
    .orderBy('id')
    .execute();
}

export function memberById(db: Executor, id: number) {
  return db.selectFrom('party.members').selectAll().where('id', '=', id).executeTakeFirst();
}

export function memberByPerson(db: Executor, personId: number) {
  return db.selectFrom('party.members').selectAll().where('person_id', '=', personId).executeTakeFirst();
}

export async function insertMember(db: Executor, row: Insertable<PartyMemberTable>) {
  const r = await db
    .insertInto('party.members')
    .values(row)
    .onConflict((oc) => oc.column('person_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id ?? null;
}

export function setResidence(db: Executor, id: number, orgId: number) {
  return db.updateTable('party.members').set({ residence_org_id: orgId }).where('id', '=', id).execute();
}

export function updateMember(db: Executor, id: number, set: Updateable<PartyMemberTable>) {
  return db.updateTable('party.members').set(set).where('id', '=', id).execute();
}

/** Removes a member's enrolment, and their 报到 with it. */
export async function deleteMember(db: Executor, id: number) {
  await db.deleteFrom('party.reports').where('member_id', '=', id).execute();
  await db.deleteFrom('party.members').where('id', '=', id).execute();
}

export function reportsOfMembers(db: Executor, memberIds: readonly number[]) {
  if (memberIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('party.reports')
    .selectAll()
    .where('member_id', 'in', [...memberIds])
    .execute();
}

export function reportsIn(db: Executor, communityIds: readonly number[], status: ReportStatus | undefined) {
  if (communityIds.length === 0) return Promise.resolve([]);
  let q = db
    .selectFrom('party.reports')
    .innerJoin('party.members', 'party.members.id', 'party.reports.member_id')
    .selectAll('party.reports')
    .select('party.members.person_id')
    .where('party.reports.community_id', 'in', [...communityIds]);
  if (status) q = q.where('party.reports.status', '=', status);
  return q.orderBy('party.reports.id', 'desc').limit(500).execute();
}

export function reportById(db: Executor, id: number) {
  return db.selectFrom('party.reports').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertReport(
  db: Executor,
  row: { member_id: number; user_id: number; community_id: number; requested_at: Date },
) {
  const r = await db
    .insertInto('party.reports')
    .values(row)
    .onConflict((oc) => oc.column('member_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id ?? null;
}

export async function confirmReport(db: Executor, id: number, by: number, at: Date) {
  const r = await db
    .updateTable('party.reports')
    .set({ status: 'confirmed', confirmed_at: at, confirmed_by: by })
    .where('id', '=', id)
    .where('status', '=', 'requested')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
