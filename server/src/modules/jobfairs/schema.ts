import { z } from 'zod';
import { id } from '../../platform/input.ts';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { WAGE_UNITS } from '../oddjobs/tables.ts';
import { FAIR_STATUSES, OUTCOMES, RESPONSES } from './tables.ts';

const instant = z.string().datetime({ offset: true });
const search = z.string().trim().max(50).optional().describe('Words in the title or place');

export const IdParams = z.object({ id });

export const FairStatus = z.enum(FAIR_STATUSES).describe('draft 草稿, published 已发布, closed 已结束');
export const Outcome = z.enum(OUTCOMES).describe('pending 待定, offer 发放录用意向, no_offer 未录用');
export const OfferResponse = z.enum(RESPONSES);

export const FairBody = z.object({
  divisionId: id.describe('The street or community holding the fair (within my scope)'),
  title: z.string().trim().min(2).max(80),
  description: z.string().trim().max(2000).default(''),
  placeName: z.string().trim().min(2).max(100).describe('Where: 党群服务中心二楼 …'),
  startsAt: instant,
  endsAt: instant,
  capacity: z.number().int().min(1).max(100_000).describe('Seekers who may sign up at most'),
});

export const FairView = z.object({
  id: z.number(),
  division: z.object({ id: z.number(), name: z.string() }),
  title: z.string(),
  description: z.string(),
  placeName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number(),
  signedUp: z.number().describe('Sign-ups so far'),
  status: FairStatus,
  createdAt: z.string(),
});

export const FairListQuery = PageQuery.extend({
  status: FairStatus.optional(),
  q: search,
  divisionId: id.optional().describe('Only fairs of this street or community'),
});
export const FairList = pageOf(FairView);

export const UpcomingQuery = PageQuery.extend({
  q: search,
  near: z.enum(['yes', 'no']).optional().describe("yes: only fairs of my street (my home community's)"),
  divisionId: id.optional().describe('Only fairs of this street or community'),
});

export const PositionBody = z.object({
  title: z.string().trim().min(2).max(60),
  headcount: z.number().int().min(1).max(1000),
  wageFen: z.number().int().min(1).max(100_000_000).describe('The wage in fen per wageUnit'),
  wageUnit: z.enum(WAGE_UNITS).describe('hour 时薪, day 日薪, month 月薪, piece 计件'),
  piecesPerHour: z.number().int().min(1).max(10_000).optional().describe('For piece wages'),
});

export const PositionView = z.object({
  id: z.number(),
  boothId: z.number(),
  title: z.string(),
  headcount: z.number(),
  wageFen: z.number(),
  wageUnit: z.enum(WAGE_UNITS),
  minimumFen: z.number(),
});

export const BoothView = z.object({
  id: z.number(),
  fairId: z.number(),
  employer: z.object({ id: z.number(), name: z.string() }),
  positions: z.array(PositionView),
  createdAt: z.string(),
});
export const BoothList = z.object({ items: z.array(BoothView) });

export const SignupView = z.object({
  id: z.number(),
  fairId: z.number(),
  name: z.string().describe('Masked for staff'),
  phone: z.string().describe('Masked for staff'),
  code: z.string().describe('The sign-up code (shown at the door); only to the seeker and staff'),
  signedInAt: z.string().nullable(),
  signedInVia: z.enum(['qr', 'staff']).nullable(),
  createdAt: z.string(),
});
export const SignupListQuery = PageQuery.extend({
  signedIn: z.enum(['yes', 'no']).optional(),
  q: z.string().trim().max(20).optional().describe('A sign-up code'),
});
export const SignupList = pageOf(SignupView);

export const FairDetail = FairView.extend({
  booths: z.array(BoothView),
  mySignup: SignupView.nullable().describe("The caller's own sign-up, if any"),
});

export const MySignup = SignupView.extend({ fair: FairView });
export const MySignupList = z.object({ items: z.array(MySignup) });

export const DoorCodeView = z.object({
  token: z.string().describe('Show as a QR code; it expires in minutes, fetch a fresh one before'),
  expiresAt: z.string(),
});
export const TokenBody = z.object({ token: z.string().trim().min(1).max(500) });
export const CodeBody = z.object({ code: z.string().trim().min(4).max(12).describe('The seeker’s sign-up code') });

export const InterviewBody = z.object({
  positionId: id,
  signupCode: z.string().trim().min(4).max(12).describe('The code the seeker shows at the booth'),
});
export const OutcomeBody = z.object({ outcome: z.enum(['offer', 'no_offer']) });
export const RespondBody = z.object({ decision: z.enum(['accept', 'decline']) });

export const InterviewView = z.object({
  id: z.number(),
  fair: z.object({ id: z.number(), title: z.string() }),
  employer: z.object({ id: z.number(), name: z.string() }),
  position: z.object({ id: z.number(), title: z.string(), wageFen: z.number(), wageUnit: z.enum(WAGE_UNITS) }),
  seekerName: z.string().describe('Masked but to the seeker'),
  outcome: Outcome,
  response: OfferResponse.nullable(),
  hiredAt: z.string().nullable(),
  hiredOn: z.string().nullable().describe('Local date of the hire'),
  followUpDue: z.string().nullable().describe('Local date the 30-day follow-up falls due'),
  followedUp: z.boolean(),
  createdAt: z.string(),
});
export const InterviewListQuery = PageQuery.extend({ outcome: Outcome.optional() });
export const InterviewList = pageOf(InterviewView);

export const FollowupBody = z.object({
  employed: z.boolean().describe('Still employed 30 days after the hire?'),
  note: z.string().trim().max(500).default(''),
});
export const FollowupView = z.object({
  id: z.number(),
  interviewId: z.number(),
  employed: z.boolean(),
  note: z.string(),
  recordedAt: z.string(),
});
export const DueQuery = PageQuery.extend({ fairId: id.optional() });
export const DueList = pageOf(InterviewView);

export const FairReport = z.object({
  fairId: z.number(),
  signups: z.number(),
  signins: z.number(),
  booths: z.number(),
  positions: z.number().describe('Positions listed'),
  positionsOffered: z.number().describe('Headcount summed over the positions'),
  interviews: z.number(),
  offers: z.number(),
  hires: z.number(),
  followupsDone: z.number(),
  retained: z.number().describe('Still employed at the 30-day follow-up'),
});
