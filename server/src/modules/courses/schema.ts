import { z } from 'zod';
import { areaId, id } from '../../platform/input.ts';
import { FraudType } from '../legal/schema.ts';
import { CATEGORIES, COURSE_STATUSES } from './tables.ts';

const text = (max: number) => z.string().trim().max(max);
const instant = z.iso.datetime({ offset: true }).describe('An instant, ISO 8601 with its offset');

export const IdParams = z.object({ id });
export const CodeParams = z.object({ code: z.uuid().describe("The certificate's verification code") });

export const Category = z
  .enum(CATEGORIES)
  .describe(
    'operations 业务, safety 安全 (e-bike fire safety), law 法治, anti_fraud 反诈课堂 (with its fraud type), career 职业, health 身心健康, party 党群, skills 技能',
  );
export const CourseStatus = z.enum(COURSE_STATUSES);

export const QuizQuestionBody = z.object({
  question: text(300).min(1),
  options: z.array(text(200).min(1)).min(2).max(6),
  answer: z.number().int().min(0).max(5).describe('Index of the right option'),
});

export const CourseBody = z.object({
  communityId: id.describe('The community that runs the course and whose points rules pay for completions'),
  category: Category,
  fraudType: FraudType.nullable()
    .default(null)
    .describe('Anti-fraud lessons (required there, refused elsewhere): the kind of fraud it teaches to spot'),
  title: text(100).min(1),
  summary: text(2000).default(''),
  lessonSeconds: z
    .number()
    .int()
    .min(10)
    .max(36_000)
    .nullable()
    .default(null)
    .describe('Length of the online lesson in seconds; null: no online lesson'),
  lessonUrl: text(500).default('').describe('The lesson video; empty: the lesson text is read for its length'),
  lessonText: text(20_000).default(''),
  quiz: z.array(QuizQuestionBody).max(50).default([]),
  passPercent: z.number().int().min(1).max(100).default(60).describe('The quiz pass mark, in percent'),
  requiresSession: z.boolean().default(false).describe('Completion needs attending a session (checked in)'),
  certificate: z.boolean().default(true).describe('Completion earns a training certificate (培训结业证明)'),
  officialUrl: text(500)
    .default('')
    .describe('For certification classes: where the official 职业技能等级 result is looked up; never imitated'),
  status: CourseStatus.default('published'),
});

export const CourseListQuery = z.object({ category: Category.optional(), fraudType: FraudType.optional() });
export const AdminCourseQuery = z.object({ areaId });

export const SessionBody = z.object({
  stationId: id.optional().describe('The service station (驿站, 党群服务中心) where it is held'),
  place: text(200).default('').describe("Where, in words; the station's name when empty"),
  startsAt: instant,
  endsAt: instant,
  capacity: z.number().int().min(1).max(10_000),
});

export const CheckInBody = z.object({
  code: z
    .string()
    .regex(/^\d{6}$/)
    .describe('The six digits on the staff screen'),
});

export const ProgressBody = z.object({
  segments: z
    .array(z.tuple([z.number().min(0).max(36_000), z.number().min(0).max(36_000)]))
    .max(100)
    .describe('Segments played since the last report, [from, to] in seconds of the lesson'),
});

export const QuizBody = z.object({ answers: z.array(z.number().int().min(0).max(5)).max(50) });
export const StatusBody = z.object({ status: CourseStatus });
export const RevokeBody = z.object({ reason: text(300).min(1) });
export const StarsQuery = z.object({
  communityId: id,
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional()
    .describe('YYYY-MM, local; the current month when absent'),
});

export const SessionView = z.object({
  id: z.number(),
  courseId: z.number(),
  communityId: z.number(),
  stationId: z.number().nullable(),
  place: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number(),
  signedUp: z.number(),
  checkedIn: z.number(),
  mine: z.enum(['none', 'signed_up', 'checked_in']).describe("The caller's sign-up"),
});

export const ProgressView = z.object({
  started: z.boolean(),
  watchedSeconds: z.number(),
  watchedPercent: z.number().describe('Seconds actually watched (merged) over the lesson length, whole percent'),
  watched: z.array(z.tuple([z.number(), z.number()])),
  lessonDone: z.boolean(),
  quizPercent: z.number().nullable(),
  quizPassed: z.boolean(),
  attended: z.boolean(),
  completed: z.boolean(),
  completedAt: z.string().nullable(),
  pointsAwarded: z.number(),
  certificateCode: z.string().nullable(),
});

export const CourseCard = z.object({
  id: z.number(),
  communityId: z.number(),
  category: Category,
  categoryLabel: z.string(),
  fraudType: FraudType.nullable(),
  title: z.string(),
  summary: z.string(),
  hasLesson: z.boolean(),
  hasQuiz: z.boolean(),
  requiresSession: z.boolean(),
  certificate: z.boolean(),
  trainingLabel: z.string().describe('培训结业 — the certificate is training, never the official qualification'),
  officialUrl: z.string(),
  status: CourseStatus,
});

export const CourseList = z.object({
  items: z.array(CourseCard),
  categories: z.array(z.object({ code: Category, label: z.string() })),
});

export const CourseDetail = CourseCard.extend({
  lessonSeconds: z.number().nullable(),
  lessonUrl: z.string(),
  lessonText: z.string(),
  completionPercent: z.number(),
  passPercent: z.number(),
  quiz: z.array(z.object({ question: z.string(), options: z.array(z.string()) })).describe('Without the answers'),
  sessions: z.array(SessionView),
  progress: ProgressView,
});

export const MyCourses = z.object({
  items: z.array(z.object({ course: CourseCard, progress: ProgressView })),
});

export const CodeView = z.object({
  sessionId: z.number(),
  code: z.string(),
  expiresAt: z.string(),
  windowSeconds: z.number(),
});

export const CertificateView = z.object({
  id: z.number(),
  code: z.string(),
  courseId: z.number(),
  courseTitle: z.string(),
  holderName: z.string().describe('Masked for staff lists; whole for the holder'),
  issuedAt: z.string(),
  revoked: z.boolean(),
  revokedAt: z.string().nullable(),
  revokedReason: z.string(),
  verifyUrl: z.string(),
  trainingLabel: z.string(),
});
export const CertificateList = z.object({ items: z.array(CertificateView) });

export const VerificationView = z.object({
  code: z.string(),
  status: z.enum(['valid', 'revoked']),
  statusLabel: z.string(),
  holderName: z.string().describe('Masked'),
  courseTitle: z.string(),
  issuer: z.string(),
  issuedOn: z.string(),
  revokedOn: z.string().nullable(),
  trainingLabel: z.string(),
  credential: z.string().describe('The OB3 VC-JWT (EdDSA), verifiable offline with the published key'),
});

export const PublicKeyView = z
  .object({
    kty: z.string(),
    crv: z.string(),
    x: z.string(),
    kid: z.string(),
    alg: z.string(),
    use: z.string(),
  })
  .describe('The issuer key as a JWK (Ed25519)');

export const AdminCourse = CourseCard.extend({
  sessions: z.array(SessionView),
  learners: z.number(),
  completions: z.number(),
});
export const AdminCourseList = z.object({ items: z.array(AdminCourse) });

export const FiguresView = z.object({
  courses: z.number(),
  sessions: z.number(),
  attendees: z.number().describe('People checked in at a session (distinct)'),
  learners: z.number(),
  completions: z.number(),
  certificates: z.number().describe('Valid (not revoked)'),
});

export const StarsView = z.object({
  month: z.string(),
  items: z.array(z.object({ rank: z.number(), name: z.string(), points: z.number(), completed: z.number() })),
});
