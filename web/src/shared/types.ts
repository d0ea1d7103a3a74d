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
  | 'auth.user.manage';

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
