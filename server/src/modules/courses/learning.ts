import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { requireActor, type Actor } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Jobs } from '../../platform/jobs.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import type { AuditService } from '../audit/service.ts';
import type { PointsService } from '../points/service.ts';
import { assertOpen, placeOf } from './access.ts';
import type { Certificates } from './certificates.ts';
import { codeAccepted } from './check-in-code.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import { coveragePercent, creditReport, reportBudget } from './watching.ts';

export interface LearningOptions {
  /** COURSES_COMPLETION_PERCENT: the share of the lesson that must have been watched. */
  completionPercent: number;
  /** COURSES_MAX_PLAYBACK_RATE: the fastest playback a report may claim (2: 2× speed). */
  maxPlaybackRate: number;
  /** COURSES_CODE_SECONDS: how long a check-in code lasts. */
  codeSeconds: number;
  /** How early before a session its check-in opens, in minutes. */
  checkInEarlyMinutes: number;
  codeSecret: () => Promise<Buffer>;
}

/**
 * A learner's way through a course: sign up for a session and check in with the code on the
 * staff screen; watch the lesson (only watched seconds count, each report capped by the time
 * since the last — the Clock's); take the quiz. When every part the course asks for is done
 * the course is complete: a certificate is issued in the same transaction, and points are
 * awarded through PointsService (the community's rule for course.completed, with its daily cap).
 */
export class Learning {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly points: PointsService,
    private readonly jobs: Jobs,
    private readonly certificates: Certificates,
    private readonly options: LearningOptions,
  ) {}

  async signUp(ctx: RequestContext, sessionId: number) {
    const actor = requireActor(ctx.actor);
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const s = await repo.sessionForUpdate(trx, sessionId);
      assertOpen(s ? await repo.courseById(trx, s.course_id) : undefined);
      if (s!.ends_at <= now) throw new AppError('conflict', {}, [{ key: 'courses.session_over' }]);
      if (await repo.signupOf(trx, s!.id, actor.userId)) return;
      if ((await repo.signupCount(trx, s!.id)) >= s!.capacity)
        throw new AppError('conflict', {}, [{ key: 'courses.session_full' }]);
      await repo.insertSignup(trx, s!.id, actor.userId, now);
      await this.audit.record(trx, ctx, {
        action: 'courses.signup',
        entityType: 'course_session',
        entityId: s!.id,
        place: placeOf(s!),
      });
    });
  }

  /** Check-in with the rotating code: during the session (from a little before), current or previous code. */
  async checkIn(ctx: RequestContext, sessionId: number, code: string) {
    const actor = requireActor(ctx.actor);
    const now = this.clock.now();
    const awarded = await this.db.transaction().execute(async (trx) => {
      const s = await repo.sessionForUpdate(trx, sessionId);
      const course = s ? await repo.courseById(trx, s.course_id) : undefined;
      assertOpen(course);
      const opens = s!.starts_at.getTime() - this.options.checkInEarlyMinutes * 60_000;
      if (now.getTime() < opens || now >= s!.ends_at)
        throw new AppError('conflict', {}, [{ key: 'courses.session_not_open' }]);
      if (!codeAccepted(await this.options.codeSecret(), s!.id, code, now, this.options.codeSeconds))
        throw invalid('body.code', 'courses.bad_code');
      const signup = await repo.signupOf(trx, s!.id, actor.userId);
      if (!signup) {
        // A walk-in takes a free place, if there is one.
        if ((await repo.signupCount(trx, s!.id)) >= s!.capacity)
          throw new AppError('conflict', {}, [{ key: 'courses.session_full' }]);
        await repo.insertSignup(trx, s!.id, actor.userId, now);
      }
      await repo.checkIn(trx, s!.id, actor.userId, now);
      const e = await repo.enrollmentForUpdate(trx, course.id, actor.userId, now);
      if (e.attended_session_id === null) {
        await repo.updateEnrollment(trx, e.id, { attended_session_id: s!.id, updated_at: now });
        e.attended_session_id = s!.id;
      }
      await this.audit.record(trx, ctx, {
        action: 'courses.check_in',
        entityType: 'course_session',
        entityId: s!.id,
        place: placeOf(s!),
      });
      return this.completeIfDone(trx, ctx, actor, course, e, now);
    });
    await this.award(awarded);
  }

  /** The lesson's player starts: the heartbeat from which the first report's time is counted. */
  async startLesson(ctx: RequestContext, courseId: number) {
    const actor = requireActor(ctx.actor);
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const course = await repo.courseById(trx, courseId);
      assertOpen(course);
      if (course.lesson_seconds === null) throw new AppError('conflict', {}, [{ key: 'courses.no_lesson' }]);
      const e = await repo.enrollmentForUpdate(trx, course.id, actor.userId, now);
      await repo.updateEnrollment(trx, e.id, { heartbeat_at: now, updated_at: now });
    });
  }

  /**
   * A heartbeat with the segments played since the last one. New seconds are credited up to the
   * wall-clock time since the last heartbeat × the fastest rate: a seek to the end earns nothing.
   */
  async report(ctx: RequestContext, courseId: number, body: z.infer<typeof S.ProgressBody>) {
    const actor = requireActor(ctx.actor);
    const now = this.clock.now();
    const awarded = await this.db.transaction().execute(async (trx) => {
      const course = await repo.courseById(trx, courseId);
      assertOpen(course);
      const length = course.lesson_seconds;
      if (length === null) throw new AppError('conflict', {}, [{ key: 'courses.no_lesson' }]);
      const e = await repo.enrollmentForUpdate(trx, course.id, actor.userId, now);
      const budget = reportBudget(e.heartbeat_at, now, this.options.maxPlaybackRate);
      const { watched } = creditReport(e.watched, body.segments, length, budget);
      const watchedSeconds = watched.reduce((sum, [a, b]) => sum + (b - a), 0);
      await repo.updateEnrollment(trx, e.id, {
        watched,
        watched_seconds: Math.floor(watchedSeconds),
        heartbeat_at: now,
        updated_at: now,
      });
      Object.assign(e, { watched, watched_seconds: Math.floor(watchedSeconds), heartbeat_at: now });
      return this.completeIfDone(trx, ctx, actor, course, e, now);
    });
    await this.award(awarded);
  }

  async quiz(ctx: RequestContext, courseId: number, answers: number[]) {
    const actor = requireActor(ctx.actor);
    const now = this.clock.now();
    const awarded = await this.db.transaction().execute(async (trx) => {
      const course = await repo.courseById(trx, courseId);
      assertOpen(course);
      if (course.quiz.length === 0) throw new AppError('conflict', {}, [{ key: 'courses.no_quiz' }]);
      if (answers.length !== course.quiz.length)
        throw invalid('body.answers', 'courses.answers_count', { count: course.quiz.length });
      const right = course.quiz.filter((q, i) => q.answer === answers[i]).length;
      const percent = Math.floor((right * 100) / course.quiz.length);
      const e = await repo.enrollmentForUpdate(trx, course.id, actor.userId, now);
      // The best attempt stands: a later worse one does not undo a pass.
      const passed = e.quiz_passed || percent >= course.pass_percent;
      const best = Math.max(e.quiz_percent ?? 0, percent);
      await repo.updateEnrollment(trx, e.id, { quiz_percent: best, quiz_passed: passed, updated_at: now });
      Object.assign(e, { quiz_percent: best, quiz_passed: passed });
      return this.completeIfDone(trx, ctx, actor, course, e, now);
    });
    await this.award(awarded);
  }

  /** Marks the course complete when every part it asks for is done, and issues its certificate. */
  private async completeIfDone(
    trx: Transaction<DB>,
    ctx: RequestContext,
    actor: Actor,
    course: repo.CourseRow,
    e: repo.EnrollmentRow,
    now: Date,
  ): Promise<Completion | null> {
    if (e.completed_at) return null;
    const lessonDone =
      course.lesson_seconds === null ||
      coveragePercent(e.watched, course.lesson_seconds) >= this.options.completionPercent;
    const quizDone = course.quiz.length === 0 || e.quiz_passed;
    const sessionDone = !course.requires_session || e.attended_session_id !== null;
    if (!lessonDone || !quizDone || !sessionDone) return null;
    await repo.updateEnrollment(trx, e.id, { completed_at: now, updated_at: now });
    const cert = course.certificate ? await this.certificates.issue(trx, e, course, actor.displayName, now) : null;
    await this.audit.record(trx, ctx, {
      action: 'courses.complete',
      entityType: 'course',
      entityId: course.id,
      place: placeOf(course),
      details: { enrollmentId: e.id, certificate: cert?.code ?? null },
    });
    // The points are owed from this commit on: the event is kept with the completion, so they are
    // paid even if the server stops before the award after the transaction (one key, one posting).
    await this.jobs.publish(
      trx,
      'course.completed',
      {
        userId: e.user_id,
        communityId: course.community_id,
        memo: completionMemo(course),
        referenceId: enrollmentRef(e.id),
        once: enrollmentRef(e.id),
      },
      actor.userId,
    );
    return { enrollmentId: e.id, userId: e.user_id, course, at: now };
  }

  /**
   * Points for a completion, after its transaction: the community's rule and caps decide the amount,
   * the award is idempotent by the enrollment, and what was posted is kept for the 学习之星 ranking.
   */
  private async award(c: Completion | null) {
    if (!c) return;
    const amount = await this.points.award({
      userId: c.userId,
      communityId: c.course.community_id,
      eventType: 'course.completed',
      units: 1,
      eventId: enrollmentRef(c.enrollmentId),
      at: c.at,
      memo: completionMemo(c.course),
      reference: { type: 'course.completed', id: enrollmentRef(c.enrollmentId) },
    });
    if (amount > 0) await repo.updateEnrollment(this.db, c.enrollmentId, { points_awarded: amount });
  }
}

const enrollmentRef = (enrollmentId: number) => `course-enrollment:${enrollmentId}`;
const completionMemo = (course: repo.CourseRow) => `完成课程「${course.title}」`;

interface Completion {
  enrollmentId: number;
  userId: number;
  course: repo.CourseRow;
  at: Date;
}
