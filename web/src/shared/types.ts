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
  | 'matters.configure';

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
}
