import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type {
  BoothTable,
  FairStatus,
  FairTable,
  FollowupTable,
  InterviewTable,
  Outcome,
  PositionTable,
  SignupTable,
} from './tables.ts';

export type FairRow = Selectable<FairTable>;
export type BoothRow = Selectable<BoothTable>;
export type PositionRow = Selectable<PositionTable>;
export type SignupRow = Selectable<SignupTable>;
export type InterviewRow = Selectable<InterviewTable>;
export type FollowupRow = Selectable<FollowupTable>;

const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

// ----- fairs -----

export function insertFair(db: Executor, row: Insertable<FairTable>): Promise<FairRow> {
  return db.insertInto('jobfairs.fairs').values(row).returningAll().executeTakeFirstOrThrow();
}

export function fairById(db: Executor, id: number): Promise<FairRow | undefined> {
  return db.selectFrom('jobfairs.fairs').selectAll().where('id', '=', id).executeTakeFirst();
}

export function fairForUpdate(db: Executor, id: number): Promise<FairRow | undefined> {
  return db.selectFrom('jobfairs.fairs').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function fairsByIds(db: Executor, ids: readonly number[]): Promise<FairRow[]> {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('jobfairs.fairs').selectAll().where('id', 'in', ids).execute();
}

export function updateFair(db: Executor, id: number, set: Updateable<FairTable>) {
  return db.updateTable('jobfairs.fairs').set(set).where('id', '=', id).execute();
}

/** Staff: fairs of the divisions given, newest first. */
export function listFairs(
  db: Executor,
  f: {
    divisionIds: readonly number[];
    status?: FairStatus | undefined;
    q?: string | undefined;
    afterId?: number;
    limit: number;
  },
): Promise<FairRow[]> {
  let q = db
    .selectFrom('jobfairs.fairs')
    .selectAll()
    .where('division_id', 'in', f.divisionIds.length ? f.divisionIds : [0]);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.q) {
    const pattern = like(f.q);
    q = q.where((eb) => eb.or([eb('title', 'ilike', pattern), eb('place_name', 'ilike', pattern)]));
  }
  if (f.afterId !== undefined) q = q.where('id', '<', f.afterId);
  return q
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

/** Published fairs not yet over, soonest first. */
export function upcomingFairs(
  db: Executor,
  f: {
    now: Date;
    q?: string | undefined;
    divisionIds?: readonly number[] | undefined;
    after?: { startsAt: Date; id: number };
    limit: number;
  },
): Promise<FairRow[]> {
  let q = db.selectFrom('jobfairs.fairs').selectAll().where('status', '=', 'published').where('ends_at', '>', f.now);
  if (f.divisionIds) q = q.where('division_id', 'in', f.divisionIds.length ? f.divisionIds : [0]);
  if (f.q) {
    const pattern = like(f.q);
    q = q.where((eb) => eb.or([eb('title', 'ilike', pattern), eb('place_name', 'ilike', pattern)]));
  }
  if (f.after) {
    const a = f.after;
    q = q.where((eb) =>
      eb.or([eb('starts_at', '>', a.startsAt), eb.and([eb('starts_at', '=', a.startsAt), eb('id', '>', a.id)])]),
    );
  }
  return q
    .orderBy('starts_at')
    .orderBy('id')
    .limit(f.limit + 1)
    .execute();
}

export async function signupCounts(db: Executor, fairIds: readonly number[]): Promise<Map<number, number>> {
  if (!fairIds.length) return new Map();
  const rows = await db
    .selectFrom('jobfairs.signups')
    .select(['fair_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('fair_id', 'in', fairIds)
    .groupBy('fair_id')
    .execute();
  return new Map(rows.map((r) => [r.fair_id, Number(r.n)]));
}

// ----- booths and positions -----

export function insertBooth(db: Executor, row: Insertable<BoothTable>): Promise<BoothRow> {
  return db.insertInto('jobfairs.booths').values(row).returningAll().executeTakeFirstOrThrow();
}

export function boothById(db: Executor, id: number): Promise<BoothRow | undefined> {
  return db.selectFrom('jobfairs.booths').selectAll().where('id', '=', id).executeTakeFirst();
}

export function boothsOfFair(db: Executor, fairId: number): Promise<BoothRow[]> {
  return db.selectFrom('jobfairs.booths').selectAll().where('fair_id', '=', fairId).orderBy('id').execute();
}

export function boothsOfUser(db: Executor, userId: number): Promise<BoothRow[]> {
  return db
    .selectFrom('jobfairs.booths')
    .selectAll()
    .where('employer_user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(100)
    .execute();
}

export function boothsByIds(db: Executor, ids: readonly number[]): Promise<BoothRow[]> {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('jobfairs.booths').selectAll().where('id', 'in', ids).execute();
}

export function insertPosition(db: Executor, row: Insertable<PositionTable>): Promise<PositionRow> {
  return db.insertInto('jobfairs.positions').values(row).returningAll().executeTakeFirstOrThrow();
}

export function positionById(db: Executor, id: number): Promise<PositionRow | undefined> {
  return db.selectFrom('jobfairs.positions').selectAll().where('id', '=', id).executeTakeFirst();
}

export function positionsOfBooths(db: Executor, boothIds: readonly number[]): Promise<PositionRow[]> {
  if (!boothIds.length) return Promise.resolve([]);
  return db.selectFrom('jobfairs.positions').selectAll().where('booth_id', 'in', boothIds).orderBy('id').execute();
}

export function positionsByIds(db: Executor, ids: readonly number[]): Promise<PositionRow[]> {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('jobfairs.positions').selectAll().where('id', 'in', ids).execute();
}

// ----- sign-ups -----

export function insertSignup(db: Executor, row: Insertable<SignupTable>): Promise<SignupRow> {
  return db.insertInto('jobfairs.signups').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function countSignups(db: Executor, fairId: number): Promise<number> {
  const row = await db
    .selectFrom('jobfairs.signups')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('fair_id', '=', fairId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function signupOf(db: Executor, fairId: number, userId: number): Promise<SignupRow | undefined> {
  return db
    .selectFrom('jobfairs.signups')
    .selectAll()
    .where('fair_id', '=', fairId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export function signupByCode(db: Executor, fairId: number, code: string): Promise<SignupRow | undefined> {
  return db
    .selectFrom('jobfairs.signups')
    .selectAll()
    .where('fair_id', '=', fairId)
    .where('code', '=', code)
    .executeTakeFirst();
}

export function signupsByIds(db: Executor, ids: readonly number[]): Promise<SignupRow[]> {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('jobfairs.signups').selectAll().where('id', 'in', ids).execute();
}

export function signupsOfUser(db: Executor, userId: number): Promise<SignupRow[]> {
  return db
    .selectFrom('jobfairs.signups')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(100)
    .execute();
}

export function listSignups(
  db: Executor,
  f: { fairId: number; signedIn?: boolean | undefined; code?: string | undefined; afterId?: number; limit: number },
): Promise<SignupRow[]> {
  let q = db.selectFrom('jobfairs.signups').selectAll().where('fair_id', '=', f.fairId);
  if (f.signedIn !== undefined) q = q.where('signed_in_at', f.signedIn ? 'is not' : 'is', null);
  if (f.code) q = q.where('code', '=', f.code.toUpperCase());
  if (f.afterId !== undefined) q = q.where('id', '<', f.afterId);
  return q
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

/** Signs a sign-up in once: the row when this call did it, undefined when it was already in. */
export function signIn(db: Executor, id: number, set: { at: Date; via: 'qr' | 'staff'; by: number | null }) {
  return db
    .updateTable('jobfairs.signups')
    .set({ signed_in_at: set.at, signed_in_via: set.via, signed_in_by: set.by })
    .where('id', '=', id)
    .where('signed_in_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

// ----- interviews and follow-ups -----

export function insertInterview(db: Executor, row: Insertable<InterviewTable>): Promise<InterviewRow> {
  return db.insertInto('jobfairs.interviews').values(row).returningAll().executeTakeFirstOrThrow();
}

export function interviewForUpdate(db: Executor, id: number): Promise<InterviewRow | undefined> {
  return db.selectFrom('jobfairs.interviews').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function interviewById(db: Executor, id: number): Promise<InterviewRow | undefined> {
  return db.selectFrom('jobfairs.interviews').selectAll().where('id', '=', id).executeTakeFirst();
}

export function updateInterview(db: Executor, id: number, set: Updateable<InterviewTable>) {
  return db.updateTable('jobfairs.interviews').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export function listInterviews(
  db: Executor,
  f: {
    fairId?: number;
    boothIds?: readonly number[];
    seekerUserId?: number;
    outcome?: Outcome | undefined;
    afterId?: number;
    limit: number;
  },
): Promise<InterviewRow[]> {
  let q = db.selectFrom('jobfairs.interviews').selectAll();
  if (f.fairId !== undefined) q = q.where('fair_id', '=', f.fairId);
  if (f.boothIds) q = q.where('booth_id', 'in', f.boothIds.length ? f.boothIds : [0]);
  if (f.seekerUserId !== undefined) q = q.where('seeker_user_id', '=', f.seekerUserId);
  if (f.outcome) q = q.where('outcome', '=', f.outcome);
  if (f.afterId !== undefined) q = q.where('id', '<', f.afterId);
  return q
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

/** Hires of fairs in the divisions given whose local hire date is on or before `hiredBy`, with no follow-up yet. */
export function followupsDue(
  db: Executor,
  f: { divisionIds: readonly number[]; hiredBy: string; fairId?: number | undefined; afterId?: number; limit: number },
): Promise<InterviewRow[]> {
  let q = db
    .selectFrom('jobfairs.interviews as i')
    .innerJoin('jobfairs.fairs as f', 'f.id', 'i.fair_id')
    .selectAll('i')
    .where('f.division_id', 'in', f.divisionIds.length ? f.divisionIds : [0])
    .where('i.hired_on', 'is not', null)
    .where('i.hired_on', '<=', f.hiredBy)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('jobfairs.followups as u').select('u.id').whereRef('u.interview_id', '=', 'i.id'))),
    );
  if (f.fairId !== undefined) q = q.where('i.fair_id', '=', f.fairId);
  if (f.afterId !== undefined) q = q.where('i.id', '<', f.afterId);
  return q
    .orderBy('i.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export async function followedUp(db: Executor, interviewIds: readonly number[]): Promise<Set<number>> {
  if (!interviewIds.length) return new Set();
  const rows = await db
    .selectFrom('jobfairs.followups')
    .select('interview_id')
    .where('interview_id', 'in', interviewIds)
    .execute();
  return new Set(rows.map((r) => r.interview_id));
}

export function insertFollowup(db: Executor, row: Insertable<FollowupTable>): Promise<FollowupRow> {
  return db.insertInto('jobfairs.followups').values(row).returningAll().executeTakeFirstOrThrow();
}

/** The per-fair report's counts, in one statement. */
export async function report(db: Executor, fairId: number) {
  const { rows } = await sql<{
    signups: string;
    signins: string;
    booths: string;
    positions: string;
    headcount: string | null;
    interviews: string;
    offers: string;
    hires: string;
    followups: string;
    retained: string;
  }>`select
      (select count(*) from jobfairs.signups where fair_id = ${fairId}) as signups,
      (select count(*) from jobfairs.signups where fair_id = ${fairId} and signed_in_at is not null) as signins,
      (select count(*) from jobfairs.booths where fair_id = ${fairId}) as booths,
      (select count(*) from jobfairs.positions where fair_id = ${fairId}) as positions,
      (select sum(headcount) from jobfairs.positions where fair_id = ${fairId}) as headcount,
      (select count(*) from jobfairs.interviews where fair_id = ${fairId}) as interviews,
      (select count(*) from jobfairs.interviews where fair_id = ${fairId} and outcome = 'offer') as offers,
      (select count(*) from jobfairs.interviews where fair_id = ${fairId} and hired_at is not null) as hires,
      (select count(*) from jobfairs.followups where fair_id = ${fairId}) as followups,
      (select count(*) from jobfairs.followups where fair_id = ${fairId} and employed) as retained`.execute(db);
  const r = rows[0]!;
  return {
    signups: Number(r.signups),
    signins: Number(r.signins),
    booths: Number(r.booths),
    positions: Number(r.positions),
    positionsOffered: Number(r.headcount ?? 0),
    interviews: Number(r.interviews),
    offers: Number(r.offers),
    hires: Number(r.hires),
    followupsDone: Number(r.followups),
    retained: Number(r.retained),
  };
}
