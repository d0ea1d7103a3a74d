import type { z } from 'zod';
import { localParts } from '../../platform/local-time.ts';
import { maskIdNumber, maskPhone } from '../../platform/personal-data.ts';
import type * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { DivisionLevel, GridGeometry } from './tables.ts';

// Rows of the org tables as the API shows them; personal numbers leave here masked.

type View<T extends z.ZodTypeAny> = z.infer<T>;

/** Age in whole years on the local day of `now`: birthdays turn over at local midnight, not in UTC. */
export function ageOn(
  birthDate: string | null,
  now: Date,
  timeZone: string,
  /** The local date of `now` where the caller has it (a page of people: worked out once, not per row). */
  today?: string,
): number | null {
  if (!birthDate) return null;
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = (today ?? localParts(now, timeZone).date).split('-').map(Number) as [number, number, number];
  let age = ty - y;
  if (tm < m || (tm === m && td < d)) age--;
  return age;
}

/** A person, ID and phone numbers masked; the age on the local day of `now`. */
export function presentPerson(
  r: repo.PersonRow,
  now: Date,
  timeZone: string,
  today?: string,
): View<typeof S.PersonView> {
  return {
    id: r.id,
    name: r.name,
    gender: r.gender,
    birthDate: r.birth_date,
    age: ageOn(r.birth_date, now, timeZone, today),
    idNumber: maskIdNumber(r.id_number),
    phone: maskPhone(r.phone),
    tags: r.tags,
    isOwner: r.is_owner,
    address: r.address,
    note: r.note,
    communityId: r.community_id,
    communityName: r.community_name,
    gridId: r.grid_id,
    gridName: r.grid_name,
    buildingId: r.building_id,
    buildingName: r.building_name,
    householdId: r.household_id,
    unitName: r.unit_name,
    room: r.room,
    updatedAt: r.updated_at.toISOString(),
  };
}

export function presentDivision(d: {
  id: number;
  parent_id: number | null;
  level: DivisionLevel;
  code: string;
  code_official: boolean;
  name: string;
  lat: number | null;
  lng: number | null;
}) {
  return {
    id: d.id,
    parentId: d.parent_id,
    level: d.level,
    code: d.code,
    codeOfficial: d.code_official,
    name: d.name,
    lat: d.lat,
    lng: d.lng,
  };
}

export function presentGrid(
  r: Omit<repo.GridRow, 'polygon'> & { polygon?: unknown },
  withPolygon = false,
): View<typeof S.GridView> {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    communityId: r.community_id,
    communityName: r.community_name,
    center: r.center_lat !== null && r.center_lng !== null ? { lat: r.center_lat, lng: r.center_lng } : null,
    description: r.description,
    personCount: Number(r.person_count ?? 0),
    buildingCount: Number(r.building_count ?? 0),
    ...(withPolygon ? { polygon: (r.polygon as GridGeometry | null) ?? null } : {}),
  };
}

export function presentBuilding(
  r: NonNullable<Awaited<ReturnType<typeof repo.buildingById>>> & { household_count?: unknown; person_count?: unknown },
): View<typeof S.BuildingView> {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    address: r.address,
    kind: r.kind,
    floors: r.floors,
    lat: r.lat,
    lng: r.lng,
    communityId: r.community_id,
    communityName: r.community_name,
    gridId: r.grid_id,
    gridName: r.grid_name ?? null,
    ...(r.household_count !== undefined ? { householdCount: Number(r.household_count) } : {}),
    ...(r.person_count !== undefined ? { personCount: Number(r.person_count) } : {}),
  };
}

export function presentHousehold(
  r: Awaited<ReturnType<typeof repo.householdsOfBuilding>>[number],
): View<typeof S.HouseholdView> {
  return {
    id: r.id,
    buildingId: r.building_id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    room: r.room,
    floorAreaM2: r.floor_area_m2 === null ? null : Number(r.floor_area_m2),
    personCount: Number(r.person_count ?? 0),
  };
}

/**
 * A responsible person's phone as the board and the staff list show it: whole only if they
 * chose to publish it (consent recorded), else masked — staff who need the whole number of a
 * resident reveal it on the person's record, which is audited.
 */
export function boardPhone(r: { contact_phone: string; phone_published: boolean }) {
  return {
    contactPhone: r.phone_published ? r.contact_phone : (maskPhone(r.contact_phone || null) ?? ''),
    phonePublished: r.phone_published && r.contact_phone !== '',
  };
}

export function presentAssignment(
  r: Awaited<ReturnType<typeof repo.assignmentsFor>>[number],
): View<typeof S.AssignmentView> {
  return {
    id: r.id,
    kind: r.kind,
    communityId: r.community_id,
    gridId: r.grid_id,
    gridName: r.grid_name,
    buildingId: r.building_id,
    buildingName: r.building_name,
    personId: r.person_id,
    userId: r.user_id,
    name: r.name,
    ...boardPhone(r),
    duty: r.duty,
    pledge: r.pledge,
    photoUrl: r.photo_url,
  };
}

export type ImportJobRow = Awaited<ReturnType<typeof repo.listImportJobs>>[number];
export function presentImportJob(job: ImportJobRow) {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    fileName: job.file_name,
    totalRows: job.total_rows,
    processedRows: job.processed_rows,
    insertedRows: job.inserted_rows,
    updatedRows: job.updated_rows,
    errorCount: job.error_count,
    errors: job.row_errors,
    failure: job.failure,
    createdAt: job.created_at.toISOString(),
    startedAt: job.started_at?.toISOString() ?? null,
    finishedAt: job.finished_at?.toISOString() ?? null,
  };
}
