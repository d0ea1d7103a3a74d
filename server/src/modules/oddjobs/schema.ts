import { z } from 'zod';
import { id } from '../../platform/input.ts';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { APPLICATION_STATUSES, EMPLOYER_STATUSES, POSTING_KINDS, POSTING_STATUSES, WAGE_UNITS } from './tables.ts';

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
