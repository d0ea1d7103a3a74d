import { z } from 'zod';
import {
  MATTER_KINDS,
  MATTER_STATUSES,
  MATTER_LEVELS,
  URGENCIES,
  DURATION_UNITS,
  STATION_KINDS,
  SERVICE_KINDS,
  FACILITIES,
  FIELD_TYPES,
  MATTER_QUEUES,
  EXTENSION_STATUSES,
  ASSIST_STATUSES,
  DEPARTMENT_CODES,
} from './tables.ts';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { id } from '../../platform/input.ts';
import { Measure, MatterSource } from './schema-statistics.ts';
import { MapCell } from './schema-map.ts';

const lat = z.coerce.number().min(-90).max(90).describe('Latitude, WGS-84');
const lng = z.coerce.number().min(-180).max(180).describe('Longitude, WGS-84');
const photoTokens = z
  .array(z.string().regex(/^[\w-]{16,64}$/))
  .max(9)
  .describe('Tokens from POST /api/media');
const flag = z
  .enum(['true', 'false'])
  .optional()
  .transform((v) => v === 'true');

export const MatterKind = z.enum(MATTER_KINDS);
export const MatterStatus = z.enum(MATTER_STATUSES);
export const MatterLevel = z.enum(MATTER_LEVELS);
export const Urgency = z.enum(URGENCIES);
export const DurationUnit = z.enum(DURATION_UNITS);
export const StationKind = z.enum(STATION_KINDS);
export const ServiceKind = z
  .enum(SERVICE_KINDS)
  .describe(
    '政务 government, 医疗 medical, 养老 elderly_care, 托育 childcare, 文体 culture_sports, 就业 employment, 调解与法律 legal_mediation, 休息驿站 rest_station, 食堂 canteen',
  );
export const Facility = z.enum(FACILITIES);

export const IdParams = z.object({ id });

// ---------- categories ----------

export const CategoryField = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
  labelZh: z.string().min(1).max(40),
  labelEn: z.string().min(1).max(60),
  type: z.enum(FIELD_TYPES),
  required: z.boolean(),
  options: z
    .array(z.object({ value: z.string().max(40), labelZh: z.string().max(40), labelEn: z.string().max(60) }))
    .max(50)
    .optional(),
});

export const CategoryView = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  code: z.string(),
  name: z.string().describe("In the caller's language"),
  nameZh: z.string(),
  nameEn: z.string(),
  kind: MatterKind,
  dispute: z.boolean().describe('A dispute that mediation may take over'),
  department: z.string(),
  departmentName: z.string(),
  confirmOnSite: z
    .boolean()
    .describe('Resolved only by someone on site with a photo; a clearing reading (an alarm back to normal) does not'),
  acceptWithin: z.object({ amount: z.number(), unit: DurationUnit }),
  resolveWithin: z.object({ amount: z.number(), unit: DurationUnit }),
  fields: z.array(CategoryField),
  keywords: z.array(z.string()),
  active: z.boolean(),
});
export const CategoryList = z.object({ items: z.array(CategoryView) });
export const CategoryListQuery = z.object({ kind: MatterKind.optional(), includeInactive: flag });
export const UpdateCategoryBody = z
  .object({
    nameZh: z.string().trim().min(1).max(40),
    nameEn: z.string().trim().min(1).max(60),
    department: z.string().trim().min(1).max(40),
    confirmOnSite: z.boolean(),
    acceptWithin: z.object({ amount: z.number().int().min(1).max(10_000), unit: DurationUnit }),
    resolveWithin: z.object({ amount: z.number().int().min(1).max(10_000), unit: DurationUnit }),
    fields: z.array(CategoryField).max(20),
    keywords: z.array(z.string().trim().min(1).max(20)).max(100),
    active: z.boolean(),
  })
  .partial();

export const SuggestCategoryBody = z.object({ description: z.string().trim().min(2).max(2000) });
export const SuggestCategoryResult = z.object({
  suggestions: z.array(
    z.object({
      categoryId: z.number(),
      code: z.string(),
      name: z.string(),
      parentName: z.string().nullable(),
      probability: z.number(),
    }),
  ),
});

// ---------- intake ----------

export const ReportBody = z.object({
  categoryId: id,
  description: z.string().trim().min(4).max(2000),
  lat: lat.optional(),
  lng: lng.optional(),
  address: z.string().trim().max(200).default(''),
  photos: photoTokens.default([]),
  urgency: Urgency.default('normal'),
  anonymous: z.boolean().default(false).describe('Hide the reporter from the public (never from staff)'),
  attributes: z
    .record(z.string(), z.union([z.string().max(500), z.number(), z.boolean()]))
    .default({})
    .describe("Values of the category's extra fields"),
  onBehalf: z
    .object({
      name: z.string().trim().min(1).max(60),
      phone: z.string().trim().max(20).optional(),
      channel: z.enum(['phone', 'walk_in']),
    })
    .optional()
    .describe('Staff logging a report for someone who phoned or came in'),
  gridId: id.optional().describe('Staff only: the grid, when there is no location'),
  resolvedOnSpot: z.boolean().default(false).describe('随手做: a grid worker logs something already fixed on the spot'),
  note: z.string().trim().max(1000).default('').describe('With resolvedOnSpot: what was done'),
});

export const HelpBody = z.object({
  lat,
  lng,
  urgency: Urgency.default('urgent'),
  description: z.string().trim().max(2000).default(''),
  categoryCode: z.string().max(80).optional().describe('Defaults to 骑手求助 for couriers, 老人求助 otherwise'),
  photos: photoTokens.default([]),
});

export const SuggestionBody = z.object({
  description: z.string().trim().min(4).max(2000),
  categoryCode: z.string().max(80).optional().describe('Defaults to 小哥有话讲 for couriers, 社区建议 otherwise'),
  anonymous: z.boolean().default(false),
  photos: photoTokens.default([]),
});

export const NearbyQuery = z.object({ lat, lng, categoryId: id });
export const FollowBody = z
  .object({ lat: lat.optional(), lng: lng.optional() })
  .default({})
  .describe('Where the caller stands, to follow a report nearby');
export const NearbyMatter = z.object({
  id: z.number(),
  code: z.string(),
  status: MatterStatus,
  description: z.string(),
  address: z.string(),
  distanceMeters: z.number(),
  followers: z.number(),
  createdAt: z.string(),
});
export const NearbyList = z.object({
  items: z.array(NearbyMatter).describe('Open matters of the same category within 50 m, nearest first'),
});

// ---------- views ----------

const Ref = z.object({ id: z.number(), name: z.string() });

export const MatterListItem = z.object({
  id: z.number(),
  code: z.string(),
  category: z.object({ id: z.number(), code: z.string(), name: z.string() }),
  kind: MatterKind,
  status: MatterStatus,
  level: MatterLevel,
  department: z
    .string()
    .nullable()
    .describe('At level department: the department (职能部门) it was escalated to, e.g. urban_management'),
  urgency: Urgency,
  source: z.string(),
  description: z.string(),
  address: z.string(),
  location: z.object({ lat: z.number(), lng: z.number() }).nullable(),
  community: Ref.nullable(),
  grid: Ref.nullable(),
  assignee: Ref.nullable(),
  reporter: z
    .object({ name: z.string(), anonymous: z.boolean() })
    .nullable()
    .describe('Hidden from the public when anonymous'),
  acceptDueAt: z.string().nullable(),
  dueAt: z.string().nullable().describe('When it must be resolved'),
  secondsLeft: z.number().nullable().describe('Until dueAt; negative when overdue'),
  overdue: z.boolean(),
  photos: z.array(z.object({ url: z.string(), thumbnailUrl: z.string() })),
  createdAt: z.string(),
  updatedAt: z.string(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  rating: z.number().nullable(),
});

export const TimelineEntry = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  fromStatus: MatterStatus.nullable(),
  toStatus: MatterStatus.nullable(),
  note: z.string(),
  internal: z.boolean().describe('Staff-only note; never shown to the reporter or followers'),
  photos: z.array(z.object({ url: z.string(), thumbnailUrl: z.string() })),
  details: z.record(z.string(), z.unknown()),
});

export const MatterAction = z.enum([
  'accept',
  'reject',
  'dispatch',
  'start',
  'resolve',
  'escalate',
  'close',
  'rate',
  'reopen',
  'merge',
  'reply',
  'note',
  'follow',
  'unfollow',
  'return',
  'request_extension',
  'decide_extension',
  'add_assist',
  'reply_assist',
]);

// ---------- the desk: extensions (延期) and joint handling (协办) ----------

export const ExtensionStatus = z.enum(EXTENSION_STATUSES);
export const AssistStatus = z.enum(ASSIST_STATUSES);
export const Department = z.enum(DEPARTMENT_CODES);

export const ExtensionView = z.object({
  id: z.number(),
  matterId: z.number(),
  status: ExtensionStatus.describe('pending; granted or refused by the dispatcher; lapsed when the matter ended first'),
  until: z.string().describe('The resolve deadline asked for'),
  previousDueAt: z.string().nullable().describe('The resolve deadline when it was asked'),
  reason: z.string(),
  requestedBy: z.object({ id: z.number(), name: z.string() }),
  requestedAt: z.string(),
  decidedBy: z.object({ id: z.number(), name: z.string() }).nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string(),
});

export const AssistView = z.object({
  id: z.number(),
  matterId: z.number(),
  department: z.string(),
  departmentName: z.string(),
  task: z.string(),
  status: AssistStatus.describe('open; answered; unanswered when the lead resolved first'),
  requestedBy: z.object({ id: z.number(), name: z.string() }),
  createdAt: z.string(),
  reply: z.string().nullable(),
  photos: z.array(z.object({ url: z.string(), thumbnailUrl: z.string() })),
  repliedBy: z.object({ id: z.number(), name: z.string() }).nullable(),
  repliedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  canReply: z.boolean().describe('The caller answers for this assisting department and it is open'),
});

export const MatterDetail = MatterListItem.extend({
  attributes: z.record(z.string(), z.unknown()),
  station: z
    .object({
      id: z.number(),
      name: z.string(),
      address: z.string(),
      phone: z.string(),
      lat: z.number(),
      lng: z.number(),
    })
    .nullable(),
  reporterPhone: z.string().nullable().describe('Masked; POST …/reveal-contact for the whole number'),
  ratingComment: z.string().nullable(),
  reopenCount: z.number(),
  duplicateOf: z.number().nullable(),
  adopted: z.boolean().nullable().describe('For suggestions: adopted or not'),
  reply: z.string().nullable(),
  following: z.boolean(),
  followers: z.number(),
  viewer: z.enum(['staff', 'reporter', 'follower']).describe('How the caller sees this matter'),
  allowedActions: z.array(MatterAction),
  timeline: z.array(TimelineEntry),
  extensions: z.array(ExtensionView).describe('Requests for more time (延期申请), oldest first; staff only'),
  assists: z.array(AssistView).describe('Assisting departments (协办) with their tasks and replies; staff only'),
});

export const MatterList = pageOf(MatterListItem);
export const MatterListQuery = PageQuery.extend({
  queue: z
    .enum(MATTER_QUEUES)
    .default('all')
    .describe(
      'mine: assigned to me; grid: open in my area; department: open and escalated to a department (for department staff, their own); assist: open with an assisting department waiting to reply (for department staff, where theirs is asked, 协办); overdue; unassigned; all',
    ),
  status: z
    .union([MatterStatus, z.array(MatterStatus)])
    .optional()
    .transform((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v])),
  categoryId: z
    .union([id, z.array(id)])
    .optional()
    .transform((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]))
    .describe('A category, or a top-level category for all of its children'),
  kind: MatterKind.optional(),
  gridId: id.optional(),
  communityId: id.optional(),
  q: z.string().trim().max(60).optional().describe('Number, or words of the description or address'),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  areaId: id.optional().describe('A district, street or community: the matters of the communities under it'),
  source: MatterSource.optional(),
  department: Department.optional(),
  measure: Measure.optional().describe(
    'Only the matters a statistic counts (GET /api/matters/statistics): with measureFrom and measureTo',
  ),
  measureFrom: z.coerce.date().optional(),
  measureTo: z.coerce.date().optional(),
  h3: MapCell.optional().describe(
    'Only the matters in this H3 cell (a cell of GET /api/matters/map): its count is this list',
  ),
  withTotal: flag,
}).refine(
  (q) =>
    (q.measure === undefined) === (q.measureFrom === undefined) &&
    (q.measure === undefined) === (q.measureTo === undefined),
  {
    path: ['measure'],
    message: 'measure, measureFrom and measureTo go together',
  },
);
export const MyMattersQuery = PageQuery;

export { ClustersQuery, ClusterView } from './schema-map.ts';

// ---------- actions ----------

const note = z.string().trim().max(2000).default('');
export const NoteBody = z.object({
  note: z.string().trim().min(1).max(2000),
  internal: z.boolean().default(false),
  photos: photoTokens.default([]),
});
export const AcceptBody = z.object({ note });
export const RejectBody = z.object({ reason: z.string().trim().min(2).max(1000) });
export const DispatchBody = z.object({ assigneeUserId: id, note });
export const StartBody = z.object({ note });
export const ResolveBody = z.object({ note: z.string().trim().min(2).max(2000), photos: photoTokens.default([]) });
export const EscalateBody = z.object({
  reason: z.string().trim().min(2).max(1000),
  department: z.string().max(40).optional(),
});
export const CloseBody = z.object({ note });
export const RateBody = z.object({
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(1000).default(''),
});
export const ReopenBody = z.object({ reason: z.string().trim().min(2).max(1000) });
export const MergeBody = z.object({ intoId: id, note });
export const ReplyBody = z.object({ adopted: z.boolean(), reply: z.string().trim().min(2).max(2000) });

export const ReturnBody = z.object({
  reason: z.string().trim().min(1).max(500).describe('Why it is sent back (退单理由); shown on the timeline'),
});

export const ExtensionBody = z.object({
  until: z.iso
    .datetime({ offset: true })
    .describe('The new resolve deadline asked for (ISO 8601), after the current one'),
  reason: z.string().trim().min(1).max(500),
});
export const DecideExtensionBody = z.object({ note: z.string().trim().max(500).default('') });
export const ExtensionParams = z.object({ id, extensionId: id });
export const ExtensionListQuery = PageQuery.extend({
  status: ExtensionStatus.default('pending'),
});
export const ExtensionListItem = ExtensionView.extend({
  matter: z.object({
    id: z.number(),
    code: z.string(),
    status: MatterStatus,
    description: z.string(),
    dueAt: z.string().nullable(),
  }),
  canDecide: z.boolean().describe('Whether the caller may grant or refuse it'),
});
export const ExtensionList = pageOf(ExtensionListItem);

export const AssistBody = z.object({
  department: Department.describe('The assisting department (协办单位)'),
  task: z.string().trim().min(1).max(500).describe('What it is asked to do'),
});
export const AssistReplyBody = z.object({
  reply: z.string().trim().min(1).max(2000),
  photos: photoTokens.default([]),
});
export const AssistParams = z.object({ id, assistId: id });

/** The body of each workflow action, by action: one route each, one typed handler each in the service. */
export const ActionBodies = {
  accept: AcceptBody,
  reject: RejectBody,
  dispatch: DispatchBody,
  start: StartBody,
  resolve: ResolveBody,
  escalate: EscalateBody,
  close: CloseBody,
  rate: RateBody,
  reopen: ReopenBody,
  merge: MergeBody,
  reply: ReplyBody,
  return: ReturnBody,
} as const;
export type ActionName = keyof typeof ActionBodies;
export type ActionBody<A extends ActionName> = z.infer<(typeof ActionBodies)[A]>;
/** An action with its body, told apart by `action`. */
export type ActionRequest<A extends ActionName = ActionName> = { [K in A]: { action: K; body: ActionBody<K> } }[A];
export const ContactView = z.object({ name: z.string(), phone: z.string().nullable() });
export const AssigneeList = z.object({
  items: z
    .array(z.object({ userId: z.number(), name: z.string(), role: z.string(), onDuty: z.boolean() }))
    .describe('Grid workers first (on duty first), then admins and department staff'),
});

// ---------- stations and duty ----------

const Hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
export const OpeningHours = z
  .object({
    always: z.boolean().optional(),
    weekly: z
      .partialRecord(z.enum(['0', '1', '2', '3', '4', '5', '6']), z.array(z.tuple([Hhmm, Hhmm])).max(4))
      .optional(),
  })
  .describe('{"always": true}, or weekday (0 = Sunday) → [["08:30","17:30"]] in local time');

export const StationView = z.object({
  id: z.number(),
  kind: StationKind,
  name: z.string(),
  divisionId: z.number(),
  lat: z.number(),
  lng: z.number(),
  address: z.string(),
  phone: z.string(),
  facilities: z.array(Facility),
  facilitiesCheckedAt: z
    .string()
    .nullable()
    .describe('When the staff on duty last confirmed the facilities; null if never'),
  services: z.array(ServiceKind).describe('The services it offers, counted on the service map'),
  capacity: z.number().int().nullable().describe('Places or seats, when known'),
  openingHours: OpeningHours,
  openNow: z.boolean(),
  active: z.boolean(),
  distanceMeters: z.number().optional(),
});
export const StationList = pageOf(StationView);
export const StationListQuery = PageQuery.extend({
  kind: StationKind.optional(),
  q: z.string().trim().max(60).optional(),
  communityId: id.optional(),
});
export const NearestStationsQuery = z.object({
  lat,
  lng,
  kind: StationKind.optional(),
  facility: Facility.optional(),
  service: ServiceKind.optional().describe('Only stations offering this service (服务一张图)'),
  openNow: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  limit: z.coerce.number().int().min(1).max(20).default(5),
});
export const NearestStations = z.object({ items: z.array(StationView) });
const StationFields = {
  kind: StationKind,
  name: z.string().trim().min(1).max(80),
  divisionId: id.describe('The community or street that runs it'),
  lat,
  lng,
  address: z.string().trim().max(200),
  phone: z.string().trim().max(20),
  facilities: z.array(Facility).max(20),
  services: z
    .array(ServiceKind)
    .max(SERVICE_KINDS.length)
    .refine((list) => new Set(list).size === list.length, 'each service once')
    .describe('The services it offers (the service map counts them); by default those of its kind'),
  capacity: z.number().int().min(0).max(100_000).nullable().describe('Places or seats (托育 places, 助餐 seats)'),
  openingHours: OpeningHours,
  active: z.boolean(),
};
export const CreateStationBody = z.object({
  ...StationFields,
  address: StationFields.address.default(''),
  phone: StationFields.phone.default(''),
  facilities: StationFields.facilities.default([]),
  services: StationFields.services.optional(),
  capacity: StationFields.capacity.default(null),
  openingHours: StationFields.openingHours.default({ always: true }),
  active: StationFields.active.default(true),
});
export const UpdateStationBody = z.object(StationFields).partial();
export const StationFacilitiesBody = z.object({
  facilities: z
    .array(Facility)
    .max(20)
    .refine((list) => new Set(list).size === list.length, 'each facility once')
    .describe('What the station has in working order now; what is missing or broken is left out'),
});
export const MyDutyStations = z.object({
  items: z.array(StationView.extend({ dutyEndsAt: z.string().describe('When my duty there ends') })),
});

export const DutyBody = z.object({ gridId: id, userId: id, startsAt: z.coerce.date(), endsAt: z.coerce.date() });
export const StationDutyBody = z.object({ userId: id, startsAt: z.coerce.date(), endsAt: z.coerce.date() });
export const StationDutyQuery = z.object({ from: z.coerce.date(), to: z.coerce.date() });
export const StationDutyView = z.object({
  id: z.number(),
  stationId: z.number(),
  userId: z.number(),
  userName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
});
export const StationDutyList = z.object({ items: z.array(StationDutyView) });
export const DutyQuery = z.object({ gridId: id, from: z.coerce.date(), to: z.coerce.date() });
export const DutyView = z.object({
  id: z.number(),
  gridId: z.number(),
  userId: z.number(),
  userName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
});
export const DutyList = z.object({ items: z.array(DutyView) });

// ---------- Open311 clients ----------

export const Open311ClientBody = z.object({
  name: z.string().trim().min(1).max(80),
  divisionId: id.describe('Requests are accepted inside this division'),
});
export const Open311ClientView = z.object({
  id: z.number(),
  name: z.string(),
  divisionId: z.number(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  apiKey: z.string().optional().describe('Shown once, when the client is created'),
});
export const Open311ClientList = z.object({ items: z.array(Open311ClientView) });

/** GET /api/live, event "matter": a matter in my area, or one I follow, changed. */
export const LiveMatterEvent = z.object({
  topic: z.literal('matter'),
  id: z.number(),
  change: z
    .union([z.enum(['created', 'note', 'overdue']), MatterStatus])
    .describe('What happened: created, a note, overdue, or the status it moved to'),
  status: MatterStatus,
});
