import { type ExpressionBuilder, sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { type AreaFilter, inArea, inScope, type Scope } from '../../platform/access.ts';
import type { DB } from '../../db/schema.ts';
import type {
  AgreementTable,
  CaseCategory,
  CaseStatus,
  CaseTable,
  CaseTimelineTable,
  ClaimTable,
  FollowUpTable,
  PartyTable,
  Risk,
  SessionTable,
  StudioTable,
  TaskForceTable,
} from './tables.ts';
import { UNDER_MEDIATION } from './workflow.ts';
import { containsLike as like } from '../../platform/sql.ts';
import { hasChanges } from '../../platform/sql.ts';

const ids = (list: readonly number[]) => (list.length ? [...list] : [-1]);

// ---------- studios and mediators ----------

export async function insertStudio(db: Executor, row: Insertable<StudioTable>) {
  return (await db.insertInto('mediation.studios').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateStudio(db: Executor, id: number, patch: Updateable<StudioTable>) {
  if (!hasChanges(patch)) return;
  await db.updateTable('mediation.studios').set(patch).where('id', '=', id).execute();
}

function studioQuery(db: Executor) {
  return db
    .selectFrom('mediation.studios as s')
    .selectAll('s')
    .select((eb) => [
      eb
        .selectFrom('mediation.mediators as m')
        .whereRef('m.studio_id', '=', 's.id')
        .where('m.active', '=', true)
        .select(eb.fn.countAll<number>().as('n'))
        .as('mediators'),
      eb
        .selectFrom('mediation.cases as c')
        .whereRef('c.studio_id', '=', 's.id')
        .where('c.status', 'not in', ['closed', 'failed', 'withdrawn'])
        .select(eb.fn.countAll<number>().as('n'))
        .as('open_cases'),
    ]);
}

export type StudioRow = NonNullable<Awaited<ReturnType<typeof studioById>>>;

export function studioById(db: Executor, id: number) {
  return studioQuery(db).where('s.id', '=', id).executeTakeFirst();
}

export function listStudios(
  db: Executor,
  divisionIds: readonly number[],
  filter: { q?: string | undefined; includeInactive: boolean; memberOf?: readonly number[] },
) {
  let q = studioQuery(db)
    .where((eb) => eb.or([eb('s.division_id', 'in', ids(divisionIds)), eb('s.id', 'in', ids(filter.memberOf ?? []))]))
    .orderBy('s.division_id')
    .orderBy('s.id')
    .limit(500);
  if (filter.q) q = q.where('s.name', 'ilike', like(filter.q));
  if (!filter.includeInactive) q = q.where('s.active', '=', true);
  return q.execute();
}

export function mediatorsOf(db: Executor, studioId: number) {
  return db
    .selectFrom('mediation.mediators')
    .selectAll()
    .where('studio_id', '=', studioId)
    .orderBy('active', 'desc')
    .orderBy('joined_at')
    .execute();
}

/** Adds a mediator (joined now) or changes one; the first joining date stays. */
export async function upsertMediator(
  db: Executor,
  row: {
    studio_id: number;
    user_id: number;
    display_name: string;
    title: string;
    specialities: string[];
    active: boolean;
    joined_at: Date;
  },
) {
  await db
    .insertInto('mediation.mediators')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['studio_id', 'user_id']).doUpdateSet({
        display_name: row.display_name,
        title: row.title,
        specialities: row.specialities,
        active: row.active,
      }),
    )
    .execute();
}

export async function deactivateMediator(db: Executor, studioId: number, userId: number) {
  const r = await db
    .updateTable('mediation.mediators')
    .set({ active: false })
    .where('studio_id', '=', studioId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The studios a user mediates for (active membership, active studio). */
export async function studiosOfUser(db: Executor, userId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('mediation.mediators as m')
    .innerJoin('mediation.studios as s', 's.id', 'm.studio_id')
    .select('s.id')
    .where('m.user_id', '=', userId)
    .where('m.active', '=', true)
    .where('s.active', '=', true)
    .execute();
  return rows.map((r) => r.id);
}

/** Active studios serving any of the given divisions. */
export function studiosServing(db: Executor, divisionIds: readonly number[]) {
  return db
    .selectFrom('mediation.studios')
    .selectAll()
    .where('division_id', 'in', ids(divisionIds))
    .where('active', '=', true)
    .orderBy('id')
    .execute();
}

// ---------- cases ----------

export async function nextCaseNumber(db: Executor): Promise<number> {
  const row = await sql<{ n: number }>`select nextval('mediation.case_code_seq') as n`.execute(db);
  return Number(row.rows[0]!.n);
}

export async function insertCase(db: Executor, row: Insertable<CaseTable>) {
  return db.insertInto('mediation.cases').values(row).returningAll().executeTakeFirstOrThrow();
}

export type CaseRow = Selectable<CaseTable>;

export function caseById(db: Executor, id: number) {
  return db.selectFrom('mediation.cases').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The case, locked: every change to a case is made one at a time. */
export function caseForUpdate(db: Executor, id: number) {
  return db.selectFrom('mediation.cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateCase(db: Executor, id: number, patch: Updateable<CaseTable>, at: Date) {
  return db
    .updateTable('mediation.cases')
    .set({ ...patch, updated_at: at })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface CaseVisibility {
  /** Divisions and grids whose cases the caller reads as staff of the area. */
  area: Scope;
  /** Studios the caller mediates for. */
  studioIds: readonly number[];
  userId: number;
}

export interface CaseFilter {
  q?: string | undefined;
  status?: CaseStatus[] | undefined;
  category?: CaseCategory[] | undefined;
  studioId?: number | undefined;
  mediatorUserId?: number | undefined;
  communityId?: number | undefined;
  /** The communities of an area (areaId). */
  communityIds?: readonly number[] | undefined;
  risk?: Risk | undefined;
  overdue?: boolean | undefined;
  queue: 'all' | 'mine' | 'unassigned';
  now: Date;
}

/** The cases a caller sees: of their area, their studios, assigned to them or their task force. */
function visibleCase(eb: ExpressionBuilder<DB & { c: CaseTable }, 'c'>, v: CaseVisibility) {
  return eb.or([
    inScope(eb, v.area, { division: 'c.community_id', grid: 'c.grid_id' }),
    eb('c.studio_id', 'in', ids(v.studioIds)),
    eb('c.mediator_user_id', '=', v.userId),
    eb.exists(
      eb
        .selectFrom('mediation.task_force as tf')
        .select('tf.id')
        .whereRef('tf.case_id', '=', 'c.id')
        .where('tf.user_id', '=', v.userId),
    ),
  ]);
}

/** Cases under mediation (accepted, investigating, mediating) a caller sees in an area: the cockpit's tile. */
export async function countUnderMediation(db: Executor, v: CaseVisibility, area: AreaFilter) {
  const row = await db
    .selectFrom('mediation.cases as c')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where((eb) => visibleCase(eb, v))
    .where((eb) => inArea(eb, area, { community: 'c.community_id', grid: 'c.grid_id' }))
    .where('c.status', 'in', [...UNDER_MEDIATION])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function listCases(db: Executor, v: CaseVisibility, f: CaseFilter, afterId: number | null, limit: number) {
  let q = db
    .selectFrom('mediation.cases as c')
    .selectAll('c')
    .orderBy('c.id', 'desc')
    .limit(limit + 1);
  q = q.where((eb) => visibleCase(eb, v));
  if (f.queue === 'mine') {
    q = q.where((eb) =>
      eb.or([
        eb('c.mediator_user_id', '=', v.userId),
        eb.exists(
          eb
            .selectFrom('mediation.task_force as tf')
            .select('tf.id')
            .whereRef('tf.case_id', '=', 'c.id')
            .where('tf.user_id', '=', v.userId),
        ),
      ]),
    );
  }
  if (f.queue === 'unassigned')
    q = q.where('c.mediator_user_id', 'is', null).where('c.status', 'not in', ['closed', 'failed', 'withdrawn']);
  if (f.status?.length) q = q.where('c.status', 'in', f.status);
  if (f.category?.length) q = q.where('c.category', 'in', f.category);
  if (f.studioId !== undefined) q = q.where('c.studio_id', '=', f.studioId);
  if (f.mediatorUserId !== undefined) q = q.where('c.mediator_user_id', '=', f.mediatorUserId);
  if (f.communityId !== undefined) q = q.where('c.community_id', '=', f.communityId);
  if (f.communityIds)
    q = q.where((eb) =>
      inArea(eb, { communityIds: f.communityIds }, { community: 'c.community_id', grid: 'c.grid_id' }),
    );
  if (f.risk) q = q.where('c.risk', '=', f.risk);
  if (f.overdue === true) {
    q = q.where((eb) =>
      eb.or([
        eb('c.overdue', '=', true),
        eb.and([eb('c.status', 'in', [...UNDER_MEDIATION]), eb('c.due_at', '<', f.now)]),
      ]),
    );
  }
  if (f.overdue === false) {
    q = q
      .where('c.overdue', '=', false)
      .where((eb) => eb.or([eb('c.status', 'not in', [...UNDER_MEDIATION]), eb('c.due_at', '>=', f.now)]));
  }
  if (f.q) {
    const pattern = like(f.q);
    q = q.where((eb) =>
      eb.or([
        eb('c.code', 'ilike', pattern),
        eb('c.summary', 'ilike', pattern),
        eb.exists(
          eb
            .selectFrom('mediation.parties as p')
            .select('p.id')
            .whereRef('p.case_id', '=', 'c.id')
            .where('p.name', 'ilike', pattern),
        ),
      ]),
    );
  }
  if (afterId !== null) q = q.where('c.id', '<', afterId);
  return q.execute();
}

/** Cases where a user (or the person they are) is a party. */
export function casesOfParty(db: Executor, userId: number, personId: number | null) {
  return db
    .selectFrom('mediation.cases as c')
    .innerJoin('mediation.parties as p', 'p.case_id', 'c.id')
    .leftJoin('mediation.studios as s', 's.id', 'c.studio_id')
    .selectAll('c')
    .select(['p.role as party_role', 's.name as studio_name'])
    .where((eb) =>
      eb.or([eb('p.user_id', '=', userId), ...(personId !== null ? [eb('p.person_id', '=', personId)] : [])]),
    )
    .orderBy('c.id', 'desc')
    .limit(100)
    .execute();
}

export function studioNames(db: Executor, studioIds: readonly number[]) {
  if (studioIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('mediation.studios')
    .select(['id', 'name', 'manager_user_id', 'division_id'])
    .where('id', 'in', [...new Set(studioIds)])
    .execute();
}

// ---------- parties and task forces ----------

export async function insertParties(db: Executor, rows: Insertable<PartyTable>[]) {
  if (rows.length) await db.insertInto('mediation.parties').values(rows).execute();
}

export function partiesOf(db: Executor, caseIds: readonly number[]) {
  if (caseIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('mediation.parties')
    .selectAll()
    .where('case_id', 'in', [...caseIds])
    .orderBy('case_id')
    .orderBy('position')
    .execute();
}

export function taskForceOf(db: Executor, caseId: number) {
  return db.selectFrom('mediation.task_force').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
}

export async function isTaskForceMember(db: Executor, caseId: number, userId: number) {
  const row = await db
    .selectFrom('mediation.task_force')
    .select('id')
    .where('case_id', '=', caseId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function replaceTaskForce(db: Executor, caseId: number, rows: Insertable<TaskForceTable>[]) {
  await db.deleteFrom('mediation.task_force').where('case_id', '=', caseId).execute();
  if (rows.length) await db.insertInto('mediation.task_force').values(rows).execute();
}

export async function isStudioMember(db: Executor, studioId: number, userId: number) {
  const row = await db
    .selectFrom('mediation.mediators')
    .select('user_id')
    .where('studio_id', '=', studioId)
    .where('user_id', '=', userId)
    .where('active', '=', true)
    .executeTakeFirst();
  return row !== undefined;
}

export async function studioMemberIds(db: Executor, studioId: number) {
  const rows = await db
    .selectFrom('mediation.mediators')
    .select('user_id')
    .where('studio_id', '=', studioId)
    .where('active', '=', true)
    .execute();
  return rows.map((r) => r.user_id);
}

// ---------- sessions, agreement, payments, follow-ups ----------

export async function insertSession(db: Executor, row: Insertable<SessionTable>) {
  return (await db.insertInto('mediation.sessions').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function sessionsOf(db: Executor, caseId: number) {
  return db
    .selectFrom('mediation.sessions')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('held_at')
    .orderBy('id')
    .execute();
}

export async function insertAgreement(
  db: Executor,
  row: Insertable<AgreementTable>,
  instalments: Array<{ seq: number; due_on: string; amount_fen: number }>,
) {
  await db.insertInto('mediation.agreements').values(row).execute();
  if (instalments.length)
    await db
      .insertInto('mediation.instalments')
      .values(instalments.map((i) => ({ ...i, case_id: row.case_id })))
      .execute();
}

export function agreementOf(db: Executor, caseId: number) {
  return db.selectFrom('mediation.agreements').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

export function instalmentsOf(db: Executor, caseId: number) {
  return db.selectFrom('mediation.instalments').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();
}

export async function payInstalment(db: Executor, caseId: number, seq: number, amountFen: number, paidOn: string) {
  return db
    .updateTable('mediation.instalments')
    .set((eb) => ({ paid_fen: eb('paid_fen', '+', amountFen), paid_on: paidOn }))
    .where('case_id', '=', caseId)
    .where('seq', '=', seq)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertFollowUp(db: Executor, row: Insertable<FollowUpTable>) {
  await db.insertInto('mediation.follow_ups').values(row).execute();
}

export function followUpsOf(db: Executor, caseId: number) {
  return db
    .selectFrom('mediation.follow_ups')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('visited_at')
    .orderBy('id')
    .execute();
}

// ---------- claims register ----------

export async function insertClaim(db: Executor, row: Insertable<ClaimTable>) {
  return (await db.insertInto('mediation.claims').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export type ClaimRow = Selectable<ClaimTable>;

export function claimById(db: Executor, id: number) {
  return db.selectFrom('mediation.claims').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listClaims(db: Executor, caseId: number, afterId: number | null, limit: number) {
  let q = db
    .selectFrom('mediation.claims')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('id')
    .limit(limit + 1);
  if (afterId !== null) q = q.where('id', '>', afterId);
  return q.execute();
}

export async function claimsSummary(db: Executor, caseId: number) {
  const row = await db
    .selectFrom('mediation.claims')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.coalesce(eb.fn.sum<number>('amount_fen'), sql<number>`0`).as('total'),
    ])
    .where('case_id', '=', caseId)
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), totalFen: Number(row.total) };
}

export function claimPhones(db: Executor, caseId: number) {
  return db
    .selectFrom('mediation.claims')
    .select(['id', 'claimant_name', 'phone'])
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();
}

// ---------- timeline ----------

export async function insertTimeline(db: Executor, rows: Insertable<CaseTimelineTable>[]) {
  if (rows.length) await db.insertInto('mediation.timeline').values(rows).execute();
}

export function timelineOf(db: Executor, caseId: number) {
  return db.selectFrom('mediation.timeline').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
}

export function statusStepsOf(db: Executor, caseIds: readonly number[]) {
  if (caseIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('mediation.timeline')
    .select(['case_id', 'at', 'to_status'])
    .where('case_id', 'in', [...caseIds])
    .where('to_status', 'is not', null)
    .orderBy('case_id')
    .orderBy('id')
    .execute();
}

export * from './repository-stats.ts';
