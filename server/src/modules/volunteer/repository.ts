import { sql, type Insertable, type Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type {
  ActivityTable,
  GoodDeedStatus,
  GoodDeedTable,
  ProjectTable,
  ProjectUpdateTable,
  SignupStatus,
  SignupTable,
  TeamTable,
  WishStatus,
  WishTable,
} from './tables.ts';
import { containsLike as like } from '../../platform/sql.ts';
import { hasChanges } from '../../platform/sql.ts';

// ---------- teams ----------

export async function insertTeam(db: Executor, row: Insertable<TeamTable>) {
  return (await db.insertInto('volunteer.teams').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function teamById(db: Executor, id: number) {
  return db.selectFrom('volunteer.teams').selectAll().where('id', '=', id).executeTakeFirst();
}

export type TeamRow = NonNullable<Awaited<ReturnType<typeof teamById>>>;

export function listTeams(db: Executor, communityIds: readonly number[] | null, q: string | undefined) {
  let query = db
    .selectFrom('volunteer.teams as t')
    .selectAll('t')
    .select((eb) =>
      eb
        .selectFrom('volunteer.members as m')
        .whereRef('m.team_id', '=', 't.id')
        .select(eb.fn.countAll<number>().as('n'))
        .as('members'),
    )
    .orderBy('t.id')
    .limit(500);
  if (communityIds) query = query.where('t.community_id', 'in', communityIds.length ? [...communityIds] : [-1]);
  if (q) query = query.where('t.name', 'ilike', like(q));
  return query.execute();
}

export function membersOf(db: Executor, teamId: number) {
  return db
    .selectFrom('volunteer.members')
    .selectAll()
    .where('team_id', '=', teamId)
    .orderBy('role')
    .orderBy('joined_at')
    .execute();
}

export type MemberRow = Awaited<ReturnType<typeof membersOf>>[number];

export function membership(db: Executor, teamId: number, userId: number) {
  return db
    .selectFrom('volunteer.members')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function upsertMember(db: Executor, teamId: number, userId: number, role: 'leader' | 'member', at: Date) {
  await db
    .insertInto('volunteer.members')
    .values({ team_id: teamId, user_id: userId, role, joined_at: at })
    .onConflict((oc) => oc.columns(['team_id', 'user_id']).doUpdateSet({ role }))
    .execute();
}

export async function removeMember(db: Executor, teamId: number, userId: number) {
  await db.deleteFrom('volunteer.members').where('team_id', '=', teamId).where('user_id', '=', userId).execute();
}

// ---------- activities and sign-ups ----------

export async function insertActivity(db: Executor, row: Insertable<ActivityTable>) {
  return (await db.insertInto('volunteer.activities').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function activityById(db: Executor, id: number) {
  return db
    .selectFrom('volunteer.activities as a')
    .innerJoin('volunteer.teams as t', 't.id', 'a.team_id')
    .selectAll('a')
    .select('t.name as team_name')
    .select((eb) =>
      eb
        .selectFrom('volunteer.signups as s')
        .whereRef('s.activity_id', '=', 'a.id')
        .where('s.status', '<>', 'cancelled')
        .select(eb.fn.countAll<number>().as('n'))
        .as('signed_up'),
    )
    .where('a.id', '=', id)
    .executeTakeFirst();
}

export type ActivityRow = NonNullable<Awaited<ReturnType<typeof activityById>>>;

export function listActivities(
  db: Executor,
  filter: {
    communityIds: readonly number[] | null;
    teamId?: number | undefined;
    from?: Date | undefined;
    startsFrom?: Date | undefined;
    startsBefore?: Date | undefined;
    status?: 'open' | 'closed' | 'cancelled' | undefined;
    q?: string | undefined;
  },
  afterId: number | null,
  limit: number,
) {
  let q = db
    .selectFrom('volunteer.activities as a')
    .innerJoin('volunteer.teams as t', 't.id', 'a.team_id')
    .selectAll('a')
    .select('t.name as team_name')
    .select((eb) =>
      eb
        .selectFrom('volunteer.signups as s')
        .whereRef('s.activity_id', '=', 'a.id')
        .where('s.status', '<>', 'cancelled')
        .select(eb.fn.countAll<number>().as('n'))
        .as('signed_up'),
    )
    .orderBy('a.id', 'desc')
    .limit(limit + 1);
  if (filter.communityIds)
    q = q.where('a.community_id', 'in', filter.communityIds.length ? [...filter.communityIds] : [-1]);
  if (filter.teamId !== undefined) q = q.where('a.team_id', '=', filter.teamId);
  if (filter.from) q = q.where('a.ends_at', '>=', filter.from);
  if (filter.startsFrom) q = q.where('a.starts_at', '>=', filter.startsFrom);
  if (filter.startsBefore) q = q.where('a.starts_at', '<', filter.startsBefore);
  if (filter.status) q = q.where('a.status', '=', filter.status);
  if (filter.q) q = q.where('a.title', 'ilike', like(filter.q));
  if (afterId !== null) q = q.where('a.id', '<', afterId);
  return q.execute();
}

/** The activity, locked, so sign-ups up to its capacity are counted one at a time. */
export function lockActivity(db: Executor, id: number) {
  return db.selectFrom('volunteer.activities').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function countSignups(db: Executor, activityId: number) {
  const row = await db
    .selectFrom('volunteer.signups')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('activity_id', '=', activityId)
    .where('status', '<>', 'cancelled')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function signup(db: Executor, activityId: number, userId: number) {
  return db
    .selectFrom('volunteer.signups')
    .selectAll()
    .where('activity_id', '=', activityId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export type SignupRow = NonNullable<Awaited<ReturnType<typeof signup>>>;

/** Signs up, or signs up again after cancelling (the sign-up time is then the new one). */
export async function upsertSignup(db: Executor, activityId: number, userId: number, at: Date) {
  await db
    .insertInto('volunteer.signups')
    .values({ activity_id: activityId, user_id: userId, signed_up_at: at })
    .onConflict((oc) => oc.columns(['activity_id', 'user_id']).doUpdateSet({ status: 'signed_up', signed_up_at: at }))
    .execute();
}

export async function updateSignup(
  db: Executor,
  activityId: number,
  userId: number,
  patch: Updateable<SignupTable>,
  fromStatuses: readonly SignupStatus[],
) {
  const result = await db
    .updateTable('volunteer.signups')
    .set(patch)
    .where('activity_id', '=', activityId)
    .where('user_id', '=', userId)
    .where('status', 'in', [...fromStatuses])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function signupsOf(db: Executor, activityId: number) {
  return db
    .selectFrom('volunteer.signups')
    .selectAll()
    .where('activity_id', '=', activityId)
    .orderBy('signed_up_at')
    .execute();
}

export function signupsOfUser(db: Executor, userId: number, limit: number) {
  return db
    .selectFrom('volunteer.signups as s')
    .innerJoin('volunteer.activities as a', 'a.id', 's.activity_id')
    .selectAll('s')
    .select(['a.title', 'a.starts_at', 'a.ends_at', 'a.place', 'a.community_id'])
    .where('s.user_id', '=', userId)
    .orderBy('a.starts_at', 'desc')
    .limit(limit)
    .execute();
}

// ---------- good deeds, wishes, projects ----------

export async function insertGoodDeed(db: Executor, row: Insertable<GoodDeedTable>) {
  return (await db.insertInto('volunteer.good_deeds').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function goodDeedById(db: Executor, id: number) {
  return db.selectFrom('volunteer.good_deeds').selectAll().where('id', '=', id).executeTakeFirst();
}

export type GoodDeedRow = NonNullable<Awaited<ReturnType<typeof goodDeedById>>>;

export async function decideGoodDeed(db: Executor, id: number, patch: Updateable<GoodDeedTable>) {
  const result = await db
    .updateTable('volunteer.good_deeds')
    .set(patch)
    .where('id', '=', id)
    .where('status', '=', 'reported')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function listGoodDeeds(
  db: Executor,
  filter: { communityIds: readonly number[]; status?: GoodDeedStatus | undefined; reporterId?: number },
  afterId: number | null,
  limit: number,
) {
  let q = db
    .selectFrom('volunteer.good_deeds')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(limit + 1);
  q = q.where((eb) => {
    const parts = [eb('community_id', 'in', filter.communityIds.length ? [...filter.communityIds] : [-1])];
    if (filter.reporterId !== undefined) parts.push(eb('reporter_user_id', '=', filter.reporterId));
    return eb.or(parts);
  });
  if (filter.status) q = q.where('status', '=', filter.status);
  if (afterId !== null) q = q.where('id', '<', afterId);
  return q.execute();
}

export async function insertWish(db: Executor, row: Insertable<WishTable>) {
  return (await db.insertInto('volunteer.wishes').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function wishById(db: Executor, id: number) {
  return db.selectFrom('volunteer.wishes').selectAll().where('id', '=', id).executeTakeFirst();
}

export type WishRow = NonNullable<Awaited<ReturnType<typeof wishById>>>;

/** Moves a wish on, only from the state given; false when someone else moved it first. */
export async function moveWish(db: Executor, id: number, from: readonly WishStatus[], patch: Updateable<WishTable>) {
  const result = await db
    .updateTable('volunteer.wishes')
    .set(patch)
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function listWishes(
  db: Executor,
  communityIds: readonly number[],
  status: WishStatus | undefined,
  afterId: number | null,
  limit: number,
) {
  let q = db
    .selectFrom('volunteer.wishes')
    .selectAll()
    .where('community_id', 'in', communityIds.length ? [...communityIds] : [-1])
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (status) q = q.where('status', '=', status);
  if (afterId !== null) q = q.where('id', '<', afterId);
  return q.execute();
}

export async function insertProject(db: Executor, row: Insertable<ProjectTable>) {
  return (await db.insertInto('volunteer.projects').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function projectById(db: Executor, id: number) {
  return db.selectFrom('volunteer.projects').selectAll().where('id', '=', id).executeTakeFirst();
}

export type ProjectRow = NonNullable<Awaited<ReturnType<typeof projectById>>>;

export async function updateProject(db: Executor, id: number, patch: Updateable<ProjectTable> & { updated_at: Date }) {
  if (!hasChanges(patch)) return;
  await db.updateTable('volunteer.projects').set(patch).where('id', '=', id).execute();
}

export async function insertProjectUpdate(db: Executor, row: Insertable<ProjectUpdateTable>) {
  await db.insertInto('volunteer.project_updates').values(row).execute();
}

export function projectUpdates(db: Executor, projectId: number) {
  return db
    .selectFrom('volunteer.project_updates')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('id')
    .execute();
}

export function listProjects(db: Executor, communityIds: readonly number[], afterId: number | null, limit: number) {
  let q = db
    .selectFrom('volunteer.projects')
    .selectAll()
    .where('community_id', 'in', communityIds.length ? [...communityIds] : [-1])
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (afterId !== null) q = q.where('id', '<', afterId);
  return q.execute();
}

// ---------- stats ----------

/** Volunteers, approved minutes and activities of some communities' activities starting in a period. */
export async function hoursIn(db: Executor, communityIds: readonly number[], from: Date, to: Date) {
  const ids = communityIds.length ? [...communityIds] : [-1];
  const hours = await db
    .selectFrom('volunteer.signups as s')
    .innerJoin('volunteer.activities as a', 'a.id', 's.activity_id')
    .select([
      (eb) => eb.fn.count<number>('s.user_id').distinct().as('volunteers'),
      (eb) => eb.fn.coalesce(eb.fn.sum<number>('s.approved_minutes'), sql<number>`0`).as('minutes'),
      (eb) => eb.fn.count<number>('a.id').distinct().as('activities'),
    ])
    .where('s.status', '=', 'approved')
    .where('a.community_id', 'in', ids)
    .where('a.starts_at', '>=', from)
    .where('a.starts_at', '<', to)
    .executeTakeFirstOrThrow();
  return {
    volunteers: Number(hours.volunteers),
    minutes: Number(hours.minutes),
    activities: Number(hours.activities),
  };
}

export async function stats(db: Executor, communityIds: readonly number[], from: Date, to: Date) {
  const ids = communityIds.length ? [...communityIds] : [-1];
  const hours = await hoursIn(db, communityIds, from, to);
  const deeds = await db
    .selectFrom('volunteer.good_deeds')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'verified')
    .where('community_id', 'in', ids)
    .where('decided_at', '>=', from)
    .where('decided_at', '<', to)
    .executeTakeFirstOrThrow();
  const wishes = await db
    .selectFrom('volunteer.wishes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', ['fulfilled', 'thanked'])
    .where('community_id', 'in', ids)
    .where('fulfilled_at', '>=', from)
    .where('fulfilled_at', '<', to)
    .executeTakeFirstOrThrow();
  const teams = await db
    .selectFrom('volunteer.signups as s')
    .innerJoin('volunteer.activities as a', 'a.id', 's.activity_id')
    .innerJoin('volunteer.teams as t', 't.id', 'a.team_id')
    .select([
      't.id',
      't.name',
      (eb) => eb.fn.coalesce(eb.fn.sum<number>('s.approved_minutes'), sql<number>`0`).as('minutes'),
      (eb) => eb.fn.count<number>('s.user_id').distinct().as('volunteers'),
      (eb) => eb.fn.count<number>('a.id').distinct().as('activities'),
    ])
    .where('s.status', '=', 'approved')
    .where('a.community_id', 'in', ids)
    .where('a.starts_at', '>=', from)
    .where('a.starts_at', '<', to)
    .groupBy(['t.id', 't.name'])
    .orderBy('minutes', 'desc')
    .orderBy('t.id')
    .execute();
  return {
    ...hours,
    goodDeeds: Number(deeds.n),
    wishesFulfilled: Number(wishes.n),
    teams: teams.map((r) => ({
      teamId: r.id,
      name: r.name,
      minutes: Number(r.minutes),
      volunteers: Number(r.volunteers),
      activities: Number(r.activities),
    })),
  };
}
