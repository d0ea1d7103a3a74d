import { z } from 'zod';
import { DIVISION_LEVELS, GRID_KINDS, ASSIGNMENT_KINDS, GENDERS, BUILDING_KINDS, IMPORT_KINDS } from './tables.ts';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { id } from '../../platform/input.ts';

/** Ids are 32-bit in the database; larger numbers are refused here rather than failing there. */
const optionalId = id.optional();
const lat = z.coerce.number().min(-90).max(90).describe('Latitude, WGS-84');
const lng = z.coerce.number().min(-180).max(180).describe('Longitude, WGS-84');

export const DivisionLevel = z.enum(DIVISION_LEVELS);
export const GridKind = z.enum(GRID_KINDS).describe('resident 居民网格, special 专属网格, mobile 流动网格');
export const AssignmentKind = z
  .enum(ASSIGNMENT_KINDS)
  .describe('网格长, 网格员, 楼栋长, 包楼党员 (一名党员一幢楼), 政法网格员, 红色管家, 小巷管家');
export const Gender = z.enum(GENDERS);

export const IdParams = z.object({ id });

export const DivisionView = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  level: DivisionLevel,
  code: z.string(),
  codeOfficial: z.boolean().describe('True when code is the official statistical division code'),
  name: z.string(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
});

export const TreeDivision = DivisionView.extend({
  inScope: z.boolean().describe("False for ancestors shown only to place the caller's units"),
});
export const TreeGrid = z.object({
  id: z.number(),
  communityId: z.number(),
  code: z.string(),
  name: z.string(),
  kind: GridKind,
});
export const OrgTree = z.object({
  divisions: z.array(TreeDivision).describe('Flat list; parentId links them into a tree'),
  grids: z.array(TreeGrid),
});

export const CreateDivisionBody = z.object({
  parentId: id,
  level: z.enum(['street', 'community']),
  name: z.string().trim().min(1).max(60),
  code: z
    .string()
    .trim()
    .regex(/^\d{6,12}$/, 'digits only, 6–12')
    .describe('Division code; 12-digit statistical code where known'),
  codeOfficial: z.boolean().default(false),
  lat: lat.optional(),
  lng: lng.optional(),
});
export const UpdateDivisionBody = CreateDivisionBody.pick({ name: true, lat: true, lng: true }).partial();

const Position = z.array(z.number()).min(2).max(3).describe('[lng, lat]');
export const GridGeometry = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(Position)).min(1) }),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(Position)).min(1)).min(1) }),
  ])
  .describe('GeoJSON Polygon or MultiPolygon, WGS-84 [lng, lat]');

export const GridView = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  kind: GridKind,
  communityId: z.number(),
  communityName: z.string(),
  center: z.object({ lat: z.number(), lng: z.number() }).nullable(),
  description: z.string(),
  personCount: z.number(),
  buildingCount: z.number(),
  polygon: GridGeometry.nullable().optional(),
});
export const GridList = pageOf(GridView);
export const GridListQuery = PageQuery.extend({
  communityId: optionalId,
  kind: GridKind.optional(),
  q: z.string().trim().max(60).optional().describe('Name contains, or exact code'),
  withTotal: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});
export const GridGeoJsonQuery = z.object({ communityId: optionalId, kind: GridKind.optional() });
export const GridFeatureCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.number(),
      geometry: GridGeometry,
      properties: z.object({
        id: z.number(),
        code: z.string(),
        name: z.string(),
        kind: GridKind,
        communityId: z.number(),
        communityName: z.string(),
        personCount: z.number(),
        buildingCount: z.number(),
      }),
    }),
  ),
});

// Fields without defaults, so that a PATCH changes only what it names.
const GridFields = {
  name: z.string().trim().min(1).max(60),
  kind: GridKind,
  polygon: GridGeometry.nullable().describe('Required for resident and special grids'),
  description: z.string().max(500),
};
export const CreateGridBody = z.object({
  communityId: id,
  code: z.string().trim().min(1).max(40),
  ...GridFields,
  polygon: GridFields.polygon.optional(),
  description: GridFields.description.default(''),
});
export const UpdateGridBody = z.object(GridFields).partial();

export const LocateQuery = z.object({ lat, lng });
export const LocateResult = z.object({
  grid: z.object({ id: z.number(), code: z.string(), name: z.string(), kind: GridKind }),
  otherGrids: z
    .array(z.object({ id: z.number(), code: z.string(), name: z.string(), kind: GridKind }))
    .describe('Other grids that also hold the point, e.g. a resident grid around a special one'),
  community: z.object({ id: z.number(), name: z.string(), code: z.string() }),
  street: z.object({ id: z.number(), name: z.string(), code: z.string() }).nullable(),
  district: z.object({ id: z.number(), name: z.string(), code: z.string() }).nullable(),
  nearestBuilding: z
    .object({ name: z.string(), address: z.string(), distanceMeters: z.number() })
    .nullable()
    .describe(
      "The community's building nearest the point (within 150 m), so a place reads as a building, not as coordinates",
    ),
});

export const BuildingKind = z.enum(BUILDING_KINDS);
export const BuildingView = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  address: z.string(),
  kind: BuildingKind,
  floors: z.number().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  communityId: z.number(),
  communityName: z.string(),
  gridId: z.number().nullable(),
  gridName: z.string().nullable(),
  householdCount: z.number().optional(),
  personCount: z.number().optional(),
});
export const BuildingList = pageOf(BuildingView);
export const BuildingListQuery = PageQuery.extend({
  communityId: optionalId,
  gridId: optionalId,
  q: z.string().trim().max(60).optional().describe('Name or address contains, or exact code'),
  withTotal: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});
export const BuildingPointsQuery = z
  .object({
    south: lat,
    west: lng,
    north: lat,
    east: lng,
    communityId: optionalId,
    limit: z.coerce.number().int().min(1).max(2000).default(500).describe('Most buildings to return'),
  })
  .refine((q) => q.south <= q.north && q.west <= q.east, {
    message: 'south must not exceed north, nor west east',
    path: ['south'],
  });
export const BuildingFeatureCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.number(),
      geometry: z.object({
        type: z.literal('Point'),
        coordinates: z.tuple([z.number(), z.number()]).describe('[lng, lat], WGS-84'),
      }),
      properties: z.object({
        id: z.number(),
        name: z.string(),
        address: z.string(),
        kind: BuildingKind,
        communityId: z.number(),
        gridId: z.number().nullable(),
      }),
    }),
  ),
  truncated: z.boolean().describe('True when more buildings lie in the box than the limit returned'),
});
export const NearestBuildingQuery = z.object({
  lat,
  lng,
  within: z.coerce
    .number()
    .int()
    .min(10)
    .max(5000)
    .default(500)
    .describe('Search radius in metres; farther buildings are not offered'),
});
export const NearestBuildingResult = z.object({
  building: z
    .object({
      id: z.number(),
      name: z.string(),
      address: z.string(),
      communityName: z.string(),
      gridName: z.string().nullable(),
      lat: z.number(),
      lng: z.number(),
    })
    .nullable()
    .describe("Null when no building of the caller's area lies within the radius"),
  distanceMeters: z.number().nullable().describe('From the point to the building, rounded to the metre'),
});
const BuildingFields = {
  gridId: id.nullable().describe('Found from lat/lng when left out'),
  name: z.string().trim().min(1).max(60),
  address: z.string().trim().max(200),
  kind: BuildingKind,
  floors: z.number().int().min(1).max(200).nullable(),
  lat: lat.nullable(),
  lng: lng.nullable(),
};
export const CreateBuildingBody = z.object({
  communityId: id,
  code: z.string().trim().min(1).max(40).optional().describe('Made up from the community code when left out'),
  ...BuildingFields,
  gridId: BuildingFields.gridId.optional(),
  address: BuildingFields.address.default(''),
  kind: BuildingFields.kind.default('residential'),
  floors: BuildingFields.floors.optional(),
  lat: BuildingFields.lat.optional(),
  lng: BuildingFields.lng.optional(),
});
export const UpdateBuildingBody = z.object(BuildingFields).partial();

export const HouseholdView = z.object({
  id: z.number(),
  buildingId: z.number(),
  unitId: z.number().nullable(),
  unitName: z.string().nullable(),
  room: z.string(),
  floorAreaM2: z.number().nullable().describe('Exclusive floor area (专有部分面积) in m²'),
  personCount: z.number(),
});
export const CreateHouseholdBody = z.object({
  unitName: z.string().trim().min(1).max(20).nullable().optional(),
  room: z.string().trim().min(1).max(20),
  floorAreaM2: z.number().positive().max(100_000).nullable().optional(),
});

export const PersonView = z.object({
  id: z.number(),
  name: z.string(),
  gender: Gender,
  birthDate: z.string().nullable(),
  age: z.number().nullable(),
  idNumber: z.string().nullable().describe('Masked, e.g. 330105********1234; POST …/reveal for the whole number'),
  phone: z.string().nullable().describe('Masked, e.g. 138****5678'),
  tags: z.array(z.string()),
  isOwner: z.boolean(),
  address: z.string(),
  note: z.string(),
  communityId: z.number(),
  communityName: z.string(),
  gridId: z.number().nullable(),
  gridName: z.string().nullable(),
  buildingId: z.number().nullable(),
  buildingName: z.string().nullable(),
  householdId: z.number().nullable(),
  unitName: z.string().nullable(),
  room: z.string().nullable(),
  updatedAt: z.string(),
});
export const PersonList = pageOf(PersonView);
export const PersonListQuery = PageQuery.extend({
  q: z.string().trim().max(60).optional().describe('Name contains, or a whole phone or ID number'),
  tag: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? undefined : Array.isArray(v) ? v : v.split(',').filter(Boolean)))
    .describe('Tags the person must all have; repeat or comma-separate'),
  communityId: optionalId,
  gridId: optionalId,
  buildingId: optionalId,
  householdId: optionalId,
  gender: Gender.optional(),
  withTotal: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});
export const PersonSecrets = z.object({ idNumber: z.string().nullable(), phone: z.string().nullable() });

const tag = z
  .string()
  .trim()
  .min(1)
  .max(30)
  .regex(/^[\p{L}\p{N}_-]+$/u, 'letters, digits, _ and - only');
const PersonFields = {
  gridId: id.nullable(),
  buildingId: id.nullable(),
  householdId: id.nullable(),
  name: z.string().trim().min(1).max(60),
  gender: Gender,
  birthDate: z.iso.date().nullable(),
  idNumber: z.string().trim().max(18).nullable(),
  phone: z.string().trim().max(20).nullable(),
  tags: z.array(tag).max(30),
  isOwner: z.boolean(),
  address: z.string().trim().max(200),
  note: z.string().max(1000),
};
export const CreatePersonBody = z.object({
  communityId: id,
  ...z.object(PersonFields).partial().shape,
  name: PersonFields.name,
  tags: PersonFields.tags.default([]),
  isOwner: PersonFields.isOwner.default(false),
  address: PersonFields.address.default(''),
  note: PersonFields.note.default(''),
});
export const UpdatePersonBody = z.object(PersonFields).partial();

export const TagCount = z.object({ tag: z.string(), count: z.number() });
export const TagList = z.object({ items: z.array(TagCount) });

export const AssignmentView = z.object({
  id: z.number(),
  kind: AssignmentKind,
  communityId: z.number(),
  gridId: z.number().nullable(),
  gridName: z.string().nullable(),
  buildingId: z.number().nullable(),
  buildingName: z.string().nullable(),
  personId: z.number().nullable(),
  userId: z.number().nullable(),
  name: z.string(),
  contactPhone: z.string().describe('Whole if published (phonePublished), else masked (138****5678)'),
  phonePublished: z.boolean().describe('The person chose to publish this work phone on the board (consent recorded)'),
  duty: z.string(),
  pledge: z.string().describe('承诺, shown on the board'),
  photoUrl: z.string(),
});
export const AssignmentListQuery = z.object({
  gridId: optionalId,
  buildingId: optionalId,
  communityId: optionalId,
  includeBuildings: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('With gridId: also the assignments of the buildings in that grid'),
});
export const AssignmentList = z.object({ items: z.array(AssignmentView) });
export const CreateAssignmentBody = z
  .object({
    kind: AssignmentKind,
    gridId: id.nullable().optional(),
    buildingId: id.nullable().optional(),
    personId: id.nullable().optional(),
    name: z.string().trim().min(1).max(60),
    contactPhone: z.string().trim().max(20).default(''),
    publishPhone: z
      .boolean()
      .default(false)
      .describe('The person has agreed to show this (work) phone whole on the public board; the consent is recorded'),
    duty: z.string().trim().max(200).default(''),
    pledge: z.string().trim().max(300).default(''),
    photoUrl: z.string().trim().max(500).default(''),
  })
  .refine((b) => Boolean(b.gridId) !== Boolean(b.buildingId), {
    message: 'give exactly one of gridId or buildingId',
    path: ['gridId'],
  });

export const BoardQuery = z.object({
  buildingId: optionalId,
  gridId: optionalId,
  communityId: optionalId,
});
export const BoardView = z.object({
  community: z.object({ id: z.number(), name: z.string() }),
  grid: z.object({ id: z.number(), name: z.string(), kind: GridKind }).nullable(),
  building: z.object({ id: z.number(), name: z.string(), address: z.string() }).nullable(),
  entries: z.array(
    z.object({
      kind: AssignmentKind,
      scope: z.enum(['building', 'grid']),
      scopeName: z.string(),
      name: z.string(),
      contactPhone: z.string().describe('Whole if the person chose to publish it (phonePublished), else masked'),
      phonePublished: z.boolean(),
      duty: z.string(),
      pledge: z.string(),
      photoUrl: z.string(),
    }),
  ),
  centerHouseholds: z
    .array(z.object({ name: z.string(), household: z.string(), secretary: z.string() }))
    .describe('The building’s 党员中心户 (party organisation), beside its party member; empty without a building'),
});

export const ImportKind = z.enum(IMPORT_KINDS);
export const ImportJobView = z.object({
  id: z.number(),
  kind: ImportKind,
  status: z.enum(['queued', 'validating', 'writing', 'succeeded', 'failed']),
  fileName: z.string(),
  totalRows: z.number(),
  processedRows: z.number().describe('Rows checked so far; progress is processedRows / totalRows'),
  insertedRows: z.number(),
  updatedRows: z.number(),
  errorCount: z.number(),
  errors: z
    .array(z.object({ row: z.number(), field: z.string().optional(), message: z.string() }))
    .describe('Rows that are wrong; the file is imported only when there are none (first 1,000 shown)'),
  failure: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export const ImportJobList = pageOf(ImportJobView);
export const ImportTemplateParams = z.object({ kind: ImportKind });

const Counts = z.object({ persons: z.number(), buildings: z.number(), households: z.number(), grids: z.number() });
export const OrgStats = z.object({
  totals: Counts,
  byCommunity: z
    .array(Counts.extend({ id: z.number(), name: z.string() }))
    .describe('Communities the caller reaches, whole or in part'),
  byGrid: z.array(Counts.omit({ grids: true }).extend({ id: z.number(), name: z.string(), communityId: z.number() })),
});
