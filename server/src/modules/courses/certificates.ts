import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import { requireActor, requirePermission } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { localParts } from '../../platform/local-time.ts';
import { maskName } from '../../platform/personal-data.ts';
import type { AuditService } from '../audit/service.ts';
import { loadFont } from '../reports/pdf.ts';
import { assertManages, assertReads, placeOf } from './access.ts';
import { renderCertificatePdf } from './certificate-pdf.ts';
import { presentCertificate, say, STATUS_LABELS, TRAINING_LABEL } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import { signJwt, type SigningKey } from './signing.ts';

export interface CertificateOptions {
  timeZone: string;
  issuer: string;
  /** The address the site is reached at (PUBLIC_URL), for the QR code and the credential's ids. */
  publicUrl: () => string;
  font: { path: string; name: string };
  signingKey: () => Promise<SigningKey>;
}

/**
 * Training certificates (培训结业证明): issued on completion with a random verification code,
 * signed as an Open Badges 3.0 credential in a VC-JWT (EdDSA, Ed25519) that verifies offline
 * with the published key, drawn as a PDF with a QR of the verification page. Revoking keeps
 * the address: the page then says 已撤销 (Open edX PR #27306).
 */
export class Certificates {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly options: CertificateOptions,
  ) {}

  verifyUrl(code: string) {
    return `${this.options.publicUrl()}/verify/certificates/${code}`;
  }

  keyUrl() {
    return `${this.options.publicUrl()}/api/courses/certificates/public-key`;
  }

  async publicKey(): Promise<z.infer<typeof S.PublicKeyView>> {
    const jwk = (await this.options.signingKey()).publicJwk;
    return {
      kty: String(jwk.kty),
      crv: String(jwk.crv),
      x: String(jwk.x),
      kid: jwk.kid,
      alg: 'EdDSA',
      use: 'sig',
    };
  }

  /** Issues the certificate of a completion, in the completing transaction. */
  async issue(
    trx: Executor,
    e: repo.EnrollmentRow,
    course: repo.CourseRow,
    holderName: string,
    now: Date,
  ): Promise<repo.CertificateRow> {
    const code = randomUUID();
    const base = this.options.publicUrl();
    const issuedOn = localParts(now, this.options.timeZone).date;
    // An Open Badges 3.0 OpenBadgeCredential as a VC-JWT; the issuer is pinned by the published key.
    const credential = signJwt(await this.options.signingKey(), {
      iss: base,
      jti: `urn:uuid:${code}`,
      sub: `urn:gongzhi:learner:${e.user_id}`,
      nbf: Math.floor(now.getTime() / 1000),
      vc: {
        '@context': [
          'https://www.w3.org/ns/credentials/v2',
          'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
        ],
        id: `urn:uuid:${code}`,
        type: ['VerifiableCredential', 'OpenBadgeCredential'],
        issuer: { id: base, type: ['Profile'], name: this.options.issuer },
        validFrom: now.toISOString(),
        name: `培训结业：${course.title}`,
        credentialSubject: {
          type: ['AchievementSubject'],
          name: holderName,
          achievement: {
            id: `${base}/courses/${course.id}`,
            type: ['Achievement'],
            achievementType: 'Course',
            name: course.title,
            description: TRAINING_LABEL.zh,
            criteria: { narrative: '完成线下课时签到、线上课程有效观看与测验（按课程要求）' },
          },
        },
        credentialStatus: { id: this.verifyUrl(code), type: 'GongzhiVerificationPage' },
        issuedOn,
      },
    });
    return repo.insertCertificate(trx, {
      code,
      enrollment_id: e.id,
      course_id: course.id,
      user_id: e.user_id,
      holder_name: holderName,
      course_title: course.title,
      issued_at: now,
      credential,
    });
  }

  async mine(ctx: RequestContext): Promise<z.infer<typeof S.CertificateList>> {
    const actor = requireActor(ctx.actor);
    const rows = await repo.certificatesOfUser(this.db, actor.userId);
    return { items: rows.map((c) => presentCertificate(c, ctx.locale, this.verifyUrl(c.code), true)) };
  }

  /** Staff: the certificates of the courses of their area, holders' names masked. */
  async list(ctx: RequestContext, courses: repo.CourseRow[]): Promise<z.infer<typeof S.CertificateList>> {
    requirePermission(ctx.actor, 'courses.read');
    const rows = await repo.certificatesOfCourses(
      this.db,
      courses.map((c) => c.id),
    );
    return { items: rows.map((c) => presentCertificate(c, ctx.locale, this.verifyUrl(c.code), false)) };
  }

  /** Public: what the verification page shows. The same address answers after a revocation. */
  async verify(code: string, locale: 'zh-CN' | 'en'): Promise<z.infer<typeof S.VerificationView> | null> {
    const c = await repo.certificateByCode(this.db, code);
    if (!c) return null;
    const status = c.revoked_at ? 'revoked' : 'valid';
    return {
      code: c.code,
      status,
      statusLabel: say(STATUS_LABELS[status], locale),
      holderName: maskName(c.holder_name),
      courseTitle: c.course_title,
      issuer: this.options.issuer,
      issuedOn: localParts(c.issued_at, this.options.timeZone).date,
      revokedOn: c.revoked_at ? localParts(c.revoked_at, this.options.timeZone).date : null,
      trainingLabel: say(TRAINING_LABEL, locale),
      credential: c.credential,
    };
  }

  async revoke(
    ctx: RequestContext,
    id: number,
    reason: string,
    course: (courseId: number) => Promise<repo.CourseRow | undefined>,
  ) {
    const actor = requireActor(ctx.actor);
    const cert = await repo.certificateById(this.db, id);
    const c = cert ? await course(cert.course_id) : undefined;
    assertManages(actor, c);
    if (cert!.revoked_at) throw new AppError('conflict', {}, [{ key: 'courses.already_revoked' }]);
    await this.db.transaction().execute(async (trx) => {
      await repo.revokeCertificate(trx, id, actor.userId, reason, this.clock.now());
      await this.audit.record(trx, ctx, {
        action: 'courses.certificate.revoke',
        entityType: 'course_certificate',
        entityId: id,
        place: placeOf(c!),
        details: { code: cert!.code, reason },
      });
    });
    const row = (await repo.certificateById(this.db, id))!;
    return presentCertificate(row, ctx.locale, this.verifyUrl(row.code), false);
  }

  /** The PDF, for its holder or for staff who manage the course. */
  async pdf(ctx: RequestContext, code: string, course: (courseId: number) => Promise<repo.CourseRow | undefined>) {
    const actor = requireActor(ctx.actor);
    const cert = await repo.certificateByCode(this.db, code);
    if (!cert) throw new AppError('not_found');
    // Anyone else than the holder reads it only as staff of the course's area; otherwise "not found".
    if (cert.user_id !== actor.userId) assertReads(actor, await course(cert.course_id));
    const font = await loadFont(this.options.font);
    if ('problem' in font) throw new AppError('unavailable', {}, [{ message: font.problem }]);
    return renderCertificatePdf(
      {
        holderName: cert.holder_name,
        courseTitle: cert.course_title,
        issuer: this.options.issuer,
        issuedOn: localParts(cert.issued_at, this.options.timeZone).date,
        code: cert.code,
        verifyUrl: this.verifyUrl(cert.code),
        trainingLabel: TRAINING_LABEL.zh,
        revoked: cert.revoked_at !== null,
      },
      this.options.font,
      font.bytes,
      this.clock.now(),
    );
  }
}
