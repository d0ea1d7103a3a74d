import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type {
  CertificateTable,
  CourseStatus,
  CourseTable,
  EnrollmentTable,
  Intervals,
  QuizQuestion,
  SessionTable,
} from './tables.ts';

export type CourseRow = Selectable<CourseTable>;
export type SessionRow = Selectable<SessionTable>;
export type EnrollmentRow = Selectable<EnrollmentTable>;
export type CertificateRow = Selectable<CertificateTable>;

const json = (v: unknown) => JSON.stringify(v);

// ---------- courses ----------

export function insertCourse(
  db: Executor,
  row: Omit<Insertable<CourseTable>, 'quiz'> & { quiz: QuizQuestion[] },
): Promise<CourseRow> {
  return db
    .insertInto('courses.courses')
    .values({ ...row, quiz: json(row.quiz) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function courseById(db: Executor, id: number): Promise<CourseRow | undefined> {
  return db.selectFrom('courses.courses').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listCourses(
  db: Executor,
  f: { communityIds?: readonly number[]; status?: CourseStatus; category?: string; fraudType?: string | undefined },
): Promise<CourseRow[]> {
  let q = db.selectFrom('courses.courses').selectAll().orderBy('id', 'desc').limit(500);
  if (f.communityIds)
    q = f.communityIds.length ? q.where('community_id', 'in', f.communityIds) : q.where(sql.lit(false));
  if (f.status) q = q.where('status', '=', f.status);
  if (f.category) q = q.where('category', '=', f.category as CourseRow['category']);
  if (f.fraudType) q = q.where('fraud_type', '=', f.fraudType as NonNullable<CourseRow['fraud_type']>);
  return q.execute();
}

export async function setCourseStatus(db: Executor, id: number, status: CourseStatus, now: Date) {
  await db.updateTable('courses.courses').set({ status, updated_at: now }).where('id', '=', id).execute();
}

// ---------- sessions and sign-ups ----------

export function insertSession(db: Executor, row: Insertable<SessionTable>): Promise<SessionRow> {
  return db.insertInto('courses.sessions').values(row).returningAll().executeTakeFirstOrThrow();
}

export function sessionById(db: Executor, id: number): Promise<SessionRow | undefined> {
  return db.selectFrom('courses.sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A session locked for a sign-up, so two sign-ups cannot both take the last place. */
export function sessionForUpdate(db: Executor, id: number): Promise<SessionRow | undefined> {
  return db.selectFrom('courses.sessions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export type SessionWithCounts = SessionRow & { signed_up: number; checked_in: number };

export function sessionsOf(db: Executor, f: { courseIds: readonly number[] }): Promise<SessionWithCounts[]> {
  if (!f.courseIds.length) return Promise.resolve([]);
  return db
    .selectFrom('courses.sessions as s')
    .selectAll('s')
    .select((eb) => [
      eb
        .selectFrom('courses.signups as u')
        .whereRef('u.session_id', '=', 's.id')
        .select((e) => e.fn.countAll<string>().as('n'))
        .as('signed_up'),
      eb
        .selectFrom('courses.signups as u')
        .whereRef('u.session_id', '=', 's.id')
        .where('u.checked_in_at', 'is not', null)
        .select((e) => e.fn.countAll<string>().as('n'))
        .as('checked_in'),
    ])
    .where('s.course_id', 'in', f.courseIds)
    .orderBy('s.starts_at')
    .execute()
    .then((rows) => rows.map((r) => ({ ...r, signed_up: Number(r.signed_up), checked_in: Number(r.checked_in) })));
}

export async function signupCount(db: Executor, sessionId: number): Promise<number> {
  const r = await db
    .selectFrom('courses.signups')
    .where('session_id', '=', sessionId)
    .select((e) => e.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function signupOf(db: Executor, sessionId: number, userId: number) {
  return db
    .selectFrom('courses.signups')
    .selectAll()
    .where('session_id', '=', sessionId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function insertSignup(db: Executor, sessionId: number, userId: number, now: Date) {
  await db
    .insertInto('courses.signups')
    .values({ session_id: sessionId, user_id: userId, signed_up_at: now, checked_in_at: null })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function checkIn(db: Executor, sessionId: number, userId: number, now: Date) {
  await db
    .updateTable('courses.signups')
    .set({ checked_in_at: now })
    .where('session_id', '=', sessionId)
    .where('user_id', '=', userId)
    .where('checked_in_at', 'is', null)
    .execute();
}

export function signupsOfUser(db: Executor, userId: number) {
  return db
    .selectFrom('courses.signups as u')
    .innerJoin('courses.sessions as s', 's.id', 'u.session_id')
    .select(['u.session_id', 'u.checked_in_at', 's.course_id'])
    .where('u.user_id', '=', userId)
    .execute();
}

// ---------- enrollments ----------

/** The learner's progress in a course, made on first use, locked for the change that follows. */
export async function enrollmentForUpdate(
  db: Executor,
  courseId: number,
  userId: number,
  now: Date,
): Promise<EnrollmentRow> {
  await db
    .insertInto('courses.enrollments')
    .values({ course_id: courseId, user_id: userId, watched: '[]', created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['course_id', 'user_id']).doNothing())
    .execute();
  return db
    .selectFrom('courses.enrollments')
    .selectAll()
    .where('course_id', '=', courseId)
    .where('user_id', '=', userId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export function enrollmentOf(db: Executor, courseId: number, userId: number) {
  return db
    .selectFrom('courses.enrollments')
    .selectAll()
    .where('course_id', '=', courseId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export function enrollmentsOfUser(db: Executor, userId: number): Promise<EnrollmentRow[]> {
  return db.selectFrom('courses.enrollments').selectAll().where('user_id', '=', userId).orderBy('id', 'desc').execute();
}

export async function updateEnrollment(
  db: Executor,
  id: number,
  patch: Omit<Updateable<EnrollmentTable>, 'watched'> & { watched?: Intervals },
) {
  const { watched, ...rest } = patch;
  await db
    .updateTable('courses.enrollments')
    .set({ ...rest, ...(watched ? { watched: json(watched) } : {}) })
    .where('id', '=', id)
    .execute();
}

/** 学习之星: the points each learner earned by completions in [from, to), most first. */
export function learningStars(db: Executor, f: { communityIds: readonly number[]; from: Date; to: Date }) {
  if (!f.communityIds.length) return Promise.resolve([]);
  return db
    .selectFrom('courses.enrollments as e')
    .innerJoin('courses.courses as c', 'c.id', 'e.course_id')
    .select((eb) => [
      'e.user_id',
      eb.fn.sum<string>('e.points_awarded').as('points'),
      eb.fn.countAll<string>().as('completed'),
    ])
    .where('c.community_id', 'in', f.communityIds)
    .where('e.completed_at', '>=', f.from)
    .where('e.completed_at', '<', f.to)
    .groupBy('e.user_id')
    .orderBy('points', 'desc')
    .orderBy('completed', 'desc')
    .orderBy('e.user_id')
    .limit(20)
    .execute();
}

/** Course figures over courses: sessions held, people who came, learners, completions, certificates. */
export async function figures(db: Executor, courseIds: readonly number[]) {
  if (!courseIds.length) return { sessions: 0, attendees: 0, learners: 0, completions: 0, certificates: 0 };
  const one = async (q: Promise<{ n: string | number | bigint } | undefined>) => Number((await q)?.n ?? 0);
  const [sessions, attendees, learners, completions, certificates] = await Promise.all([
    one(
      db
        .selectFrom('courses.sessions')
        .where('course_id', 'in', courseIds)
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirst(),
    ),
    one(
      db
        .selectFrom('courses.signups as u')
        .innerJoin('courses.sessions as s', 's.id', 'u.session_id')
        .where('s.course_id', 'in', courseIds)
        .where('u.checked_in_at', 'is not', null)
        .select((e) => e.fn.count('u.user_id').distinct().as('n'))
        .executeTakeFirst(),
    ),
    one(
      db
        .selectFrom('courses.enrollments')
        .where('course_id', 'in', courseIds)
        .select((e) => e.fn.count('user_id').distinct().as('n'))
        .executeTakeFirst(),
    ),
    one(
      db
        .selectFrom('courses.enrollments')
        .where('course_id', 'in', courseIds)
        .where('completed_at', 'is not', null)
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirst(),
    ),
    one(
      db
        .selectFrom('courses.certificates')
        .where('course_id', 'in', courseIds)
        .where('revoked_at', 'is', null)
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirst(),
    ),
  ]);
  return { sessions, attendees, learners, completions, certificates };
}

// ---------- certificates ----------

export function insertCertificate(db: Executor, row: Insertable<CertificateTable>): Promise<CertificateRow> {
  return db.insertInto('courses.certificates').values(row).returningAll().executeTakeFirstOrThrow();
}

export function certificateByCode(db: Executor, code: string): Promise<CertificateRow | undefined> {
  return db.selectFrom('courses.certificates').selectAll().where('code', '=', code).executeTakeFirst();
}

export function certificateById(db: Executor, id: number): Promise<CertificateRow | undefined> {
  return db.selectFrom('courses.certificates').selectAll().where('id', '=', id).executeTakeFirst();
}

export function certificatesOfUser(db: Executor, userId: number): Promise<CertificateRow[]> {
  return db
    .selectFrom('courses.certificates')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .execute();
}

export function certificatesOfCourses(db: Executor, courseIds: readonly number[]): Promise<CertificateRow[]> {
  if (!courseIds.length) return Promise.resolve([]);
  return db
    .selectFrom('courses.certificates')
    .selectAll()
    .where('course_id', 'in', courseIds)
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
}

export async function revokeCertificate(db: Executor, id: number, by: number, reason: string, now: Date) {
  await db
    .updateTable('courses.certificates')
    .set({ revoked_at: now, revoked_by: by, revoked_reason: reason })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}
