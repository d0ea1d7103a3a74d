import { z } from 'zod';
import { id } from '../../platform/input.ts';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { HELP_REASONS } from './help-rules.ts';
import {
  APPLICATION_STATUSES,
  EMPLOYER_STATUSES,
  HELP_KINDS,
  POSTING_KINDS,
  POSTING_STATUSES,
  WAGE_UNITS,
} from './tables.ts';

const text = (max: number) => z.string().trim().max(max);
const fen = z.number().int().min(1).max(100_000_000);
const instant = z.string().datetime({ offset: true });
const tags = z
  .array(z.string().trim().min(1).max(20))
  .max(20)
  .default([])
  .transform((t) => [...new Set(t)]);
const lat = z.number().min(3).max(54).describe('WGS-84 latitude');
const lng = z.number().min(73).max(136).describe('WGS-84 longitude');

export const IdParams = z.object({ id });

export const PostingKind = z
  .enum(POSTING_KINDS)
  .describe('odd_job 零工, day_paid 日结, short_term 短期, long_term 长期');
export const WageUnit = z.enum(WAGE_UNITS).describe('hour 时薪, day 日薪, month 月薪, piece 计件');
export const EmployerStatus = z.enum(EMPLOYER_STATUSES);
export const PostingStatus = z.enum(POSTING_STATUSES);
export const ApplicationStatus = z.enum(APPLICATION_STATUSES);

export const EmployerBody = z.object({
  name: z.string().trim().min(2).max(100).describe('The registered name of the firm or shop'),
  creditCode: z.string().trim().max(30).describe('统一社会信用代码, 18 characters; its check character is verified'),
  communityId: id.describe('The community the employer is reviewed by'),
  contactName: z.string().trim().min(1).max(40),
  contactPhone: z.string().trim().max(20),
});

export const ReviewBody = z.object({
  decision: z.enum(['approve', 'reject']),
  note: text(500).default(''),
});

export const EmployerView = z.object({
  id: z.number(),
  name: z.string(),
  creditCode: z.string(),
  community: z.object({ id: z.number(), name: z.string() }),
  contactName: z.string().describe('Masked for staff unless they may reveal personal data'),
  contactPhone: z.string().describe('Masked'),
  status: EmployerStatus,
  reviewNote: z.string(),
  createdAt: z.string(),
});

export const EmployerListQuery = PageQuery.extend({ status: EmployerStatus.optional() });
export const EmployerList = pageOf(EmployerView);
export const MyEmployer = z.object({ employer: EmployerView.nullable() });

export const PostingBody = z.object({
  title: z.string().trim().min(2).max(60),
  description: z.string().trim().min(2).max(2000),
  kind: PostingKind,
  wageFen: fen.describe('The wage in fen per wageUnit'),
  wageUnit: WageUnit,
  piecesPerHour: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .optional()
    .describe('For piece wages: the pieces a worker does in an hour'),
  communityId: id.optional().describe("Default: the employer's community"),
  placeName: z.string().trim().min(2).max(100),
  lat,
  lng,
  startsAt: instant,
  endsAt: instant,
  skills: tags.describe('Skills asked for; empty: anyone can do it'),
  certificates: tags.describe('Certificates a worker must hold (电工证, 健康证 …)'),
  headcount: z.number().int().min(1).max(1000),
});

export const PostingView = z.object({
  id: z.number(),
  employer: z.object({ id: z.number(), name: z.string() }),
  community: z.object({ id: z.number(), name: z.string() }),
  title: z.string(),
  description: z.string(),
  kind: PostingKind,
  wageFen: z.number(),
  wageUnit: WageUnit,
  hourlyFen: z.number(),
  city: z.string(),
  minimumFen: z.number().describe('The local minimum the wage was checked against'),
  placeName: z.string(),
  lat: z.number(),
  lng: z.number(),
  startsAt: z.string(),
  endsAt: z.string(),
  skills: z.array(z.string()),
  certificates: z.array(z.string()),
  headcount: z.number(),
  hiredCount: z.number(),
  status: PostingStatus,
  createdAt: z.string(),
});

export const PostingCreated = PostingView.extend({
  notified: z.number().describe('Matched seekers told of the posting'),
});
export const PostingListQuery = PageQuery.extend({ status: PostingStatus.optional() });
export const PostingList = pageOf(PostingView);

export const SeekerBody = z.object({
  communityId: id.optional().describe("Default: the caller's home community"),
  skills: tags,
  certificates: tags,
  lat,
  lng,
  radiusM: z
    .number()
    .int()
    .min(500)
    .max(10_000)
    .default(3000)
    .describe('How far the seeker will go; 三公里就业圈 by default'),
  expectedHourlyFen: z.number().int().min(0).max(10_000_000).default(0),
  weekdays: z
    .array(z.number().int().min(1).max(7))
    .max(7)
    .default([1, 2, 3, 4, 5, 6, 7])
    .describe('Days the seeker can work, 1 Monday … 7 Sunday'),
  birthYear: z
    .number()
    .int()
    .min(1900)
    .max(2100)
    .nullable()
    .default(null)
    .describe('Optional: the year of birth, so that older seekers get a staff member’s help (重点帮扶)'),
  disabled: z
    .boolean()
    .default(false)
    .describe('Optional: the seeker declares a disability, so that staff help them find work'),
});

export const SeekerView = z.object({
  id: z.number(),
  communityId: z.number(),
  skills: z.array(z.string()),
  certificates: z.array(z.string()),
  lat: z.number(),
  lng: z.number(),
  radiusM: z.number(),
  expectedHourlyFen: z.number(),
  weekdays: z.array(z.number()),
  birthYear: z.number().nullable(),
  disabled: z.boolean().describe('As the seeker declared it'),
});
export const MySeeker = z.object({ seeker: SeekerView.nullable() });

export const MatchQuery = z.object({ limit: z.coerce.number().int().min(1).max(50).default(20) });
export const MatchView = z.object({
  posting: PostingView,
  distanceM: z.number(),
  score: z.number(),
  why: z.string().describe('Why this job: the skills, distance, pay and day that fit'),
});
export const MatchList = z.object({ items: z.array(MatchView) });

export const ApplyBody = z.object({ note: text(200).default('') });
export const DecideBody = z.object({
  action: z.enum(['interview', 'hire', 'reject']),
  note: text(200).default(''),
});
export const TokenBody = z.object({
  token: z.string().min(10).max(500).describe('The text of the QR code at the work site'),
});
export const PayBody = z.object({ amountFen: z.number().int().min(0).max(100_000_000) });
export const RateBody = z.object({ stars: z.number().int().min(1).max(5), comment: text(200).default('') });
export const QrQuery = z.object({ purpose: z.enum(['in', 'out']) });
export const QrView = z.object({ token: z.string(), purpose: z.enum(['in', 'out']), expiresAt: z.string() });

export const ApplicationView = z.object({
  id: z.number(),
  posting: z.object({ id: z.number(), title: z.string(), employerName: z.string() }),
  seekerName: z.string().describe('Masked until hired'),
  seekerPhone: z.string().describe('Shown whole to the employer only once hired'),
  seekerSkills: z.array(z.string()),
  status: ApplicationStatus,
  note: z.string(),
  checkInAt: z.string().nullable(),
  checkOutAt: z.string().nullable(),
  dueFen: z.number().nullable(),
  employerPayFen: z.number().nullable(),
  seekerPayFen: z.number().nullable(),
  employerRating: z.number().nullable().describe("The employer's stars for the worker"),
  seekerRating: z.number().nullable().describe("The worker's stars for the employer"),
  rightsCaseId: z.number().nullable(),
  createdAt: z.string(),
});
export const ApplicationList = z.object({ items: z.array(ApplicationView) });

export const UnpaidView = z.object({
  rightsCaseId: z.number(),
  rightsCaseCode: z.string(),
  claimFen: z.number(),
});

// ----- the help queue (重点帮扶) and the monthly figures -----

const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM')
  .describe('A calendar month in local time (TIME_ZONE), YYYY-MM');
const localDate = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a date as YYYY-MM-DD')
  .describe('A local date (TIME_ZONE), YYYY-MM-DD');

export const HelpReason = z
  .enum(HELP_REASONS)
  .describe(
    'waiting: registered ODDJOBS_HELP_WAITING_DAYS or more ago with no hire; older: 50 or over by the declared birth year, or marked by staff; disabled: declared or marked; low_income: marked by staff',
  );
export const HelpKind = z
  .enum(HELP_KINDS)
  .describe('call 电话联系, referral 推荐岗位 (names a posting), training 建议培训, note 备注');

export const HelpQueueQuery = PageQuery.extend({
  reason: HelpReason.optional(),
  communityId: id.optional().describe('One community of my area'),
  overdue: z.enum(['true', 'false']).optional().describe('true: only seekers whose follow-up date has passed'),
});

export const HelpQueueItem = z.object({
  seekerId: z.number(),
  name: z.string().describe('Masked (张*)'),
  phone: z.string().describe('Masked (138****5678); the whole number through …/contact, audited'),
  community: z.object({ id: z.number(), name: z.string() }),
  reasons: z.array(HelpReason),
  age: z.number().nullable().describe('From the declared birth year; null when not declared'),
  skills: z.array(z.string()),
  registeredAt: z.string(),
  waitingDays: z.number().describe('Local days since registration'),
  hired: z.boolean().describe('Ever hired through the market'),
  flags: z.object({ older: z.boolean(), disabled: z.boolean(), lowIncome: z.boolean() }).describe('Marked by staff'),
  declaredDisabled: z.boolean(),
  lastAction: z.object({ kind: HelpKind, at: z.string() }).nullable(),
  followUpOn: z.string().nullable().describe('The next follow-up, a local date'),
  overdue: z.boolean().describe('The follow-up date has passed'),
});
export const HelpQueue = pageOf(HelpQueueItem).extend({
  waitAfterDays: z
    .number()
    .describe('ODDJOBS_HELP_WAITING_DAYS: the days with no hire after which a seeker is waiting'),
});

export const HelpActionBody = z.object({
  kind: HelpKind,
  postingId: id.optional().describe('For a referral: the open posting of my area the seeker is referred to'),
  note: text(500).default(''),
  followUpOn: localDate.nullable().default(null).describe('When to follow up; today or later'),
});
export const HelpActionView = z.object({
  id: z.number(),
  kind: HelpKind,
  posting: z.object({ id: z.number(), title: z.string() }).nullable(),
  note: z.string(),
  followUpOn: z.string().nullable(),
  staffUserId: z.number(),
  createdAt: z.string(),
});
export const HelpActionList = z.object({ items: z.array(HelpActionView) });

export const HelpFlagsBody = z
  .object({
    older: z.boolean().optional(),
    disabled: z.boolean().optional(),
    lowIncome: z.boolean().optional(),
  })
  .refine((b) => b.older !== undefined || b.disabled !== undefined || b.lowIncome !== undefined, {
    message: 'name at least one flag',
  })
  .describe('Staff marks (就业困难人员): older, disabled, low income; those not named stay as they are');

export const HelpFlagsView = z.object({
  seekerId: z.number(),
  flags: z.object({ older: z.boolean(), disabled: z.boolean(), lowIncome: z.boolean() }),
});

export const SeekerContact = z.object({
  seekerId: z.number(),
  name: z.string(),
  phone: z.string(),
});

export const FiguresQuery = z.object({
  from: month,
  to: month,
  communityId: id.optional().describe('One community of my area; default all of them'),
});
export const MonthFigures = z.object({
  month: z.string().describe('YYYY-MM, local'),
  community: z.object({ id: z.number(), name: z.string() }),
  postings: z.number().describe('Postings created in the month'),
  positions: z.number().describe('Their headcount summed'),
  seekers: z.number().describe('Seekers registered in the month'),
  hires: z.number().describe('Applications hired in the month (by the posting’s community)'),
  medianFillHours: z
    .number()
    .nullable()
    .describe(
      'Median hours from a posting’s creation to its whole headcount hired (filled), over the postings filled in the month; null when none was',
    ),
  disputes: z.number().describe('Of the month’s hires, those the worker opened an unpaid-wage rights case from'),
  disputesPer100: z.number().nullable().describe('disputes / hires × 100, one decimal; null with no hires'),
});
export const FiguresView = z.object({
  from: z.string(),
  to: z.string(),
  rows: z.array(MonthFigures).describe('One row per community and month with any activity'),
  totals: z.array(MonthFigures.omit({ community: true })).describe('Every month of the range over my area'),
});
