import type { ColumnType, Generated, JSONColumnType } from 'kysely';

export type DivisionLevel = 'province' | 'city' | 'district' | 'street' | 'community';
export type GridKind = 'resident' | 'special' | 'mobile';
export type AssignmentKind =
  | 'grid_leader'
  | 'grid_worker'
  | 'building_leader'
  | 'party_member'
  | 'legal_grid_worker'
  | 'red_steward'
  | 'alley_steward';

/** GeoJSON geometry of a grid, WGS-84 [lng, lat]. */
export type GridGeometry =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

export interface DivisionTable {
  id: Generated<number>;
  parent_id: number | null;
  level: DivisionLevel;
  code: string;
  code_official: Generated<boolean>;
  name: string;
  path: string;
  lat: number | null;
  lng: number | null;
  sort: Generated<number>;
  created_at: Date;
  updated_at: Date;
}

export interface GridTable {
  id: Generated<number>;
  community_id: number;
  code: string;
  name: string;
  kind: GridKind;
  polygon: JSONColumnType<GridGeometry | null, string | null, string | null>;
  // PostgreSQL box, written as '(x1,y1),(x2,y2)'.
  bbox: ColumnType<string | null, string | null, string | null>;
  center_lat: number | null;
  center_lng: number | null;
  description: Generated<string>;
  created_at: Date;
  updated_at: Date;
}

export interface BuildingTable {
  id: Generated<number>;
  community_id: number;
  grid_id: number | null;
  code: string;
  name: string;
  address: Generated<string>;
  kind: Generated<'residential' | 'commercial' | 'mixed' | 'public' | 'industrial'>;
  floors: number | null;
  lat: number | null;
  lng: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface UnitTable {
  id: Generated<number>;
  building_id: number;
  name: string;
}

export interface HouseholdTable {
  id: Generated<number>;
  building_id: number;
  unit_id: number | null;
  room: string;
  floor_area_m2: number | null;
  created_at: Date;
}

export interface PersonTable {
  id: Generated<number>;
  community_id: number;
  grid_id: number | null;
  building_id: number | null;
  household_id: number | null;
  name: string;
  gender: Generated<'male' | 'female' | 'unknown'>;
  birth_date: string | null;
  id_number: string | null;
  phone: string | null;
  tags: Generated<string[]>;
  is_owner: Generated<boolean>;
  address: Generated<string>;
  note: Generated<string>;
  created_at: Date;
  updated_at: Date;
}

export interface AssignmentTable {
  id: Generated<number>;
  kind: AssignmentKind;
  community_id: number;
  grid_id: number | null;
  building_id: number | null;
  person_id: number | null;
  user_id: number | null;
  name: string;
  contact_phone: Generated<string>;
  /** Shown whole on the board: the person chose to publish this (work) phone; consent recorded below. */
  phone_published: Generated<boolean>;
  phone_consent_at: Date | null;
  /** Who recorded the consent (a user id; the seed records none). */
  phone_consent_by: number | null;
  duty: Generated<string>;
  pledge: Generated<string>;
  photo_url: Generated<string>;
  created_at: Date;
}

export type ImportStatus = 'queued' | 'validating' | 'writing' | 'succeeded' | 'failed';

export interface ImportRowError {
  row: number;
  field?: string;
  message: string;
}

export interface ImportJobTable {
  id: Generated<number>;
  kind: 'persons' | 'buildings' | 'divisions';
  status: Generated<ImportStatus>;
  file_name: string;
  content: string | null;
  total_rows: Generated<number>;
  processed_rows: Generated<number>;
  inserted_rows: Generated<number>;
  updated_rows: Generated<number>;
  row_errors: JSONColumnType<ImportRowError[], string, string>;
  error_count: Generated<number>;
  failure: string | null;
  scope: JSONColumnType<
    { divisionIds: number[]; gridIds: number[]; home?: { divisionId: number | null; gridId: number | null } | null },
    string,
    string
  >;
  created_by: number;
  created_by_name: string;
  locale: Generated<'zh-CN' | 'en'>;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  lease_until: Date | null;
}

export interface OrgTables {
  'org.divisions': DivisionTable;
  'org.grids': GridTable;
  'org.buildings': BuildingTable;
  'org.units': UnitTable;
  'org.households': HouseholdTable;
  'org.persons': PersonTable;
  'org.assignments': AssignmentTable;
  'org.import_jobs': ImportJobTable;
}

// Enumerations: one home, used by the schemas and (through src/enums.ts) the web.
export const DIVISION_LEVELS = ['province', 'city', 'district', 'street', 'community'] as const;
export const GRID_KINDS = ['resident', 'special', 'mobile'] as const;
export const ASSIGNMENT_KINDS = [
  'grid_leader',
  'grid_worker',
  'building_leader',
  'party_member',
  'legal_grid_worker',
  'red_steward',
  'alley_steward',
] as const;
export const GENDERS = ['male', 'female', 'unknown'] as const;
export const BUILDING_KINDS = ['residential', 'commercial', 'mixed', 'public', 'industrial'] as const;
export const IMPORT_KINDS = ['persons', 'buildings', 'divisions'] as const;
