import type { z } from 'zod';
import type { Locale } from '../../platform/i18n.ts';
import { maskName } from '../../platform/personal-data.ts';
import type { CertificateRow, CourseRow, EnrollmentRow, SessionWithCounts } from './repository.ts';
import type * as S from './schema.ts';
import { CATEGORIES, type CourseCategory } from './tables.ts';
import { coveragePercent } from './watching.ts';

type Bilingual = { zh: string; en: string };
export const say = (b: Bilingual, l: Locale) => (l === 'en' ? b.en : b.zh);

export const CATEGORY_LABELS: Record<CourseCategory, Bilingual> = {
  operations: { zh: '业务入门', en: 'Operations' },
  safety: { zh: '安全（电动车消防）', en: 'Safety (e-bike fire)' },
  law: { zh: '法治', en: 'Law' },
  anti_fraud: { zh: '反诈课堂', en: 'Fraud prevention' },
  career: { zh: '职业发展', en: 'Careers' },
  health: { zh: '身心健康', en: 'Health and wellbeing' },
  party: { zh: '党群夜校', en: 'Party and community evening school' },
  skills: { zh: '技能培训', en: 'Vocational skills' },
};

/** Every certificate says what it is: training completion, never the official qualification. */
export const TRAINING_LABEL: Bilingual = {
  zh: '培训结业证明（非职业资格或职业技能等级证书）',
  en: 'Training completion (not an official qualification or skill-level certificate)',
};

export const STATUS_LABELS: Record<'valid' | 'revoked', Bilingual> = {
  valid: { zh: '有效', en: 'Valid' },
  revoked: { zh: '已撤销', en: 'Revoked' },
};

export function categories(l: Locale) {
  return CATEGORIES.map((code) => ({ code, label: say(CATEGORY_LABELS[code], l) }));
}

export function presentCard(c: CourseRow, l: Locale): z.infer<typeof S.CourseCard> {
  return {
    id: c.id,
    communityId: c.community_id,
    category: c.category,
    categoryLabel: say(CATEGORY_LABELS[c.category], l),
    fraudType: c.fraud_type,
    title: c.title,
    summary: c.summary,
    hasLesson: c.lesson_seconds !== null,
    hasQuiz: c.quiz.length > 0,
    requiresSession: c.requires_session,
    certificate: c.certificate,
    trainingLabel: say(TRAINING_LABEL, l),
    officialUrl: c.official_url,
    status: c.status,
  };
}

export function presentSession(
  s: SessionWithCounts,
  mine: 'none' | 'signed_up' | 'checked_in',
): z.infer<typeof S.SessionView> {
  return {
    id: s.id,
    courseId: s.course_id,
    communityId: s.community_id,
    stationId: s.station_id,
    place: s.place,
    startsAt: s.starts_at.toISOString(),
    endsAt: s.ends_at.toISOString(),
    capacity: s.capacity,
    signedUp: s.signed_up,
    checkedIn: s.checked_in,
    mine,
  };
}

export function presentProgress(
  c: CourseRow,
  e: EnrollmentRow | undefined,
  completionPercent: number,
  certificateCode: string | null,
): z.infer<typeof S.ProgressView> {
  const watched = e?.watched ?? [];
  const percent = c.lesson_seconds ? coveragePercent(watched, c.lesson_seconds) : 0;
  return {
    started: e !== undefined,
    watchedSeconds: Math.floor(e?.watched_seconds ?? 0),
    watchedPercent: percent,
    watched,
    lessonDone: c.lesson_seconds === null || percent >= completionPercent,
    quizPercent: e?.quiz_percent ?? null,
    quizPassed: e?.quiz_passed ?? false,
    attended: e?.attended_session_id != null,
    completed: e?.completed_at != null,
    completedAt: e?.completed_at?.toISOString() ?? null,
    pointsAwarded: e?.points_awarded ?? 0,
    certificateCode,
  };
}

/** A certificate; the holder's name whole for the holder, masked for everyone else. */
export function presentCertificate(
  c: CertificateRow,
  l: Locale,
  verifyUrl: string,
  whole: boolean,
): z.infer<typeof S.CertificateView> {
  return {
    id: c.id,
    code: c.code,
    courseId: c.course_id,
    courseTitle: c.course_title,
    holderName: whole ? c.holder_name : maskName(c.holder_name),
    issuedAt: c.issued_at.toISOString(),
    revoked: c.revoked_at !== null,
    revokedAt: c.revoked_at?.toISOString() ?? null,
    revokedReason: c.revoked_reason,
    verifyUrl,
    trainingLabel: say(TRAINING_LABEL, l),
  };
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** The public verification page (/verify/certificates/:code): the same address before and after a revocation. */
export function verificationHtml(v: z.infer<typeof S.VerificationView> | null, keyUrl: string): string {
  const body = v
    ? `<h1 class="${v.status}">${escapeHtml(v.statusLabel)}${v.status === 'revoked' ? ' · Revoked' : ' · Valid'}</h1>
  <dl>
    <dt>持有人 Holder</dt><dd>${escapeHtml(v.holderName)}</dd>
    <dt>课程 Course</dt><dd>${escapeHtml(v.courseTitle)}</dd>
    <dt>颁发 Issued by</dt><dd>${escapeHtml(v.issuer)}</dd>
    <dt>日期 Issued on</dt><dd>${escapeHtml(v.issuedOn)}</dd>
    ${v.revokedOn ? `<dt>撤销 Revoked on</dt><dd>${escapeHtml(v.revokedOn)}</dd>` : ''}
    <dt>性质 Nature</dt><dd>${escapeHtml(v.trainingLabel)}</dd>
    <dt>编号 Code</dt><dd><code>${escapeHtml(v.code)}</code></dd>
  </dl>
  <details><summary>签名凭证 Signed credential (VC-JWT, EdDSA)</summary><p><code class="jwt">${escapeHtml(v.credential)}</code></p>
  <p>公钥 Public key: <a href="${escapeHtml(keyUrl)}">${escapeHtml(keyUrl)}</a></p></details>`
    : '<h1 class="revoked">未找到证书 · No such certificate</h1>';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>证书验证 Certificate verification</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:1rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem}.valid{color:#237804}.revoked{color:#c00000}dt{color:#666;margin-top:.6rem}dd{margin:0;font-size:1.1rem}
.jwt{word-break:break-all;font-size:.75rem}</style></head>
<body><p>共治 · 培训证书验证 Training certificate verification</p>
${body}
</body></html>`;
}
