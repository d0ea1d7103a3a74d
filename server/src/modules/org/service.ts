import type { Kysely } from 'kysely';
import type { ProcessSignals } from '../../platform/process-signals.ts';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Executor } from '../../db/connection.ts';
import type { OrgPlace, Scope } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { Page } from '../../platform/pagination.ts';
import type { AuditService } from '../audit/service.ts';
import * as board from './board.ts';
import * as buildings from './buildings.ts';
import * as divisions from './divisions.ts';
import * as grids from './grids.ts';
import * as persons from './persons.ts';
import * as personsRepo from './repository-persons.ts';
import * as repo from './repository.ts';
import * as places from './places.ts';
import { presentPerson } from './presenters.ts';
import type { PersonRow } from './repository.ts';
import type * as S from './schema.ts';
import { gridProfilesFor, taggedPersonsInGridsFor } from './assessment-reads.ts';
import { buildingsWithResidentsFor } from './servicemap-reads.ts';
import { type Audience, audienceFor } from './audience-reads.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/** What the org concerns share: the database, the clock, the audit log, the time zone (TIME_ZONE) and the names cache. */
export interface OrgDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: AuditService;
  timeZone: string;
  nameCache: places.NameCache;
  /** Bumped when divisions are added (sessions resolved before then reach too little). */
  structure: { version: number };
  /** Tells the other server processes what they should forget (shareChanges). */
  tellOthers: (topic: 'org.structure' | 'org.name', fields?: { kind: 'division' | 'grid'; id: number }) => void;
  /** The 党员中心户 of a building for the board, told by the party module once it exists (setCenterHouseholds). */
  centerHouseholds?: CenterHouseholdsOf;
}

/** A building's 党员中心户 (party module): the organisation's name, the household and its secretary. */
export type CenterHouseholdsOf = (
  buildingId: number,
) => Promise<Array<{ name: string; household: string; secretary: string }>>;

/**
 * The org module: divisions, grids, buildings and households, people, assignments and
 * the public board, and what other modules ask of the org. Each concern lives in its own
 * file; this class is the one door to them.
 */
export class OrgService {
  private readonly deps: OrgDeps;

  constructor(db: Kysely<DB>, clock: Clock, audit: AuditService, options: { timeZone: string }) {
    this.deps = {
      db,
      clock,
      audit,
      timeZone: options.timeZone,
      nameCache: places.newNameCache(),
      structure: { version: 0 },
      tellOthers: () => {},
    };
  }

  /**
   * With several server processes: divisions added and names changed here reach the others'
   * session and name caches at once, not when those expire (platform/process-signals.ts).
   */
  shareChanges(signals: ProcessSignals) {
    this.deps.tellOthers = (topic, fields) => signals.tell(topic, fields);
    signals.on('org.structure', () => this.deps.structure.version++);
    signals.on('org.name', (m) => places.forgetName(this.deps.nameCache, m.kind as 'division' | 'grid', Number(m.id)));
  }

  // ---------- for other modules ----------

  /** For assessment (考核): grids with residents, households and buildings (assessment-reads.ts). */
  gridProfiles(communityIds: readonly number[], db?: Executor) {
    return gridProfilesFor(db ?? this.deps.db, communityIds);
  }

  /** For surveys: the ids of the people of an audience, at most `cap` (audience-reads.ts). */
  async audienceOf(a: Audience, cap: number, db?: Executor): Promise<number[]> {
    return (await audienceFor(db ?? this.deps.db, a, cap)).map((r) => r.id);
  }

  /** For surveys: whether a person belongs to an audience. */
  async inAudience(a: Audience, personId: number, db?: Executor): Promise<boolean> {
    return (await audienceFor(db ?? this.deps.db, a, 1, [personId])).length > 0;
  }

  /** For assessment: people of the grids carrying any of the tags (assessment-reads.ts). */
  taggedPersonsInGrids(gridIds: readonly number[], tags: readonly string[], db?: Executor) {
    return taggedPersonsInGridsFor(db ?? this.deps.db, gridIds, tags);
  }

  /** For the service map: located buildings of communities, or by id, with their residents (servicemap-reads.ts). */
  buildingsWithResidents(
    which: { communityIds: readonly number[] } | { buildingIds: readonly number[] },
    db?: Executor,
  ) {
    return buildingsWithResidentsFor(db ?? this.deps.db, which);
  }

  /** Changes each time divisions are added in this process; a session resolved under another version is stale. */
  get structureVersion() {
    return this.deps.structure.version;
  }

  /** Divisions were added by a way other than this service (an import). */
  structureChanged() {
    this.deps.structure.version++;
    this.deps.tellOthers('org.structure');
  }

  expandDivisions(rootIds: readonly number[], db?: Executor): Promise<Map<number, number[]>> {
    return places.expandDivisions(this.deps, rootIds, db);
  }

  /**
   * expandDivisions and placeOfGrid as SQL expressions, for a module that reads them in a
   * statement of its own (the session lookup answers with its grants expanded, in one query).
   */
  get placeSql() {
    return { divisionsBelow: repo.divisionsBelowSql, communityOfGrid: repo.communityOfGridSql };
  }

  /** A division and every division under it: what an area filter (areaId) of a list takes in. */
  async divisionsUnder(areaId: number, db?: Executor): Promise<number[]> {
    const expanded = await places.expandDivisions(this.deps, [areaId], db);
    return [...new Set([areaId, ...(expanded.get(areaId) ?? [])])];
  }

  locatePoint(lat: number, lng: number, db?: Executor) {
    return places.locatePoint(this.deps, lat, lng, db);
  }

  names(ids: { divisionIds?: readonly number[]; gridIds?: readonly number[] }, db?: Executor) {
    return places.names(this.deps, ids, db);
  }

  electorateOf(
    place: { communityId: number; buildingIds?: readonly number[]; gridId?: number },
    on: string,
    db?: Executor,
  ) {
    return places.electorateOf(this.deps, place, on, db);
  }

  /** Names and addresses of people, for other modules' lists of them (a vote's non-voters). */
  async personLabels(ids: readonly number[], db?: Executor): Promise<Map<number, { name: string; address: string }>> {
    const rows = await personsRepo.personsByIds(db ?? this.deps.db, ids);
    // Where they live as neighbours say it (打铁关小区1幢 2单元 302), else the address written down.
    const home = (r: (typeof rows)[number]) =>
      [r.building_name, r.unit_name, r.room].filter(Boolean).join(' ') || r.address;
    return new Map(rows.map((r) => [r.id, { name: r.name, address: home(r) }]));
  }

  liesIn(communityId: number, place: { buildingIds?: readonly number[]; gridId?: number | undefined }, db?: Executor) {
    return places.liesIn(this.deps, communityId, place, db);
  }

  /** Every district, street or community (as asked), for work done per unit such as the monthly reports. */
  async divisionsAtLevels<L extends 'district' | 'street' | 'community'>(levels: readonly L[], db?: Executor) {
    const rows = await repo.divisionsAtLevels(db ?? this.deps.db, levels);
    return rows as Array<{ id: number; name: string; level: L }>;
  }

  /** The street or district each division lies in, for statistics rolled up by area. */
  enclosingAt(ids: readonly number[], level: 'street' | 'district', db?: Executor) {
    return places.enclosingAt(this.deps, ids, level, db);
  }

  divisionPlaces(ids: readonly number[], db?: Executor) {
    return places.divisionPlaces(this.deps, ids, db);
  }

  /** Which of these divisions are top-level (no parent: a district or city of its own). */
  async topLevelAmong(ids: readonly number[], db?: Executor): Promise<number[]> {
    return (await repo.divisionsByIds(db ?? this.deps.db, ids)).filter((d) => d.parent_id === null).map((d) => d.id);
  }

  ancestorsOf(divisionId: number, db?: Executor) {
    return places.ancestorsOf(this.deps, divisionId, db);
  }

  placeOfGrid(gridId: number, db?: Executor): Promise<OrgPlace | null> {
    return places.placeOfGrid(this.deps, gridId, db);
  }

  grantableUnits(ids: { divisionIds?: readonly number[]; gridIds?: readonly number[] }, db?: Executor) {
    return places.grantableUnits(this.deps, ids, db);
  }

  gridIdsIn(communityIds: readonly number[], db?: Executor) {
    return places.gridIdsIn(this.deps, communityIds, db);
  }

  /** The first division of a fresh install (a district), made by its first administrator's setup. */
  createRootDivision(trx: Executor, body: { name: string; code: string; level: 'district' | 'city' }) {
    return divisions.createRootDivision(this.deps, trx, body);
  }

  /**
   * The registered person a name and an ID number name together, for binding an account to
   * them; null when none or more than one match (the caller does not learn which).
   */
  async personByIdentity(name: string, idNumber: string, db?: Executor) {
    const rows = await personsRepo.personsByIdentity(db ?? this.deps.db, name, idNumber);
    const only = rows.length === 1 ? rows[0]! : null;
    return only ? { personId: only.id, communityId: only.community_id, gridId: only.grid_id } : null;
  }

  /** A registered person's name and where they are filed: another module's scope check (an invitation), a resident's home (the service map). */
  async personPlace(id: number, db?: Executor) {
    const p = await personsRepo.personById(db ?? this.deps.db, id);
    return p
      ? { personId: p.id, name: p.name, communityId: p.community_id, gridId: p.grid_id, buildingId: p.building_id }
      : null;
  }

  /** People by id with their tags and where they are filed, for another module's rules (access: elders living alone). */
  async personFacts(ids: readonly number[], db?: Executor) {
    const rows = await personsRepo.personsByIds(db ?? this.deps.db, ids);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      tags: r.tags,
      communityId: r.community_id,
      gridId: r.grid_id,
      buildingId: r.building_id,
      address: [r.building_name, r.unit_name, r.room].filter(Boolean).join(' ') || r.address,
    }));
  }

  /**
   * People of a scope (the caller's, decided by the calling module) carrying any of the tags,
   * with where they live, for another module's lists of them (the field module's visits due).
   */
  async personsTagged(
    scope: Scope,
    tags: readonly string[],
    filter: { communityId?: number | undefined; gridId?: number | undefined; q?: string | undefined },
    cap: number,
    db?: Executor,
  ) {
    const rows = await personsRepo.personsWithAnyTag(db ?? this.deps.db, scope, tags, filter, cap);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      tags: r.tags,
      communityId: r.community_id,
      gridId: r.grid_id,
      address: [r.building_name, r.unit_name, r.room].filter(Boolean).join(' ') || r.address,
    }));
  }

  /** The phone numbers on file of people (by person id), for messages to those with no account (a notice by SMS). */
  async personPhones(ids: readonly number[], db?: Executor): Promise<Map<number, string>> {
    const rows = await personsRepo.personsByIds(db ?? this.deps.db, ids);
    return new Map(rows.filter((r) => r.phone).map((r) => [r.id, r.phone!]));
  }

  /** The people assigned to a building for a duty (包楼党员: 'party_member'), by account or person. */
  async buildingAssignees(buildingId: number, kind: 'party_member' | 'building_leader', db?: Executor) {
    const rows = await repo.buildingAssignees(db ?? this.deps.db, buildingId, kind);
    return rows.map((r) => ({ userId: r.user_id, personId: r.person_id }));
  }

  /** Communities by name, for a resident choosing where they live when signing up (public). */
  async communitiesNamed(q: string | undefined) {
    const rows = await repo.communitiesNamed(this.deps.db, q, 20);
    return rows.map((r) => ({ id: r.id, name: r.name, streetName: r.street_name ?? '' }));
  }

  placeOfBuilding(buildingId: number, db?: Executor) {
    return places.placeOfBuilding(this.deps, buildingId, db);
  }

  placeOfHousehold(householdId: number, db?: Executor) {
    return places.placeOfHousehold(this.deps, householdId, db);
  }

  // ---------- divisions, the tree and counts ----------

  stats(ctx: RequestContext): Promise<View<typeof S.OrgStats>> {
    return divisions.stats(this.deps, ctx);
  }

  tree(ctx: RequestContext): Promise<View<typeof S.OrgTree>> {
    return divisions.tree(this.deps, ctx);
  }

  getDivision(ctx: RequestContext, id: number) {
    return divisions.getDivision(this.deps, ctx, id);
  }

  createDivision(ctx: RequestContext, body: z.infer<typeof S.CreateDivisionBody>) {
    return divisions.createDivision(this.deps, ctx, body);
  }

  updateDivision(ctx: RequestContext, id: number, body: z.infer<typeof S.UpdateDivisionBody>) {
    return divisions.updateDivision(this.deps, ctx, id, body);
  }

  // ---------- grids ----------

  listGrids(ctx: RequestContext, query: z.infer<typeof S.GridListQuery>): Promise<Page<View<typeof S.GridView>>> {
    return grids.listGrids(this.deps, ctx, query);
  }

  gridsGeoJson(
    ctx: RequestContext,
    query: z.infer<typeof S.GridGeoJsonQuery>,
  ): Promise<View<typeof S.GridFeatureCollection>> {
    return grids.gridsGeoJson(this.deps, ctx, query);
  }

  getGrid(ctx: RequestContext, id: number) {
    return grids.getGrid(this.deps, ctx, id);
  }

  createGrid(ctx: RequestContext, body: z.infer<typeof S.CreateGridBody>) {
    return grids.createGrid(this.deps, ctx, body);
  }

  updateGrid(ctx: RequestContext, id: number, body: z.infer<typeof S.UpdateGridBody>) {
    return grids.updateGrid(this.deps, ctx, id, body);
  }

  locate(ctx: RequestContext, lat: number, lng: number) {
    return grids.locate(this.deps, ctx, lat, lng);
  }

  // ---------- buildings and households ----------

  listBuildings(ctx: RequestContext, query: z.infer<typeof S.BuildingListQuery>) {
    return buildings.listBuildings(this.deps, ctx, query);
  }

  buildingPoints(ctx: RequestContext, query: z.infer<typeof S.BuildingPointsQuery>) {
    return buildings.buildingPoints(this.deps, ctx, query);
  }

  nearestBuilding(ctx: RequestContext, query: z.infer<typeof S.NearestBuildingQuery>) {
    return buildings.nearestBuilding(this.deps, ctx, query);
  }

  getBuilding(ctx: RequestContext, id: number) {
    return buildings.getBuilding(this.deps, ctx, id);
  }

  createBuilding(ctx: RequestContext, body: z.infer<typeof S.CreateBuildingBody>) {
    return buildings.createBuilding(this.deps, ctx, body);
  }

  updateBuilding(ctx: RequestContext, id: number, body: z.infer<typeof S.UpdateBuildingBody>) {
    return buildings.updateBuilding(this.deps, ctx, id, body);
  }

  listHouseholds(ctx: RequestContext, buildingId: number) {
    return buildings.listHouseholds(this.deps, ctx, buildingId);
  }

  createHousehold(ctx: RequestContext, buildingId: number, body: z.infer<typeof S.CreateHouseholdBody>) {
    return buildings.createHousehold(this.deps, ctx, buildingId, body);
  }

  // ---------- persons ----------

  listPersons(ctx: RequestContext, query: z.infer<typeof S.PersonListQuery>) {
    return persons.listPersons(this.deps, ctx, query);
  }

  getPerson(ctx: RequestContext, id: number) {
    return persons.getPerson(this.deps, ctx, id);
  }

  revealPerson(ctx: RequestContext, id: number) {
    return persons.revealPerson(this.deps, ctx, id);
  }

  tags(ctx: RequestContext) {
    return persons.tags(this.deps, ctx);
  }

  createPerson(ctx: RequestContext, body: z.infer<typeof S.CreatePersonBody>) {
    return persons.createPerson(this.deps, ctx, body);
  }

  updatePerson(ctx: RequestContext, id: number, body: z.infer<typeof S.UpdatePersonBody>) {
    return persons.updatePerson(this.deps, ctx, id, body);
  }

  deletePerson(ctx: RequestContext, id: number) {
    return persons.deletePerson(this.deps, ctx, id);
  }

  presentPerson(r: PersonRow): View<typeof S.PersonView> {
    return presentPerson(r, this.deps.clock.now(), this.deps.timeZone);
  }

  // ---------- assignments and the public board ----------

  listAssignments(ctx: RequestContext, query: z.infer<typeof S.AssignmentListQuery>) {
    return board.listAssignments(this.deps, ctx, query);
  }

  createAssignment(ctx: RequestContext, body: z.infer<typeof S.CreateAssignmentBody>) {
    return board.createAssignment(this.deps, ctx, body);
  }

  deleteAssignment(ctx: RequestContext, id: number) {
    return board.deleteAssignment(this.deps, ctx, id);
  }

  /** The party module, built after this one, tells the board where a building's 党员中心户 come from. */
  setCenterHouseholds(source: CenterHouseholdsOf) {
    this.deps.centerHouseholds = source;
  }

  board(ctx: RequestContext, query: z.infer<typeof S.BoardQuery>): Promise<View<typeof S.BoardView>> {
    return board.board(this.deps, ctx, query);
  }
}
