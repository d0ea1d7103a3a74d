/** Shapes of the JSON API, as described by /api/openapi.json. */

export type Locale = 'zh-CN' | 'en';

export const ROLES = [
  'resident',
  'courier',
  'grid_worker',
  'mediator',
  'merchant',
  'dept_staff',
  'community_admin',
  'street_admin',
  'district_admin',
] as const;
export type Role = (typeof ROLES)[number];

export type Permission =
  | 'org.read'
  | 'org.board.read'
  | 'org.person.read'
  | 'org.person.reveal'
  | 'org.person.write'
  | 'org.structure.write'
  | 'org.division.write'
  | 'org.assignment.write'
  | 'org.import'
  | 'audit.read'
  | 'auth.user.manage'
  | 'matters.report'
  | 'matters.read'
  | 'matters.handle'
  | 'matters.manage'
  | 'matters.configure'
  | 'points.read'
  | 'points.manage'
  | 'volunteer.manage'
  | 'deliberation.manage'
  | 'mediation.read'
  | 'mediation.handle'
  | 'mediation.manage'
  | 'devices.read'
  | 'devices.handle'
  | 'devices.manage'
  | 'care.read'
  | 'care.manage'
  | 'charging.read'
  | 'charging.manage';

export interface RoleGrant {
  role: Role;
  divisionId: number | null;
  gridId: number | null;
}

export interface MeView {
  id: number;
  username: string;
  displayName: string;
  locale: Locale;
  personId: number | null;
  roles: RoleGrant[];
  permissions: Permission[];
  csrfToken: string;
}

export interface ClientConfig {
  defaultLocale: Locale;
  timeZone: string;
  map: { tileUrl: string; tileCoord: 'wgs84' | 'gcj02' };
  version: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

export type DivisionLevel = 'province' | 'city' | 'district' | 'street' | 'community';
export type GridKind = 'resident' | 'special' | 'mobile';
export const GRID_KINDS: readonly GridKind[] = ['resident', 'special', 'mobile'];

export interface Division {
  id: number;
  parentId: number | null;
  level: DivisionLevel;
  code: string;
  codeOfficial: boolean;
  name: string;
  lat: number | null;
  lng: number | null;
}

export interface TreeDivision extends Division {
  /** False for ancestors shown only to place the caller's units. */
  inScope: boolean;
}

export interface TreeGrid {
  id: number;
  communityId: number;
  code: string;
  name: string;
  kind: GridKind;
}

export interface OrgTree {
  divisions: TreeDivision[];
  grids: TreeGrid[];
}

export type Position = number[];
export type GridGeometry =
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

export interface Grid {
  id: number;
  code: string;
  name: string;
  kind: GridKind;
  communityId: number;
  communityName: string;
  center: { lat: number; lng: number } | null;
  description: string;
  personCount: number;
  buildingCount: number;
  polygon?: GridGeometry | null;
}

export interface GridFeatureProperties {
  id: number;
  code: string;
  name: string;
  kind: GridKind;
  communityId: number;
  communityName: string;
  personCount: number;
  buildingCount: number;
}

export interface GridFeature {
  type: 'Feature';
  id: number;
  geometry: GridGeometry;
  properties: GridFeatureProperties;
}

export interface GridFeatureCollection {
  type: 'FeatureCollection';
  features: GridFeature[];
}

interface NamedUnit {
  id: number;
  name: string;
  code: string;
}

export interface LocateResult {
  grid: { id: number; code: string; name: string; kind: GridKind };
  otherGrids: { id: number; code: string; name: string; kind: GridKind }[];
  community: NamedUnit;
  street: NamedUnit | null;
  district: NamedUnit | null;
}

export type BuildingKind = 'residential' | 'commercial' | 'mixed' | 'public' | 'industrial';

export interface Building {
  id: number;
  code: string;
  name: string;
  address: string;
  kind: BuildingKind;
  floors: number | null;
  lat: number | null;
  lng: number | null;
  communityId: number;
  communityName: string;
  gridId: number | null;
  gridName: string | null;
  householdCount: number;
  personCount: number;
}

export interface Household {
  id: number;
  buildingId: number;
  unitId: number | null;
  unitName: string | null;
  room: string;
  floorAreaM2: number | null;
  personCount: number;
}

export type Gender = 'male' | 'female' | 'unknown';
export const GENDERS: readonly Gender[] = ['male', 'female', 'unknown'];

export interface Person {
  id: number;
  name: string;
  gender: Gender;
  birthDate: string | null;
  age: number | null;
  /** Masked, e.g. 330105********1234. */
  idNumber: string | null;
  /** Masked, e.g. 138****5678. */
  phone: string | null;
  tags: string[];
  isOwner: boolean;
  address: string;
  note: string;
  communityId: number;
  communityName: string;
  gridId: number | null;
  gridName: string | null;
  buildingId: number | null;
  buildingName: string | null;
  householdId: number | null;
  unitName: string | null;
  room: string | null;
  updatedAt: string;
}

export interface PersonSecrets {
  idNumber: string | null;
  phone: string | null;
}

/** What POST /api/org/persons takes; PATCH takes the same without communityId. */
export interface PersonInput {
  communityId?: number;
  gridId: number | null;
  buildingId: number | null;
  householdId: number | null;
  name: string;
  gender: Gender;
  birthDate: string | null;
  idNumber?: string | null;
  phone?: string | null;
  tags: string[];
  isOwner: boolean;
  address: string;
  note: string;
}

export interface TagCount {
  tag: string;
  count: number;
}

export const ASSIGNMENT_KINDS = [
  'grid_leader',
  'grid_worker',
  'building_leader',
  'party_member',
  'legal_grid_worker',
  'red_steward',
  'alley_steward',
] as const;
export type AssignmentKind = (typeof ASSIGNMENT_KINDS)[number];

export interface Assignment {
  id: number;
  kind: AssignmentKind;
  communityId: number;
  gridId: number | null;
  gridName: string | null;
  buildingId: number | null;
  buildingName: string | null;
  personId: number | null;
  userId: number | null;
  name: string;
  /** Work contact, shown in full on the public board. */
  contactPhone: string;
  duty: string;
  pledge: string;
  photoUrl: string;
}

export interface AssignmentInput {
  kind: AssignmentKind;
  gridId: number | null;
  buildingId: number | null;
  name: string;
  contactPhone: string;
  duty: string;
  pledge: string;
}

export interface BoardEntry {
  kind: AssignmentKind;
  scope: 'building' | 'grid';
  scopeName: string;
  name: string;
  contactPhone: string;
  duty: string;
  pledge: string;
  photoUrl: string;
}

export interface Board {
  community: { id: number; name: string };
  grid: { id: number; name: string; kind: GridKind } | null;
  building: { id: number; name: string; address: string } | null;
  entries: BoardEntry[];
}

export type ImportKind = 'persons' | 'buildings';
export type ImportStatus = 'queued' | 'validating' | 'writing' | 'succeeded' | 'failed';

export interface ImportRowError {
  row: number;
  field?: string;
  message: string;
}

export interface ImportJob {
  id: number;
  kind: ImportKind;
  status: ImportStatus;
  fileName: string;
  totalRows: number;
  /** Rows checked so far; progress is processedRows / totalRows. */
  processedRows: number;
  insertedRows: number;
  updatedRows: number;
  errorCount: number;
  errors: ImportRowError[];
  failure: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  divisionId: number | null;
  gridId: number | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
}

export interface OrgCounts {
  persons: number;
  buildings: number;
  households: number;
}

export interface OrgStats {
  totals: OrgCounts & { grids: number };
  /** Communities the caller reaches, whole or in part. */
  byCommunity: (OrgCounts & { id: number; name: string; grids: number })[];
  byGrid: (OrgCounts & { id: number; name: string; communityId: number })[];
}

// ---------- matters (事项) ----------

export const MATTER_STATUSES = [
  'reported',
  'accepted',
  'dispatched',
  'in_progress',
  'resolved',
  'closed',
  'rejected',
  'duplicate',
  'escalated',
  'reopened',
] as const;
export type MatterStatus = (typeof MATTER_STATUSES)[number];
export const OPEN_MATTER_STATUSES: readonly MatterStatus[] = ['reported', 'accepted', 'dispatched', 'in_progress', 'resolved', 'escalated', 'reopened'];

export const MATTER_KINDS = ['report', 'help', 'suggestion', 'alarm', 'care'] as const;
export type MatterKind = (typeof MATTER_KINDS)[number];
export const MATTER_LEVELS = ['grid', 'community', 'street', 'department'] as const;
export type MatterLevel = (typeof MATTER_LEVELS)[number];
export const URGENCIES = ['normal', 'urgent', 'critical'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const MATTER_QUEUES = ['mine', 'grid', 'overdue', 'unassigned', 'all'] as const;
export type MatterQueue = (typeof MATTER_QUEUES)[number];

/** What a caller may do to a matter now; the detail lists the ones open to the caller. */
export type MatterAction =
  | 'accept'
  | 'reject'
  | 'dispatch'
  | 'start'
  | 'resolve'
  | 'escalate'
  | 'close'
  | 'rate'
  | 'reopen'
  | 'merge'
  | 'reply'
  | 'note'
  | 'follow'
  | 'unfollow';

export const DURATION_UNITS = ['minutes', 'hours', 'working_hours', 'working_days'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];
export interface Duration {
  amount: number;
  unit: DurationUnit;
}

export const FIELD_TYPES = ['text', 'number', 'select', 'boolean'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldOption {
  value: string;
  labelZh: string;
  labelEn: string;
}

/** An extra field a category asks for, e.g. 车牌号 for badly parked cars. */
export interface CategoryField {
  code: string;
  labelZh: string;
  labelEn: string;
  type: FieldType;
  required: boolean;
  options?: FieldOption[];
}

/** Departments a matter can be escalated to, by code. */
export const DEPARTMENTS = [
  'urban_management',
  'fire',
  'police',
  'justice',
  'housing',
  'civil_affairs',
  'market',
  'water',
  'greening',
  'traffic',
  'emergency',
  'street_office',
] as const;
export type Department = (typeof DEPARTMENTS)[number];

export interface Category {
  id: number;
  /** null for a top-level category. */
  parentId: number | null;
  code: string;
  /** In the caller's language. */
  name: string;
  nameZh: string;
  nameEn: string;
  kind: MatterKind;
  dispute: boolean;
  department: string;
  departmentName: string;
  acceptWithin: Duration;
  resolveWithin: Duration;
  fields: CategoryField[];
  keywords: string[];
  active: boolean;
}

export type CategoryPatch = Partial<Pick<Category, 'nameZh' | 'nameEn' | 'department' | 'acceptWithin' | 'resolveWithin' | 'fields' | 'keywords' | 'active'>>;

export interface CategorySuggestion {
  categoryId: number;
  code: string;
  name: string;
  parentName: string | null;
  probability: number;
}

export interface Photo {
  url: string;
  thumbnailUrl: string;
}

export interface MediaUpload extends Photo {
  token: string;
  contentType: string;
  bytes: number;
  width: number | null;
  height: number | null;
}

export interface LatLng {
  lat: number;
  lng: number;
}

export interface MatterListItem {
  id: number;
  code: string;
  category: { id: number; code: string; name: string };
  kind: MatterKind;
  status: MatterStatus;
  level: MatterLevel;
  urgency: Urgency;
  source: string;
  description: string;
  address: string;
  location: LatLng | null;
  community: { id: number; name: string } | null;
  grid: { id: number; name: string } | null;
  assignee: { id: number; name: string } | null;
  /** Hidden from the public when anonymous. */
  reporter: { name: string; anonymous: boolean } | null;
  acceptDueAt: string | null;
  /** When it must be resolved. */
  dueAt: string | null;
  /** Until dueAt when the answer was made; negative when overdue. */
  secondsLeft: number | null;
  overdue: boolean;
  photos: Photo[];
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
  rating: number | null;
}

export interface TimelineEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  fromStatus: MatterStatus | null;
  toStatus: MatterStatus | null;
  note: string;
  /** Staff-only note; never shown to the reporter or followers. */
  internal: boolean;
  photos: Photo[];
  details: Record<string, unknown>;
}

export interface MatterStation {
  id: number;
  name: string;
  address: string;
  phone: string;
  lat: number;
  lng: number;
}

export interface MatterDetail extends MatterListItem {
  department: string | null;
  attributes: Record<string, string | number | boolean>;
  station: MatterStation | null;
  /** Masked; POST …/reveal-contact for the whole number. */
  reporterPhone: string | null;
  ratingComment: string | null;
  reopenCount: number;
  duplicateOf: number | null;
  /** For suggestions: adopted or not. */
  adopted: boolean | null;
  reply: string | null;
  following: boolean;
  followers: number;
  viewer: 'staff' | 'reporter' | 'follower';
  allowedActions: MatterAction[];
  timeline: TimelineEntry[];
}

export interface NearbyMatter {
  id: number;
  code: string;
  status: MatterStatus;
  description: string;
  address: string;
  distanceMeters: number;
  followers: number;
  createdAt: string;
}

export interface Assignee {
  userId: number;
  name: string;
  role: string;
  onDuty: boolean;
}

export interface MapCluster {
  cell: string;
  lat: number;
  lng: number;
  count: number;
  open: number;
}

export interface MapPoint {
  id: number;
  code: string;
  status: MatterStatus;
  kind: MatterKind;
  urgency: Urgency;
  lat: number;
  lng: number;
  overdue: boolean;
}

export interface MatterMap {
  resolution: number;
  clusters: MapCluster[];
  points: MapPoint[];
}

export interface MatterContact {
  name: string;
  phone: string | null;
}

/** The body of POST /api/matters. */
export interface ReportInput {
  categoryId: number;
  description: string;
  lat?: number;
  lng?: number;
  address?: string;
  photos?: string[];
  urgency?: Urgency;
  anonymous?: boolean;
  attributes?: Record<string, string | number | boolean>;
  onBehalf?: { name: string; phone?: string; channel: 'phone' | 'walk_in' };
  gridId?: number;
  resolvedOnSpot?: boolean;
  note?: string;
}

// ---------- service stations ----------

export const STATION_KINDS = ['party_service_center', 'warm_station', 'courier_station', 'mediation_room', 'legal_station', 'fire_station'] as const;
export type StationKind = (typeof STATION_KINDS)[number];
export const FACILITIES = ['water', 'microwave', 'charger', 'first_aid', 'toilet', 'rest_area', 'umbrella', 'wifi', 'repair_kit'] as const;
export type Facility = (typeof FACILITIES)[number];

/** Weekday ("0" = Sunday … "6") → [["08:30","12:00"], …] in local time. */
export type WeeklyHours = Partial<Record<'0' | '1' | '2' | '3' | '4' | '5' | '6', [string, string][]>>;

export interface OpeningHours {
  always?: boolean;
  weekly?: WeeklyHours;
}

export interface Station {
  id: number;
  kind: StationKind;
  name: string;
  divisionId: number;
  lat: number;
  lng: number;
  address: string;
  phone: string;
  facilities: Facility[];
  openingHours: OpeningHours;
  openNow: boolean;
  active: boolean;
  distanceMeters?: number;
}

export type StationInput = Omit<Station, 'id' | 'openNow' | 'distanceMeters'>;

export interface DutyPeriod {
  id: number;
  gridId: number;
  userId: number;
  userName: string;
  startsAt: string;
  endsAt: string;
}

export interface Open311Client {
  id: number;
  name: string;
  divisionId: number;
  createdAt: string;
  revokedAt: string | null;
  /** Only in the answer that creates the client. */
  apiKey?: string;
}

// ---------- notifications ----------

export interface AppNotification {
  id: number;
  kind: string;
  title: string;
  body: string;
  /** In-app path, e.g. /matters/42 (relative to either app). */
  link: string;
  entityType: string | null;
  entityId: string | null;
  read: boolean;
  createdAt: string;
}

export interface NotificationPage extends Page<AppNotification> {
  unread: number;
}

/** A message on GET /api/live. */
export interface LiveMatterEvent {
  topic: 'matter';
  id: number;
  change: 'created' | 'note' | 'overdue' | MatterStatus;
  status: MatterStatus;
  divisionId?: number | null;
  gridId?: number | null;
}

export interface LiveNotificationEvent {
  topic: 'notification';
  id: number;
  kind: string;
  title: string;
  link: string;
  entityType: string | null;
  entityId: string | null;
}

// ---------- points (积分) ----------

export interface PointsAccount {
  id: number;
  name: string;
  kind: 'issuing' | 'person' | 'merchant' | 'hold' | 'expiry';
  /** Free to spend. */
  balance: number;
  /** Held by vouchers not yet redeemed. */
  held: number;
}

export type PostingKind = 'earn' | 'hold' | 'redeem' | 'release' | 'expire' | 'correction' | 'transfer';
export const POSTING_KINDS: readonly PostingKind[] = ['earn', 'hold', 'redeem', 'release', 'expire', 'correction', 'transfer'];

export interface StatementLine {
  id: number;
  at: string;
  kind: PostingKind;
  /** Positive in, negative out. */
  amount: number;
  balanceAfter: number;
  counterparty: string;
  memo: string;
  reference: { type: string; id: string } | null;
}

export type EarningEvent = 'volunteer.hours_approved' | 'good_deed.verified' | 'meeting.attended' | 'vote.cast' | 'topic.supported' | 'course.completed';
export const EARNING_EVENTS: readonly EarningEvent[] = ['volunteer.hours_approved', 'good_deed.verified', 'meeting.attended', 'vote.cast', 'topic.supported', 'course.completed'];

export interface EarningRule {
  id: number;
  communityId: number;
  eventType: EarningEvent;
  pointsPerUnit: number;
  unit: 'each' | 'hour';
  dailyCap: number | null;
  monthlyCap: number | null;
  /** YYYY-MM-DD */
  effectiveFrom: string;
}

export interface RuleInput {
  communityId: number;
  eventType: EarningEvent;
  pointsPerUnit: number;
  dailyCap?: number | null;
  monthlyCap?: number | null;
  effectiveFrom: string;
}

export interface CorrectionInput {
  communityId: number;
  userId: number;
  amount: number;
  reason: string;
  idempotencyKey: string;
}

export interface LeaderboardEntry {
  rank: number;
  userId: number;
  name: string;
  points: number;
}

export interface Leaderboard {
  period: string;
  items: LeaderboardEntry[];
}

export interface Honour {
  id: number;
  communityId: number;
  title: string;
  period: string;
  userId: number;
  name: string;
  points: number;
  awardedAt: string;
}

export interface Merchant {
  id: number;
  communityId: number;
  userId: number | null;
  name: string;
  address: string;
  phone: string;
  creditScore: number;
  active: boolean;
}

export interface MerchantInput {
  communityId: number;
  userId?: number | null;
  name: string;
  address: string;
  phone: string;
}

export interface ShopItem {
  id: number;
  merchantId: number;
  merchantName: string;
  name: string;
  description: string;
  pricePoints: number;
  /** What the merchant is owed, in fen. */
  cashValueFen: number;
  /** null: not counted. */
  stock: number | null;
  active: boolean;
}

export interface ShopItemInput {
  name: string;
  description: string;
  pricePoints: number;
  cashValueFen: number;
  stock: number | null;
  active?: boolean;
}

export type VoucherStatus = 'held' | 'redeemed' | 'released' | 'expired';

export interface Voucher {
  id: number;
  /** Whole for its holder, masked for others. */
  code: string;
  /** For the QR code; only for its holder. */
  qrToken: string | null;
  itemId: number;
  itemName: string;
  merchantId: number;
  merchantName: string;
  merchantAddress: string;
  points: number;
  cashValueFen: number;
  status: VoucherStatus;
  expiresAt: string;
  createdAt: string;
  redeemedAt: string | null;
}

export interface Settlement {
  from: string;
  to: string;
  days: { day: string; count: number; points: number; cashFen: number }[];
  totals: { count: number; points: number; cashFen: number };
}

export interface PointsStats {
  issued: number;
  held: number;
  redeemed: number;
  released: number;
  expired: number;
  vouchers: Partial<Record<VoucherStatus, { count: number; cashFen: number }>>;
}

// ---------- volunteering (志愿) ----------

export interface TeamSummary {
  id: number;
  communityId: number;
  name: string;
  description: string;
  members: number;
}

export interface TeamMember {
  userId: number;
  name: string;
  role: 'leader' | 'member';
  joinedAt: string;
}

export interface Team {
  id: number;
  communityId: number;
  name: string;
  description: string;
  members: TeamMember[];
  myRole: 'leader' | 'member' | null;
}

export type SignupStatus = 'signed_up' | 'cancelled' | 'checked_in' | 'checked_out' | 'approved' | 'rejected';

export interface Signup {
  userId: number;
  name: string;
  status: SignupStatus;
  checkedInAt: string | null;
  checkedOutAt: string | null;
  /** Measured between check-in and check-out. */
  minutes: number | null;
  approvedMinutes: number | null;
}

export interface Activity {
  id: number;
  teamId: number;
  teamName: string;
  communityId: number;
  title: string;
  description: string;
  place: string;
  location: LatLng | null;
  startsAt: string;
  endsAt: string;
  capacity: number;
  signedUp: number;
  status: 'open' | 'closed' | 'cancelled';
  mySignup: Omit<Signup, 'userId' | 'name'> | null;
  /** The caller leads the team (or runs the community) and sees the sign-ups. */
  canLead: boolean;
  signups?: Signup[];
}

export interface ActivityInput {
  teamId: number;
  title: string;
  description: string;
  place: string;
  lat?: number;
  lng?: number;
  startsAt: string;
  endsAt: string;
  capacity: number;
}

export interface CheckinCode {
  code: string;
  validUntil: string;
}

export interface MySignupItem {
  activityId: number;
  title: string;
  place: string;
  startsAt: string;
  endsAt: string;
  status: SignupStatus;
  minutes: number | null;
  approvedMinutes: number | null;
}

export interface MySignups {
  items: MySignupItem[];
  totalApprovedMinutes: number;
}

export type GoodDeedStatus = 'reported' | 'verified' | 'rejected';

export interface GoodDeed {
  id: number;
  communityId: number;
  doerName: string;
  doerUserId: number | null;
  title: string;
  description: string;
  photos: Photo[];
  occurredOn: string;
  status: GoodDeedStatus;
  decisionNote: string;
  createdAt: string;
}

export type WishStatus = 'open' | 'claimed' | 'fulfilled' | 'thanked' | 'cancelled';
export const WISH_STATUSES: readonly WishStatus[] = ['open', 'claimed', 'fulfilled', 'thanked', 'cancelled'];

export interface Wish {
  id: number;
  communityId: number;
  beneficiaryLabel: string;
  title: string;
  description: string;
  status: WishStatus;
  claimedByUserId: number | null;
  claimedByUnit: string | null;
  claimedAt: string | null;
  fulfilledAt: string | null;
  fulfilmentPhotos: Photo[];
  thanksNote: string;
  createdAt: string;
}

export type ProjectStatus = 'open' | 'claimed' | 'in_progress' | 'done';

export interface ProjectSummary {
  id: number;
  communityId: number;
  title: string;
  description: string;
  claimedByUnit: string | null;
  status: ProjectStatus;
  progress: number;
  updatedAt: string;
}

export interface Project extends ProjectSummary {
  updates: { id: number; author: string; progress: number; note: string; photos: Photo[]; at: string }[];
}

export interface VolunteerStats {
  volunteers: number;
  minutes: number;
  activities: number;
  goodDeeds: number;
  wishesFulfilled: number;
}
