import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import { verificationHtml } from './presenters.ts';
import * as S from './schema.ts';
import type { CoursesService } from './service.ts';

const tags = ['courses'];
const Done = z.object({ ok: z.literal(true) });

export function coursesRoutes(app: FastifyInstance, courses: CoursesService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const conflict = {
    409: ErrorBody.describe('The session is full, over or not open for check-in; the certificate is already revoked'),
  };
  const base = '/api/courses';

  // ---------- learners ----------
  r.get(
    base,
    {
      schema: {
        tags,
        summary: 'The catalogue: published courses (骑士学院, 党群夜校) by category, each labelled as training (培训)',
        querystring: S.CourseListQuery,
        response: { 200: S.CourseList, ...errorResponses },
      },
    },
    (req) => courses.catalogue(req.ctx, req.query),
  );
  r.get(
    `${base}/mine`,
    {
      schema: {
        tags,
        summary: 'My courses with my progress: seconds watched, quiz, session attended, completion and certificate',
        response: { 200: S.MyCourses, ...errorResponses },
      },
    },
    (req) => courses.mine(req.ctx),
  );
  r.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'A course with its lesson, quiz (without answers), sessions and my progress',
        params: S.IdParams,
        response: { 200: S.CourseDetail, ...errorResponses },
      },
    },
    (req) => courses.detail(req.ctx, req.params.id),
  );
  r.post(
    `${base}/sessions/:id/signup`,
    {
      schema: {
        tags,
        summary: 'Sign up for a session at a station, within its capacity',
        params: S.IdParams,
        response: { 200: Done, ...conflict, ...errorResponses },
      },
    },
    async (req) => {
      await courses.signUp(req.ctx, req.params.id);
      return { ok: true as const };
    },
  );
  r.post(
    `${base}/sessions/:id/check-in`,
    {
      schema: {
        tags,
        summary:
          'Check in at a session with the six-digit code on the staff screen (it changes every COURSES_CODE_SECONDS; the previous one is accepted)',
        params: S.IdParams,
        body: S.CheckInBody,
        response: { 200: Done, ...conflict, ...errorResponses },
      },
    },
    async (req) => {
      await courses.checkIn(req.ctx, req.params.id, req.body.code);
      return { ok: true as const };
    },
  );
  r.post(
    `${base}/:id/lesson/start`,
    {
      schema: {
        tags,
        summary: "The lesson's player starts: the first heartbeat, from which reports' time is counted",
        params: S.IdParams,
        response: { 200: S.CourseDetail, ...conflict, ...errorResponses },
      },
    },
    async (req) => {
      await courses.startLesson(req.ctx, req.params.id);
      return courses.detail(req.ctx, req.params.id);
    },
  );
  r.post(
    `${base}/:id/lesson/progress`,
    {
      schema: {
        tags,
        summary:
          'A heartbeat with the segments played: only new seconds count, at most the wall-clock time since the last heartbeat × COURSES_MAX_PLAYBACK_RATE (seeking earns nothing)',
        params: S.IdParams,
        body: S.ProgressBody,
        response: { 200: S.CourseDetail, ...conflict, ...errorResponses },
      },
    },
    async (req) => {
      await courses.report(req.ctx, req.params.id, req.body);
      return courses.detail(req.ctx, req.params.id);
    },
  );
  r.post(
    `${base}/:id/quiz`,
    {
      schema: {
        tags,
        summary: "Answer the course's quiz; the best attempt stands against the pass mark",
        params: S.IdParams,
        body: S.QuizBody,
        response: { 200: S.CourseDetail, ...conflict, ...errorResponses },
      },
    },
    async (req) => {
      await courses.quiz(req.ctx, req.params.id, req.body.answers);
      return courses.detail(req.ctx, req.params.id);
    },
  );
  r.get(
    `${base}/stars`,
    {
      schema: {
        tags,
        summary: "学习之星: a community's learners ranked by course points in a month, names masked",
        querystring: S.StarsQuery,
        response: { 200: S.StarsView, ...errorResponses },
      },
    },
    (req) => courses.stars(req.ctx, req.query),
  );

  // ---------- certificates ----------
  r.get(
    `${base}/certificates/mine`,
    {
      schema: {
        tags,
        summary: 'My training certificates, each with its verification address',
        response: { 200: S.CertificateList, ...errorResponses },
      },
    },
    (req) => courses.certificates.mine(req.ctx),
  );
  r.get(
    `${base}/certificates/public-key`,
    {
      schema: {
        tags,
        summary: "The issuer's Ed25519 public key (JWK): certificates' VC-JWTs verify offline with it",
        response: { 200: S.PublicKeyView },
      },
      config: { public: true },
    },
    () => courses.certificates.publicKey(),
  );
  r.get(
    `${base}/certificates/:code/pdf`,
    {
      schema: {
        tags,
        summary:
          'The certificate as a PDF with a QR code of its verification page (the holder, or staff of the course)',
        params: S.CodeParams,
        produces: ['application/pdf'],
        response: { 200: z.any().describe('application/pdf'), ...errorResponses },
      },
    },
    async (req, reply) => {
      const pdf = await courses.certificatePdf(req.ctx, req.params.code);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="certificate-${req.params.code}.pdf"`)
        .send(pdf);
    },
  );
  r.get(
    `${base}/verify/:code`,
    {
      schema: {
        tags,
        summary: "Public: a certificate's status (valid or revoked), masked holder, course and signed credential",
        params: S.CodeParams,
        response: { 200: S.VerificationView, ...errorResponses },
      },
      config: { public: true },
    },
    async (req) => {
      const v = await courses.certificates.verify(req.params.code, req.ctx.locale);
      if (!v) throw new AppError('not_found');
      return v;
    },
  );
  r.get(
    '/verify/certificates/:code',
    {
      schema: {
        tags,
        summary:
          'Public: the verification page a certificate’s QR opens (HTML); the address stays valid after revocation and then says 已撤销',
        params: z.object({ code: z.string().max(64) }),
        produces: ['text/html'],
        response: { 200: z.string().describe('text/html'), 404: z.string().describe('text/html') },
      },
      config: { public: true },
    },
    async (req, reply) => {
      const ok = S.CodeParams.safeParse(req.params).success;
      const v = ok ? await courses.certificates.verify(req.params.code, 'zh-CN') : null;
      return reply
        .code(v ? 200 : 404)
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(verificationHtml(v, courses.certificates.keyUrl()));
    },
  );

  // ---------- staff ----------
  r.post(
    base,
    {
      schema: {
        tags,
        summary: 'Create a course in a community (courses.manage)',
        body: S.CourseBody,
        response: { 201: S.CourseDetail, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await courses.create(req.ctx, req.body)),
  );
  r.post(
    `${base}/:id/status`,
    {
      schema: {
        tags,
        summary: 'Publish, unpublish (draft) or archive a course',
        params: S.IdParams,
        body: S.StatusBody,
        response: { 200: S.CourseDetail, ...errorResponses },
      },
    },
    (req) => courses.setStatus(req.ctx, req.params.id, req.body.status),
  );
  r.post(
    `${base}/:id/sessions`,
    {
      schema: {
        tags,
        summary: 'Schedule a session of a course at a station, with its capacity',
        params: S.IdParams,
        body: S.SessionBody,
        response: { 201: S.SessionView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await courses.createSession(req.ctx, req.params.id, req.body)),
  );
  r.get(
    `${base}/sessions/:id/code`,
    {
      schema: {
        tags,
        summary: 'The current check-in code for the staff screen at a session, and when it changes',
        params: S.IdParams,
        response: { 200: S.CodeView, ...errorResponses },
      },
    },
    (req) => courses.code(req.ctx, req.params.id),
  );
  r.get(
    `${base}/admin/courses`,
    {
      schema: {
        tags,
        summary: 'Courses of my area, every status, with their sessions, learners and completions',
        querystring: S.AdminCourseQuery,
        response: { 200: S.AdminCourseList, ...errorResponses },
      },
    },
    (req) => courses.adminList(req.ctx, req.query.areaId),
  );
  r.get(
    `${base}/admin/figures`,
    {
      schema: {
        tags,
        summary: 'Course figures of my area: courses, sessions, people who came, learners, completions, certificates',
        querystring: S.AdminCourseQuery,
        response: { 200: S.FiguresView, ...errorResponses },
      },
    },
    (req) => courses.figures(req.ctx, req.query.areaId),
  );
  r.get(
    `${base}/admin/certificates`,
    {
      schema: {
        tags,
        summary: "Certificates of my area's courses, holders' names masked",
        querystring: S.AdminCourseQuery,
        response: { 200: S.CertificateList, ...errorResponses },
      },
    },
    (req) => courses.adminCertificates(req.ctx, req.query.areaId),
  );
  r.post(
    `${base}/certificates/:id/revoke`,
    {
      schema: {
        tags,
        summary: 'Revoke a certificate; its verification address stays and says 已撤销 (revoked)',
        params: S.IdParams,
        body: S.RevokeBody,
        response: { 200: S.CertificateView, ...conflict, ...errorResponses },
      },
    },
    (req) => courses.revoke(req.ctx, req.params.id, req.body.reason),
  );
}
