import { z } from 'zod';
import { id } from '../../platform/input.ts';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { Urgency } from '../matters/schema.ts';
import { VISIT_METHODS } from './tables.ts';

const text = (max: number) => z.string().trim().max(max);
const instant = z.iso
  .datetime({ offset: true })
  .transform((v) => new Date(v))
  .describe('ISO 8601 with offset');
const photoTokens = z
  .array(z.string().regex(/^[\w-]{16,64}$/))
  .max(9)
  .default([])
  .describe('Tokens of photos uploaded by the caller (POST /api/media)');
const lat = z.number().min(-90).max(90).describe('Latitude');
const lng = z.number().min(-180).max(180).describe('Longitude');
export const Datum = z
  .enum(['wgs84', 'gcj02'])
  .default('wgs84')
  .describe(
    'Datum of the positions sent: wgs84 (GPS, the browser) or gcj02 (Chinese map SDKs, WeChat); stored as WGS-84',
  );

const takenAt = instant
  .optional()
  .describe(
    'When the phone took the action, if it was kept while there was no network; default now. Held within the patrol (not before it began, not after now)',
  );

export const IdParams = z.object({ id });
export const CommunityParams = z.object({ communityId: id });

// ---------- patrols ----------

export const SampleBody = z.object({
  datum: Datum,
  samples: z
    .array(
      z.object({
        lat,
        lng,
        accuracy: z.number().positive().max(10_000).describe("The phone's accuracy radius, metres"),
        at: instant.describe('When the phone took the sample'),
      }),
    )
    .min(1)
    .max(500)
    .describe('In any order; a sample already received (same instant) is ignored, so a batch may be sent again'),
});

export const CheckInBody = z.object({
  buildingId: id.describe('The building (org module), in the caller’s area'),
  datum: Datum,
  lat: lat.optional().describe('Where the worker stands, if the phone knows'),
  lng: lng.optional(),
  at: takenAt,
});

export const FindingBody = z.object({
  datum: Datum,
  lat,
  lng,
  categoryId: id.describe('A report category of the matters catalogue'),
  description: z.string().trim().min(4).max(2000),
  address: text(200).default(''),
  photos: photoTokens,
  urgency: Urgency.default('normal'),
  at: takenAt,
});

export const StopBody = z
  .object({
    at: takenAt.describe(
      'When the worker stopped, if the phone kept the stop while there was no network; default now. Held between the last thing recorded on the patrol and now',
    ),
  })
  .nullish()
  .describe('May be left out (a stop taken with the network there)');

const LineString = z
  .object({ type: z.literal('LineString'), coordinates: z.array(z.tuple([z.number(), z.number()])) })
  .describe('GeoJSON LineString, [lng, lat] in WGS-84');

export const CheckInView = z.object({
  id: z.number(),
  buildingId: z.number(),
  buildingName: z.string(),
  communityId: z.number(),
  gridId: z.number().nullable(),
  lat: z.number().nullable().describe('The building’s position (WGS-84), else where the worker stood'),
  lng: z.number().nullable(),
  at: z.string(),
});

export const PatrolSummary = z.object({
  id: z.number(),
  userId: z.number(),
  userName: z.string(),
  communityId: z.number().nullable().describe('Where the worker works'),
  gridId: z.number().nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  endedBy: z.enum(['user', 'auto']).nullable().describe('auto: closed after FIELD_PATROL_MAX_HOURS'),
  durationSeconds: z.number().describe('Until now while open'),
  distanceMeters: z.number().describe('Along samples of good accuracy'),
});

export const PatrolView = PatrolSummary.extend({
  trail: LineString.nullable().describe('Samples of good accuracy in time order; null with fewer than two'),
  poorSamples: z
    .array(z.object({ lat: z.number(), lng: z.number(), accuracy: z.number(), at: z.string() }))
    .describe('Samples too inaccurate to count (accuracy > FIELD_MAX_ACCURACY_M)'),
  sampleCount: z.number(),
  checkIns: z.array(CheckInView),
  findings: z.array(z.object({ matterId: z.number(), lat: z.number(), lng: z.number(), at: z.string() })),
  canAct: z.boolean().describe('The caller is the worker and the patrol is open'),
});

export const CurrentPatrol = z.object({ patrol: PatrolView.nullable() });

export const SampleResult = z.object({
  received: z.number().describe('Samples new to the server'),
  poor: z.number().describe('Of those, too inaccurate to count'),
  distanceMeters: z.number(),
});

export const FindingResult = z.object({
  matterId: z.number(),
  matterCode: z.string(),
  patrolId: z.number(),
});

/** Buildings of one grid the day's map looks at for those not reached. */
export const GRID_BUILDINGS_LIMIT = 200;

export const DayQuery = z.object({
  date: z.iso.date().describe('Local date (TIME_ZONE) the patrols began'),
  communityId: id.optional(),
  gridId: id.optional().describe('Patrols of workers of this grid'),
  userId: id.optional(),
});

export const DayMap = z.object({
  date: z.string(),
  patrols: z.array(PatrolSummary.extend({ trail: LineString.nullable(), checkIns: z.array(CheckInView) })),
  grids: z
    .array(
      z.object({
        gridId: z.number().nullable(),
        gridName: z.string().nullable(),
        buildings: z.array(
          z.object({
            buildingId: z.number(),
            buildingName: z.string(),
            lat: z.number().nullable(),
            lng: z.number().nullable(),
            firstAt: z.string(),
            checkIns: z.number(),
          }),
        ),
        buildingCount: z
          .number()
          .nullable()
          .describe('Buildings of the grid in all (org module); null for patrols with no grid or without org.read'),
        notReached: z
          .array(
            z.object({
              buildingId: z.number(),
              buildingName: z.string(),
              lat: z.number().nullable(),
              lng: z.number().nullable(),
            }),
          )
          .describe(
            `The grid's buildings no patrol of the day checked in at (at most ${GRID_BUILDINGS_LIMIT} looked at)`,
          ),
      }),
    )
    .describe('Per grid of the patrols, the buildings the day’s patrols checked in at, and those they did not'),
  truncated: z.boolean().describe('More patrols than one answer holds (500)'),
});

// ---------- visits ----------

export const VisitMethod = z
  .enum(VISIT_METHODS)
  .describe('home 入户走访, phone 电话, video 视频, street 路遇/在外见到');

export const VisitBody = z
  .object({
    personId: id.optional().describe('The person visited (org module), or'),
    householdId: id.optional().describe('the household visited'),
    method: VisitMethod.default('home'),
    visitedAt: instant.optional().describe('Default now; not in the future'),
    notes: text(2000).default(''),
    photos: photoTokens,
    concerns: z
      .array(
        z.object({
          categoryId: id.describe('A report category of the matters catalogue'),
          description: z.string().trim().min(4).max(2000),
          urgency: Urgency.default('normal'),
        }),
      )
      .max(5)
      .default([])
      .describe('Each opens a matter in the visited one’s grid'),
  })
  .refine((b) => (b.personId === undefined) !== (b.householdId === undefined), {
    message: 'exactly one of personId and householdId',
    path: ['personId'],
  });

export const VisitView = z.object({
  id: z.number(),
  personId: z.number().nullable(),
  householdId: z.number().nullable(),
  subjectName: z.string().describe('The person’s name, or the household’s address'),
  communityId: z.number(),
  gridId: z.number().nullable(),
  visitorUserId: z.number(),
  visitorName: z.string(),
  visitedAt: z.string(),
  method: VisitMethod,
  notes: z.string(),
  photos: z.array(z.object({ url: z.string(), thumbnailUrl: z.string() })),
  matterIds: z.array(z.number()).describe('Matters opened from its concerns'),
});

export const VisitListQuery = PageQuery.extend({
  personId: id.optional(),
  householdId: id.optional(),
  visitorUserId: id.optional(),
  communityId: id.optional(),
  gridId: id.optional(),
  method: VisitMethod.optional(),
  q: text(40).optional().describe('The visited one’s name or address, or the visitor’s name, contains'),
});
export const VisitList = pageOf(VisitView);

export const DueQuery = PageQuery.extend({
  communityId: id.optional(),
  gridId: id.optional(),
  q: text(40).optional().describe('Name contains'),
});
export const DueItem = z.object({
  personId: z.number(),
  name: z.string(),
  tags: z.array(z.string()),
  communityId: z.number(),
  gridId: z.number().nullable(),
  address: z.string(),
  everyDays: z.number().describe('The shortest interval of the person’s tags'),
  lastVisitAt: z.string().nullable(),
  dueOn: z.string().describe('Local date the next visit was due'),
  daysOverdue: z.number(),
});
export const DueList = pageOf(DueItem).extend({
  truncated: z
    .boolean()
    .describe('The area has more tagged people than one list looks at (5,000): narrow it to a community or grid'),
});

export const VisitRule = z.object({
  tag: z.string().trim().min(1).max(40).describe('A person tag (org module), e.g. elderly_alone 独居老人'),
  everyDays: z.number().int().min(1).max(366),
});
export const VisitRulesBody = z.object({
  rules: z
    .array(VisitRule)
    .max(50)
    .refine((list) => new Set(list.map((r) => r.tag)).size === list.length, 'each tag once'),
});
export const VisitRulesView = z.object({
  communityId: z.number(),
  rules: z.array(VisitRule.extend({ isDefault: z.boolean().describe('The built-in default, not set here') })),
});

// ---------- work log ----------

export const WorkLogQuery = z
  .object({
    userId: id.optional().describe('Whose log (default mine); another’s needs field.manage over them'),
    date: z.iso.date().optional().describe('A local day'),
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
      .optional()
      .describe('A local month, YYYY-MM'),
  })
  .refine((q) => (q.date === undefined) !== (q.month === undefined), {
    message: 'exactly one of date and month',
    path: ['date'],
  });

export const WorkNumbers = z.object({
  patrols: z.number(),
  patrolSeconds: z.number(),
  patrolMeters: z.number(),
  buildingsCheckedIn: z.number().describe('Different buildings checked in at'),
  visits: z.number(),
  mattersReported: z.number(),
  mattersTaken: z.number().describe('Accepted or started'),
  mattersClosed: z.number().describe('Resolved (办结), on the spot included'),
});

export const WorkLogView = z.object({
  userId: z.number(),
  userName: z.string(),
  from: z.string().describe('First local day'),
  to: z.string().describe('Last local day'),
  totals: WorkNumbers,
  days: z.array(WorkNumbers.extend({ date: z.string() })).describe('Every day of the period'),
});

export const StaffLogQuery = PageQuery.extend({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .describe('A local month, YYYY-MM'),
  communityId: id.optional().describe('Workers who work in this community'),
  q: text(40).optional().describe('Worker name contains'),
});

export const StaffLogItem = z.object({
  userId: z.number(),
  userName: z.string(),
  communityId: z.number().nullable(),
  gridId: z.number().nullable(),
  totals: WorkNumbers,
});
export const StaffLogList = pageOf(StaffLogItem).extend({
  month: z.string(),
  total: z.number().int().describe('Workers with anything recorded in the month'),
});
