import { z } from 'zod';
import { WISH_STATUSES } from './tables.ts';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { areaId, id } from '../../platform/input.ts';

const photoTokens = z
  .array(z.string().regex(/^[\w-]{16,64}$/))
  .max(9)
  .default([]);
const Photo = z.object({ url: z.string(), thumbnailUrl: z.string() });

export const IdParams = z.object({ id });
export const MemberParams = z.object({ id, userId: id });

export const TeamBody = z.object({
  communityId: id,
  name: z.string().trim().min(1).max(60).describe('e.g. 暖宝, 春燕服务队, 骑手志愿队'),
  description: z.string().trim().max(500).default(''),
  leaderUserIds: z.array(id).max(10).default([]),
});
export const TeamListQuery = z.object({ communityId: id.optional(), q: z.string().trim().max(60).optional() });
export const TeamSummary = z.object({
  id: z.number(),
  communityId: z.number(),
  name: z.string(),
  description: z.string(),
  members: z.number(),
});
export const TeamList = z.object({ items: z.array(TeamSummary) });
export const TeamView = z.object({
  id: z.number(),
  communityId: z.number(),
  name: z.string(),
  description: z.string(),
  members: z.array(
    z.object({ userId: z.number(), name: z.string(), role: z.enum(['leader', 'member']), joinedAt: z.string() }),
  ),
  myRole: z.enum(['leader', 'member']).nullable(),
});
export const MemberBody = z.object({
  userId: id.optional().describe('Left out: the caller joins'),
  role: z.enum(['leader', 'member']).default('member'),
});

export const ActivityBody = z.object({
  teamId: id,
  title: z.string().trim().min(2).max(80),
  description: z.string().trim().max(2000).default(''),
  place: z.string().trim().max(120).default(''),
  lat: z.number().min(-90).max(90).optional(),
  lng: z.number().min(-180).max(180).optional(),
  startsAt: z.coerce.date(),
  endsAt: z.coerce.date(),
  capacity: z.number().int().min(1).max(10_000),
});
export const ActivityListQuery = PageQuery.extend({
  communityId: id.optional(),
  teamId: id.optional(),
  upcoming: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  status: z.enum(['open', 'closed', 'cancelled']).optional(),
  from: z.coerce.date().optional().describe('Starting at or after'),
  to: z.coerce.date().optional().describe('Starting before'),
  q: z.string().trim().max(60).optional(),
});
const SignupStatus = z.enum(['signed_up', 'cancelled', 'checked_in', 'checked_out', 'approved', 'rejected']);
export const ActivityView = z.object({
  id: z.number(),
  teamId: z.number(),
  teamName: z.string(),
  communityId: z.number(),
  title: z.string(),
  description: z.string(),
  place: z.string(),
  location: z.object({ lat: z.number(), lng: z.number() }).nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number(),
  signedUp: z.number(),
  status: z.enum(['open', 'closed', 'cancelled']),
  seriesId: z.number().nullable().describe('The series this activity is an occurrence of'),
  occurrenceDate: z.string().nullable().describe('The local date of the occurrence in its series'),
  cancelReason: z.string(),
  mySignup: z
    .object({
      status: SignupStatus,
      checkedInAt: z.string().nullable(),
      checkedOutAt: z.string().nullable(),
      minutes: z.number().nullable(),
      approvedMinutes: z.number().nullable(),
    })
    .nullable(),
  canLead: z.boolean().describe('The caller leads the team (or runs the community) and sees the sign-ups'),
  signups: z
    .array(
      z.object({
        userId: z.number(),
        name: z.string(),
        status: SignupStatus,
        checkedInAt: z.string().nullable(),
        checkedOutAt: z.string().nullable(),
        minutes: z.number().nullable(),
        approvedMinutes: z.number().nullable(),
      }),
    )
    .optional(),
});
export const ActivityList = pageOf(ActivityView);
export const CheckBody = z
  .object({
    code: z
      .string()
      .regex(/^\d{6}$/)
      .optional()
      .describe('The rotating code the leader shows'),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
  })
  .refine((b) => b.code !== undefined || (b.lat !== undefined && b.lng !== undefined), {
    message: 'a code, or lat and lng',
    path: ['code'],
  });
export const CodeView = z.object({ code: z.string(), validUntil: z.string() });
export const DecideHoursBody = z.object({
  userId: id,
  approve: z.boolean(),
  minutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .optional()
    .describe("Minutes to credit, at most the activity's length; left out: the minutes between check-in and check-out"),
});
export const MySignups = z.object({
  items: z.array(
    z.object({
      activityId: z.number(),
      title: z.string(),
      place: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
      status: SignupStatus,
      minutes: z.number().nullable(),
      approvedMinutes: z.number().nullable(),
    }),
  ),
  totalApprovedMinutes: z.number(),
});

export const GoodDeedBody = z.object({
  communityId: id.optional().describe("Left out: the reporter's own community"),
  doerName: z.string().trim().min(1).max(60),
  doerUserId: id.optional().describe('When the doer has an account, they earn points once it is verified'),
  title: z.string().trim().min(2).max(80),
  description: z.string().trim().min(4).max(2000),
  photos: photoTokens,
  occurredOn: z.iso.date(),
});
export const GoodDeedView = z.object({
  id: z.number(),
  communityId: z.number(),
  doerName: z.string(),
  doerUserId: z.number().nullable(),
  title: z.string(),
  description: z.string(),
  photos: z.array(Photo),
  occurredOn: z.string(),
  status: z.enum(['reported', 'verified', 'rejected']),
  decisionNote: z.string(),
  createdAt: z.string(),
});
export const GoodDeedList = pageOf(GoodDeedView);
export const GoodDeedListQuery = PageQuery.extend({ status: z.enum(['reported', 'verified', 'rejected']).optional() });
export const DecideBody = z.object({ verify: z.boolean(), note: z.string().trim().max(500).default('') });

export const WishBody = z.object({
  communityId: id,
  beneficiaryLabel: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .describe('How the beneficiary is named in public, e.g. 独居老人王奶奶 — no full names or numbers'),
  title: z.string().trim().min(2).max(80),
  description: z.string().trim().max(1000).default(''),
});
export const WishView = z.object({
  id: z.number(),
  communityId: z.number(),
  beneficiaryLabel: z.string(),
  title: z.string(),
  description: z.string(),
  status: z.enum(WISH_STATUSES),
  claimedByUserId: z.number().nullable(),
  claimedByUnit: z.string().nullable(),
  claimedByUnitId: z.number().nullable(),
  claimedAt: z.string().nullable(),
  fulfilledAt: z.string().nullable(),
  fulfilmentPhotos: z.array(Photo),
  thanksNote: z.string(),
  createdAt: z.string(),
});
export const WishList = pageOf(WishView);
export const WishListQuery = PageQuery.extend({ status: z.enum(WISH_STATUSES).optional() });
export const WishActionParams = z.object({ id, action: z.enum(['claim', 'fulfil', 'thank', 'cancel']) });
export const WishActionBody = z.object({
  unit: z
    .string()
    .trim()
    .min(1)
    .max(80)
    .optional()
    .describe('Staff: the partner unit (e.g. a party branch) that claims it'),
  photos: photoTokens,
  note: z.string().trim().max(500).default(''),
});

export const ProjectBody = z.object({
  communityId: id,
  title: z.string().trim().min(2).max(80),
  description: z.string().trim().max(2000).default(''),
});
export const ProjectUpdateBody = z.object({
  progress: z.number().int().min(0).max(100),
  note: z.string().trim().min(1).max(1000),
  claimedByUnit: z
    .string()
    .trim()
    .min(1)
    .max(80)
    .optional()
    .describe('The party branch or alliance unit (红色蜂巢) that takes it on'),
  photos: photoTokens,
});
export const ProjectSummary = z.object({
  id: z.number(),
  communityId: z.number(),
  title: z.string(),
  description: z.string(),
  claimedByUnit: z.string().nullable(),
  claimedByUnitId: z.number().nullable(),
  status: z.enum(['open', 'claimed', 'in_progress', 'done']),
  progress: z.number(),
  updatedAt: z.string(),
});
export const ProjectView = ProjectSummary.extend({
  updates: z.array(
    z.object({
      id: z.number(),
      author: z.string(),
      progress: z.number(),
      note: z.string(),
      photos: z.array(Photo),
      at: z.string(),
    }),
  ),
});
export const ProjectList = pageOf(ProjectSummary);

export const VolunteerStatsQuery = z.object({
  communityId: id.optional(),
  areaId,
  from: z.coerce.date(),
  to: z.coerce.date(),
});
export const VolunteerStats = z.object({
  volunteers: z.number(),
  minutes: z.number(),
  activities: z.number(),
  goodDeeds: z.number(),
  wishesFulfilled: z.number(),
  teams: z
    .array(
      z.object({
        teamId: z.number(),
        name: z.string(),
        minutes: z.number(),
        volunteers: z.number(),
        activities: z.number(),
      }),
    )
    .describe('Approved hours per team, most first'),
});

// ---------- recurring activities (series) ----------

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
export const SeriesRule = z.object({
  rrule: z
    .string()
    .trim()
    .min(6)
    .max(300)
    .regex(/^[A-Z0-9=;,+-]+$/)
    .describe('RFC 5545 RRULE value in local time, e.g. FREQ=WEEKLY;BYDAY=TU or FREQ=MONTHLY;BYDAY=SA;BYSETPOS=2'),
  startDate: localDate.describe('Local date of the first possible occurrence (DTSTART)'),
  startTime: localTime.describe('Local time of day (TIME_ZONE), e.g. 09:00'),
  durationMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60),
});
export const SeriesBody = SeriesRule.extend({
  teamId: id,
  title: z.string().trim().min(2).max(80),
  description: z.string().trim().max(2000).default(''),
  place: z.string().trim().max(120).default(''),
  lat: z.number().min(-90).max(90).optional(),
  lng: z.number().min(-180).max(180).optional(),
  capacity: z.number().int().min(1).max(10_000),
});
export const SeriesPatch = SeriesBody.omit({ teamId: true }).partial();
export const SeriesPreviewBody = SeriesRule.extend({
  exdates: z.array(localDate).max(500).default([]),
  limit: z.number().int().min(1).max(50).default(10),
});
export const Occurrence = z.object({ date: z.string(), startsAt: z.string(), endsAt: z.string() });
export const SeriesPreview = z.object({ items: z.array(Occurrence) });
export const SeriesView = z.object({
  id: z.number(),
  teamId: z.number(),
  communityId: z.number(),
  title: z.string(),
  description: z.string(),
  place: z.string(),
  rrule: z.string(),
  startDate: z.string(),
  startTime: z.string(),
  durationMinutes: z.number(),
  capacity: z.number(),
  exdates: z.array(z.string()),
  active: z.boolean(),
  next: z.array(Occurrence).describe('The next occurrences (skipped dates left out)'),
  occurrences: z
    .array(
      z.object({
        activityId: z.number(),
        date: z.string(),
        startsAt: z.string(),
        place: z.string(),
        status: z.enum(['open', 'closed', 'cancelled']),
        cancelReason: z.string(),
        detached: z.boolean(),
        signedUp: z.number(),
      }),
    )
    .describe('Materialised occurrences from today on'),
});
export const SeriesListQuery = PageQuery.extend({ communityId: id.optional(), teamId: id.optional() });
export const SeriesList = pageOf(SeriesView.omit({ next: true, occurrences: true }));
export const OccurrenceParams = z.object({ id, date: localDate });
export const OccurrenceBody = z.object({
  action: z.enum(['skip', 'cancel', 'move']),
  reason: z.string().trim().max(200).default('').describe('Told to those signed up (cancel, move)'),
  startsAt: z.coerce.date().optional().describe('move: the new start'),
  endsAt: z.coerce.date().optional().describe('move: the new end'),
  place: z.string().trim().max(120).optional().describe('move: the new place'),
});

// ---------- claims as an alliance unit (called by the alliance module) ----------

export const UnitClaims = z.object({
  wishes: z.array(WishView),
  projects: z.array(ProjectSummary),
});
