import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { covers, requireActor, requirePermission, scopeFor, type Actor } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Jobs } from '../../platform/jobs.ts';
import type { RequestContext } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import { localInstant, localParts } from '../../platform/local-time.ts';
import { maskName } from '../../platform/personal-data.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import type { MattersService } from '../matters/service.ts';
import type { OrgService } from '../org/service.ts';
import type { PointsService } from '../points/service.ts';
import { assertManages, assertReads, placeOf } from './access.ts';
import { Certificates, type CertificateOptions } from './certificates.ts';
import { currentCode } from './check-in-code.ts';
import { Learning, type LearningOptions } from './learning.ts';
import { categories, presentCard, presentProgress, presentSession } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { SigningKey } from './signing.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

export interface CoursesOptions extends Omit<LearningOptions, 'codeSecret'>, Omit<CertificateOptions, 'signingKey'> {
  signingKey: () => Promise<SigningKey>;
}

export interface CoursesDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: AuditService;
  org: OrgService;
  auth: AuthService;
  matters: MattersService;
  points: PointsService;
  jobs: Jobs;
  options: CoursesOptions;
}

/**
 * Courses (骑士学院, 党群夜校): the catalogue by category, sessions at stations with sign-up and a
 * rotating check-in code, online lessons counted by the seconds watched, quizzes, training
 * certificates that verify offline, points for completion, and the figures and 学习之星 ranking.
 * Learning (learning.ts) and certificates (certificates.ts) are split out; this is the door.
 */
export class CoursesService {
  readonly certificates: Certificates;
  private readonly learning: Learning;

  constructor(private readonly d: CoursesDeps) {
    this.certificates = new Certificates(d.db, d.clock, d.audit, { ...d.options, signingKey: d.options.signingKey });
    this.learning = new Learning(d.db, d.clock, d.audit, d.points, d.jobs, this.certificates, {
      ...d.options,
      codeSecret: async () => (await d.options.signingKey()).codeSecret,
    });
  }

  // ---------- learners ----------

  async catalogue(ctx: RequestContext, q: z.infer<typeof S.CourseListQuery>): Promise<View<typeof S.CourseList>> {
    requireActor(ctx.actor);
    const rows = await repo.listCourses(this.d.db, {
      status: 'published',
      category: q.category,
      fraudType: q.fraudType,
    });
    return { items: rows.map((c) => presentCard(c, ctx.locale)), categories: categories(ctx.locale) };
  }

  async detail(ctx: RequestContext, id: number): Promise<View<typeof S.CourseDetail>> {
    const actor = requireActor(ctx.actor);
    const c = await repo.courseById(this.d.db, id);
    if (c?.status !== 'published') assertReads(actor, c);
    const [sessions, e, mine, certs] = await Promise.all([
      repo.sessionsOf(this.d.db, { courseIds: [c!.id] }),
      repo.enrollmentOf(this.d.db, c!.id, actor.userId),
      repo.signupsOfUser(this.d.db, actor.userId),
      repo.certificatesOfUser(this.d.db, actor.userId),
    ]);
    const signup = new Map(mine.map((s) => [s.session_id, s.checked_in_at ? 'checked_in' : 'signed_up'] as const));
    const cert = certs.find((x) => x.course_id === c!.id && !x.revoked_at)?.code ?? null;
    return {
      ...presentCard(c!, ctx.locale),
      lessonSeconds: c!.lesson_seconds,
      lessonUrl: c!.lesson_url,
      lessonText: c!.lesson_text,
      completionPercent: this.d.options.completionPercent,
      passPercent: c!.pass_percent,
      quiz: c!.quiz.map((q) => ({ question: q.question, options: q.options })),
      sessions: sessions.map((s) => presentSession(s, signup.get(s.id) ?? 'none')),
      progress: presentProgress(c!, e, this.d.options.completionPercent, cert),
    };
  }

  async mine(ctx: RequestContext): Promise<View<typeof S.MyCourses>> {
    const actor = requireActor(ctx.actor);
    const [enrollments, signups, certs] = await Promise.all([
      repo.enrollmentsOfUser(this.d.db, actor.userId),
      repo.signupsOfUser(this.d.db, actor.userId),
      repo.certificatesOfUser(this.d.db, actor.userId),
    ]);
    const ids = [...new Set([...enrollments.map((e) => e.course_id), ...signups.map((s) => s.course_id)])];
    const items = [];
    for (const id of ids) {
      const c = await repo.courseById(this.d.db, id);
      if (!c) continue;
      const cert = certs.find((x) => x.course_id === id && !x.revoked_at)?.code ?? null;
      const e = enrollments.find((x) => x.course_id === id);
      items.push({
        course: presentCard(c, ctx.locale),
        progress: presentProgress(c, e, this.d.options.completionPercent, cert),
      });
    }
    return { items };
  }

  signUp(ctx: RequestContext, sessionId: number) {
    return this.learning.signUp(ctx, sessionId);
  }

  checkIn(ctx: RequestContext, sessionId: number, code: string) {
    return this.learning.checkIn(ctx, sessionId, code);
  }

  startLesson(ctx: RequestContext, courseId: number) {
    return this.learning.startLesson(ctx, courseId);
  }

  report(ctx: RequestContext, courseId: number, body: z.infer<typeof S.ProgressBody>) {
    return this.learning.report(ctx, courseId, body);
  }

  quiz(ctx: RequestContext, courseId: number, answers: number[]) {
    return this.learning.quiz(ctx, courseId, answers);
  }

  /** The 学习之星 of a community for a month: points earned by completing its courses, names masked. */
  async stars(ctx: RequestContext, q: z.infer<typeof S.StarsQuery>): Promise<View<typeof S.StarsView>> {
    requireActor(ctx.actor);
    const tz = this.d.options.timeZone;
    const month = q.month ?? localParts(this.d.clock.now(), tz).date.slice(0, 7);
    const [y, m] = month.split('-').map(Number) as [number, number];
    const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    const rows = await repo.learningStars(this.d.db, {
      communityIds: [q.communityId],
      from: localInstant(`${month}-01`, 0, tz),
      to: localInstant(`${next}-01`, 0, tz),
    });
    const items = [];
    for (const [i, r] of rows.entries()) {
      const who = await this.d.auth.actorOf(r.user_id);
      items.push({
        rank: i + 1,
        name: maskName(who?.displayName ?? '?'),
        points: Number(r.points),
        completed: Number(r.completed),
      });
    }
    return { month, items };
  }

  // ---------- staff ----------

  async create(ctx: RequestContext, body: z.infer<typeof S.CourseBody>): Promise<View<typeof S.CourseDetail>> {
    const actor = requireActor(ctx.actor);
    await this.requireCommunity(body.communityId);
    assertManages(actor, { community_id: body.communityId });
    if (body.category === 'anti_fraud' && !body.fraudType)
      throw invalid('body.fraudType', 'courses.fraud_type_required');
    if (body.category !== 'anti_fraud' && body.fraudType)
      throw invalid('body.fraudType', 'courses.fraud_type_only_for_anti_fraud');
    const now = this.d.clock.now();
    const id = await this.d.db.transaction().execute(async (trx) => {
      const c = await repo.insertCourse(trx, {
        community_id: body.communityId,
        category: body.category,
        fraud_type: body.fraudType,
        title: body.title,
        summary: body.summary,
        lesson_seconds: body.lessonSeconds,
        lesson_url: body.lessonUrl,
        lesson_text: body.lessonText,
        quiz: body.quiz.map((q) => {
          if (q.answer >= q.options.length) throw invalid('body.quiz', 'courses.answer_not_an_option');
          return q;
        }),
        pass_percent: body.passPercent,
        requires_session: body.requiresSession,
        certificate: body.certificate,
        official_url: body.officialUrl,
        status: body.status,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      });
      await this.d.audit.record(trx, ctx, {
        action: 'courses.course.create',
        entityType: 'course',
        entityId: c.id,
        place: placeOf(c),
        details: { title: c.title, category: c.category },
      });
      return c.id;
    });
    return this.detail(ctx, id);
  }

  async setStatus(ctx: RequestContext, id: number, status: z.infer<typeof S.CourseStatus>) {
    const c = await repo.courseById(this.d.db, id);
    assertManages(ctx.actor, c);
    await this.d.db.transaction().execute(async (trx) => {
      await repo.setCourseStatus(trx, id, status, this.d.clock.now());
      await this.d.audit.record(trx, ctx, {
        action: 'courses.course.status',
        entityType: 'course',
        entityId: id,
        place: placeOf(c!),
        details: { from: c!.status, to: status },
      });
    });
    return this.detail(ctx, id);
  }

  async createSession(ctx: RequestContext, courseId: number, body: z.infer<typeof S.SessionBody>) {
    const actor = requireActor(ctx.actor);
    const c = await repo.courseById(this.d.db, courseId);
    assertManages(actor, c);
    const startsAt = new Date(body.startsAt);
    const endsAt = new Date(body.endsAt);
    if (endsAt <= startsAt) throw invalid('body.endsAt', 'courses.ends_before_start');
    let place = body.place;
    if (body.stationId !== undefined) {
      const station = await this.d.matters.stationSummary(body.stationId);
      if (!station?.active) throw invalid('body.stationId', 'courses.unknown_station');
      place ||= station.name;
    }
    if (!place) throw invalid('body.place', 'courses.place_required');
    const now = this.d.clock.now();
    const s = await this.d.db.transaction().execute(async (trx) => {
      const row = await repo.insertSession(trx, {
        course_id: c!.id,
        community_id: c!.community_id,
        station_id: body.stationId ?? null,
        place,
        starts_at: startsAt,
        ends_at: endsAt,
        capacity: body.capacity,
        created_by: actor.userId,
        created_at: now,
      });
      await this.d.audit.record(trx, ctx, {
        action: 'courses.session.create',
        entityType: 'course_session',
        entityId: row.id,
        place: placeOf(c!),
        details: { courseId: c!.id, startsAt: body.startsAt, capacity: body.capacity },
      });
      return row;
    });
    return presentSession({ ...s, signed_up: 0, checked_in: 0 }, 'none');
  }

  /** The code for the staff screen at a session; it changes every COURSES_CODE_SECONDS. */
  async code(ctx: RequestContext, sessionId: number): Promise<View<typeof S.CodeView>> {
    const s = await repo.sessionById(this.d.db, sessionId);
    assertManages(ctx.actor, s);
    const seconds = this.d.options.codeSeconds;
    const { code, expiresAt } = currentCode(
      (await this.d.options.signingKey()).codeSecret,
      s!.id,
      this.d.clock.now(),
      seconds,
    );
    return { sessionId: s!.id, code, expiresAt: expiresAt.toISOString(), windowSeconds: seconds };
  }

  async adminList(ctx: RequestContext, areaId: number | undefined): Promise<View<typeof S.AdminCourseList>> {
    const rows = await this.coursesInScope(ctx.actor, areaId);
    const sessions = await repo.sessionsOf(this.d.db, { courseIds: rows.map((c) => c.id) });
    const items = [];
    for (const c of rows) {
      const f = await repo.figures(this.d.db, [c.id]);
      items.push({
        ...presentCard(c, ctx.locale),
        sessions: sessions.filter((s) => s.course_id === c.id).map((s) => presentSession(s, 'none')),
        learners: f.learners,
        completions: f.completions,
      });
    }
    return { items };
  }

  async figures(ctx: RequestContext, areaId: number | undefined): Promise<View<typeof S.FiguresView>> {
    const rows = await this.coursesInScope(ctx.actor, areaId);
    return {
      courses: rows.length,
      ...(await repo.figures(
        this.d.db,
        rows.map((c) => c.id),
      )),
    };
  }

  async adminCertificates(ctx: RequestContext, areaId: number | undefined) {
    return this.certificates.list(ctx, await this.coursesInScope(ctx.actor, areaId));
  }

  revoke(ctx: RequestContext, id: number, reason: string) {
    return this.certificates.revoke(ctx, id, reason, (courseId) => repo.courseById(this.d.db, courseId));
  }

  certificatePdf(ctx: RequestContext, code: string) {
    return this.certificates.pdf(ctx, code, (courseId) => repo.courseById(this.d.db, courseId));
  }

  private async coursesInScope(actor: Actor | null, areaId: number | undefined) {
    const scope = requirePermission(actor, 'courses.read');
    let ids = [...scope.divisionIds];
    if (areaId !== undefined) {
      const under = new Set(await this.d.org.divisionsUnder(areaId));
      ids = ids.filter((x) => under.has(x));
    }
    return (await repo.listCourses(this.d.db, { communityIds: ids })).filter((c) =>
      covers(scopeFor(actor, 'courses.read'), placeOf(c)),
    );
  }

  private async requireCommunity(id: number) {
    const community = (await this.d.org.divisionsAtLevels(['community'])).find((d) => d.id === id);
    if (!community) throw invalid('body.communityId', 'courses.not_community');
  }
}
